import { describe, expect, it } from 'vitest';
import { DIMENSION, EMF_LIMITS, namespaceProblem } from '../../../lambda/metricNames';
import { InvocationMetrics } from '../../../lambda/runtime/metrics';
import { NonRetryableError } from '../../../lambda/runtime';
import { backoffHarness, TEST_CONFIG } from '../../helpers/backoffHarness';
import { lambdaContext } from '../../helpers/lambdaContext';
import { sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const CONTEXT = { namespace: 'SqsBackoff', queueName: 'orders', requestId: 'req-1', traceId: '1-5759e988-bd862e3fe1be46a994272793', timestamp: 1767225600000 };

/**
 * What the EMF specification requires of a document: `_aws` with an integer Timestamp and
 * directives of at most 100 metrics and dimension sets of at most 30 keys, every key a string
 * member of the root, every metric a number or a histogram of at most 100 values.
 */
function assertEmf(line: string): Record<string, unknown> {
  const doc = JSON.parse(line) as Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } };
  expect(Number.isInteger(doc._aws.Timestamp)).toBe(true);
  expect(doc._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of doc._aws.CloudWatchMetrics) {
    expect(directive.Metrics.length).toBeLessThanOrEqual(EMF_LIMITS.metricsPerDirective);
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(EMF_LIMITS.dimensionsPerSet);
      for (const key of set) expect(typeof doc[key]).toBe('string');
      expect(set).not.toContain('messageId');
    }
    for (const { Name } of directive.Metrics) {
      const value = doc[Name] as number | { Values: number[]; Counts: number[] };
      if (typeof value === 'number') continue;
      expect(value.Values.length).toBeGreaterThan(0);
      expect(value.Values.length).toBeLessThanOrEqual(EMF_LIMITS.valuesPerMetric);
      expect(value.Counts).toHaveLength(value.Values.length);
    }
  }
  return doc;
}

describe('InvocationMetrics: the Embedded Metric Format lines', () => {
  it('writes one aggregated line for an invocation with one transport and one reason, zeros included', () => {
    // GIVEN an invocation that processed two messages (one on its third attempt), parked one and dead-lettered one
    const metrics = new InvocationMetrics();
    metrics.processed(1, 0);
    metrics.processed(3, 4_200);
    metrics.parked('step-functions', 8, undefined);
    metrics.deadLettered('exhausted');
    // WHEN its lines are written
    const lines = metrics.lines(CONTEXT);
    // THEN one line holds it all, byte for byte
    expect(lines).toEqual([
      '{"_aws":{"Timestamp":1767225600000,"CloudWatchMetrics":[' +
        '{"Namespace":"SqsBackoff","Dimensions":[["QueueName"]],"Metrics":[{"Name":"Processed","Unit":"Count"},{"Name":"Recovered","Unit":"Count"},{"Name":"Attempt","Unit":"None"},{"Name":"TimeToSuccess","Unit":"Milliseconds"},{"Name":"ParkFailed","Unit":"Count"},{"Name":"DeadLetterFailed","Unit":"Count"}]},' +
        '{"Namespace":"SqsBackoff","Dimensions":[["QueueName"],["QueueName","Transport"]],"Metrics":[{"Name":"Parked","Unit":"Count"},{"Name":"ParkDelay","Unit":"Seconds"}]},' +
        '{"Namespace":"SqsBackoff","Dimensions":[["QueueName"],["QueueName","Reason"]],"Metrics":[{"Name":"DeadLettered","Unit":"Count"}]}]},' +
        '"QueueName":"orders","Transport":"step-functions","Reason":"exhausted","requestId":"req-1","traceId":"1-5759e988-bd862e3fe1be46a994272793",' +
        '"Processed":2,"Recovered":1,"Attempt":{"Values":[1,3],"Counts":[1,1],"Max":3,"Min":1,"Count":2,"Sum":4},' +
        '"TimeToSuccess":{"Values":[4200],"Counts":[1],"Max":4200,"Min":4200,"Count":1,"Sum":4200},"ParkFailed":0,"DeadLetterFailed":0,' +
        '"Parked":1,"ParkDelay":{"Values":[8],"Counts":[1],"Max":8,"Min":8,"Count":1,"Sum":8},"DeadLettered":1}',
    ]);
    assertEmf(lines[0]);
  });

  it('adds a line per further transport, reason or fallback cause (a dimension is one root member), in name order', () => {
    // GIVEN two transports (one a fallback), two reasons and failures to park and dead-letter
    const metrics = new InvocationMetrics();
    metrics.parked('step-functions', 2, undefined);
    metrics.parked('step-functions', 2, undefined);
    metrics.parked('visibility-timeout', 4, 'step-functions-throttled');
    metrics.deadLettered('non-retryable');
    metrics.deadLettered('exhausted');
    metrics.deadLettered('exhausted');
    metrics.parkFailed();
    metrics.deadLetterFailed();
    // WHEN its lines are written
    const docs = metrics.lines(CONTEXT).map(assertEmf);
    // THEN the first carries the queue's counts and the first value of each dimension, the second the rest
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ Processed: 0, ParkFailed: 1, DeadLetterFailed: 1, Transport: 'step-functions', Parked: 2, Reason: 'exhausted', DeadLettered: 2, FallbackCause: 'step-functions-throttled', Fallback: 1 });
    expect(docs[1]).toMatchObject({ Transport: 'visibility-timeout', Parked: 1, Reason: 'non-retryable', DeadLettered: 1 });
    expect(docs[1]).not.toHaveProperty('Processed');
    expect(docs[1]).not.toHaveProperty(DIMENSION.fallbackCause);
    // AND no metric is counted twice across the lines
    expect(docs.reduce((sum, doc) => sum + ((doc.Parked as number) ?? 0), 0)).toBe(3);
  });

  it('spills a distribution of more than 100 distinct values into a further line, each within the 100-value limit', () => {
    // GIVEN 150 recovered messages, each with its own time to success
    const metrics = new InvocationMetrics();
    for (let i = 0; i < 150; i++) metrics.processed(2, 1_000 + i);
    // WHEN its lines are written
    const docs = metrics.lines(CONTEXT).map(assertEmf);
    // THEN two lines, 100 and 50 values, the counts only in the first
    const tts = docs.map((doc) => doc.TimeToSuccess as { Values: number[]; Count: number; Min: number });
    expect(tts.map((h) => h.Values.length)).toEqual([100, 50]);
    expect(tts.map((h) => h.Min)).toEqual([1_000, 1_100]);
    expect(docs[0]).toMatchObject({ Processed: 150, Recovered: 150, Attempt: { Values: [2], Counts: [150] } });
    expect(docs[1]).not.toHaveProperty('Processed');
  });

  it('writes the 100th distinct value on the first line (the limit is inclusive)', () => {
    const metrics = new InvocationMetrics();
    for (let i = 0; i < 100; i++) metrics.processed(2, i);
    expect(metrics.lines(CONTEXT)).toHaveLength(1);
  });
});

describe('withBackoff writes the metrics line of each invocation', () => {
  it('through the sink once per invocation, named by the configured namespace and the queue, with the request and trace ids', async () => {
    // GIVEN a consumer with a namespace of its own, a good, a failing and a poison message
    const written: string[] = [];
    const harness = backoffHarness(
      async (message) => {
        if (message.body === 'fail') throw new Error('later');
        if (message.body === 'poison') throw new NonRetryableError('never');
      },
      { config: { ...TEST_CONFIG, metricsNamespace: 'Shop/Orders' }, writeMetrics: (line) => written.push(line) },
    );
    process.env._X_AMZN_TRACE_ID = 'Root=1-67891233-abcdef012345678912345678;Parent=463ac35c9f6413ad;Sampled=1';
    try {
      // WHEN one batch is consumed
      await harness.handler(
        sqsEvent(sqsRecord({ body: 'ok' }), sqsRecord({ body: 'fail' }), sqsRecord({ body: 'poison' })),
        lambdaContext({ awsRequestId: 'req-42' }),
      );
    } finally {
      delete process.env._X_AMZN_TRACE_ID;
    }
    // THEN exactly one line, counting each outcome once
    expect(written).toHaveLength(1);
    const doc = assertEmf(written[0]);
    expect(doc).toMatchObject({
      QueueName: 'work',
      requestId: 'req-42',
      traceId: '1-67891233-abcdef012345678912345678',
      Processed: 1,
      Parked: 1,
      Transport: 'step-functions',
      DeadLettered: 1,
      Reason: 'non-retryable',
    });
    expect((doc._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics.every((d) => d.Namespace === 'Shop/Orders')).toBe(true);
  });

  it('writes nothing for an empty event', async () => {
    const written: string[] = [];
    const harness = backoffHarness(async () => undefined, { writeMetrics: (line) => written.push(line) });
    await harness.handler({ Records: [] }, lambdaContext());
    expect(written).toEqual([]);
  });
});

describe('namespaceProblem', () => {
  it.each([
    ['SqsBackoff', undefined],
    ['Shop/Orders #1: prod-eu_2.x', undefined],
    ['N'.repeat(255), undefined],
  ])('accepts %s', (namespace, expected) => expect(namespaceProblem(namespace)).toBe(expected));

  it.each([
    ['', 'must be 1 to 255 characters'],
    ['N'.repeat(256), 'must be 1 to 255 characters'],
    ['   ', 'not all spaces'],
    ['Shop|Orders', 'must be 1 to 255 characters'],
    [':Orders', 'must not start with a colon'],
    ['AWS/SQS', 'must not start with AWS/'],
  ])('refuses %j', (namespace, expected) => expect(namespaceProblem(namespace)).toContain(expected));
});

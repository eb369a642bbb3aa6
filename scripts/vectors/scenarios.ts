/**
 * Scenario vectors: an event, a configuration, a clock, random draws and scripted AWS answers go in;
 * the batch response, every AWS call (in order, Binary as base64), every log line and every hook call
 * come out. The TypeScript runtime runs them here through its injected clients (aws-sdk-client-mock),
 * one record at a time (`concurrency: 1`, as the Python runtime processes a batch).
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { NonRetryableError, RuntimeConfig, withBackoff } from '../../lambda/runtime';
import type { LogFields } from '../../lambda/runtime/logger';
import { encode, Json } from './encode';

interface ThrownError {
  readonly name: string;
  readonly message: string;
  /** HTTP status of an AWS error. */
  readonly status?: number;
}

export interface Scenario {
  readonly name: string;
  readonly config: RuntimeConfig;
  /** `Date.now()` during the invocation. */
  readonly clock: number;
  /** Draws of the random source, in order (cycled). */
  readonly random: readonly number[];
  /** What the handler throws, by message id; absent: it succeeds. */
  readonly handler: Readonly<Record<string, ThrownError>>;
  /** Error names `nonRetryable` matches. */
  readonly nonRetryableNames?: readonly string[];
  /** What both hooks throw after recording their call. */
  readonly hookThrows?: ThrownError;
  /** Per operation, one answer per call in order (null: success), then success. */
  readonly answers?: Readonly<Record<string, readonly (ThrownError | null)[]>>;
  readonly event: SQSEvent;
}

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/work';
const BASE: RuntimeConfig = {
  policy: { kind: 'exponential', base: 2, cap: 300 },
  maxAttempts: 4,
  maxReceiveCount: 5,
  queueUrl: QUEUE,
  deadLetterQueueUrl: `${QUEUE}-dlq`,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:retry',
  maxMessageBytes: 1024 * 1024,
  deadLetterMaxMessageBytes: 1024 * 1024,
};
const FIFO: RuntimeConfig = { ...BASE, queueUrl: `${QUEUE}.fifo`, deadLetterQueueUrl: `${QUEUE}-dlq.fifo`, transport: 'visibility-timeout', stateMachineArn: undefined };
const CLOCK = 1_717_000_000_000;
const BOOM: ThrownError = { name: 'Error', message: 'downstream timeout' };

interface RecordOptions {
  readonly receiveCount?: number;
  readonly attributes?: SQSRecord['messageAttributes'];
  readonly backoff?: object | string;
  readonly group?: string;
  readonly fifo?: boolean;
  readonly firstReceived?: number | null;
}

function record(messageId: string, body: string, o: RecordOptions = {}): SQSRecord {
  const attributes: Record<string, string> = { ApproximateReceiveCount: String(o.receiveCount ?? 1), SentTimestamp: String(CLOCK - 5_000) };
  if (o.firstReceived !== null) attributes.ApproximateFirstReceiveTimestamp = String(o.firstReceived ?? CLOCK - 4_000);
  if (o.group !== undefined) attributes.MessageGroupId = o.group;
  const messageAttributes = { ...(o.attributes ?? {}) };
  if (o.backoff !== undefined) messageAttributes['x-backoff'] = { dataType: 'String', stringValue: typeof o.backoff === 'string' ? o.backoff : JSON.stringify(o.backoff) } as never;
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: attributes as never,
    messageAttributes,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:work${o.fifo ? '.fifo' : ''}`,
    awsRegion: 'us-east-1',
  };
}

const backoff = (attempt: number, extra: object = {}) => ({ attempt, firstReceivedAt: '2024-05-28T16:00:00.000Z', originalMessageId: 'orig-1', lastError: { name: 'Error', message: 'earlier' }, lastDelaySeconds: 4, ...extra });
const USER = {
  tenant: { dataType: 'String', stringValue: 'acmé 😀' },
  price: { dataType: 'Number', stringValue: '1.50' },
  blob: { dataType: 'Binary', binaryValue: 'AAECAwQ=' },
  logo: { dataType: 'Binary.png', binaryValue: 'iVBORw0KGgo=' },
} as unknown as SQSRecord['messageAttributes'];
const TEN = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, { dataType: 'String', stringValue: `v${i}` }])) as unknown as SQSRecord['messageAttributes'];

function scenario(name: string, records: SQSRecord[], rest: Partial<Scenario> = {}): Scenario {
  return { name, config: BASE, clock: CLOCK, random: [0.5], handler: {}, event: { Records: records }, ...rest };
}

export const SCENARIOS: readonly Scenario[] = [
  scenario('all succeed', [record('m1', '{"id":1}'), record('m2', '{"id":2}')]),
  scenario('retried messages succeed: recovered, attempts and time to success', [record('m1', '{}', { backoff: backoff(1) }), record('m2', '{}', { backoff: backoff(3) }), record('m3', '{}')], { config: { ...BASE, metricsNamespace: 'Shop/Orders' } }),
  scenario('many outcomes in one invocation: a line per further transport and reason', [record('m1', '{}', { backoff: backoff(1) }), record('m2', '{}', { backoff: backoff(3) }), record('m3', 'poison'), record('m4', '{}'), record('m5', '{}')], { handler: { m1: BOOM, m2: BOOM, m3: { name: 'NonRetryableError', message: 'bad' }, m4: BOOM }, config: { ...BASE, transport: 'auto' } }),
  scenario('first failure parks in the state machine', [record('m1', '{"id":1}', { attributes: USER })], { handler: { m1: BOOM } }),
  scenario('a later failure continues the x-backoff', [record('m1', '{"id":1}', { backoff: backoff(2, { history: [{ attempt: 4, reason: 'exhausted' }] }) })], { handler: { m1: BOOM } }),
  scenario('non-retryable is dead-lettered at once', [record('m1', 'poison', { attributes: USER })], { handler: { m1: { name: 'NonRetryableError', message: 'order without sku' } } }),
  scenario('the last attempt is exhausted', [record('m1', '{}', { backoff: backoff(3) })], { handler: { m1: BOOM } }),
  scenario('elapsed before the next wait', [record('m1', '{}', { backoff: backoff(1) })], { handler: { m1: BOOM }, config: { ...BASE, maxElapsedSeconds: 3600 }, clock: Date.parse('2024-05-28T16:59:55.000Z') }),
  scenario('within maxElapsed parks', [record('m1', '{}', { backoff: backoff(1) })], { handler: { m1: BOOM }, config: { ...BASE, maxElapsedSeconds: 3600 }, clock: Date.parse('2024-05-28T16:10:00.000Z') }),
  scenario('throttled StartExecution falls back to a visibility timeout', [record('m1', '{}')], { handler: { m1: BOOM }, answers: { StartExecution: [{ name: 'ThrottlingException', message: 'Rate exceeded' }] } }),
  scenario('failing StartExecution falls back', [record('m1', '{}')], { handler: { m1: BOOM }, answers: { StartExecution: [{ name: 'ServiceUnavailable', message: 'try later', status: 503 }] } }),
  scenario('HTTP 429 counts as throttled', [record('m1', '{}')], { handler: { m1: BOOM }, answers: { StartExecution: [{ name: 'SomethingElse', message: 'slow down', status: 429 }] } }),
  scenario('failing StartExecution without fallback is left to SQS', [record('m1', '{}')], { handler: { m1: BOOM }, config: { ...BASE, visibilityFallback: false }, answers: { StartExecution: [{ name: 'ThrottlingException', message: 'Rate exceeded' }] } }),
  scenario('fallback that fails too is left to SQS', [record('m1', '{}')], { handler: { m1: BOOM }, answers: { StartExecution: [{ name: 'ThrottlingException', message: 'Rate exceeded' }], ChangeMessageVisibility: [{ name: 'InternalError', message: 'oops', status: 500 }] } }),
  scenario('ExecutionAlreadyExists counts as parked', [record('m1', '{}')], { handler: { m1: BOOM }, answers: { StartExecution: [{ name: 'ExecutionAlreadyExists', message: 'exists' }] } }),
  scenario('an input over 256 KiB falls back', [record('m1', 'é'.repeat(140_000))], { handler: { m1: BOOM } }),
  scenario('an input over 256 KiB without fallback is dead-lettered too-large', [record('m1', 'x'.repeat(270_000))], { handler: { m1: BOOM }, config: { ...BASE, visibilityFallback: false } }),
  scenario('a requeue over the queue limit falls back', [record('m1', 'x'.repeat(2_000))], { handler: { m1: BOOM }, config: { ...BASE, maxMessageBytes: 2_048 } }),
  scenario('visibility-timeout counts receives', [record('m1', '{}', { receiveCount: 2 })], { handler: { m1: BOOM }, config: { ...BASE, transport: 'visibility-timeout' } }),
  scenario('visibility refusal is dead-lettered too-large', [record('m1', '{}')], { handler: { m1: BOOM }, config: { ...BASE, transport: 'visibility-timeout' }, answers: { ChangeMessageVisibility: [{ name: 'InvalidParameterValue', message: 'Value 43200 for parameter VisibilityTimeout is invalid.' }] } }),
  scenario('visibility crash loop is redelivered', [record('m1', '{}', { receiveCount: 4 })], { handler: { m1: BOOM }, config: { ...BASE, transport: 'visibility-timeout' } }),
  scenario('sqs-delay sends a delayed copy', [record('m1', '{"id":1}', { attributes: USER, backoff: backoff(1) })], { handler: { m1: BOOM }, config: { ...BASE, transport: 'sqs-delay' } }),
  scenario('sqs-delay failure is left to SQS', [record('m1', '{}')], { handler: { m1: BOOM }, config: { ...BASE, transport: 'sqs-delay' }, answers: { SendMessage: [{ name: 'KmsThrottled', message: 'kms' }] } }),
  scenario('auto: short waits by SQS, long by Step Functions', [record('m1', '{}', { backoff: backoff(1) }), record('m2', '{}', { backoff: backoff(9, { originalMessageId: 'orig-2' }) })], { handler: { m1: BOOM, m2: BOOM }, config: { ...BASE, transport: 'auto', maxAttempts: 12, policy: { kind: 'exponential', base: 2, cap: 3600 } } }),
  scenario('crash backstop dead-letters redelivered', [record('m1', '{}', { receiveCount: 6, backoff: backoff(1) })], { handler: { m1: BOOM } }),
  scenario('corrupt x-backoff reads as a first attempt', [record('m1', '{}', { backoff: '{"attempt":"x"}' })], { handler: { m1: BOOM } }),
  scenario('ten user attributes leave no room', [record('m1', '{}', { attributes: TEN, receiveCount: 2 })], { handler: { m1: BOOM } }),
  scenario('ten user attributes dead-letter without metadata', [record('m1', '{}', { attributes: TEN })], { handler: { m1: { name: 'NonRetryableError', message: 'bad' } } }),
  scenario('dead-letter send failure is left to SQS', [record('m1', '{}')], { handler: { m1: { name: 'NonRetryableError', message: 'bad' } }, answers: { SendMessage: [{ name: 'AccessDenied', message: 'no' }] } }),
  scenario('throwing hooks change nothing', [record('m1', '{}'), record('m2', '{}')], { handler: { m1: BOOM, m2: { name: 'NonRetryableError', message: 'bad' } }, hookThrows: { name: 'Error', message: 'hook broke' } }),
  scenario('nonRetryable by name', [record('m1', '{}'), record('m2', '{}')], { handler: { m1: { name: 'ValidationError', message: 'no' }, m2: BOOM }, nonRetryableNames: ['ValidationError'] }),
  scenario('decorrelated jitter grows from lastDelaySeconds', [record('m1', '{}', { backoff: backoff(2, { lastDelaySeconds: 37 }) })], { handler: { m1: BOOM }, random: [0.37], config: { ...BASE, policy: { kind: 'decorrelated-jitter', base: 1, cap: 600 }, maxAttempts: 8 } }),
  scenario('dead-letter copy cut to fit the DLQ', [record('m1', 'x'.repeat(900), { attributes: { u: { dataType: 'String', stringValue: 'v' } } as never })], { handler: { m1: { name: 'NonRetryableError', message: 'm'.repeat(300) } }, config: { ...BASE, deadLetterMaxMessageBytes: 1024 } }),
  scenario('dead-letter copy without x-backoff to fit', [record('m1', 'x'.repeat(1010))], { handler: { m1: { name: 'NonRetryableError', message: 'bad' } }, config: { ...BASE, deadLetterMaxMessageBytes: 1024 } }),
  scenario('FIFO keeps a failed group in order', [record('f1', '1', { fifo: true, group: 'g1' }), record('f2', '2', { fifo: true, group: 'g1' }), record('f3', '3', { fifo: true, group: 'g2' })], { handler: { f1: BOOM }, config: FIFO }),
  scenario('FIFO dead-letter keeps the group', [record('f1', '1', { fifo: true, group: 'g1' })], { handler: { f1: { name: 'NonRetryableError', message: 'bad' } }, config: FIFO }),
  scenario('FIFO on Step Functions carries group and deduplication id', [record('f1', '1', { fifo: true, group: 'g1' })], { handler: { f1: BOOM }, config: { ...FIFO, transport: 'step-functions', stateMachineArn: BASE.stateMachineArn } }),
  scenario('non-ASCII and astral message ids', [record('😀-é-' + 'z'.repeat(90), '{}')], { handler: { ['😀-é-' + 'z'.repeat(90)]: { name: 'Error', message: 'é'.repeat(200) + '😀'.repeat(100) } } }),
  scenario('no first-receive timestamp uses SentTimestamp', [record('m1', '{}', { firstReceived: null })], { handler: { m1: BOOM } }),
  scenario('full jitter with a scripted draw', [record('m1', '{}', { backoff: backoff(5) }), record('m2', '{}')], { handler: { m1: BOOM, m2: BOOM }, random: [0.999, 0.25], config: { ...BASE, policy: { kind: 'full-jitter', base: 1, cap: 900 }, maxAttempts: 10 } }),
];

type Answer = ThrownError | null;

/** Strings over 2,000 characters as `{ $sha256, length }` (UTF-8 SHA-256, UTF-16 length), to keep the file small. */
function digestLong(value: Json): Json {
  if (typeof value === 'string') return value.length > 2000 ? { $sha256: createHash('sha256').update(value, 'utf8').digest('hex'), length: value.length } : value;
  if (Array.isArray(value)) return value.map(digestLong);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, digestLong(v)]));
  return value;
}

function awsError(answer: ThrownError): Error {
  const error = new Error(answer.message) as Error & { $metadata: object };
  error.name = answer.name;
  error.$metadata = { httpStatusCode: answer.status ?? 400 };
  return error;
}

function thrown(error: ThrownError): Error {
  if (error.name === 'NonRetryableError') return new NonRetryableError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

const described = (error: unknown) => (error === undefined ? null : { name: (error as Error).name, message: (error as Error).message });

/** Runs one scenario through the TypeScript runtime and records what came out. */
export async function runScenario(s: Scenario): Promise<Json> {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const sfn = new SFNClient({ region: 'us-east-1' });
  const sqsMock = mockClient(sqs);
  const sfnMock = mockClient(sfn);
  const calls: Json[] = [];
  const answers: Record<string, Answer[]> = Object.fromEntries(Object.entries(s.answers ?? {}).map(([op, list]) => [op, [...list]]));
  const fake = (operation: string) => async (input: object) => {
    calls.push({ operation, params: digestLong(encode(input)) });
    const answer = answers[operation]?.shift();
    if (answer) throw awsError(answer);
    return {};
  };
  sqsMock.on(SendMessageCommand).callsFake(fake('SendMessage'));
  sqsMock.on(ChangeMessageVisibilityCommand).callsFake(fake('ChangeMessageVisibility'));
  sfnMock.on(StartExecutionCommand).callsFake(fake('StartExecution'));
  const logs: Json[] = [];
  const line = (level: string) => (msg: string, fields?: LogFields) => logs.push(digestLong(JSON.stringify({ level, msg, ...fields })));
  const hooks: Json[] = [];
  const metrics: string[] = [];
  let draw = 0;
  const handler = withBackoff(
    (message) => {
      const error = s.handler[message.messageId];
      if (error) throw thrown(error);
    },
    {
      config: s.config,
      clients: { sqs, sfn },
      logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
      random: () => s.random[draw++ % s.random.length],
      concurrency: 1,
      writeMetrics: (emf) => metrics.push(emf),
      nonRetryable: (error) => (s.nonRetryableNames ?? []).includes((error as Error).name),
      onRetry: (e) => {
        hooks.push({ hook: 'onRetry', messageId: e.message.messageId, attempt: e.attempt, delaySeconds: e.delaySeconds, error: described(e.error) });
        if (s.hookThrows) throw thrown(s.hookThrows);
      },
      onDeadLetter: (e) => {
        hooks.push({ hook: 'onDeadLetter', messageId: e.message.messageId, attempts: e.attempts, reason: e.reason, error: described(e.error) });
        if (s.hookThrows) throw thrown(s.hookThrows);
      },
    },
  );
  const now = Date.now;
  Date.now = () => s.clock;
  // Lambda sets the trace header per invocation; the metrics line and the decision lines carry its Root.
  const traceHeader = process.env._X_AMZN_TRACE_ID;
  process.env._X_AMZN_TRACE_ID = SCENARIO_TRACE_HEADER;
  try {
    const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'request-1' } as unknown as Context;
    const response = await handler(s.event, context);
    return { response: encode(response), calls, logs, hooks, metrics };
  } finally {
    Date.now = now;
    if (traceHeader === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = traceHeader;
    sqsMock.restore();
    sfnMock.restore();
  }
}

/** The `_X_AMZN_TRACE_ID` of every scenario's invocation (the Python suite sets the same). */
export const SCENARIO_TRACE_HEADER = 'Root=1-6659b7a3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';

/** Large bodies are stored as `[character, length]` and rebuilt by each reader. */
function compactEvent(event: SQSEvent): Json {
  return encode({ Records: event.Records.map((r) => (r.body.length > 1000 && r.body === r.body[0].repeat(r.body.length) ? { ...r, body: undefined, bodyRepeat: [r.body[0], r.body.length] } : r)) });
}

export async function scenarios(): Promise<Json[]> {
  const out: Json[] = [];
  for (const s of SCENARIOS) {
    const expected = await runScenario(s);
    out.push({ ...(encode({ ...s, event: undefined }) as object), event: compactEvent(s.event), expected });
  }
  return out;
}

/** Vectors of what crosses the wire: configuration, names, x-backoff, park inputs, sizes, times, texts, numbers. */
import type { SQSMessageAttributes } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { ENV } from '../../lambda/contract';
import { MAX_RECEIVE_COUNT } from '../../lambda/limits';
import { parseBackoffMetadata, serializeBackoffMetadata } from '../../lambda/runtime/backoffMetadata';
import { cutError } from '../../lambda/runtime/describeError';
import { executionName } from '../../lambda/runtime/executionName';
import { fitMessage, messageBytes, messageBytesOver } from '../../lambda/runtime/fitMessage';
import { serializeParkInput } from '../../lambda/runtime/parkInput';
import { readRuntimeConfig } from '../../lambda/runtime/runtimeConfig';
import { encode, Json, outcome, special } from './encode';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/work';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq';
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:retry';
const VALID: Record<string, string> = {
  [ENV.policy]: '{"kind":"exponential","base":2,"cap":300}',
  [ENV.maxAttempts]: '4',
  [ENV.maxReceiveCount]: '5',
  [ENV.queueUrl]: QUEUE,
  [ENV.deadLetterQueueUrl]: DLQ,
  [ENV.stateMachineArn]: ARN,
};

const ENV_CHANGES: Record<string, string | undefined>[] = [
  {},
  { [ENV.policy]: undefined }, { [ENV.maxAttempts]: '  ' }, { [ENV.maxReceiveCount]: undefined, [ENV.queueUrl]: '' },
  { [ENV.policy]: 'not json' }, { [ENV.policy]: 'null' }, { [ENV.policy]: '[]' }, { [ENV.policy]: '5' }, { [ENV.policy]: '"x"' },
  { [ENV.policy]: 'NaN' }, { [ENV.policy]: '{"kind":"exponential","base":2,"cap":300,"1":2}' },
  { [ENV.policy]: '{"kind":"exponential","base":-2,"factor":0.5}' }, { [ENV.policy]: '{"kind":"step-functions","jitter":"full","maxDelay":0}' },
  { [ENV.maxAttempts]: 'abc' }, { [ENV.maxAttempts]: 'Infinity' }, { [ENV.maxAttempts]: '0x4' }, { [ENV.maxAttempts]: '4e0' }, { [ENV.maxAttempts]: ' 4 ' },
  { [ENV.maxAttempts]: '\u00a04\u2003' }, { [ENV.maxAttempts]: '0' }, { [ENV.maxAttempts]: '101' }, { [ENV.maxAttempts]: '4.5' }, { [ENV.maxAttempts]: '1_0' },
  { [ENV.maxAttempts]: '.5e1' }, { [ENV.maxAttempts]: '-0' }, { [ENV.maxAttempts]: '1e21' }, { [ENV.maxAttempts]: '0b11' }, { [ENV.maxAttempts]: 'inf' },
  { [ENV.maxElapsedSeconds]: '0' }, { [ENV.maxElapsedSeconds]: '-1' }, { [ENV.maxElapsedSeconds]: '3600.5' }, { [ENV.maxElapsedSeconds]: 'soon' },
  // The receive-count bounds at and past the end of lambda/limits.ts' range.
  { [ENV.maxReceiveCount]: '0' }, { [ENV.maxReceiveCount]: String(MAX_RECEIVE_COUNT.max + 1) }, { [ENV.maxReceiveCount]: String(MAX_RECEIVE_COUNT.max) },
  { [ENV.maxMessageBytes]: '1023' }, { [ENV.maxMessageBytes]: '1048577' }, { [ENV.maxMessageBytes]: '2048.5' }, { [ENV.maxMessageBytes]: '1048576' },
  { [ENV.deadLetterMaxMessageBytes]: '1024' }, { [ENV.deadLetterMaxMessageBytes]: 'big' },
  { [ENV.queueUrl]: 'ftp://example.com/q' }, { [ENV.queueUrl]: 'not a url' }, { [ENV.queueUrl]: 'http://' }, { [ENV.queueUrl]: 'HTTPS://SQS.example.com/Q' },
  { [ENV.queueUrl]: 'http://localhost:4566/000000000000/work' }, { [ENV.deadLetterQueueUrl]: 'https://example.com:99999/q' },
  { [ENV.queueUrl]: `${QUEUE}.fifo`, [ENV.transport]: 'sqs-delay' }, { [ENV.queueUrl]: `${QUEUE}.fifo`, [ENV.transport]: 'auto', [ENV.stateMachineArn]: undefined },
  { [ENV.queueUrl]: `${QUEUE}.fifo`, [ENV.transport]: 'auto', [ENV.policy]: '{"kind":"exponential","base":2}', [ENV.maxAttempts]: '30' },
  { [ENV.stateMachineArn]: undefined }, { [ENV.stateMachineArn]: undefined, [ENV.transport]: 'visibility-timeout' }, { [ENV.stateMachineArn]: 'arn:aws:sqs:x' },
  { [ENV.stateMachineArn]: `${ARN}:v1` }, { [ENV.stateMachineArn]: `${ARN}:v1:x` }, { [ENV.stateMachineArn]: 'arn:aws-cn:states:cn-north-1::stateMachine:a b' },
  { [ENV.transport]: 'bogus' }, { [ENV.transport]: 'STEP-FUNCTIONS' }, { [ENV.transport]: 'sqs-delay' }, { [ENV.transport]: 'auto' },
  { [ENV.visibilityFallback]: 'yes' }, { [ENV.visibilityFallback]: 'false' }, { [ENV.visibilityFallback]: 'true' },
  { [ENV.metricsNamespace]: 'Shop/Orders #1: prod-eu_2.x' }, { [ENV.metricsNamespace]: 'AWS/SQS' }, { [ENV.metricsNamespace]: ':Orders' },
  { [ENV.metricsNamespace]: 'N'.repeat(255) }, { [ENV.metricsNamespace]: 'N'.repeat(256) }, { [ENV.metricsNamespace]: 'Shop|Orders' }, { [ENV.metricsNamespace]: '  ' },
  { [ENV.transport]: 'sqs-delay', [ENV.policy]: '{"kind":"exponential","base":2}', [ENV.maxAttempts]: '12' },
  { [ENV.transport]: 'visibility-timeout', [ENV.policy]: '{"kind":"full-jitter","base":1}', [ENV.maxAttempts]: '20' },
  { [ENV.policy]: '{"kind":"exponential","base":2}', [ENV.maxAttempts]: '40' },
  { [ENV.policy]: '{"kind":"step-functions","interval":1.5,"rate":3.3}', [ENV.maxAttempts]: '20' },
  { [ENV.retryRules]: '[{"errorNames":["TimeoutError"],"policy":{"kind":"fixed","base":5},"maxAttempts":10}]' },
  { [ENV.retryRules]: 'not json' }, { [ENV.retryRules]: '{}' }, { [ENV.retryRules]: '[{"errorNames":[],"policy":{"kind":"fixed","base":-1},"maxAttempts":0}]' },
  { [ENV.retryRules]: '[{"errorNames":["X"],"policy":{"kind":"exponential","base":2},"maxAttempts":12}]', [ENV.transport]: 'sqs-delay' },
  { [ENV.retryRules]: '[{"errorNames":["X"],"policy":{"kind":"exponential","base":2}}]', [ENV.maxAttempts]: '12', [ENV.transport]: 'sqs-delay', [ENV.policy]: '{"kind":"fixed","base":1}' },
  { [ENV.clampRetryAfter]: 'true' }, { [ENV.clampRetryAfter]: 'false' }, { [ENV.clampRetryAfter]: 'yes' },
  { [ENV.outageProtection]: '{"failureRate":0.9,"window":20,"probeSeconds":60}' }, { [ENV.outageProtection]: '{"failureRate":0,"window":1,"probeSeconds":0}' },
  { [ENV.outageProtection]: '{"failureRate":0.5,"window":5,"probeSeconds":901}', [ENV.transport]: 'sqs-delay' },
  { [ENV.outageProtection]: '{"failureRate":0.5,"window":5,"probeSeconds":30}', [ENV.transport]: 'visibility-timeout' }, { [ENV.outageProtection]: '5' },
];

export function config(): Json[] {
  return ENV_CHANGES.map((change) => {
    const env: Record<string, string> = { ...VALID };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return { env, expected: outcome(() => readRuntimeConfig(env)) };
  });
}

const IDS = [
  '4f5a8a4c-3b1e-4c1e-9d7e-0e3f1f2a3b4c', 'a', '', 'a'.repeat(80), 'b'.repeat(100), 'héllo wörld', '😀'.repeat(50), 'id-with_dashes-and_underscores',
  'spaces and/slashes:colons', '日本語のメッセージ', 'x😀y'.repeat(20), '\u0000\u001f', 'a'.repeat(55) + '😀😀', 'z'.repeat(60),
];

export function executionNames(): Json[] {
  const cases: Json[] = [];
  for (const id of IDS) for (const [n, run] of [[1, 0], [2, 0], [100, 0], [3, 1], [1, 12], [9007199254740991, 0]]) cases.push({ id, n, run, expected: outcome(() => executionName(id, n, run)) });
  for (const [n, run] of [[0, 0], [1.5, 0], [-1, 0], [1, -1], [1, 0.5]]) cases.push({ id: 'm', n, run, expected: outcome(() => executionName('m', n, run)) });
  for (const id of IDS.slice(0, 5)) for (const mark of ['o1', 'h3', 'o12']) cases.push({ id, n: 2, run: 1, mark, expected: outcome(() => executionName(id, 2, 1, mark)) });
  cases.push({ id: 'm', n: 1, run: 0, mark: 'O-1', expected: outcome(() => executionName('m', 1, 0, 'O-1')) });
  return cases;
}

const FULL = '{"attempt":2,"firstReceivedAt":"2024-05-06T07:08:09.123Z","originalMessageId":"orig-1","lastError":{"name":"Error","message":"boom"},"lastDelaySeconds":8,"history":[{"attempt":3,"reason":"exhausted"}]}';
const ATTRIBUTES: unknown[] = [
  null,
  { dataType: 'Number', stringValue: '1' }, { dataType: 'String' }, { dataType: 'String', stringValue: 'not json' },
  { dataType: 'String', stringValue: `not json ${'é😀'.repeat(40)}` }, { dataType: 'String', stringValue: '[]' }, { dataType: 'String', stringValue: '5' },
  { dataType: 'String', stringValue: 'null' }, { dataType: 'String', stringValue: FULL }, { dataType: 'String.custom', stringValue: FULL },
  { dataType: 'String', stringValue: '{"attempt":-1,"firstReceivedAt":"2024-01-01T00:00:00.000Z","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":1.5,"firstReceivedAt":"2024-01-01T00:00:00.000Z","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":"1","firstReceivedAt":"2024-01-01T00:00:00.000Z","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":1e0,"firstReceivedAt":"2024-01-01","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":"yesterday","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":1700000000000,"originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":"2024-01-01T00:00:00+02:00","originalMessageId":""}' },
  { dataType: 'String', stringValue: `{"attempt":1,"firstReceivedAt":"2024-01-01T00:00:00Z","originalMessageId":"${'o'.repeat(100)}","lastError":{"name":1,"message":"m"},"lastDelaySeconds":-1,"reason":5,"attempts":"2","history":{}}` },
  { dataType: 'String', stringValue: '{"attempt":9007199254740992,"firstReceivedAt":"2024-01-01T00:00:00Z","originalMessageId":"o"}' },
  { dataType: 'String', stringValue: '{"attempt":0,"firstReceivedAt":"2024-01-01T00:00:00.5Z","originalMessageId":"o","lastDelaySeconds":2.5,"attempts":3,"reason":"exhausted"}' },
  { dataType: 'Binary', binaryValue: 'AAE=' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":"2024-01-01T00:00:00Z","originalMessageId":"o","delaySource":"handler","held":2}' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":"2024-01-01T00:00:00Z","originalMessageId":"o","delaySource":"policy","held":1.5}' },
  { dataType: 'String', stringValue: '{"attempt":1,"firstReceivedAt":"2024-01-01T00:00:00Z","originalMessageId":"o","held":0}' },
];

export function metadata(): Json[] {
  const cases: Json[] = ATTRIBUTES.map((attribute) => ({ kind: 'parse', attribute: encode(attribute), expected: encode(parseBackoffMetadata(attribute as never)) }));
  const written = [
    { attempt: 1, firstReceivedAt: '2024-01-01T00:00:00.000Z', originalMessageId: 'o' },
    { attempt: 2, firstReceivedAt: '2024-01-01T00:00:00.000Z', originalMessageId: 'o', lastDelaySeconds: 7, delaySource: 'handler', held: 2, reason: 'exhausted', attempts: 2 },
    { attempt: 3, firstReceivedAt: '2024-01-01T00:00:00.000Z', originalMessageId: 'ö😀"\\\n', lastError: { name: 'Error', message: 'a\u0001b\u2028' }, lastDelaySeconds: 2.5, reason: 'exhausted', attempts: 3, history: [{ attempt: 1, x: 1e21, y: 0.000001, z: 1e-7 }] },
    { history: [], attempts: 2, reason: 'recalled', attempt: 0, originalMessageId: 'o', firstReceivedAt: 't' },
  ];
  for (const m of written) cases.push({ kind: 'serialize', metadata: encode(m), expected: serializeBackoffMetadata(m as never) });
  return cases;
}

const USER_ATTRIBUTES: SQSMessageAttributes[] = [
  {},
  { tenant: { dataType: 'String', stringValue: 'acme' } as never, price: { dataType: 'Number', stringValue: '1.50' } as never, blob: { dataType: 'Binary', binaryValue: 'AAECAwQ=' } as never },
  { '7': { dataType: 'String', stringValue: 'digits first' } as never, b: { dataType: 'Binary.png', binaryValue: 'iVBORw0KGgo=' } as never, 'x-backoff': { dataType: 'String', stringValue: '{}' } as never, c: { dataType: 'String.json', stringValue: '{"a":"é"}' } as never },
];

export function parkInputs(): Json[] {
  const cases: Json[] = [];
  const bodies = ['{"id":"o-1"}', 'plain "quoted" \\ text\nwith\tcontrol \u0001 chars', 'ünïcödé 😀 日本', 'x'.repeat(300000)];
  for (const body of bodies) {
    for (const attributes of USER_ATTRIBUTES) {
      for (const fifo of [false, true]) {
        const parts = {
          queueUrlJson: JSON.stringify(fifo ? `${QUEUE}.fifo` : QUEUE),
          body,
          messageAttributes: attributes,
          attempt: 2,
          firstReceivedAt: '2024-05-06T07:08:09.123Z',
          originalMessageId: fifo ? 'orig-😀' : 'orig-1',
          lastError: { name: 'TypeError', message: fifo ? 'quote " and \u2028' : 'boom' },
          delaySeconds: fifo ? 2.5 : 8,
          history: fifo ? [{ attempt: 4, reason: 'exhausted' }] : undefined,
          // The handler's delay and an outage hold count on one variant each.
          delaySource: body === bodies[0] ? 'handler' : undefined,
          held: body === bodies[2] ? 3 : undefined,
          messageGroupId: fifo ? 'group-1' : undefined,
          messageDeduplicationId: fifo ? 'orig-1-2-0123456789abcdef' : undefined,
        };
        const serialized = serializeParkInput(parts as never);
        const { queueUrlJson, ...rest } = parts;
        const large = body.length > 1000;
        // A large body is rebuilt from its first character and length rather than stored.
        const { body: _body, ...small } = rest;
        cases.push({
          queueUrl: JSON.parse(queueUrlJson),
          ...(large ? { bodyRepeat: [body[0], body.length] } : { body }),
          ...(encode(small) as object),
          expected: large ? null : serialized,
          bytes: Buffer.byteLength(serialized, 'utf8'),
          sha256: sha256(serialized),
        });
      }
    }
  }
  return cases;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sizes(): Json[] {
  const cases: Json[] = [];
  const attributeSets: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>[] = [
    {},
    { a: { DataType: 'String', StringValue: 'é' } },
    { b: { DataType: 'Binary', BinaryValue: 'AAECAw==' }, c: { DataType: 'Binary', BinaryValue: 'AAECAwQ=' }, d: { DataType: 'Binary', BinaryValue: 'AAECAwQF' }, e: { DataType: 'Number', StringValue: '12' } },
    { '😀': { DataType: 'String.日本', StringValue: '😀😀' } },
  ];
  for (const body of ['', 'abc', 'é😀', 'x'.repeat(1000)]) for (const attributes of attributeSets) {
    const bytes = messageBytes(body, attributes);
    cases.push({ kind: 'messageBytes', body, attributes, expected: bytes });
    for (const limit of [bytes - 1, bytes, Math.ceil(bytes / 4)]) cases.push({ kind: 'messageBytesOver', body, attributes, limit, expected: messageBytesOver(body, attributes, limit) ?? null });
  }
  const essentials = { reason: 'exhausted' as const, attempts: 4, originalMessageId: 'orig-é' };
  const backoff = { DataType: 'String', StringValue: serializeBackoffMetadata({ attempt: 4, firstReceivedAt: '2024-01-01T00:00:00.000Z', originalMessageId: 'orig-é', lastError: { name: 'Error', message: 'm'.repeat(256) }, reason: 'exhausted', attempts: 4 }) };
  for (const bodyLength of [100, 1024 - 330, 1024 - 120, 1024 - 60, 1024 - 20, 2000]) {
    const body = 'é'.repeat(bodyLength / 2) + 'x'.repeat(bodyLength - bodyLength / 2);
    for (const withBackoff of [true, false]) {
      const attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = { user: { DataType: 'String', StringValue: 'u' } };
      if (withBackoff) attributes['x-backoff'] = { ...backoff };
      const before = JSON.parse(JSON.stringify(attributes)) as Json;
      const fit = fitMessage(body, attributes, essentials, 1024);
      cases.push({ kind: 'fitMessage', body, attributes: before, essentials, limit: 1024, expected: { fit, attributes: encode(attributes) } });
    }
  }
  return cases;
}

export function isoTimes(): Json[] {
  const cases: Json[] = [];
  for (const ms of [0, -1, 1, 1700000000000, 1700000000000.9, -0.5, 951782400000, 253402300799999, 253402300800000, -62167219200001, -62167219200000, 8.64e15, -8.64e15, 8.64e15 + 1, NaN, Infinity]) {
    cases.push({ kind: 'toISOString', ms: special(ms), expected: outcome(() => new Date(ms).toISOString()) });
  }
  for (const text of ['2024-05-06T07:08:09.123Z', '2024-05-06T07:08:09Z', '2024-05-06T07:08Z', '2024-05-06', '2024-05', '2024', '2024-05-06T07:08:09.1234567Z', '2024-05-06T07:08:09.5+02:00', '2024-05-06T07:08:09.5-11:30', '+275760-09-13T00:00:00.000Z', '+275760-09-13T00:00:00.001Z', '-000001-01-01T00:00:00Z', '2024-13-01', '2024-00-10', '2024-05-06T25:00:00Z', '2024-05-06T24:00:00Z', 'yesterday', '', '2024-05-06T07:08:60Z', '1970-01-01T00:00:00.000Z']) {
    const parsed = Date.parse(text);
    cases.push({ kind: 'parse', text, expected: special(parsed) });
  }
  return cases;
}

export function errorCuts(): Json[] {
  const cases: Json[] = [];
  const messages = ['short', 'x'.repeat(300), 'a'.repeat(255) + '😀' + 'b', 'a'.repeat(254) + '😀' + 'b', '😀'.repeat(200), 'é'.repeat(300), 'a'.repeat(1023) + '😀😀', ''];
  for (const message of messages) for (const max of [0, 1, 255, 256, 1024]) cases.push({ message, maxChars: max, expected: cutError({ name: 'Error', message }, max).message });
  return cases;
}

export function numbers(): Json[] {
  const values = [0, -0, 1, -1, 3, 2.5, 0.1 + 0.2, 1e-5, 1e-6, 1e-7, 1.5e-7, 123456789012345680000, 1e21, 1.5e21, 2 ** 53, 2 ** 53 + 2, 2 ** 60, 1e300, 5e-324, 1.7976931348623157e308, 0.000001234, 100, 1 / 3, -1e-7, 31536000, NaN, Infinity, -Infinity];
  const cases: Json[] = values.map((value) => ({ kind: 'format', value: special(value), string: String(value), json: JSON.stringify(value) }));
  for (const x of [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, 1e16 + 1, -0.4, 2.4999999999999996]) cases.push({ kind: 'round', value: x, expected: special(Math.round(x)) });
  // JSON texts, so that the order of their keys reaches the other language as written.
  const texts = ['{"b":1,"2":2,"a":[1.0,"é",null],"10":{"z":1e-7,"0":true}}', '{"01":1,"1":1,"4294967295":1,"4294967294":1,"-1":1}', '["\\u0000\\b\\u000b\\u007f\\u2028","😀",1E2,-0.0,12345678901234567890]'];
  for (const text of texts) cases.push({ kind: 'stringify', text, expected: JSON.stringify(JSON.parse(text)) });
  return cases;
}

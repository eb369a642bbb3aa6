import type { SQSMessageAttributes } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE, BackoffMetadata, ParkInput, WireAttribute } from '../../../lambda/contract';
import { serializeBackoffMetadata } from '../../../lambda/runtime';
import { jsonString, nextBackoffJson, ParkInputParts, serializeParkInput } from '../../../lambda/runtime/parkInput';
import { binaryAttribute, numberAttribute, stringAttribute } from '../../helpers/sqsRecord';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/work';
const FIFO_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/work.fifo';

/** serializeBackoffMetadata as it was before it was written field by field (commit c6c458b). */
function referenceSerializeBackoffMetadata(metadata: BackoffMetadata): string {
  return JSON.stringify({
    attempt: metadata.attempt,
    firstReceivedAt: metadata.firstReceivedAt,
    originalMessageId: metadata.originalMessageId,
    lastError: metadata.lastError,
    lastDelaySeconds: metadata.lastDelaySeconds,
    reason: metadata.reason,
    attempts: metadata.attempts,
    history: metadata.history,
  });
}

/**
 * The Lambda-event → wire conversion written from the contract (lambda/contract.ts `WireAttribute`),
 * independent of the production `toWireAttributes`, so a bug there cannot hide in the expectation:
 * every own attribute but `x-backoff`, its data type verbatim, a `Binary…` type carrying
 * `BinaryValue` (base64, as Lambda delivers it) and every other type `StringValue`; a null stand-in
 * for the value reads as ''. No prototype, so an attribute named `__proto__` stays an attribute.
 */
function referenceWireAttributes(attributes: SQSMessageAttributes): Record<string, WireAttribute> {
  const wire: Record<string, WireAttribute> = Object.create(null);
  for (const name of Object.keys(attributes)) {
    if (name === 'x-backoff') continue;
    const { dataType, stringValue, binaryValue } = attributes[name];
    wire[name] = /^Binary/.test(dataType) ? { DataType: dataType, BinaryValue: binaryValue ?? '' } : { DataType: dataType, StringValue: stringValue ?? '' };
  }
  return wire;
}

/** How RecordProcessor built and serialized the park input before serializeParkInput (commit c6c458b), verbatim. */
function referenceParkInput(parts: ParkInputParts & { queueUrl: string }): string {
  const withBackoff = (user: Record<string, WireAttribute>, metadata: BackoffMetadata): Record<string, WireAttribute> => ({
    ...user,
    [BACKOFF_ATTRIBUTE]: { DataType: 'String', StringValue: referenceSerializeBackoffMetadata(metadata) },
  });
  const n = parts.attempt;
  const backoff: BackoffMetadata = {
    attempt: n,
    firstReceivedAt: parts.firstReceivedAt,
    originalMessageId: parts.originalMessageId,
    lastError: parts.lastError,
    lastDelaySeconds: parts.delaySeconds,
    history: parts.history,
  };
  const userWire = referenceWireAttributes(parts.messageAttributes ?? {});
  const fifo = parts.queueUrl.endsWith('.fifo');
  const input: ParkInput = {
    queueUrl: parts.queueUrl,
    body: parts.body,
    attributes: withBackoff(userWire, backoff),
    deadLetterAttributes: withBackoff(userWire, { ...backoff, reason: 'requeue-failed', attempts: n }),
    backoff,
    delaySeconds: parts.delaySeconds,
    ...(fifo ? { messageGroupId: parts.messageGroupId, messageDeduplicationId: parts.messageDeduplicationId } : {}),
  };
  return JSON.stringify(input);
}

function parts(overrides: Partial<ParkInputParts> & { queueUrl?: string } = {}): ParkInputParts & { queueUrl: string } {
  const queueUrl = overrides.queueUrl ?? QUEUE_URL;
  return {
    queueUrl,
    queueUrlJson: JSON.stringify(queueUrl),
    body: '{"id":"order-1"}',
    messageAttributes: {},
    attempt: 1,
    firstReceivedAt: '2026-01-01T00:00:00.000Z',
    originalMessageId: '6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b',
    lastError: { name: 'Error', message: 'boom' },
    delaySeconds: 2,
    history: undefined,
    ...overrides,
  };
}

/** Strings that need every kind of JSON escaping, and some that look like it but do not. */
const TRICKY = [
  '',
  'plain',
  'ünïcødé 注文 🚀',
  'say "hi"',
  'C:\\path\\to\\file',
  '\\"already escaped\\"',
  '{"json":"inside","n":[1,2]}',
  'line\nbreak\ttab\rreturn\b\f',
  '\u0000\u0001\u001f\u007f',
  '\u2028\u2029',
  'lone high \ud83d end',
  'lone low \ude80 end',
  '\ud83d', // a lone surrogate is the whole string
  '</script><!--',
  '\\',
  '"',
  "it's",
];

const HISTORY: BackoffMetadata['history'] = [
  {
    attempt: 4,
    firstReceivedAt: '2025-12-01T00:00:00.000Z',
    originalMessageId: 'first "run" \\ 🚀',
    lastError: { name: 'Boom', message: 'quote " backslash \\ newline \n lone \ud800' },
    lastDelaySeconds: 16,
    reason: 'exhausted',
    attempts: 4,
  },
  { attempt: 1, firstReceivedAt: '2025-12-02T00:00:00.000Z', originalMessageId: 'o2', reason: 'non-retryable', attempts: 1 },
];

function expectSameAsReference(p: ParkInputParts & { queueUrl: string }): void {
  const ours = serializeParkInput(p);
  const reference = referenceParkInput(p);
  // The very same string, hence the same object for the state machine and the ops CLI.
  expect(ours).toBe(reference);
  expect(JSON.parse(ours)).toEqual(JSON.parse(reference));
}

describe('serializeParkInput', () => {
  it('writes exactly this JSON for a message with a String and a Binary attribute (hand-written expectation)', () => {
    // GIVEN one String and one Binary attribute (bytes 00 ff → base64 AP8=)
    const messageAttributes: SQSMessageAttributes = { tenant: stringAttribute('t-1'), raw: binaryAttribute(new Uint8Array([0, 255])) };
    // WHEN serialized
    const json = serializeParkInput(parts({ messageAttributes }));
    // THEN the text is the one written out here by hand, Binary value and type included
    const xBackoff =
      '{\\"attempt\\":1,\\"firstReceivedAt\\":\\"2026-01-01T00:00:00.000Z\\",\\"originalMessageId\\":\\"6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b\\",' +
      '\\"lastError\\":{\\"name\\":\\"Error\\",\\"message\\":\\"boom\\"},\\"lastDelaySeconds\\":2';
    const user = '"tenant":{"DataType":"String","StringValue":"t-1"},"raw":{"DataType":"Binary","BinaryValue":"AP8="}';
    expect(json).toBe(
      `{"queueUrl":"${QUEUE_URL}","body":"{\\"id\\":\\"order-1\\"}",` +
        `"attributes":{${user},"x-backoff":{"DataType":"String","StringValue":"${xBackoff}}"}},` +
        `"deadLetterAttributes":{${user},"x-backoff":{"DataType":"String","StringValue":"${xBackoff},\\"reason\\":\\"requeue-failed\\",\\"attempts\\":1}"}},` +
        `"backoff":{"attempt":1,"firstReceivedAt":"2026-01-01T00:00:00.000Z","originalMessageId":"6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b","lastError":{"name":"Error","message":"boom"},"lastDelaySeconds":2},` +
        `"delaySeconds":2}`,
    );
  });

  it('writes the same JSON as serializing the ParkInput object, for a first failure', () => {
    expectSameAsReference(parts());
  });

  it.each(TRICKY.map((text) => [JSON.stringify(text), text]))('writes the same JSON for strings like %s in every field', (_label, text) => {
    expectSameAsReference(
      parts({
        body: text,
        originalMessageId: text,
        firstReceivedAt: text,
        lastError: { name: text, message: text },
        messageAttributes: { [text || 'empty']: stringAttribute(text), 'other.attr': stringAttribute(`${text}!`, `String.${text}`) },
        history: [{ attempt: 1, firstReceivedAt: text, originalMessageId: text, lastError: { name: text, message: text } }],
      }),
    );
  });

  it('writes the same JSON with binary, number and custom-typed attributes', () => {
    const messageAttributes: SQSMessageAttributes = {
      bytes: binaryAttribute(new Uint8Array([0, 1, 2, 250, 255])),
      empty: binaryAttribute(new Uint8Array([])),
      png: binaryAttribute(new Uint8Array([137, 80, 78, 71]), 'Binary.png'),
      price: numberAttribute('12.50'),
      big: numberAttribute('1e400', 'Number.float'),
      trace: stringAttribute('Root=1-abc;Parent=def;Sampled=1', 'String.trace'),
    };
    expectSameAsReference(parts({ messageAttributes }));
  });

  it('writes the same JSON when attribute names look like array indices (which objects order first)', () => {
    const messageAttributes: SQSMessageAttributes = {
      zeta: stringAttribute('z'),
      '10': stringAttribute('ten'),
      '2': stringAttribute('two'),
      alpha: stringAttribute('a'),
    };
    expectSameAsReference(parts({ messageAttributes }));
  });

  it('writes the same JSON when a null value stands in for the unused one (emulators)', () => {
    const messageAttributes = {
      s: { dataType: 'String', stringValue: undefined, binaryValue: null, stringListValues: [], binaryListValues: [] },
      b: { dataType: 'Binary', stringValue: null, binaryValue: undefined, stringListValues: [], binaryListValues: [] },
    } as unknown as SQSMessageAttributes;
    expectSameAsReference(parts({ messageAttributes }));
  });

  it('ignores the received x-backoff among the attributes, like the object it replaces', () => {
    const messageAttributes: SQSMessageAttributes = {
      [BACKOFF_ATTRIBUTE]: stringAttribute(serializeBackoffMetadata({ attempt: 2, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o' })),
      mine: stringAttribute('kept'),
    };
    expectSameAsReference(parts({ messageAttributes, attempt: 3 }));
    expectSameAsReference(parts({ messageAttributes: { [BACKOFF_ATTRIBUTE]: messageAttributes[BACKOFF_ATTRIBUTE] } }));
  });

  it('writes the same JSON with no attributes at all', () => {
    expectSameAsReference(parts({ messageAttributes: undefined }));
  });

  it('writes the same JSON with a history of earlier runs (after a DLQ redrive)', () => {
    expectSameAsReference(parts({ history: HISTORY, attempt: 2 }));
    expectSameAsReference(parts({ history: [] }));
  });

  it('writes the same JSON for a FIFO queue (group and deduplication id)', () => {
    expectSameAsReference(parts({ queueUrl: FIFO_QUEUE_URL, messageGroupId: 'group "1" 🚀', messageDeduplicationId: 'm-1-0123456789abcdef' }));
  });

  it('writes the same JSON for unusual numbers', () => {
    for (const [attempt, delaySeconds] of [
      [12345, 0],
      [1, 0.5],
      [2, 1e21],
      [3, 1.7976931348623157e308],
      [4, -0],
      [5, Number.NaN],
      [6, Number.POSITIVE_INFINITY],
    ]) {
      expectSameAsReference(parts({ attempt, delaySeconds }));
    }
  });

  it('writes the same JSON for a large body', () => {
    expectSameAsReference(parts({ body: `${'x'.repeat(100_000)}"\\${'ü'.repeat(1000)}` }));
  });

  it('carries x-backoff in attributes, reason requeue-failed in deadLetterAttributes, and the same metadata as backoff', () => {
    // GIVEN a park with history
    const p = parts({ history: HISTORY, attempt: 3, delaySeconds: 8 });
    // WHEN serialized and read back
    const input = JSON.parse(serializeParkInput(p)) as ParkInput;
    // THEN the three views agree with the reference x-backoff serializer
    const backoff = { attempt: 3, firstReceivedAt: p.firstReceivedAt, originalMessageId: p.originalMessageId, lastError: p.lastError, lastDelaySeconds: 8, history: HISTORY };
    expect(input.backoff).toEqual(backoff);
    expect(input.attributes[BACKOFF_ATTRIBUTE]).toEqual({ DataType: 'String', StringValue: referenceSerializeBackoffMetadata(backoff) });
    expect(input.deadLetterAttributes[BACKOFF_ATTRIBUTE]).toEqual({
      DataType: 'String',
      StringValue: referenceSerializeBackoffMetadata({ ...backoff, reason: 'requeue-failed', attempts: 3 }),
    });
    expect(Object.keys(input)).toEqual(['queueUrl', 'body', 'attributes', 'deadLetterAttributes', 'backoff', 'delaySeconds']);
  });

  it('writes the same JSON as the reference for random strings (seeded fuzz)', () => {
    // GIVEN a deterministic generator over characters that need escaping and ones that do not
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\u0000', '\u001f', 'é', '注', '🚀', '\ud83d', '\ude80', '\u2028', '{', '}', ':', ','];
    let seed = 0x2f6b_1a3d;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const text = (): string => {
      let s = '';
      for (let i = Math.floor(random() * 12); i > 0; i--) s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    };
    // WHEN / THEN every combination serializes like the reference
    for (let i = 0; i < 300; i++) {
      expectSameAsReference(
        parts({
          body: text(),
          originalMessageId: text() || 'id',
          lastError: { name: text(), message: text() },
          messageAttributes: random() < 0.5 ? {} : { [`a${text()}`]: stringAttribute(text()), b: binaryAttribute(new Uint8Array([i & 255])) },
          history: random() < 0.3 ? [{ attempt: i, firstReceivedAt: text(), originalMessageId: text(), lastError: { name: text(), message: text() } }] : undefined,
          attempt: 1 + (i % 7),
          delaySeconds: Math.floor(random() * 1000) / 10,
        }),
      );
    }
  });
});

describe('serializeBackoffMetadata', () => {
  it.each([
    ['minimal', { attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o' }],
    [
      'every field',
      { attempt: 3, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o', lastError: { name: 'E', message: 'm' }, lastDelaySeconds: 4, reason: 'exhausted', attempts: 3, history: HISTORY },
    ],
    ['tricky strings', { attempt: 0, firstReceivedAt: 'x"\\\n\ud800', originalMessageId: '🚀 "q" \\', lastError: { name: '\u2028', message: '\u0000' }, reason: 'recalled' }],
    ['non-finite numbers (written as null)', { attempt: Number.NaN, firstReceivedAt: 't', originalMessageId: 'o', lastDelaySeconds: Number.POSITIVE_INFINITY, attempts: -0 }],
    ['a lastError with more fields, in its own order', { attempt: 1, firstReceivedAt: 't', originalMessageId: 'o', lastError: { message: 'm', extra: [1, { a: null }], name: 'n' } }],
    ['explicit undefined fields', { attempt: 1, firstReceivedAt: 't', originalMessageId: 'o', lastError: undefined, history: undefined, reason: undefined }],
    ['an empty history', { attempt: 1, firstReceivedAt: 't', originalMessageId: 'o', history: [] }],
  ] as [string, BackoffMetadata][])('writes what JSON.stringify of the fields writes: %s', (_case, metadata) => {
    expect(serializeBackoffMetadata(metadata)).toBe(referenceSerializeBackoffMetadata(metadata));
  });

  it('ignores fields that are not part of x-backoff, like the object literal it replaces', () => {
    const metadata = { attempt: 1, firstReceivedAt: 't', originalMessageId: 'o', unknown: 'dropped' } as BackoffMetadata;
    expect(serializeBackoffMetadata(metadata)).toBe('{"attempt":1,"firstReceivedAt":"t","originalMessageId":"o"}');
  });

  it('writes an attempt of the wrong type the way JSON.stringify would (metadata from untyped callers)', () => {
    for (const attempt of ['3', null, true, { n: 1 }, undefined] as unknown as number[]) {
      const metadata = { attempt, firstReceivedAt: 't', originalMessageId: 'o' };
      expect(serializeBackoffMetadata(metadata)).toBe(referenceSerializeBackoffMetadata(metadata));
    }
  });
});

describe('jsonString', () => {
  it.each(TRICKY.map((text) => [JSON.stringify(text), text]))('writes what JSON.stringify writes for %s', (_label, text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});

describe('nextBackoffJson', () => {
  it.each(TRICKY.map((text) => [JSON.stringify(text), text]))('writes the x-backoff the reference serializer writes, with %s in every string', (_label, text) => {
    const parts = { attempt: 2, firstReceivedAt: text, originalMessageId: text, lastError: { name: text, message: text }, delaySeconds: 8, history: undefined };
    expect(nextBackoffJson(parts)).toBe(
      referenceSerializeBackoffMetadata({ attempt: 2, firstReceivedAt: text, originalMessageId: text, lastError: { name: text, message: text }, lastDelaySeconds: 8 }),
    );
  });

  it('carries the history of earlier runs after lastDelaySeconds', () => {
    const parts = { attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o', lastError: { name: 'E', message: 'm' }, delaySeconds: 2, history: HISTORY };
    expect(nextBackoffJson(parts)).toBe(
      referenceSerializeBackoffMetadata({ attempt: 1, firstReceivedAt: '2026-01-01T00:00:00.000Z', originalMessageId: 'o', lastError: { name: 'E', message: 'm' }, lastDelaySeconds: 2, history: HISTORY }),
    );
  });
});

import type { SQSMessageAttributes } from 'aws-lambda';
import { BACKOFF_ATTRIBUTE, BackoffMetadata } from '../contract';
import { toWireAttributes } from './attributes';

/** Everything a parked message's `ParkInput` is made of. */
export interface ParkInputParts {
  /** `JSON.stringify(queueUrl)`: the same for every park, so the caller computes it once. */
  readonly queueUrlJson: string;
  readonly body: string;
  /** The received message's attributes (an `x-backoff` among them is ignored). */
  readonly messageAttributes: SQSMessageAttributes | undefined;
  /** The failure's number n: `backoff.attempt`, and `attempts` of the dead-letter variant. */
  readonly attempt: number;
  readonly firstReceivedAt: string;
  readonly originalMessageId: string;
  readonly lastError: { readonly name: string; readonly message: string };
  /** The wait: `delaySeconds` and `backoff.lastDelaySeconds`. */
  readonly delaySeconds: number;
  readonly history: BackoffMetadata['history'];
  /** `handler` when the wait is the handler's `RetryAfterError` delay, not the policy's. */
  readonly delaySource?: BackoffMetadata['delaySource'];
  /** Parks made while outage protection held the message (they do not count as attempts). */
  readonly held?: number;
  /** FIFO queues only (both or neither). */
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
}

const ATTRIBUTE_KEY = `${JSON.stringify(BACKOFF_ATTRIBUTE)}:{"DataType":"String","StringValue":"`;
const REQUEUE_FAILED = `,${embedded('"reason":"requeue-failed","attempts":')}`;

/**
 * The retry state machine's input, serialized: the same string as the straightforward
 *
 *     const backoff = { attempt, firstReceivedAt, originalMessageId, lastError, lastDelaySeconds: delaySeconds, history };
 *     JSON.stringify({
 *       queueUrl, body,
 *       attributes: { ...user, 'x-backoff': { DataType: 'String', StringValue: serializeBackoffMetadata(backoff) } },
 *       deadLetterAttributes: { ...user, 'x-backoff': { DataType: 'String',
 *         StringValue: serializeBackoffMetadata({ ...backoff, reason: 'requeue-failed', attempts: attempt }) } },
 *       backoff, delaySeconds, messageGroupId?, messageDeduplicationId?,
 *     })
 *
 * (test/unit/runtime/parkInput.test.ts holds both to the same output), at a fraction of its cost
 * (it is most of what parking a message costs us): `x-backoff` is written once, its dead-letter
 * variant spliced from the same pieces, its escaped copy (a JSON string inside JSON) escaped
 * once, each string value escaped on its own instead of in one walk over everything, and no
 * intermediate objects are built. `backoff` is that same `x-backoff` JSON.
 */
export function serializeParkInput(parts: ParkInputParts): string {
  const { attempt, history } = parts;
  const attemptJson = numberJson(attempt);
  const delayJson = numberJson(parts.delaySeconds);
  const firstReceivedAt = jsonString(parts.firstReceivedAt);
  const originalMessageId = jsonString(parts.originalMessageId);
  const errorName = jsonString(parts.lastError.name);
  const errorMessage = jsonString(parts.lastError.message);

  // x-backoff = head + tail; its dead-letter variant inserts reason and attempts between them
  // (serializeBackoffMetadata's field order: …, lastDelaySeconds, reason, attempts, history).
  const extra = extraFields(parts);
  const head = backoffHead(attemptJson, firstReceivedAt, originalMessageId, errorName, errorMessage, delayJson) + extra;
  const tail = historyTail(history);
  // The same as they appear inside the attribute's StringValue (a JSON string holding JSON).
  // Every piece starts and ends with ASCII, so escaping them one by one equals escaping the whole.
  // (Two fixed templates: one template parameterised by the quote was 40 % slower.)
  const headEscaped = `{\\"attempt\\":${attemptJson},\\"firstReceivedAt\\":${embeddedString(firstReceivedAt, parts.firstReceivedAt)},\\"originalMessageId\\":${embeddedString(originalMessageId, parts.originalMessageId)},\\"lastError\\":{\\"name\\":${embeddedString(errorName, parts.lastError.name)},\\"message\\":${embeddedString(errorMessage, parts.lastError.message)}},\\"lastDelaySeconds\\":${delayJson}${extra === '' ? '' : embedded(extra)}`;
  const tailEscaped = history === undefined ? '}' : embedded(tail);

  const attributesOpen = userAttributesOpen(parts.messageAttributes) + ATTRIBUTE_KEY;
  let json = `{"queueUrl":${parts.queueUrlJson},"body":${JSON.stringify(parts.body)}`;
  json += `,"attributes":${attributesOpen}${headEscaped}${tailEscaped}"}}`;
  json += `,"deadLetterAttributes":${attributesOpen}${headEscaped}${REQUEUE_FAILED}${attemptJson}${tailEscaped}"}}`;
  json += `,"backoff":${head}${tail},"delaySeconds":${delayJson}`;
  if (parts.messageGroupId !== undefined) json += `,"messageGroupId":${JSON.stringify(parts.messageGroupId)}`;
  if (parts.messageDeduplicationId !== undefined) json += `,"messageDeduplicationId":${JSON.stringify(parts.messageDeduplicationId)}`;
  return `${json}}`;
}

/** The fields of the next `x-backoff` of a parked message. */
export type NextBackoffParts = Pick<ParkInputParts, 'attempt' | 'firstReceivedAt' | 'originalMessageId' | 'lastError' | 'delaySeconds' | 'history' | 'delaySource' | 'held'>;

/**
 * The next `x-backoff` JSON: `serializeBackoffMetadata({ attempt, firstReceivedAt,
 * originalMessageId, lastError, lastDelaySeconds: delaySeconds, history })`, written directly.
 */
export function nextBackoffJson(parts: NextBackoffParts): string {
  const { lastError } = parts;
  return (
    backoffHead(
      numberJson(parts.attempt),
      jsonString(parts.firstReceivedAt),
      jsonString(parts.originalMessageId),
      jsonString(lastError.name),
      jsonString(lastError.message),
      numberJson(parts.delaySeconds),
    ) +
    extraFields(parts) +
    historyTail(parts.history)
  );
}

/** `x-backoff` up to `lastDelaySeconds`, from JSON values. */
function backoffHead(attempt: string, firstReceivedAt: string, originalMessageId: string, errorName: string, errorMessage: string, delay: string): string {
  return `{"attempt":${attempt},"firstReceivedAt":${firstReceivedAt},"originalMessageId":${originalMessageId},"lastError":{"name":${errorName},"message":${errorMessage}},"lastDelaySeconds":${delay}`;
}

/** `delaySource` and `held` after `lastDelaySeconds` (serializeBackoffMetadata's order), when set. ASCII only. */
function extraFields(parts: Pick<ParkInputParts, 'delaySource' | 'held'>): string {
  let json = '';
  if (parts.delaySource !== undefined) json += `,"delaySource":${jsonString(parts.delaySource)}`;
  if (parts.held !== undefined && parts.held > 0) json += `,"held":${numberJson(parts.held)}`;
  return json;
}

function historyTail(history: BackoffMetadata['history']): string {
  return history === undefined ? '}' : `,"history":${JSON.stringify(history)}}`;
}

/**
 * `{` followed by the user's attributes in wire shape and a comma, ready for `x-backoff` to be
 * appended: `JSON.stringify({ ...toWireAttributes(attributes), 'x-backoff': … })` without the spread.
 */
function userAttributesOpen(attributes: SQSMessageAttributes | undefined): string {
  if (attributes) {
    for (const name in attributes) {
      if (name === BACKOFF_ATTRIBUTE) continue;
      const json = JSON.stringify(toWireAttributes(attributes));
      return json === '{}' ? '{' : `${json.slice(0, -1)},`;
    }
  }
  return '{';
}

/** What `JSON.stringify` escapes in a string: quote, backslash, control characters and (lone) surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, without its cost for the usual ids, times and error names that need no escaping. */
export function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** `JSON.stringify` of a number (non-finite ones are null). */
function numberJson(value: number): string {
  return Number.isFinite(value) ? `${value}` : 'null';
}

/** JSON text as the contents of a JSON string: `JSON.stringify(text)` without its quotes. */
function embedded(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * `embedded(json)` for `json = JSON.stringify(value)`: when nothing in `value` needed escaping
 * (the JSON is just the value in quotes), nothing but the two quotes needs it again.
 */
function embeddedString(json: string, value: string): string {
  return json.length === value.length + 2 ? `\\"${value}\\"` : embedded(json);
}

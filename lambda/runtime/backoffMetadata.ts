import type { SQSMessageAttribute } from 'aws-lambda';
import { BACKOFF_ATTRIBUTE, type BackoffMetadata } from '../contract';

/** What the `x-backoff` attribute of a received message holds. */
export type MetadataReading =
  | { readonly status: 'missing' }
  | { readonly status: 'ok'; readonly metadata: BackoffMetadata }
  | { readonly status: 'corrupt'; readonly problem: string };

const MISSING: MetadataReading = Object.freeze({ status: 'missing' });

/**
 * Reads `x-backoff`. Tolerant: a missing attribute is a first attempt; an attribute that is not
 * a String holding JSON with a whole `attempt` ≥ 0, a valid `firstReceivedAt` and a non-empty
 * `originalMessageId` is reported as corrupt (the caller treats the message as a first attempt and
 * logs the problem). Optional fields of the wrong type are dropped rather than failing the read.
 */
export function parseBackoffMetadata(attribute: SQSMessageAttribute | null | undefined): MetadataReading {
  if (attribute == null) return MISSING;
  if (!attribute.dataType?.startsWith('String') || typeof attribute.stringValue !== 'string') {
    return corrupt(` must be a String attribute (given ${attribute.dataType})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(attribute.stringValue);
  } catch {
    return corrupt(` is not JSON (given ${clip(attribute.stringValue)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return corrupt(` must be a JSON object (given ${clip(attribute.stringValue)})`);
  }
  const m = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(m.attempt) || (m.attempt as number) < 0) return corruptField('attempt', 'a whole number ≥ 0', m.attempt);
  if (typeof m.firstReceivedAt !== 'string' || !Number.isFinite(Date.parse(m.firstReceivedAt))) {
    return corruptField('firstReceivedAt', 'an ISO-8601 time', m.firstReceivedAt);
  }
  if (typeof m.originalMessageId !== 'string' || m.originalMessageId.length === 0) {
    return corruptField('originalMessageId', 'a non-empty string', m.originalMessageId);
  }
  const lastError = m.lastError as { name?: unknown; message?: unknown } | undefined;
  const metadata: BackoffMetadata = {
    attempt: m.attempt as number,
    firstReceivedAt: m.firstReceivedAt,
    originalMessageId: m.originalMessageId,
    lastError:
      typeof lastError === 'object' && lastError !== null && typeof lastError.name === 'string' && typeof lastError.message === 'string'
        ? { name: lastError.name, message: lastError.message }
        : undefined,
    lastDelaySeconds: nonNegative(m.lastDelaySeconds),
    delaySource: m.delaySource === 'handler' ? 'handler' : undefined,
    held: Number.isSafeInteger(m.held) && (m.held as number) > 0 ? (m.held as number) : undefined,
    reason: typeof m.reason === 'string' ? (m.reason as BackoffMetadata['reason']) : undefined,
    attempts: nonNegative(m.attempts),
    history: Array.isArray(m.history) ? (m.history as BackoffMetadata['history']) : undefined,
  };
  return { status: 'ok', metadata };
}

/** Compact JSON for the `x-backoff` attribute, fields in a stable order, absent ones omitted. */
export function serializeBackoffMetadata(m: BackoffMetadata): string {
  // Only these fields, in this order, whatever else the object holds (the park path writes its own: parkInput.ts).
  return JSON.stringify({
    attempt: m.attempt,
    firstReceivedAt: m.firstReceivedAt,
    originalMessageId: m.originalMessageId,
    lastError: m.lastError,
    lastDelaySeconds: m.lastDelaySeconds,
    delaySource: m.delaySource,
    held: m.held,
    reason: m.reason,
    attempts: m.attempts,
    history: m.history,
  });
}

/** A finite number ≥ 0, else undefined. */
function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `x-backoff` followed by `problem`. */
function corrupt(problem: string): MetadataReading {
  return { status: 'corrupt', problem: `${BACKOFF_ATTRIBUTE}${problem}` };
}

/** `x-backoff.<field> must be <expected> (given <the value as JSON, clipped>)`. */
function corruptField(field: string, expected: string, given: unknown): MetadataReading {
  return corrupt(`.${field} must be ${expected} (given ${clip(JSON.stringify(given))})`);
}

function clip(text: string | undefined): string {
  if (text === undefined) return 'undefined';
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

import { createHash, hash } from 'node:crypto';

/** Step Functions allows 80 characters; this project restricts them to `[A-Za-z0-9-_]`. */
export const MAX_EXECUTION_NAME_LENGTH = 80;

const HASH_CHARS = 16; // 64 bits of SHA-256: collisions are out of reach for any real workload
const DISALLOWED = /[^A-Za-z0-9_-]/g;
const ANY_DISALLOWED = /[^A-Za-z0-9_-]/;

/**
 * SHA-256 of a string as hex. The one-shot `crypto.hash` (Node ≥ 20.12 / 21.7; Lambda's Node.js 22
 * has it) is 2–3× cheaper than `createHash().update().digest()`, which older Nodes fall back to.
 * Both hash the string's UTF-8 bytes.
 */
const sha256Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The deterministic Step Functions execution name for parking failure `n` of a message, so that
 * parking the same failure twice (a redelivered batch, a retried invocation) hits
 * `ExecutionAlreadyExists` instead of parking the message twice.
 *
 * Shape: `<readable id>-<n>-<hash>` (or `<readable id>-r<run>-<n>-<hash>` from the second run on),
 * where `<readable id>` is the id with characters outside `[A-Za-z0-9-_]` replaced by `_` and cut
 * to fit 80 characters, and `<hash>` is the first 16 hex digits of SHA-256 of the exact id. The
 * hash keeps names distinct when sanitizing or cutting makes two ids look alike; the readable part
 * lets an operator find a message's executions.
 *
 * @param run how many earlier runs the message had (`x-backoff.history.length` after a DLQ
 *   redrive); a redriven message restarts at n = 1 and must not collide with its first run's
 *   executions, which Step Functions remembers for 90 days.
 * @param mark outage protection's holds (lambda/runtime/recordProcessor.ts): `o<k>` for the k-th
 *   hold, `h<k>` for a counted park after k holds. A hold leaves `x-backoff.attempt` as it was, so
 *   without it a later park of the same n would find the hold's execution and count as parked.
 */
export function executionName(originalMessageId: string, n: number, run = 0, mark = ''): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1 (given ${n})`);
  if (!Number.isSafeInteger(run) || run < 0) throw new RangeError(`run must be a whole number ≥ 0 (given ${run})`);
  if (mark !== '' && !/^[a-z0-9]*$/.test(mark)) throw new RangeError(`mark must be lower-case letters and digits (given ${mark})`);
  const hash = sha256Hex(originalMessageId).slice(0, HASH_CHARS);
  const suffix = `${run > 0 ? `r${run}-` : ''}${mark === '' ? '' : `${mark}-`}${n}-${hash}`;
  const room = MAX_EXECUTION_NAME_LENGTH - suffix.length - 1;
  // Testing first is cheaper than a replace that finds nothing, as in every SQS message id.
  const readable = (ANY_DISALLOWED.test(originalMessageId) ? originalMessageId.replace(DISALLOWED, '_') : originalMessageId).slice(0, Math.max(room, 0));
  return readable.length > 0 ? `${readable}-${suffix}` : suffix;
}

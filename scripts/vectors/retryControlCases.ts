/** Vectors of the handler's own retry control: Retry-After values, RetryAfterError delays, rule and outage checks, rule matching. */
import { errorNamesOf, outageProtectionViolations, retryRulesViolations } from '../../lambda/retryRules';
import { handlerDelaySeconds, retryAfterFromHeader } from '../../lambda/runtime/retryAfter';
import type { Json } from './encode';

const NOW = Date.parse('2026-12-07T22:00:00.250Z');

const HEADERS = [
  '120', ' 7 ', '0', '007', '9007199254740991', '9007199254740992', '-5', '1.5', '', 'soon', '2026-12-07T22:01:30Z',
  'Mon, 07 Dec 2026 22:01:30 GMT', 'Monday, 07-Dec-26 22:01:30 GMT', 'Mon Dec  7 22:01:30 2026', 'Mon Dec 17 22:01:30 2026',
  'Mon, 07 Dec 2026 22:00:00 GMT', 'Mon, 07 Dec 2026 22:00:01 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT',
  'Wednesday, 06-Nov-76 08:49:37 GMT', 'Mon, 32 Dec 2026 22:01:30 GMT', 'Mon, 31 Feb 2026 22:01:30 GMT', 'Mon, 29 Feb 2028 00:00:00 GMT',
  'Mon, 07 Dec 2026 24:01:30 GMT', 'Mon, 07 Dec 2026 22:60:30 GMT', 'Mon, 07 Dec 2026 23:59:60 GMT', 'Mon, 07 Dec 2026 22:01:30 UTC',
  'mon, 07 dec 2026 22:01:30 GMT', 'Mon,  07 Dec 2026 22:01:30 GMT', 'Mon, 7 Dec 2026 22:01:30 GMT',
];

/** Errors as plain objects (names and causes) so that both languages can build them. */
interface ErrorShape {
  readonly name: string;
  readonly cause?: ErrorShape;
}
const ERRORS: ErrorShape[] = [
  { name: 'TimeoutError' },
  { name: 'Error', cause: { name: 'TimeoutError' } },
  { name: 'A', cause: { name: 'B', cause: { name: 'C', cause: { name: 'D', cause: { name: 'E', cause: { name: 'F', cause: { name: 'G', cause: { name: 'H', cause: { name: 'I', cause: { name: 'J' } } } } } } } } } },
];

function errorOf(shape: ErrorShape): Error {
  const error = new Error('x', shape.cause === undefined ? undefined : { cause: errorOf(shape.cause) });
  error.name = shape.name;
  return error;
}

const RULES: unknown[] = [
  [],
  [{ errorNames: ['TimeoutError'], policy: { kind: 'fixed', base: 5 }, maxAttempts: 10 }],
  [{ errorNames: [], policy: { kind: 'fixed', base: 5 } }],
  [{ errorNames: [' ', 3], policy: null, maxAttempts: 0 }],
  [{ errorNames: ['X'], policy: { kind: 'exponential', base: -1 }, maxAttempts: 2.5 }],
  [{ errorNames: ['X'], policy: { kind: 'fixed', base: 1 }, maxAttempts: 101 }, 'rule'],
  { errorNames: ['X'] },
  null,
];

const OUTAGES: unknown[] = [
  { failureRate: 0.9, window: 20, probeSeconds: 60 },
  { failureRate: 1, window: 2, probeSeconds: 1 },
  { failureRate: 0, window: 1, probeSeconds: 0 },
  { failureRate: 1.5, window: 10001, probeSeconds: 2.5 },
  { failureRate: '0.9', window: '20' },
  {},
  [],
  null,
];

export function retryControl(): Json[] {
  const cases: Json[] = [];
  for (const value of HEADERS) cases.push({ kind: 'header', value, nowMs: NOW, expected: retryAfterFromHeader(value, NOW) ?? null });
  for (const seconds of [0, 7, 7.2, 0.001, 899.5, 1e9]) cases.push({ kind: 'delay', seconds, nowMs: NOW, expected: handlerDelaySeconds(seconds, NOW) as Json });
  for (const offset of [0, 1, 7000, 7001, -5000, 6999.5]) {
    const at = NOW + offset;
    cases.push({ kind: 'delay', atMs: at, nowMs: NOW, expected: handlerDelaySeconds(new Date(at), NOW) as Json });
  }
  cases.push({ kind: 'delay', seconds: -1, nowMs: NOW, expected: handlerDelaySeconds(-1, NOW) as Json });
  for (const rules of RULES) cases.push({ kind: 'rules', rules: rules as Json, expected: retryRulesViolations(rules, 'BACKOFF_RETRY_RULES') });
  for (const spec of OUTAGES) cases.push({ kind: 'outage', spec: spec as Json, expected: outageProtectionViolations(spec, 'BACKOFF_OUTAGE_PROTECTION') });
  for (const shape of ERRORS) cases.push({ kind: 'names', error: shape as unknown as Json, expected: errorNamesOf(errorOf(shape)) });
  return cases;
}

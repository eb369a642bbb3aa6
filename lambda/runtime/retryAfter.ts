import { BackoffError } from './errors';

/** Brand that recognises a `RetryAfterError` from another copy of this module (`Symbol.for`: the same everywhere). */
const RETRY_AFTER: unique symbol = Symbol.for('sqs-backoff.retry-after') as never;

/**
 * Throw this from a handler when the failure says when to come back (an HTTP 429 or 503 with
 * `Retry-After`, a rate limit's reset time): the next attempt waits this long instead of the
 * policy's delay for this one retry. It still counts as an attempt, and the delay is never
 * shortened: one the queue's transport cannot carry is dead-lettered `too-large` unless
 * `clampRetryAfter` is on. A fraction of a second rounds up; a time in the past means no wait.
 */
export class RetryAfterError extends BackoffError {
  readonly [RETRY_AFTER] = true;

  /**
   * @param retryAfter seconds to wait (a finite number ≥ 0), or the time to retry at
   * @param message what went wrong; defaults to `retry after <retryAfter>`
   */
  constructor(
    readonly retryAfter: number | Date,
    message?: string,
    options?: ErrorOptions,
  ) {
    super(message ?? `retry after ${retryAfter instanceof Date ? retryAfter.toISOString?.() : retryAfter}`, options);
  }
}

/** True for a `RetryAfterError`, including one from another copy of this module. */
export function isRetryAfterError(error: unknown): error is RetryAfterError {
  return (
    error instanceof RetryAfterError ||
    (typeof error === 'object' && error !== null && (error as { [RETRY_AFTER]?: unknown })[RETRY_AFTER] === true)
  );
}

/**
 * The whole seconds a `RetryAfterError` asks to wait at `nowMs`, rounded up (never early);
 * a string saying why when it asks for nothing usable (NaN, negative, an invalid Date).
 */
export function handlerDelaySeconds(retryAfter: unknown, nowMs: number): number | string {
  if (typeof retryAfter === 'number') {
    return Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.ceil(retryAfter) : `retryAfter must be a finite number of seconds ≥ 0 (given ${retryAfter})`;
  }
  const at = retryAfter instanceof Date ? retryAfter.getTime() : NaN;
  if (!Number.isFinite(at)) return `retryAfter must be a number of seconds or a valid Date (given ${String(retryAfter)})`;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** RFC 9110 §5.6.7: IMF-fixdate (preferred), then the obsolete RFC 850 and asctime forms. */
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Seconds to wait from an HTTP `Retry-After` header value (RFC 9110 §10.2.3): delta-seconds, or
 * an HTTP-date (IMF-fixdate, RFC 850 or asctime, always GMT), counted from `now` and rounded up;
 * a date in the past gives 0. Undefined for a missing or malformed value, so the caller picks:
 * `throw new RetryAfterError(retryAfterFromHeader(res.headers.get('retry-after')) ?? 30)`.
 *
 * @param now the time the response was received (ms since the epoch, or a Date) @default Date.now()
 */
export function retryAfterFromHeader(value: string | null | undefined, now: number | Date = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  const at = httpDateMs(text, typeof now === 'number' ? now : now.getTime());
  if (at === undefined) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** ms since the epoch of an HTTP-date, or undefined when it is none (or names an impossible day or time). */
function httpDateMs(text: string, nowMs: number): number | undefined {
  let day: string, month: string, year: number, hh: string, mm: string, ss: string;
  let match = IMF_FIXDATE.exec(text);
  if (match) {
    [, day, month, , hh, mm, ss] = match as unknown as string[];
    year = Number(match[3]);
  } else if ((match = RFC_850.exec(text))) {
    [, day, month, , hh, mm, ss] = match as unknown as string[];
    year = twoDigitYear(Number(match[3]), nowMs);
  } else if ((match = ASCTIME.exec(text))) {
    [, month, day, hh, mm, ss] = match as unknown as string[];
    year = Number(match[6]);
  } else {
    return undefined;
  }
  const monthIndex = MONTHS.indexOf(month);
  const [d, h, m, s] = [Number(day.trim()), Number(hh), Number(mm), Number(ss)];
  // 60 seconds: a leap second, which Date.UTC folds into the next minute.
  if (d < 1 || h > 23 || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, d, h, m, s);
  return new Date(ms).getUTCDate() === d || s === 60 ? ms : undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future means the most recent past year with those digits. */
function twoDigitYear(yy: number, nowMs: number): number {
  const thisYear = new Date(nowMs).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (year > thisYear + 50) year -= 100;
  return year;
}

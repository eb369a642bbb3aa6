import { Duration, Token } from 'aws-cdk-lib';
import { BackoffValidationError } from './backoff-validation-error';

/**
 * Synth-time checks shared by the constructs. Internal: not exported from the barrel.
 *
 * Every check skips unresolved tokens, because a value known only at deploy time cannot be
 * judged here and CloudFormation or the service will judge it instead.
 */

/** `maxAttempts must be between 1 and 100 (given 0)`. */
export function checkWholeNumber(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value)) {
    throw new BackoffValidationError(`${prop} must be a whole number between ${min} and ${max} (given ${value})`);
  }
  if (value < min || value > max) {
    throw new BackoffValidationError(`${prop} must be between ${min} and ${max} (given ${value})`);
  }
}

/**
 * `range` describes the bounds when they are derived from other props, so the message can say
 * where a bound came from (`6 × consumer.timeout`). Whole seconds are required unless
 * `fractional` is set, because CloudFormation takes most durations as integer seconds.
 */
export function checkDuration(
  prop: string,
  value: Duration | undefined,
  minSeconds: number,
  maxSeconds: number,
  range?: { readonly min?: string; readonly max?: string; readonly fractional?: boolean },
): void {
  if (value === undefined || value.isUnresolved()) return;
  const given = seconds(value);
  const whole = range?.fractional === true || Number.isInteger(given);
  if (!whole || given < minSeconds || given > maxSeconds) {
    const min = range?.min ?? describeSeconds(minSeconds);
    const max = range?.max ?? describeSeconds(maxSeconds);
    const kind = whole ? '' : ' a whole number of seconds';
    throw new BackoffValidationError(`${prop} must be${kind} between ${min} and ${max} (given ${describeSeconds(given)})`);
  }
}

/** Fractional seconds survive, so `Duration.millis(1500)` is not mistaken for 1 s or 2 s. */
export function seconds(value: Duration): number {
  return value.toMilliseconds({ integral: false }) / 1000;
}

/** Whether any of these durations or numbers is known only at deploy time. */
export function anyUnresolved(...values: Array<Duration | number | undefined>): boolean {
  return values.some((value) =>
    value instanceof Duration ? value.isUnresolved() : value !== undefined && Token.isUnresolved(value),
  );
}

/** `90 seconds`, `3 minutes`, `14 days`: the largest unit that divides the value evenly. */
export function describeSeconds(value: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (value >= size && value % size === 0) return plural(value / size, unit);
  }
  return plural(value, 'second');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

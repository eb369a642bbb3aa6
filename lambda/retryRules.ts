/**
 * Per-error retry rules and outage protection as they cross the wire (`BACKOFF_RETRY_RULES`,
 * `BACKOFF_OUTAGE_PROTECTION`): the plain JSON shapes, the checks both the construct and the
 * runtime apply (the same texts), and the rule lookup. Dependency-free: bundled into every consumer.
 */
import { PolicySpec, policyViolations } from './backoff';
import { MAX_ATTEMPTS } from './limits';

/** One rule: errors with one of these names (or caused by one) follow this policy and budget. */
export interface RetryRuleSpec {
  /** `error.name` values, matched exactly (`TimeoutError`, `ThrottlingException`). */
  readonly errorNames: readonly string[];
  readonly policy: PolicySpec;
  /** Total attempts for a message whose latest failure matches; absent: the queue's `maxAttempts`. */
  readonly maxAttempts?: number;
}

/** When most recent records fail, hold the failing ones without counting attempts. */
export interface OutageProtectionSpec {
  /** Fraction of the last `window` handler runs that failed (retryably) from which the consumer is in an outage: (0, 1]. */
  readonly failureRate: number;
  /** How many of the latest handler runs the rate is measured over (and at least how many must have been seen). */
  readonly window: number;
  /** How long a failing record is held during an outage before it is tried again (not counted as an attempt). */
  readonly probeSeconds: number;
}

export const OUTAGE_DEFAULTS: OutageProtectionSpec = Object.freeze({ failureRate: 0.9, window: 20, probeSeconds: 60 });

/** Range of `OutageProtectionSpec.window`. */
export const OUTAGE_WINDOW = Object.freeze({ min: 2, max: 10_000 });

/** How deep the `cause` chain is searched for a rule's error name (a cycle ends the search too). */
export const MAX_CAUSE_DEPTH = 8;

/** Problems of a list of rules, each naming the rule by its index (`retryRules[1].errorNames …`). */
export function retryRulesViolations(rules: unknown, label = 'retryRules'): string[] {
  if (!Array.isArray(rules)) return [`${label} must be a list of rules (given ${JSON.stringify(rules)})`];
  const problems: string[] = [];
  rules.forEach((rule: Partial<RetryRuleSpec> | null, i) => {
    const name = `${label}[${i}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      problems.push(`${name} must be an object with errorNames and policy (given ${JSON.stringify(rule)})`);
      return;
    }
    const names = rule.errorNames;
    if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n.trim() === '')) {
      problems.push(`${name}.errorNames must be a non-empty list of non-empty error names (given ${JSON.stringify(names)})`);
    }
    if (typeof rule.policy !== 'object' || rule.policy === null || Array.isArray(rule.policy)) problems.push(`${name}.policy must be a policy spec object (given ${JSON.stringify(rule.policy)})`);
    else for (const violation of policyViolations(rule.policy)) problems.push(`${name}.policy: ${violation}`);
    const max = rule.maxAttempts;
    if (max !== undefined && (!Number.isSafeInteger(max) || max < MAX_ATTEMPTS.min || max > MAX_ATTEMPTS.max)) {
      problems.push(`${name}.maxAttempts must be a whole number between ${MAX_ATTEMPTS.min} and ${MAX_ATTEMPTS.max} (given ${JSON.stringify(max)})`);
    }
  });
  return problems;
}

/** Problems of an outage protection spec, each naming the field. */
export function outageProtectionViolations(spec: unknown, label = 'outageProtection'): string[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return [`${label} must be an object (given ${JSON.stringify(spec)})`];
  const { failureRate, window, probeSeconds } = spec as Partial<OutageProtectionSpec>;
  const problems: string[] = [];
  if (typeof failureRate !== 'number' || !(failureRate > 0 && failureRate <= 1)) problems.push(`${label}.failureRate must be a number above 0 and at most 1 (given ${JSON.stringify(failureRate)})`);
  if (!Number.isSafeInteger(window) || window! < OUTAGE_WINDOW.min || window! > OUTAGE_WINDOW.max) {
    problems.push(`${label}.window must be a whole number of records between ${OUTAGE_WINDOW.min} and ${OUTAGE_WINDOW.max} (given ${JSON.stringify(window)})`);
  }
  if (!Number.isSafeInteger(probeSeconds) || probeSeconds! < 1) problems.push(`${label}.probeSeconds must be a whole number of seconds ≥ 1 (given ${JSON.stringify(probeSeconds)})`);
  return problems;
}

/** The names of an error and of the errors in its `cause` chain, outermost first. */
export function errorNamesOf(error: unknown): string[] {
  const names: string[] = [];
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current) && names.length <= MAX_CAUSE_DEPTH) {
    seen.add(current);
    const { name } = current as { name?: unknown };
    if (typeof name === 'string') names.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return names;
}

/** The first rule naming the error or one of its causes; undefined when none does. */
export function matchRetryRule<R extends Pick<RetryRuleSpec, 'errorNames'>>(rules: readonly R[] | undefined, error: unknown): R | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  const names = errorNamesOf(error);
  return rules.find((rule) => rule.errorNames.some((name) => names.includes(name)));
}

/** The most attempts any failure may get: the queue's, or a rule's if larger (the crash-loop backstop and maxReceiveCount follow it). */
export function attemptCeiling(maxAttempts: number, rules: readonly Pick<RetryRuleSpec, 'maxAttempts'>[] | undefined): number {
  let most = maxAttempts;
  for (const rule of rules ?? []) if (rule.maxAttempts !== undefined && rule.maxAttempts > most) most = rule.maxAttempts;
  return most;
}

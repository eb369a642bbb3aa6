import type { PolicySpec } from '../../lambda/backoff';
import { DEFAULT_SCENARIO } from './scenario';
import { POLICY_OPTION_NAMES, type PolicyOptions, policySpecFromOptions } from '../../lambda/policySpecFromOptions';

/** The policy flags of `npm run cost` (the shared policy options, `lambda/policySpecFromOptions.ts`). */
export type { PolicyOptions } from '../../lambda/policySpecFromOptions';

/**
 * The default scenario's policy for the kinds that start from `base`: 2 s, capped at 300 s.
 * `step-functions` keeps ASL's own defaults (interval 1 s, rate 2, no cap).
 */
export const COST_POLICY_DEFAULTS = Object.freeze({
  base: (DEFAULT_SCENARIO.policy as { base: number }).base,
  cap: (DEFAULT_SCENARIO.policy as { cap: number }).cap,
});

/** Builds and validates a `PolicySpec` from CLI flags with the shared parser; throws with every problem listed. */
export function policyFromOptions(options: PolicyOptions): PolicySpec {
  const given: Record<string, unknown> = { policy: options.policy };
  for (const name of POLICY_OPTION_NAMES) given[name] = options[name];
  const defaults = options.policy === 'step-functions' ? {} : COST_POLICY_DEFAULTS;
  const reading = policySpecFromOptions(
    { ...defaults, ...withoutUndefined(given) } as PolicyOptions,
    (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  );
  if (reading.spec === undefined) throw new RangeError(`invalid policy: ${reading.problems.join('; ')}`);
  return reading.spec;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

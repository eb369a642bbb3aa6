import { POLICY_KINDS, policyViolations, type PolicyKind, type PolicySpec } from '../../lambda/backoff';

/** The policy flags of `npm run cost`; unset flags take the defaults noted on each. */
export interface PolicyOptions {
  readonly policy: string;
  /** @default 2 */
  readonly base?: number;
  /** @default 300 (fixed, exponential, random, *-jitter) */
  readonly cap?: number;
  readonly factor?: number;
  /** fixed: @default 0; random: @default 1 */
  readonly step?: number;
  readonly interval?: number;
  readonly rate?: number;
  readonly maxDelay?: number;
  readonly jitter?: string;
}

/** Builds and validates a `PolicySpec` from CLI flags; throws with every violation listed. */
export function policyFromOptions(options: PolicyOptions): PolicySpec {
  const kind = options.policy as PolicyKind;
  if (!POLICY_KINDS.includes(kind)) {
    throw new RangeError(`--policy must be one of ${POLICY_KINDS.join(', ')} (given ${options.policy})`);
  }
  const base = options.base ?? 2;
  const cap = options.cap ?? 300;
  let spec: PolicySpec;
  switch (kind) {
    case 'fixed':
      spec = { kind, base, step: options.step ?? 0, cap };
      break;
    case 'exponential':
      spec = { kind, base, cap, ...(options.factor !== undefined ? { factor: options.factor } : {}) };
      break;
    case 'random':
      spec = { kind, base, step: options.step ?? 1, cap };
      break;
    case 'full-jitter':
    case 'equal-jitter':
    case 'decorrelated-jitter':
      spec = { kind, base, cap };
      break;
    case 'step-functions':
      spec = {
        kind,
        interval: options.interval ?? 1,
        rate: options.rate ?? 2,
        ...(options.maxDelay !== undefined ? { maxDelay: options.maxDelay } : {}),
        ...(options.jitter !== undefined ? { jitter: options.jitter.toUpperCase() as 'FULL' | 'NONE' } : {}),
      };
      break;
  }
  const problems = policyViolations(spec);
  if (problems.length > 0) throw new RangeError(`invalid policy: ${problems.join('; ')}`);
  return spec;
}

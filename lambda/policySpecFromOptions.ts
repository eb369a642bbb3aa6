/**
 * The one reading of "policy options → `PolicySpec`": the example app's `-c key=value` context,
 * `sqs-backoff schedule --…` and `npm run cost -- --…` all build their policy here, so the same
 * options give the same policy everywhere. Callers bring their own scenario defaults (the demo's
 * short local run, cost's default scenario) as ordinary options; this function adds only what a
 * kind cannot do without (`random`'s `step`, 1 s).
 */
import { POLICY_KINDS, PolicyKind, PolicySpec, policyViolations } from './backoff';

/** Options by their generic names; numbers are seconds (or a multiplier for `factor`/`rate`). */
export interface PolicyOptions {
  readonly policy?: string;
  readonly base?: number;
  readonly cap?: number;
  readonly factor?: number;
  readonly step?: number;
  /** `step-functions` only; `base` is accepted in its place. */
  readonly interval?: number;
  /** `step-functions` only; `factor` is accepted in its place. */
  readonly rate?: number;
  /** `step-functions` only; `cap` is accepted in its place. */
  readonly maxDelay?: number;
  /** `step-functions` only: `FULL` or `NONE` (any case). */
  readonly jitter?: string;
}

export type PolicyOptionName = Exclude<keyof PolicyOptions, 'policy'>;

export const POLICY_OPTION_NAMES: readonly PolicyOptionName[] = Object.freeze([
  'base', 'cap', 'factor', 'step', 'interval', 'rate', 'maxDelay', 'jitter',
] as const);

/** The options each kind reads; any other one set is a mistake worth reporting. */
export const POLICY_OPTIONS_FOR: Readonly<Record<PolicyKind, readonly PolicyOptionName[]>> = Object.freeze({
  fixed: ['base', 'step', 'cap'],
  exponential: ['base', 'factor', 'cap'],
  random: ['base', 'step', 'cap'],
  'full-jitter': ['base', 'cap'],
  'equal-jitter': ['base', 'cap'],
  'decorrelated-jitter': ['base', 'cap'],
  'step-functions': ['interval', 'rate', 'maxDelay', 'jitter', 'base', 'factor', 'cap'],
});

/** `step-functions` names → the generic option accepted in its place. */
const STEP_FUNCTIONS_ALIASES: ReadonlyArray<[PolicyOptionName, PolicyOptionName]> = [
  ['interval', 'base'],
  ['rate', 'factor'],
  ['maxDelay', 'cap'],
];

/** What `random` gets when no `step` is given. */
export const DEFAULT_RANDOM_STEP_SECONDS = 1;

export interface PolicyReading {
  /** Present when `problems` is empty. */
  readonly spec?: PolicySpec;
  /** One sentence each, naming the option (by its generic name) and the value. */
  readonly problems: readonly string[];
}

/** How the caller spells an option (`--max-delay`, `-c cap`); problems name options this way. */
export type OptionNamer = (option: PolicyOptionName | 'policy') => string;

/**
 * The spec the options describe, or every problem with them. `policyViolations` sentences start
 * with the spec property, which is the option's generic name; `nameOf` renames only the options
 * this function itself mentions.
 */
export function policySpecFromOptions(options: PolicyOptions, nameOf: OptionNamer = (option) => option): PolicyReading {
  const kind = options.policy as PolicyKind | undefined;
  if (kind === undefined) return { problems: [`${nameOf('policy')} is required: one of ${POLICY_KINDS.join(', ')}`] };
  if (!POLICY_KINDS.includes(kind)) {
    return { problems: [`${nameOf('policy')} must be one of ${POLICY_KINDS.join(', ')} (given ${JSON.stringify(kind)})`] };
  }
  const problems = misplacedOptions(kind, options, nameOf);
  if (problems.length > 0) return { problems };
  const spec = kind === 'step-functions' ? stepFunctionsSpec(options, problems, nameOf) : cappedSpec(kind, options);
  problems.push(...policyViolations(spec));
  return problems.length > 0 ? { problems } : { spec, problems };
}

function misplacedOptions(kind: PolicyKind, options: PolicyOptions, nameOf: OptionNamer): string[] {
  const allowed = POLICY_OPTIONS_FOR[kind];
  const misplaced = POLICY_OPTION_NAMES.filter((name) => options[name] !== undefined && !allowed.includes(name));
  if (misplaced.length === 0) return [];
  return [
    `${misplaced.map(nameOf).join(', ')} ${misplaced.length === 1 ? 'does' : 'do'} not apply to ${nameOf('policy')} ${kind} ` +
      `(it reads ${allowed.map(nameOf).join(', ')})`,
  ];
}

function stepFunctionsSpec(options: PolicyOptions, problems: string[], nameOf: OptionNamer): PolicySpec {
  const pick = (own: PolicyOptionName, alias: PolicyOptionName): number | undefined => {
    if (options[own] !== undefined && options[alias] !== undefined) {
      problems.push(
        `${nameOf(own)} and ${nameOf(alias)} mean the same for ${nameOf('policy')} step-functions: give one ` +
          `(given ${options[own]} and ${options[alias]})`,
      );
    }
    return (options[own] ?? options[alias]) as number | undefined;
  };
  const [interval, rate, maxDelay] = STEP_FUNCTIONS_ALIASES.map(([own, alias]) => pick(own, alias));
  const jitter = options.jitter?.toUpperCase();
  return withoutUndefined({ kind: 'step-functions', interval, rate, maxDelay, jitter }) as PolicySpec;
}

function cappedSpec(kind: Exclude<PolicyKind, 'step-functions'>, options: PolicyOptions): PolicySpec {
  const { base, cap, factor, step } = options;
  const randomStep = kind === 'random' ? (step ?? DEFAULT_RANDOM_STEP_SECONDS) : step;
  return withoutUndefined({ kind, base, cap, factor, step: randomStep }) as PolicySpec;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * `sqs-backoff schedule --policy <kind> …`: what a policy does, before you deploy it. The delay
 * before every attempt and when each attempt starts; for jittered policies the p5/p50/p95 band
 * from sampling with a seeded PRNG (the same flags print the same numbers), plus the worst case.
 * Needs no AWS access.
 */
import { writeFileSync } from 'node:fs';
import {
  alwaysZeroWait,
  worstCaseSchedule,
  PolicySpec,
  policyViolations,
  schedule as runSchedule,
  seededRandom,
  waitBeyondLimit,
} from '../../lambda/backoff';
import { beyondOneYearMessage, MAX_ATTEMPTS, zeroWaitMessage } from '../../lambda/limits';
import { POLICY_OPTION_NAMES, PolicyOptionName, PolicyOptions, policySpecFromOptions } from '../../lambda/policySpecFromOptions';
import { STACK_OUTPUTS } from '../../lambda/stackOutputNames';
import { Writer } from './context';
import { EXIT, ExitCode, OpsError, usageError } from './errors';
import { table } from './format';
import { renderScheduleSvg } from './scheduleSvg';

/** The flags, as commander hands them over (numbers still strings). */
export interface ScheduleFlags {
  readonly policy?: string;
  readonly base?: string;
  readonly cap?: string;
  readonly factor?: string;
  readonly step?: string;
  readonly interval?: string;
  readonly rate?: string;
  readonly maxDelay?: string;
  readonly jitter?: string;
  readonly maxAttempts?: string;
  readonly samples?: string;
  readonly seed?: string;
  readonly svg?: string;
  readonly json?: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_SAMPLES = 2000;
export const DEFAULT_SEED = 1;
export const MAX_SAMPLES = 1_000_000;
/** The construct's limit (`lambda/limits.ts`): a schedule the construct would refuse is not worth printing. */
export const MAX_ATTEMPTS_LIMIT = MAX_ATTEMPTS.max;

/** Policy option (`lambda/policySpecFromOptions.ts`) → the flag that sets it, so every error names what to change. */
const flagName = (key: string) => (key === 'policy.kind' ? '--policy' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
const POLICY_FLAGS: readonly PolicyOptionName[] = POLICY_OPTION_NAMES;

function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw usageError(`${flag} must be a number (given ${JSON.stringify(raw)})`);
  return value;
}

function wholeNumber(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  const value = number(flag, raw);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(`${flag} must be a whole number from ${min} to ${max} (given ${raw})`);
  }
  return value;
}

/** Rewrites a `policyViolations` sentence so it names the flag instead of the property. */
export function flagViolation(violation: string): string {
  return violation.replace(/^(policy\.kind|[A-Za-z]+)\b/, (key) => (key.startsWith('--') ? key : flagName(key)));
}

/** The PolicySpec the flags describe (the shared options parser); a usage error (exit 2) naming the flag otherwise. */
export function specFromFlags(flags: ScheduleFlags): PolicySpec {
  const options: Record<string, number | string | undefined> = { policy: flags.policy, jitter: flags.jitter };
  for (const key of POLICY_FLAGS) {
    if (key !== 'jitter') options[key] = number(flagName(key), flags[key]);
  }
  const reading = policySpecFromOptions(options as PolicyOptions, flagName);
  if (reading.spec === undefined) throw usageError(reading.problems.map(flagViolation).join('; '));
  return reading.spec;
}

/** Whether the policy draws random numbers (and so has a band rather than one line). */
export function isJittered(spec: PolicySpec): boolean {
  switch (spec.kind) {
    case 'random':
    case 'full-jitter':
    case 'equal-jitter':
    case 'decorrelated-jitter':
      return true;
    case 'step-functions':
      return spec.jitter === 'FULL';
    default:
      return false;
  }
}

export interface Band {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export interface ScheduleRow {
  /** The attempt this wait comes before: 2 … maxAttempts. */
  readonly attempt: number;
  /** The wait before it, after failure `attempt − 1` (seconds). */
  readonly delay: Band;
  /** The largest value the wait can take. */
  readonly maxDelay: number;
  /** When the attempt starts, counted from the first receipt, processing time excluded (seconds). */
  readonly startsAt: Band;
  /** The latest it can start. */
  readonly maxStartsAt: number;
}

export interface ScheduleResult {
  readonly spec: PolicySpec;
  readonly maxAttempts: number;
  readonly jittered: boolean;
  /** Sampled runs (1 for a deterministic policy). */
  readonly samples: number;
  readonly seed: number;
  readonly rows: readonly ScheduleRow[];
}

/** The value at percentile `p` of sorted `values`, nearest-rank method. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const band = (values: number[]): Band => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p5: percentile(sorted, 5), p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

export function computeSchedule(spec: PolicySpec, maxAttempts: number, samples = DEFAULT_SAMPLES, seed = DEFAULT_SEED): ScheduleResult {
  const jittered = isJittered(spec);
  const runs = jittered ? samples : 1;
  const random = seededRandom(seed);
  const retries = maxAttempts - 1;
  const delays: number[][] = Array.from({ length: retries }, () => []);
  const starts: number[][] = Array.from({ length: retries }, () => []);
  for (let run = 0; run < runs; run++) {
    const waits = runSchedule(spec, maxAttempts, random);
    let total = 0;
    waits.forEach((wait, i) => {
      total += wait;
      delays[i]!.push(wait);
      starts[i]!.push(total);
    });
  }
  const worst = worstCaseSchedule(spec, maxAttempts);
  let worstTotal = 0;
  const rows = worst.map((w, i): ScheduleRow => {
    worstTotal += w;
    return { attempt: i + 2, delay: band(delays[i]!), maxDelay: w, startsAt: band(starts[i]!), maxStartsAt: worstTotal };
  });
  return { spec, maxAttempts, jittered, samples: runs, seed, rows };
}

/** `42 s`, `2m 08s`, `1h 00m 04s`, `3d 04h 05m 06s`: exact to the second. */
export function exactDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return String(totalSeconds);
  let s = Math.round(totalSeconds);
  if (s < 60) return `${s} s`;
  const parts: string[] = [];
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  for (const [size, unit] of units) {
    const v = Math.floor(s / size);
    s -= v * size;
    if (parts.length > 0 || v > 0) parts.push(parts.length > 0 ? `${String(v).padStart(2, '0')}${unit}` : `${v}${unit}`);
  }
  return parts.join(' ');
}

export function describeSpec(spec: PolicySpec): string {
  return Object.entries(spec)
    .map(([k, v]) => (k === 'kind' ? String(v) : `${k}=${v}`))
    .join(' ');
}

export interface ScheduleIo {
  readonly out: Writer;
  /** Writes the SVG file; injectable for tests. */
  readonly writeFile?: (path: string, content: string) => void;
}

/** A deployed stack's policy, from its `BackoffPolicy` and `MaxAttempts` outputs (`schedule --stack`). */
export interface DeployedPolicy {
  readonly stack: string;
  readonly spec: PolicySpec;
  readonly maxAttempts?: number;
}

/**
 * Reads the policy a stack exports. Exit 4 when the outputs are missing, exit 1 when they do not
 * hold a valid policy.
 */
export function deployedPolicy(stack: string, outputs: Readonly<Record<string, string>>): DeployedPolicy {
  const raw = outputs[POLICY_OUTPUT];
  if (!raw) {
    throw new OpsError(
      `stack "${stack}" has no output ${POLICY_OUTPUT} — pass the policy with --policy and its flags instead`,
      EXIT.notFound,
    );
  }
  let spec: PolicySpec;
  try {
    spec = JSON.parse(raw) as PolicySpec;
  } catch {
    throw new OpsError(`output ${POLICY_OUTPUT} of stack "${stack}" is not JSON (given ${raw.slice(0, 80)})`, EXIT.unexpected);
  }
  const problems = policyViolations(spec);
  if (problems.length > 0) throw new OpsError(`output ${POLICY_OUTPUT} of stack "${stack}": ${problems.join('; ')}`, EXIT.unexpected);
  const maxAttempts = Number(outputs[MAX_ATTEMPTS_OUTPUT]);
  return { stack, spec, ...(Number.isInteger(maxAttempts) && maxAttempts >= 1 ? { maxAttempts } : {}) };
}

export const POLICY_OUTPUT = STACK_OUTPUTS.backoffPolicy;
export const MAX_ATTEMPTS_OUTPUT = STACK_OUTPUTS.maxAttempts;

/** `--stack` and the policy flags exclude each other. */
export function assertNoPolicyFlags(flags: ScheduleFlags): void {
  const conflicting = ['policy', ...POLICY_FLAGS].filter((k) => flags[k as keyof ScheduleFlags] !== undefined);
  if (conflicting.length > 0) {
    throw usageError(`--stack reads the policy from the stack; drop ${conflicting.map(flagName).join(', ')}`);
  }
}

export function scheduleCommand(io: ScheduleIo, flags: ScheduleFlags, deployed?: DeployedPolicy): ExitCode {
  if (deployed) assertNoPolicyFlags(flags);
  const spec = deployed ? deployed.spec : specFromFlags(flags);
  const maxAttempts =
    wholeNumber('--max-attempts', flags.maxAttempts, 1, MAX_ATTEMPTS_LIMIT) ?? deployed?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const samples = wholeNumber('--samples', flags.samples, 1, MAX_SAMPLES) ?? DEFAULT_SAMPLES;
  const seed = wholeNumber('--seed', flags.seed, 0, 2 ** 32 - 1) ?? DEFAULT_SEED;
  const beyond = waitBeyondLimit(spec, maxAttempts);
  if (beyond !== undefined) {
    const cap = spec.kind === 'step-functions' ? '--max-delay' : '--cap';
    throw usageError(beyondOneYearMessage(beyond, maxAttempts, { cap, maxAttempts: '--max-attempts' }));
  }
  const zero = alwaysZeroWait(spec, maxAttempts);
  if (zero !== undefined) io.out.err(`warning: ${zeroWaitMessage(zero, spec.kind === 'step-functions' ? '--interval' : '--base')}`);
  const result = computeSchedule(spec, maxAttempts, samples, seed);

  if (flags.svg) {
    const write = io.writeFile ?? ((path: string, content: string) => writeFileSync(path, content, 'utf8'));
    try {
      write(flags.svg, renderScheduleSvg(result));
    } catch (err) {
      throw new OpsError(`cannot write --svg ${flags.svg}: ${(err as Error).message}`, EXIT.unexpected, { cause: err });
    }
  }
  if (flags.json) {
    io.out.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }

  io.out.out(
    `${deployed ? `stack ${deployed.stack}: ` : ''}policy ${describeSpec(spec)}, max attempts ${maxAttempts}` +
      (result.jittered ? ` — jittered: p5/p50/p95 of ${samples} sampled runs (seed ${seed}), max = worst case` : ''),
  );
  if (result.rows.length === 0) {
    io.out.out('no retries: the first failure dead-letters the message');
    return EXIT.ok;
  }
  const t = result.jittered
    ? table(['attempt', 'wait p5', 'wait p50', 'wait p95', 'wait max', 'starts p5', 'starts p50', 'starts p95', 'starts max'], [
        'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right',
      ])
    : table(['attempt', 'wait (s)', 'wait', 'starts at (s)', 'starts at'], ['right', 'right', 'right', 'right', 'right']);
  t.push(result.jittered ? ['1', '', '', '', '', '0 s', '0 s', '0 s', '0 s'] : ['1', '', '', '0', '0 s']);
  for (const r of result.rows) {
    t.push(
      result.jittered
        ? [
            String(r.attempt),
            exactDuration(r.delay.p5),
            exactDuration(r.delay.p50),
            exactDuration(r.delay.p95),
            exactDuration(r.maxDelay),
            exactDuration(r.startsAt.p5),
            exactDuration(r.startsAt.p50),
            exactDuration(r.startsAt.p95),
            exactDuration(r.maxStartsAt),
          ]
        : [String(r.attempt), String(r.delay.p50), exactDuration(r.delay.p50), String(r.startsAt.p50), exactDuration(r.startsAt.p50)],
    );
  }
  io.out.out(t.toString());
  const last = result.rows[result.rows.length - 1]!;
  io.out.out(
    `attempt ${maxAttempts} failing dead-letters the message; the last attempt starts ` +
      (result.jittered
        ? `after ${exactDuration(last.startsAt.p50)} (p50), ${exactDuration(last.maxStartsAt)} at worst`
        : `after ${exactDuration(last.startsAt.p50)}`) +
      ' plus processing time',
  );
  if (flags.svg) io.out.out(`chart written to ${flags.svg}`);
  return EXIT.ok;
}

import { PolicySpec, policyViolations, worstCaseSchedule } from '../backoff';
import { namespaceProblem } from '../metricNames';
import { beyondLimitMessage, MAX_ATTEMPTS, MAX_RECEIVE_COUNT } from '../limits';
import { ENV, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES, TRANSPORT_NAMES, TransportName } from '../contract';
import { ConfigurationError } from './errors';
import { OutageProtectionSpec, RetryRuleSpec, outageProtectionViolations, retryRulesViolations } from '../retryRules';
import { longestDelayOf, needsStateMachine } from './transports/transportLimits';

/** What the runtime needs to decide and act; the construct sets it as environment variables. */
export interface RuntimeConfig {
  readonly policy: PolicySpec;
  /** Total processing attempts including the first. */
  readonly maxAttempts: number;
  /** Dead-letter when first receipt + elapsed + next delay would pass this; no limit when absent. */
  readonly maxElapsedSeconds?: number;
  /** The work queue's redrive maxReceiveCount: the crash-loop backstop's threshold. */
  readonly maxReceiveCount: number;
  /** The work queue, where parked messages come back. */
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** The retry state machine; required only by the transports that use it (`step-functions`, `auto` on a standard queue). */
  readonly stateMachineArn?: string;
  /**
   * Which delay transport parks a failed message.
   * @default 'step-functions'
   */
  readonly transport?: TransportName;
  /**
   * Whether a park Step Functions cannot take (input over 256 KiB, throttled, failing after the
   * SDK's retries) falls back to a visibility-timeout delay on the same message.
   * @default true
   */
  readonly visibilityFallback?: boolean;
  /**
   * The work queue's `MaximumMessageSize`: a requeued copy must fit in it.
   * @default DEFAULT_QUEUE_MESSAGE_BYTES (262,144, SQS's default for a queue that never set it)
   */
  readonly maxMessageBytes?: number;
  /**
   * The dead-letter queue's `MaximumMessageSize`: a dead-letter copy is trimmed to fit in it.
   * @default DEFAULT_QUEUE_MESSAGE_BYTES
   */
  readonly deadLetterMaxMessageBytes?: number;
  /**
   * The CloudWatch namespace of the runtime's metrics.
   * @default DEFAULT_METRICS_NAMESPACE ('SqsBackoff')
   */
  readonly metricsNamespace?: string;
  /**
   * Per-error rules: the first whose `errorNames` holds the error's name (or a name in its `cause`
   * chain) decides that failure's policy and attempt budget.
   * @default none: every retryable error follows `policy` and `maxAttempts`
   */
  readonly retryRules?: readonly RetryRuleSpec[];
  /**
   * Whether a `RetryAfterError` delay longer than the transport can carry is cut to the transport's
   * longest wait (logged `clamped`) instead of being dead-lettered `too-large`.
   * @default false
   */
  readonly clampRetryAfter?: boolean;
  /**
   * Outage protection: during a run of failures, hold failing records for `probeSeconds` without
   * counting the attempt.
   * @default off
   */
  readonly outageProtection?: OutageProtectionSpec;
}

type Key = keyof RuntimeConfig;
type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from the environment (once per cold start: the caller
 * caches it). Throws one `ConfigurationError` listing every problem, each naming the variable,
 * the value given and what is allowed.
 */
export function readRuntimeConfig(env: Environment = process.env): RuntimeConfig {
  const problems: string[] = [];
  /** The trimmed value; absent or blank is undefined, and a problem unless the setting is optional. */
  const text = (key: Key, optional = false): string | undefined => {
    const value = env[ENV[key]];
    if (value !== undefined && value.trim() !== '') return value.trim();
    if (!optional) problems.push(`${ENV[key]} is required (given ${JSON.stringify(value)})`);
    return undefined;
  };
  /** The value parsed; `parse` answers undefined for a value it refuses, which is a problem. */
  const read = <T>(key: Key, optional: boolean, expected: string, parse: (value: string) => T | undefined): T | undefined => {
    const value = text(key, optional);
    const parsed = value === undefined ? undefined : parse(value);
    if (value !== undefined && parsed === undefined) problems.push(`${ENV[key]} must be ${expected} (given ${JSON.stringify(value)})`);
    return parsed;
  };
  const number = (key: Key, optional = false) => read(key, optional, 'a number', (value) => (Number.isFinite(Number(value)) ? Number(value) : undefined));

  const config = {
    policy: read('policy', false, 'a JSON policy spec', (value) => jsonValue(value) as PolicySpec | undefined),
    maxAttempts: number('maxAttempts'),
    maxElapsedSeconds: number('maxElapsedSeconds', true),
    maxReceiveCount: number('maxReceiveCount'),
    queueUrl: text('queueUrl'),
    deadLetterQueueUrl: text('deadLetterQueueUrl'),
    stateMachineArn: text('stateMachineArn', true),
    maxMessageBytes: number('maxMessageBytes', true),
    deadLetterMaxMessageBytes: number('deadLetterMaxMessageBytes', true),
    transport: read('transport', true, `one of ${TRANSPORT_NAMES.join(', ')}`, (value) => TRANSPORT_NAMES.find((name) => name === value)),
    metricsNamespace: text('metricsNamespace', true),
    visibilityFallback: read('visibilityFallback', true, 'one of true, false', trueOrFalse),
    retryRules: read('retryRules', true, 'a JSON list of retry rules', jsonValue),
    clampRetryAfter: read('clampRetryAfter', true, 'one of true, false', trueOrFalse),
    outageProtection: read('outageProtection', true, 'a JSON outage protection spec', jsonValue),
  };
  if (problems.length > 0) throw configurationError(problems);
  return validateRuntimeConfig(config as RuntimeConfig, (key) => ENV[key]);
}

/**
 * Checks a configuration (from the environment or given in code) and returns it unchanged.
 * @param label how to name a setting in messages: the environment variable, or `config.<key>`.
 */
export function validateRuntimeConfig(
  config: RuntimeConfig,
  label: (key: Key) => string = (key) => `config.${key}`,
): RuntimeConfig {
  const problems: string[] = [];
  const given = (value: unknown) => JSON.stringify(value) ?? String(value);
  /** `<setting> <rule> (given <its value>)`. */
  const problem = (key: Key, rule: string) => problems.push(`${label(key)} ${rule} (given ${given(config[key])})`);
  const wholeNumber = (key: Key, { min, max }: { min: number; max: number }, unit = '') => {
    const value = config[key] as number;
    if (!Number.isSafeInteger(value) || value < min || value > max) problem(key, `must be a whole number ${unit}from ${min} to ${max}`);
  };

  if (typeof config.policy !== 'object' || config.policy === null) {
    problem('policy', 'must be a policy spec object');
  } else {
    for (const violation of policyViolations(config.policy)) problems.push(`${label('policy')}: ${violation}`);
  }
  const { maxAttempts, maxElapsedSeconds } = config;
  wholeNumber('maxAttempts', MAX_ATTEMPTS);
  if (maxElapsedSeconds !== undefined && (!Number.isFinite(maxElapsedSeconds) || maxElapsedSeconds <= 0)) problem('maxElapsedSeconds', 'must be a number of seconds > 0');
  wholeNumber('maxReceiveCount', MAX_RECEIVE_COUNT);
  for (const key of ['maxMessageBytes', 'deadLetterMaxMessageBytes'] as const) {
    if (config[key] !== undefined) wholeNumber(key, { min: MIN_MESSAGE_BYTES, max: MAX_MESSAGE_BYTES }, 'of bytes ');
  }
  for (const key of ['queueUrl', 'deadLetterQueueUrl'] as const) {
    if (!isHttpUrl(config[key])) problem(key, 'must be an http(s) queue URL');
  }
  const transport = config.transport ?? DEFAULT_TRANSPORT;
  if (!(TRANSPORT_NAMES as readonly unknown[]).includes(transport)) problem('transport', `must be one of ${TRANSPORT_NAMES.join(', ')}`);
  if (config.visibilityFallback !== undefined && typeof config.visibilityFallback !== 'boolean') problem('visibilityFallback', 'must be true or false');
  if (config.metricsNamespace !== undefined) {
    const rule = typeof config.metricsNamespace === 'string' ? namespaceProblem(config.metricsNamespace) : 'must be a string';
    if (rule !== undefined) problem('metricsNamespace', rule);
  }
  const fifo = typeof config.queueUrl === 'string' && config.queueUrl.endsWith('.fifo');
  if (transport === 'sqs-delay' && fifo) {
    problems.push(`${label('transport')} sqs-delay cannot delay a message of a FIFO queue (SQS takes DelaySeconds per message on standard queues only; given queue ${given(config.queueUrl)}): use visibility-timeout`);
  }
  const stateMachineNeeded = problems.length === 0 && needsStateMachine(transport, fifo);
  if (config.stateMachineArn === undefined) {
    if (stateMachineNeeded) problem('stateMachineArn', `is required by transport ${transport}`);
  } else if (typeof config.stateMachineArn !== 'string' || !/^arn:[\w-]+:states:[\w-]*:\d*:stateMachine:[^:\s]+(:[^:\s]+)?$/.test(config.stateMachineArn)) {
    problem('stateMachineArn', 'must be a state machine ARN, arn:<partition>:states:<region>:<account>:stateMachine:<name>');
  }
  if (config.retryRules !== undefined) problems.push(...retryRulesViolations(config.retryRules, label('retryRules')));
  if (config.clampRetryAfter !== undefined && typeof config.clampRetryAfter !== 'boolean') problem('clampRetryAfter', 'must be true or false');
  if (config.outageProtection !== undefined) {
    problems.push(...outageProtectionViolations(config.outageProtection, label('outageProtection')));
    if (transport === 'visibility-timeout' || (transport === 'auto' && fifo)) {
      problems.push(`${label('outageProtection')} needs a transport that requeues a copy (step-functions, sqs-delay, auto on a standard queue): a visibility-timeout retry counts every receive as an attempt (given transport ${transport})`);
    }
  }
  if (problems.length === 0) {
    const longest = longestDelayOf(transport, fifo);
    const fits = (policy: PolicySpec, attempts: number, policyLabel: string, attemptsLabel: string) => {
      const worst = worstCaseSchedule(policy, attempts);
      const failure = worst.findIndex((delay) => !(delay <= longest.seconds));
      if (failure < 0) return;
      const beyond = { failure: failure + 1, seconds: worst[failure]! };
      const names = { cap: 'a cap', maxAttempts: attemptsLabel };
      problems.push(`${policyLabel} (transport ${transport}): ${beyondLimitMessage(beyond, attempts, names, longest)}`);
    };
    fits(config.policy, maxAttempts, label('policy'), label('maxAttempts'));
    config.retryRules?.forEach((rule, i) => fits(rule.policy, rule.maxAttempts ?? maxAttempts, `${label('retryRules')}[${i}].policy`, `${label('retryRules')}[${i}].maxAttempts`));
    const probe = config.outageProtection?.probeSeconds;
    if (probe !== undefined && probe > longest.seconds) {
      problems.push(`${label('outageProtection')}.probeSeconds must be at most ${longest.seconds}, the longest wait of transport ${transport} (given ${probe})`);
    }
  }
  if (problems.length > 0) throw configurationError(problems);
  return config;
}

/** The transport when the configuration names none: old deployments keep Step Functions. */
export const DEFAULT_TRANSPORT: TransportName = 'step-functions';

function jsonValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function trueOrFalse(value: string): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function configurationError(problems: string[]): ConfigurationError {
  return new ConfigurationError(`Invalid sqs-backoff runtime configuration: ${problems.join('; ')}`);
}

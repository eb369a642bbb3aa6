/**
 * One-line mutations of the Node runtime, the construct and the Python runtime, each a plausible
 * bug a reviewer would want the unit project (or pytest, for `runner: 'pytest'`) to catch. `search` must occur exactly once in `file`: the unit test
 * test/unit/scripts/mutations.test.ts fails otherwise, so a refactor that moves the code must move
 * its mutation in the same commit (and the runner reports it as stale, never as survived).
 */
export interface Mutation {
  readonly id: string;
  /** The file to mutate, relative to the repository root. */
  readonly file: string;
  /** Text that occurs exactly once in `file`. */
  readonly search: string;
  readonly replace: string;
  readonly description: string;
  /**
   * The test files to run against the mutated copy (relative to the root). Default: for `vitest`,
   * the unit tests related to `file` (`vitest related`); for `pytest`, `PYTHON_TESTS`. A vitest
   * file outside test/unit runs in its own project (vitestProjects.ts): an e2e file needs the emulator.
   * `npm run mutate -- --all` runs the whole unit project (or the whole pytest suite) against a
   * mutation these tests let through.
   */
  readonly tests?: readonly string[];
  /** @default 'vitest' (the unit project). `pytest` runs the Python runtime's suite. */
  readonly runner?: MutationRunner;
}

export type MutationRunner = 'vitest' | 'pytest';

/**
 * The Python runtime's test suite (`runner: 'pytest'`): pytest over the golden vectors, the
 * scenarios and the runtime's own tests, run from the root (test/python/conftest.py puts
 * lambda/python on the path).
 */
export const PYTHON_TESTS: readonly string[] = ['test/python'];

const RP = 'lambda/runtime/recordProcessor.ts';
const WB = 'lambda/runtime/withBackoff.ts';
const DW = 'lambda/runtime/deadlineWatch.ts';
const AT = 'lambda/runtime/attributes.ts';
const DL = 'lambda/runtime/delivery.ts';
const EN = 'lambda/runtime/executionName.ts';
const T = 'lambda/runtime/transports';
const SF = `${T}/stepFunctionsTransport.ts`;
const SD = `${T}/sqsDelayTransport.ts`;
const VT = `${T}/visibilityTimeoutTransport.ts`;
const AU = `${T}/autoTransport.ts`;
const CT = `${T}/chooseTransport.ts`;
const BQ = 'lib/backoff-queue.ts';
const VAL = 'lib/backoff-queue-validation.ts';
const SM = 'lib/retry-state-machine.ts';
const KMS = 'lib/kms-grants.ts';
const PY = 'lambda/python/sqs_backoff';

const TT = 'test/unit/runtime/transports';
/** The tests of the transports, the attempt counting and the never-lose promise. */
const TRANSPORT_TESTS = [
  `${TT}/attemptCounting.test.ts`,
  `${TT}/autoTransport.test.ts`,
  `${TT}/sqsDelayTransport.test.ts`,
  `${TT}/stepFunctionsFallback.test.ts`,
  `${TT}/transportConfig.test.ts`,
  `${TT}/visibilityTimeoutTransport.test.ts`,
  'test/unit/runtime/withBackoff.test.ts',
  'test/unit/runtime/neverLose.test.ts',
  'test/unit/runtime/messageLimits.test.ts',
];
const IAM_TESTS = ['test/unit/construct/backoff-queue-iam.test.ts'];
const STATE_MACHINE_TESTS = ['test/unit/construct/retry-state-machine.test.ts'];
const VALIDATION_TESTS = ['test/unit/construct/backoff-queue-validation.test.ts', 'test/unit/construct/retry-transport.test.ts'];
/** The policy math's own tests (lambda/backoff.ts is imported everywhere: `related` would run the whole project). */
const POLICY_TESTS = ['test/unit/policy/delaySeconds.test.ts', 'test/unit/policy/backoffPolicy.test.ts'];
/** lambda/limits.ts: the runtime's transports and configuration, the construct's validation. */
const LIMIT_TESTS = [...TRANSPORT_TESTS, 'test/unit/runtime/runtimeConfig.test.ts', 'test/unit/policy/oneYearRangeEnd.test.ts', ...VALIDATION_TESTS];

export const MUTATIONS: readonly Mutation[] = [
  // The eight core mutations of the issue 15 audit.
  {
    id: 'ack-failed-dlq-send',
    file: RP,
    search: "this.deps.logger.error('dead-letter-failed', { ...fields, sendError: logged(sendError) });",
    replace: "this.deps.logger.error('dead-letter-failed', { ...fields, sendError: logged(sendError) }); return true;",
    description: 'acknowledge a record whose dead-letter send failed',
  },
  {
    id: 'max-attempts-off-by-one',
    file: RP,
    // Re-targeted: retry rules give each failure its own budget (rule.maxAttempts ?? config.maxAttempts).
    search: 'if (n >= budget) return this.deadLetter(metrics, delivery, \'exhausted\'',
    replace: 'if (n > budget) return this.deadLetter(metrics, delivery, \'exhausted\'',
    description: 'dead-letter one attempt late (n > maxAttempts)',
  },
  {
    // Re-targeted: the conversion moved inline into toWireAttributes (was toWireAttribute()).
    id: 'drop-binary-attributes',
    file: AT,
    search: "wire[name] = dataType.startsWith('Binary') ?",
    replace: "if (!dataType.startsWith('Binary')) wire[name] = dataType.startsWith('Binary') ?",
    description: 'drop Binary user attributes from the park input, the delayed copy and the DLQ copy',
  },
  {
    // Re-targeted: the clamp is now one expression in delaySeconds (was a clamp() helper).
    id: 'no-delay-clamp',
    file: 'lambda/backoff.ts',
    search: 'return Math.min(Math.max(Math.round(rawDelay(spec, n, random, previous)), 0), capOf(spec));',
    replace: 'return Math.max(Math.round(rawDelay(spec, n, random, previous)), 0);',
    description: 'stop clamping delays to the cap',
    tests: POLICY_TESTS,
  },
  {
    id: 'no-report-batch-item-failures',
    file: 'lib/consumer-wiring.ts',
    search: 'reportBatchItemFailures: true,',
    replace: 'reportBatchItemFailures: false,',
    description: 'event source mapping without ReportBatchItemFailures',
    tests: ['test/unit/construct/backoff-queue-props.test.ts'],
  },
  {
    id: 'no-dlq-grant',
    file: BQ,
    search: 'grantSendToQueue(this.deadLetterQueue, this.consumer);',
    replace: '',
    description: 'consumer not allowed to send to the dead-letter queue',
    tests: IAM_TESTS,
  },
  {
    id: 'no-requeue-catch',
    file: SM,
    search: "requeue.addCatch(deadLetter.next(failed), { errors: [sfn.Errors.ALL], resultPath: '$.requeueError' });",
    replace: 'void deadLetter; void failed;',
    description: 'state machine without the Catch that dead-letters a failed requeue',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'ack-at-deadline',
    file: WB,
    search: 'if (outcomes[i] !== true) failures.push',
    replace: 'if (outcomes[i] === false) failures.push',
    description: 'acknowledge records still running at the deadline',
  },
  // The ones that survived the issue 15 audit (each has had its test since).
  {
    id: 'drop-x-attributes',
    file: AT,
    search: 'if (name === BACKOFF_ATTRIBUTE) continue;',
    replace: "if (name.startsWith('x-')) continue;",
    description: "drop every user attribute whose name starts with 'x-'",
  },
  {
    id: 'deadline-cap-30s',
    file: WB,
    search: 'Math.min(3_000, Math.max(500, remaining * 0.1))',
    replace: 'Math.min(30_000, Math.max(500, remaining * 0.1))',
    description: 'deadline margin cap 3 s → 30 s',
  },
  {
    id: 'deadline-floor-0',
    file: WB,
    search: 'Math.min(3_000, Math.max(500, remaining * 0.1))',
    replace: 'Math.min(3_000, Math.max(0, remaining * 0.1))',
    description: 'deadline margin floor 0.5 s → 0',
  },
  {
    id: 'deadline-timer-holds-process',
    file: DW,
    search: 'if (this.waiting.length === 0) this.timer?.unref();',
    replace: '',
    description: "the wrapper's deadline timer keeps the process alive after the invocation answered",
  },
  {
    id: 'deadline-timer-later-deadline-first',
    file: DW,
    search: 'if (deadline.at > at) next = Math.min(next, deadline.at);',
    replace: 'if (deadline.at > at) next = Math.max(next === Infinity ? 0 : next, deadline.at);',
    description: 'an overlapping invocation answered at the latest deadline left, not the earliest',
  },
  {
    // Re-targeted: hook() now takes the callback and its event separately.
    id: 'on-retry-not-awaited',
    file: RP,
    search: "await this.hook('onRetry', onRetry, event, delivery);",
    replace: "void this.hook('onRetry', onRetry, event, delivery);",
    description: 'onRetry no longer awaited before the outcome',
  },
  // Others.
  {
    // Re-targeted: as on-retry-not-awaited.
    id: 'on-dead-letter-not-awaited',
    file: RP,
    search: "await this.hook('onDeadLetter', onDeadLetter, event, delivery);",
    replace: "void this.hook('onDeadLetter', onDeadLetter, event, delivery);",
    description: 'onDeadLetter no longer awaited before the outcome',
  },
  {
    id: 'backstop-one-early',
    file: RP,
    search: 'return receiveCount > maxReceiveCount ? `ApproximateReceiveCount',
    replace: 'return receiveCount >= maxReceiveCount ? `ApproximateReceiveCount',
    description: 'crash-loop backstop fires on the maxReceiveCount-th receive',
  },
  {
    id: 'ack-failed-park',
    file: RP,
    search: "logger.error('park-failed', { ...fields, reason: 'left for SQS redelivery', parkError: logged(outcome.cause) });",
    replace: "logger.error('park-failed', { ...fields, reason: 'left for SQS redelivery', parkError: logged(outcome.cause) }); return true;",
    description: 'acknowledge a record whose park failed',
  },
  {
    // Re-targeted: the per-record try/catch moved from process() into the worker loop (drain()).
    id: 'ack-runtime-bug',
    file: RP,
    search: 'acknowledged = false;',
    replace: 'acknowledged = true;',
    description: 'acknowledge a record the runtime itself failed on',
  },
  {
    id: 'ignore-non-retryable',
    file: RP,
    search: "if (this.nonRetryable(error)) return this.deadLetter(metrics, delivery, 'non-retryable', n, error);",
    replace: '',
    description: 'retry a NonRetryableError instead of dead-lettering it',
  },
  {
    id: 'elapsed-without-next-delay',
    file: RP,
    search: 'if (elapsedSeconds + delay > config.maxElapsedSeconds)',
    replace: 'if (elapsedSeconds > config.maxElapsedSeconds)',
    description: 'maxElapsed check ignores the next delay',
  },
  {
    id: 'too-large-limit-doubled',
    file: SF,
    search: 'if (bytes > MAX_EXECUTION_INPUT_BYTES) {',
    replace: 'if (bytes > 2 * MAX_EXECUTION_INPUT_BYTES) {',
    description: 'park inputs up to 512 KiB (Step Functions refuses over 256 KiB)',
  },
  {
    // Re-targeted: the FIFO skip moved from the batch loop into drain(), then into Batch.done().
    id: 'fifo-order-not-kept',
    file: WB,
    search: 'if (this.fifoLogger !== undefined && !acknowledged) (this.blockedGroups ??= new Set()).add(this.records[index].attributes?.MessageGroupId);',
    replace: '',
    description: 'FIFO: later messages of a group processed after an unacknowledged one',
  },
  {
    // Re-targeted: lambda/runtime/park.ts became the Step Functions transport.
    id: 'already-exists-is-failure',
    file: SF,
    search: "if (!ALREADY_EXISTS.test((error as { name?: string })?.name ?? '')) return this.notStarted(delivery, delaySeconds, name, error);",
    replace: 'return this.notStarted(delivery, delaySeconds, name, error);',
    description: 'ExecutionAlreadyExists reported as a failure (duplicate deliveries parked again by the fallback or redelivered)',
  },
  {
    id: 'binary-sent-as-text',
    file: AT,
    search: "BinaryValue: Buffer.from(BinaryValue, 'base64')",
    replace: "BinaryValue: Buffer.from(BinaryValue, 'utf8')",
    description: 'Binary attribute values sent as their base64 text instead of their bytes',
  },
  {
    id: 'handler-attempt-off-by-one',
    file: RP,
    search: 'const attempt = delivery.previousAttempts + 1;',
    replace: 'const attempt = delivery.previousAttempts;',
    description: 'the handler is told attempt 0 on a first delivery',
  },
  {
    id: 'dlq-fit-never-trims',
    file: 'lambda/runtime/fitMessage.ts',
    search: "if (attributes[BACKOFF_ATTRIBUTE] === undefined) return 'full';",
    replace: "return 'full';",
    description: 'never trim x-backoff: a near-limit DLQ copy is refused by SQS',
  },
  {
    id: 'alarm-strictly-greater',
    file: 'lib/backoff-alarms.ts',
    search: 'comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,',
    replace: 'comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,',
    description: 'alarms fire only above the threshold (one DLQ message would not alarm)',
    tests: ['test/unit/construct/backoff-alarms.test.ts'],
  },
  {
    id: 'visibility-one-timeout',
    file: BQ,
    search: 'return Duration.seconds(timeout.toSeconds({ integral: false }) * LIMITS.visibilityPerFunctionTimeout);',
    replace: 'return Duration.seconds(timeout.toSeconds({ integral: false }));',
    description: 'default visibility timeout equal to the consumer timeout instead of 6 ×',
    tests: ['test/unit/construct/backoff-queue-defaults.test.ts'],
  },

  // Transports and their fallbacks (issue 27).
  {
    id: 'auto-always-step-functions',
    file: AU,
    search: 'return request.delaySeconds <= MAX_SQS_DELAY_SECONDS ? this.short.park(request) : this.long.park(request);',
    replace: 'return this.long.park(request);',
    description: 'auto parks every delay in Step Functions (never the cheaper SQS delayed copy)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'auto-900-to-step-functions',
    file: AU,
    search: 'request.delaySeconds <= MAX_SQS_DELAY_SECONDS ?',
    replace: 'request.delaySeconds < MAX_SQS_DELAY_SECONDS ?',
    description: 'auto sends a delay of exactly 900 s to Step Functions',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'auto-fifo-not-visibility',
    file: CT,
    search: 'return fifo ? visibility : new AutoTransport(',
    replace: 'return new AutoTransport(',
    description: 'auto on a FIFO queue sends delayed copies instead of holding the group by visibility timeout',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'fallback-ignores-off-switch',
    file: CT,
    search: 'fallback: config.visibilityFallback === false ? undefined : visibility,',
    replace: 'fallback: visibility,',
    description: 'the visibility fallback stays on when BACKOFF_VISIBILITY_FALLBACK is false',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'no-fallback-on-start-failure',
    file: SF,
    search: "if (fallback) return fallback.hide(delivery, delaySeconds, { reason: isThrottlingError(error) ? 'step-functions-throttled' : 'step-functions-failed', cause: error });",
    replace: '',
    description: 'a throttled or failing StartExecution is left to SQS redelivery instead of the visibility fallback',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'throttled-reported-as-failed',
    file: SF,
    search: "reason: isThrottlingError(error) ? 'step-functions-throttled' : 'step-functions-failed'",
    replace: "reason: 'step-functions-failed'",
    description: 'a throttled StartExecution is logged as a failed one (fallback cause lost)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'no-fallback-when-too-large',
    file: SF,
    search: "if (fallback && delaySeconds <= LONGEST_VISIBILITY_SECONDS) return fallback.hide(delivery, delaySeconds, { reason: 'too-large-for-step-functions' });",
    replace: '',
    description: 'a park input over 256 KiB is dead-lettered too-large instead of waiting by visibility timeout',
    tests: TRANSPORT_TESTS,
  },
  {
    // Not `acknowledge: status === 'parked' || status === 'failed'`: the record processor never
    // acknowledges a failed park whatever the outcome says (that mutant survives as an equivalent one).
    id: 'sqs-delay-acks-failed-send',
    file: SD,
    search: "return this.outcome('failed', delaySeconds, undefined, error);",
    replace: "return this.outcome('parked', delaySeconds);",
    description: 'sqs-delay reports a delayed copy SQS refused as parked: the original is acknowledged and lost',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-acknowledges',
    file: VT,
    search: 'return { status, acknowledge: false, transport: this.name,',
    replace: "return { status, acknowledge: status === 'parked', transport: this.name,",
    description: 'a visibility-timeout retry acknowledges the message it keeps (deleted: lost)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-refusal-is-failure',
    file: VT,
    search: "if (!isVisibilityLimitRefusal(error)) return this.outcome('failed', delaySeconds, fallback, error);",
    replace: "return this.outcome('failed', delaySeconds, fallback, error);",
    description: 'SQS refusing a visibility past 12 h from the receive leaves the message to redelivery (retried early) instead of too-large',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'sqs-delay-copy-without-backoff',
    file: SD,
    search: 'attempt,\n        firstReceivedAt: isoTime(delivery.firstReceivedAtMs),',
    replace: 'attempt: attempt - 1,\n        firstReceivedAt: isoTime(delivery.firstReceivedAtMs),',
    description: 'the delayed copy carries the previous attempt in x-backoff (one attempt too many)',
    tests: TRANSPORT_TESTS,
  },

  // The never-shorten rule and each limit.
  {
    id: 'sqs-delay-sends-901',
    file: SD,
    search: 'if (delaySeconds > MAX_SQS_DELAY_SECONDS) {',
    replace: 'if (delaySeconds > MAX_SQS_DELAY_SECONDS + 1) {',
    description: 'sqs-delay sends a 901 s DelaySeconds (AWS refuses it; emulators accept it)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'sqs-delay-refuses-900',
    file: SD,
    search: 'if (delaySeconds > MAX_SQS_DELAY_SECONDS) {',
    replace: 'if (delaySeconds >= MAX_SQS_DELAY_SECONDS) {',
    description: 'sqs-delay dead-letters a delay of exactly 900 s too-large',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'sqs-delay-shortens',
    file: SD,
    search: 'DelaySeconds: delaySeconds }',
    replace: 'DelaySeconds: Math.min(delaySeconds, 600) }',
    description: 'sqs-delay sends a shorter DelaySeconds than the policy asked (an early retry)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-hides-42001',
    file: VT,
    search: 'if (delaySeconds > LONGEST_VISIBILITY_SECONDS) {',
    replace: 'if (delaySeconds > LONGEST_VISIBILITY_SECONDS + 1) {',
    description: 'visibility-timeout hides a message for 42,001 s (past the 12 h margin)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-refuses-42000',
    file: VT,
    search: 'if (delaySeconds > LONGEST_VISIBILITY_SECONDS) {',
    replace: 'if (delaySeconds >= LONGEST_VISIBILITY_SECONDS) {',
    description: 'visibility-timeout dead-letters a delay of exactly 42,000 s too-large',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-shortens',
    file: VT,
    search: 'VisibilityTimeout: delaySeconds }',
    replace: 'VisibilityTimeout: Math.min(delaySeconds, 600) }',
    description: 'visibility-timeout hides the message for less than the policy asked (an early retry)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'visibility-margin-dropped',
    file: 'lambda/limits.ts',
    search: 'export const RECEIVE_MARGIN_SECONDS = 300 + 900;',
    replace: 'export const RECEIVE_MARGIN_SECONDS = 300;',
    description: 'the 12-hour limit keeps room for the batching window only, not the Lambda timeout (42,900 s)',
    tests: LIMIT_TESTS,
  },
  {
    id: 'step-functions-waits-a-year',
    file: SF,
    search: 'const LONGEST_WAIT_SECONDS = ONE_YEAR_LIMIT.seconds;',
    replace: 'const LONGEST_WAIT_SECONDS = ONE_YEAR_LIMIT.seconds + 3600;',
    description: 'the Step Functions transport starts a Wait of a whole year (the execution times out, the message is lost)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'step-functions-refuses-31532400',
    file: SF,
    search: 'if (delaySeconds > LONGEST_WAIT_SECONDS) {',
    replace: 'if (delaySeconds >= LONGEST_WAIT_SECONDS) {',
    description: 'the Step Functions transport refuses a delay of exactly one year less an hour',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'requeue-margin-dropped',
    file: 'lambda/limits.ts',
    search: 'export const REQUEUE_MARGIN_SECONDS = 3600;',
    replace: 'export const REQUEUE_MARGIN_SECONDS = 0;',
    description: 'the one-year limit keeps no time for the requeue after the Wait',
    tests: LIMIT_TESTS,
  },
  {
    id: 'utf8-size-underestimated',
    file: SF,
    search: 'const most = serialized.length * 3;',
    replace: 'const most = serialized.length;',
    description: 'multi-byte park inputs are never measured (a 256 KiB+ input in UTF-8 is started and refused)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'sqs-delay-copy-size-unchecked',
    file: SD,
    search: 'const bytes = messageBytesOver(record.body, attributes, this.queueMessageBytes);',
    replace: 'const bytes = messageBytesOver(record.body, attributes, 2 * this.queueMessageBytes);',
    description: "a delayed copy over the work queue's MaximumMessageSize is sent (refused: the original redelivered forever)",
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'requeue-size-unchecked',
    file: SF,
    search: 'if (most <= limit) return undefined;',
    replace: 'return undefined;',
    description: "a requeued copy over the work queue's MaximumMessageSize is parked (refused after the Wait)",
    tests: TRANSPORT_TESTS,
  },

  // Attempt counting per transport.
  {
    id: 'visibility-does-not-count-receives',
    file: VT,
    search: 'readonly retriesInPlace = true;',
    replace: 'readonly retriesInPlace = false;',
    description: 'visibility-timeout stops counting ApproximateReceiveCount as attempts (retried forever)',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'step-functions-fallback-does-not-count-receives',
    file: SF,
    search: 'this.retriesInPlace = options.fallback !== undefined;',
    replace: 'this.retriesInPlace = false;',
    description: 'step-functions with the visibility fallback stops counting receives as attempts',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'auto-does-not-count-receives',
    file: AU,
    search: 'this.retriesInPlace = long.retriesInPlace;',
    replace: 'this.retriesInPlace = false;',
    description: 'auto (standard queue) stops counting receives after a visibility fallback: wrong attempt, not dead-lettered on time',
    tests: TRANSPORT_TESTS,
  },
  {
    id: 'receives-counted-one-high',
    file: DL,
    search: '? carried + this.receiveCount - 1 : carried;',
    replace: '? carried + this.receiveCount : carried;',
    description: 'the first receive already counts as a failed attempt',
  },
  {
    id: 'no-room-receives-not-counted',
    file: DL,
    search: 'return this.countsReceives || (this.metadata === undefined && this.noRoom) ?',
    replace: 'return this.countsReceives ?',
    description: 'a message without room for x-backoff is retried by redelivery without counting its attempts',
  },
  {
    id: 'execution-name-from-attempt',
    file: SF,
    search: 'const name = executionName(delivery.originalMessageId, (delivery.metadata?.attempt ?? 0) + 1,',
    replace: 'const name = executionName(delivery.originalMessageId, request.attempt,',
    description: 'the execution name follows the counted attempt, so a park after visibility retries is not recognised as a repeat',
    tests: TRANSPORT_TESTS,
  },

  // Execution names.
  {
    id: 'execution-name-81-chars',
    file: EN,
    search: 'const room = MAX_EXECUTION_NAME_LENGTH - suffix.length - 1;',
    replace: 'const room = MAX_EXECUTION_NAME_LENGTH - suffix.length;',
    description: 'a long message id makes an 81-character execution name (StartExecution refuses it)',
  },
  {
    id: 'execution-name-keeps-dots',
    file: EN,
    search: 'const DISALLOWED = /[^A-Za-z0-9_-]/g;',
    replace: 'const DISALLOWED = /[^A-Za-z0-9_.-]/g;',
    description: 'execution names keep characters outside [A-Za-z0-9-_]',
  },
  {
    id: 'execution-name-ignores-run',
    file: EN,
    search: "const suffix = `${run > 0 ? `r${run}-` : ''}${mark === '' ? '' : `${mark}-`}${n}-${hash}`;",
    replace: "const suffix = `${mark === '' ? '' : `${mark}-`}${n}-${hash}`;",
    description: 'a redriven message reuses its first run’s execution names (ExecutionAlreadyExists: never retried)',
  },
  {
    id: 'execution-name-short-hash',
    file: EN,
    search: 'const HASH_CHARS = 16;',
    replace: 'const HASH_CHARS = 4;',
    description: 'execution names carry 16 bits of the id hash (collisions between messages)',
  },

  // Policy math.
  {
    id: 'delay-floor-not-round',
    file: 'lambda/backoff.ts',
    search: 'return Math.min(Math.max(Math.round(',
    replace: 'return Math.min(Math.max(Math.floor(',
    description: 'delays rounded down instead of to the nearest second (x.5 rounds up)',
    tests: POLICY_TESTS,
  },
  {
    id: 'step-functions-policy-exponent',
    file: 'lambda/backoff.ts',
    search: 'Math.pow(spec.rate ?? 2, n - 1)',
    replace: 'Math.pow(spec.rate ?? 2, n)',
    description: 'the step-functions policy waits interval·rate^n instead of interval·rate^(n−1)',
    tests: POLICY_TESTS,
  },

  // maxReceiveCount validation and FIFO batch defaults.
  {
    id: 'receive-count-margin-dropped',
    file: VAL,
    search: 'receiveCountMargin: 1,',
    replace: 'receiveCountMargin: 0,',
    description: 'maxReceiveCount = maxAttempts accepted with visibility retries (redrive beats a failed last dead-letter send)',
    tests: VALIDATION_TESTS,
  },
  {
    id: 'receive-count-check-skipped',
    file: VAL,
    search: 'if (!transport.delaysByVisibility || Token.isUnresolved(maxReceiveCount)',
    replace: 'if (true || Token.isUnresolved(maxReceiveCount)',
    description: 'maxReceiveCount below maxAttempts accepted with a visibility transport (SQS redrive dead-letters without a reason)',
    tests: VALIDATION_TESTS,
  },
  {
    id: 'receive-count-check-strict',
    file: VAL,
    search: 'if (maxReceiveCount < least) {',
    replace: 'if (maxReceiveCount <= least) {',
    description: 'maxReceiveCount = maxAttempts + 1 rejected',
    tests: VALIDATION_TESTS,
  },
  {
    id: 'receive-count-max-10000',
    file: 'lambda/limits.ts',
    search: 'export const MAX_RECEIVE_COUNT = Object.freeze({ min: 1, max: 1000 });',
    replace: 'export const MAX_RECEIVE_COUNT = Object.freeze({ min: 1, max: 10000 });',
    description: 'maxReceiveCount up to 10,000 accepted (SQS allows 1,000)',
    tests: LIMIT_TESTS,
  },
  {
    id: 'default-receive-count-too-low',
    file: BQ,
    search: 'return Math.max(base, maxAttempts + LIMITS.receiveCountMargin);',
    replace: 'return base;',
    description: 'the default maxReceiveCount ignores maxAttempts with a visibility transport (synth fails or redrive wins)',
    tests: ['test/unit/construct/backoff-queue-defaults.test.ts', ...VALIDATION_TESTS],
  },
  {
    id: 'fifo-default-batch-10',
    file: BQ,
    search: 'return fifo && transport.delaysByVisibility ? 1 : BACKOFF_QUEUE_DEFAULTS.batchSize;',
    replace: 'return BACKOFF_QUEUE_DEFAULTS.batchSize;',
    description: 'FIFO + visibility retries default to batches of 10 (held messages burn attempts)',
    tests: ['test/unit/construct/fifo-batch-size.test.ts'],
  },
  {
    id: 'fifo-batch-max-10000',
    file: VAL,
    search: 'const maxBatch = fifo ? LIMITS.batchSize.fifoMax : LIMITS.batchSize.max;',
    replace: 'const maxBatch = LIMITS.batchSize.max;',
    description: 'a FIFO batch size above 10 accepted (Lambda refuses it at deploy)',
    tests: ['test/unit/construct/fifo-batch-size.test.ts', ...VALIDATION_TESTS],
  },

  // KMS actions.
  {
    id: 'kms-send-without-decrypt',
    file: KMS,
    search: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey', 'kms:Decrypt']);",
    replace: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey']);",
    description: 'senders to an SSE-KMS queue without kms:Decrypt (SendMessage fails once SQS reuses a data key)',
    tests: IAM_TESTS,
  },
  {
    id: 'kms-send-without-generate',
    file: KMS,
    search: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey', 'kms:Decrypt']);",
    replace: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:Decrypt']);",
    description: 'senders to an SSE-KMS queue without kms:GenerateDataKey',
    tests: IAM_TESTS,
  },
  {
    id: 'kms-send-wildcards',
    file: KMS,
    search: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey', 'kms:Decrypt']);",
    replace: "export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:ReEncrypt*']);",
    description: "senders get aws-cdk's wildcard KMS actions (not least privilege)",
    tests: IAM_TESTS,
  },
  {
    id: 'kms-key-not-granted',
    file: KMS,
    search: 'return key === undefined ? send : send.combine(key.grant(grantee, ...KMS_SEND_ACTIONS));',
    replace: 'return send;',
    description: 'senders to an SSE-KMS queue get no KMS action at all',
    tests: IAM_TESTS,
  },
  {
    id: 'consumer-requeue-grant-without-decrypt',
    file: BQ,
    search: 'if (requeueQueue !== undefined) grantSendToQueue(requeueQueue, this.consumer);',
    replace:
      "if (requeueQueue !== undefined) { requeueQueue.grant(this.consumer, 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'); requeueQueue.encryptionMasterKey?.grant(this.consumer, 'kms:GenerateDataKey'); }",
    description: "the consumer's send grant to the work queue (sqs-delay, auto) without kms:Decrypt (another grant gives it today)",
    tests: IAM_TESTS,
  },
  {
    id: 'consumer-requeue-grant-dropped',
    file: BQ,
    search: 'if (requeueQueue !== undefined) grantSendToQueue(requeueQueue, this.consumer);',
    replace: '',
    description: 'the consumer of sqs-delay / auto may not send its delayed copies to the work queue',
    tests: IAM_TESTS,
  },

  // The state machine's Retry and Catch.
  {
    id: 'send-retry-dropped',
    file: SM,
    search: '}).addRetry(SEND_RETRY);',
    replace: '});',
    description: 'the SendMessage steps are not retried (one SQS throttle dead-letters a requeue)',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'send-retry-without-jitter',
    file: SM,
    search: 'jitterStrategy: sfn.JitterType.FULL,',
    replace: 'jitterStrategy: sfn.JitterType.NONE,',
    description: 'the SendMessage retries without jitter (parked messages that woke together retry together)',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'send-retry-unbounded-delay',
    file: SM,
    search: 'maxDelay: Duration.seconds(30),',
    replace: '',
    description: 'SendMessage retry waits without MaxDelaySeconds (past the requeue margin of the one-year limit)',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'catch-overwrites-input',
    file: SM,
    search: "resultPath: '$.requeueError' });",
    replace: "resultPath: '$' });",
    description: "the Catch writes the error over the input: DeadLetter has no $.body to send",
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'catch-task-errors-only',
    file: SM,
    search: 'requeue.addCatch(deadLetter.next(failed), { errors: [sfn.Errors.ALL],',
    replace: 'requeue.addCatch(deadLetter.next(failed), { errors: [sfn.Errors.TASKS_FAILED],',
    description: 'the Catch misses States.Timeout and other non-task errors (the execution fails, the message is lost)',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'dead-letter-without-reason',
    file: SM,
    search: "'MessageAttributes.$': '$.deadLetterAttributes',",
    replace: "'MessageAttributes.$': '$.attributes',",
    description: 'the Catch dead-letters with the requeue attributes (no requeue-failed reason)',
    tests: STATE_MACHINE_TESTS,
  },
  {
    id: 'send-step-without-timeout',
    file: SM,
    search: 'TimeoutSeconds: SEND_TIMEOUT_SECONDS,',
    replace: '',
    description: 'a SendMessage step without TimeoutSeconds (a hung send outlives the one-year margin)',
    tests: STATE_MACHINE_TESTS,
  },
  // The Python runtime (lambda/python/sqs_backoff), killed by pytest: the golden vectors generated
  // from the TypeScript code, the scenarios and the runtime's own tests.
  {
    id: 'py-round-half-down',
    file: `${PY}/js.py`,
    search: 'result = floor + 1 if x - floor >= 0.5 else floor',
    replace: 'result = floor + 1 if x - floor > 0.5 else floor',
    description: 'Python: x.5 rounds down (JavaScript Math.round rounds it up): delays differ from Node by a second',
    runner: 'pytest',
  },
  {
    id: 'py-no-delay-clamp',
    file: `${PY}/backoff.py`,
    search: 'return _whole(js_min(js_max(js_round(raw), 0.0), cap_of(spec)))',
    replace: 'return _whole(js_max(js_round(raw), 0.0))',
    description: 'Python: delays no longer clamped to the cap',
    runner: 'pytest',
  },
  {
    id: 'py-step-functions-policy-exponent',
    file: `${PY}/backoff.py`,
    search: 'js_pow(_value(spec, "rate", 2), n - 1)',
    replace: 'js_pow(_value(spec, "rate", 2), n)',
    description: 'Python: the step-functions policy waits interval·rate^n instead of interval·rate^(n−1)',
    runner: 'pytest',
  },
  {
    id: 'py-execution-name-81-chars',
    file: `${PY}/execution_name.py`,
    search: 'room = MAX_EXECUTION_NAME_LENGTH - len(suffix) - 1',
    replace: 'room = MAX_EXECUTION_NAME_LENGTH - len(suffix)',
    description: 'Python: a long message id makes an 81-character execution name',
    runner: 'pytest',
  },
  {
    id: 'py-execution-name-ignores-run',
    file: `${PY}/execution_name.py`,
    search: 'suffix = f"{\'r\' + str(int(run)) + \'-\' if run > 0 else \'\'}{mark + \'-\' if mark else \'\'}{int(n)}-{digest}"',
    replace: 'suffix = f"{mark + \'-\' if mark else \'\'}{int(n)}-{digest}"',
    description: 'Python: a redriven message reuses its first run’s execution names',
    runner: 'pytest',
  },
  {
    id: 'py-execution-name-short-hash',
    file: `${PY}/execution_name.py`,
    search: '_HASH_CHARS: Final = 16',
    replace: '_HASH_CHARS: Final = 8',
    description: 'Python: execution names carry 8 hex digits of the id hash (Node: 16): the two runtimes park under different names',
    runner: 'pytest',
  },
  {
    id: 'py-x-backoff-field-order',
    file: `${PY}/backoff_metadata.py`,
    // Re-targeted: ruff format writes the tuple one field a line.
    search: '_FIELDS = (\n    "attempt",\n    "firstReceivedAt",\n',
    replace: '_FIELDS = (\n    "firstReceivedAt",\n    "attempt",\n',
    description: 'Python: x-backoff written in another field order than Node’s (not the same bytes on the wire)',
    runner: 'pytest',
  },
  {
    id: 'py-x-backoff-negative-attempt',
    file: `${PY}/backoff_metadata.py`,
    search: 'if not is_safe_integer(attempt) or attempt < 0:',
    replace: 'if not is_safe_integer(attempt):',
    description: 'Python: an x-backoff with a negative attempt is read as valid instead of corrupt',
    runner: 'pytest',
  },
  {
    id: 'py-sqs-delay-sends-901',
    file: `${PY}/transports/sqs_delay_transport.py`,
    search: 'if delay_seconds > MAX_SQS_DELAY_SECONDS:',
    replace: 'if delay_seconds > MAX_SQS_DELAY_SECONDS + 1:',
    description: 'Python: sqs-delay sends a 901 s DelaySeconds',
    runner: 'pytest',
  },
  {
    id: 'py-visibility-hides-42001',
    file: `${PY}/transports/visibility_timeout_transport.py`,
    search: 'if delay_seconds > LONGEST_VISIBILITY_SECONDS:',
    replace: 'if delay_seconds > LONGEST_VISIBILITY_SECONDS + 1:',
    description: 'Python: visibility-timeout hides a message for 42,001 s',
    runner: 'pytest',
  },
  {
    id: 'py-step-functions-waits-a-year',
    file: `${PY}/transports/step_functions_transport.py`,
    search: '_LONGEST_WAIT_SECONDS: Final = ONE_YEAR_LIMIT.seconds',
    replace: '_LONGEST_WAIT_SECONDS: Final = ONE_YEAR_LIMIT.seconds + 3600',
    description: 'Python: the Step Functions transport starts a Wait of a whole year',
    runner: 'pytest',
  },
  {
    id: 'py-auto-900-to-step-functions',
    file: `${PY}/transports/auto_transport.py`,
    search: 'if request.delay_seconds <= MAX_SQS_DELAY_SECONDS:',
    replace: 'if request.delay_seconds < MAX_SQS_DELAY_SECONDS:',
    description: 'Python: auto sends a delay of exactly 900 s to Step Functions',
    runner: 'pytest',
  },
  {
    id: 'py-auto-does-not-count-receives',
    file: `${PY}/transports/auto_transport.py`,
    search: 'self.retries_in_place = long.retries_in_place',
    replace: 'self.retries_in_place = False',
    description: 'Python: auto stops counting receives after a visibility fallback',
    runner: 'pytest',
  },
  {
    id: 'py-visibility-margin-dropped',
    file: `${PY}/limits.py`,
    search: 'RECEIVE_MARGIN_SECONDS: Final = 300 + 900',
    replace: 'RECEIVE_MARGIN_SECONDS: Final = 300',
    description: 'Python: the 12-hour limit keeps no room for the Lambda timeout (42,900 s)',
    runner: 'pytest',
  },
  {
    // No pytest covers the FIFO skip: the Python FIFO e2e test runs in batches of 10 to reach it.
    id: 'py-fifo-order-not-kept',
    file: `${PY}/with_backoff.py`,
    search: '(blocked := blocked if blocked is not None else set()).add(group)',
    replace: 'blocked = blocked if blocked is not None else set()',
    description: 'Python FIFO: later messages of a group processed after an unacknowledged one',
    tests: ['test/e2e/pythonTransports.test.ts'],
  },
  {
    id: 'py-deadline-watch-not-woken',
    file: `${PY}/deadline_watch.py`,
    search: '                self._cond.notify()',
    replace: '                pass',
    description: 'Python deadline watchdog not woken for a deadline earlier than the one it sleeps until (a batch runs past it)',
    runner: 'pytest',
  },
  {
    id: 'py-deadline-watch-signals-unarmed',
    file: `${PY}/deadline_watch.py`,
    search: 'if self.armed and now >= self.deadline and self.deadline != self._signalled:',
    replace: 'if now >= self.deadline and self.deadline != self._signalled:',
    description: 'Python deadline watchdog sends SIGALRM after the invocation answered',
    runner: 'pytest',
  },
];

/**
 * One-line mutations of the runtime and the construct, each a plausible bug a reviewer would
 * want the unit project to catch. `search` must occur exactly once in `file` (the runner says
 * "stale" otherwise, so a refactor that moves the code shows up instead of a false "survived").
 */
export interface Mutation {
  readonly id: string;
  readonly file: string;
  readonly search: string;
  readonly replace: string;
  readonly description: string;
}

const RP = 'lambda/runtime/recordProcessor.ts';
const WB = 'lambda/runtime/withBackoff.ts';
const AT = 'lambda/runtime/attributes.ts';
const BQ = 'lib/backoff-queue.ts';

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
    search: 'if (n >= config.maxAttempts)',
    replace: 'if (n > config.maxAttempts)',
    description: 'dead-letter one attempt late (n > maxAttempts)',
  },
  {
    id: 'drop-binary-attributes',
    file: AT,
    search: 'wire[name] = toWireAttribute(attributes[name]);',
    replace: "if (!attributes[name].dataType.startsWith('Binary')) wire[name] = toWireAttribute(attributes[name]);",
    description: 'drop Binary user attributes from the park input and the DLQ copy',
  },
  {
    id: 'no-delay-clamp',
    file: 'lambda/backoff.ts',
    search: 'return Math.min(Math.max(value, 0), cap);',
    replace: 'return Math.max(value, 0);',
    description: 'stop clamping delays to the cap',
  },
  {
    id: 'no-report-batch-item-failures',
    file: 'lib/consumer-wiring.ts',
    search: 'reportBatchItemFailures: true,',
    replace: 'reportBatchItemFailures: false,',
    description: 'event source mapping without ReportBatchItemFailures',
  },
  {
    id: 'no-dlq-grant',
    file: BQ,
    search: 'grantSendToQueue(this.deadLetterQueue, this.consumer);',
    replace: '',
    description: 'consumer not allowed to send to the dead-letter queue',
  },
  {
    id: 'no-requeue-catch',
    file: 'lib/retry-state-machine.ts',
    search: "requeue.addCatch(deadLetter.next(failed), { errors: [sfn.Errors.ALL], resultPath: '$.requeueError' });",
    replace: 'void deadLetter; void failed;',
    description: 'state machine without the Catch that dead-letters a failed requeue',
  },
  {
    id: 'ack-at-deadline',
    file: WB,
    search: 'if (outcomes[i] !== true) failures.push',
    replace: 'if (outcomes[i] === false) failures.push',
    description: 'acknowledge records still running at the deadline',
  },
  // The ones that survived the audit.
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
    id: 'on-retry-not-awaited',
    file: RP,
    search: "await this.hook('onRetry', () => onRetry(event), delivery);",
    replace: "void this.hook('onRetry', () => onRetry(event), delivery);",
    description: 'onRetry no longer awaited before the outcome',
  },
  // Others.
  {
    id: 'on-dead-letter-not-awaited',
    file: RP,
    search: "await this.hook('onDeadLetter', () => onDeadLetter(event), delivery);",
    replace: "void this.hook('onDeadLetter', () => onDeadLetter(event), delivery);",
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
    description: 'acknowledge a record whose StartExecution failed',
  },
  {
    id: 'ack-runtime-bug',
    file: RP,
    search: "this.deps.logger.error('unexpected-error', { messageId: record?.messageId, error: logged(error) });",
    replace: "this.deps.logger.error('unexpected-error', { messageId: record?.messageId, error: logged(error) }); return true;",
    description: 'acknowledge a record the runtime itself failed on',
  },
  {
    id: 'ignore-non-retryable',
    file: RP,
    search: "if (this.nonRetryable(error)) return this.deadLetter(delivery, 'non-retryable', n, error);",
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
    file: 'lambda/runtime/transports/stepFunctionsTransport.ts',
    search: 'if (bytes > MAX_EXECUTION_INPUT_BYTES) {',
    replace: 'if (bytes > 2 * MAX_EXECUTION_INPUT_BYTES) {',
    description: 'park inputs up to 512 KiB (Step Functions refuses over 256 KiB)',
  },
  {
    id: 'fifo-order-not-kept',
    file: WB,
    search: 'if (!outcomes[i]) (blockedGroups ??= new Set()).add(group);',
    replace: '',
    description: 'FIFO: later messages of a group processed after an unacknowledged one',
  },
  {
    id: 'already-exists-is-failure',
    file: 'lambda/runtime/park.ts',
    search: "if (ALREADY_EXISTS.has((error as { name?: string })?.name ?? '')) return 'already-exists';",
    replace: '',
    description: 'ExecutionAlreadyExists reported as a failure (duplicate deliveries redelivered forever)',
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
  },
  {
    id: 'visibility-one-timeout',
    file: BQ,
    search: 'return Duration.seconds(timeout.toSeconds({ integral: false }) * LIMITS.visibilityPerFunctionTimeout);',
    replace: 'return Duration.seconds(timeout.toSeconds({ integral: false }));',
    description: 'default visibility timeout equal to the consumer timeout instead of 6 ×',
  },
];

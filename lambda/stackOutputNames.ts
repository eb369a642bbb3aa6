/**
 * The CloudFormation output names of a sqs-backoff stack: the example app writes them, and the
 * operator CLI, the demo, the load run and the end-to-end tests read them. One list, so a rename
 * cannot leave a reader behind.
 */
export const STACK_OUTPUTS = Object.freeze({
  queueUrl: 'QueueUrl',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  /** Only when a state machine exists (the `step-functions` and `auto` transports). */
  stateMachineArn: 'StateMachineArn',
  processedQueueUrl: 'ProcessedQueueUrl',
  consumerFunctionName: 'ConsumerFunctionName',
  /** JSON `PolicySpec`. */
  backoffPolicy: 'BackoffPolicy',
  maxAttempts: 'MaxAttempts',
  maxReceiveCount: 'MaxReceiveCount',
  /** The delay transport (`TRANSPORT_NAMES`); absent on stacks older than the transports: `step-functions`. */
  transport: 'Transport',
  deadLetterMessagesAlarmName: 'DeadLetterMessagesAlarmName',
  oldestMessageAgeAlarmName: 'OldestMessageAgeAlarmName',
  executionsFailedAlarmName: 'ExecutionsFailedAlarmName',
  consumerErrorsAlarmName: 'ConsumerErrorsAlarmName',
});

export type StackOutputKey = keyof typeof STACK_OUTPUTS;

/** The outputs the spec fixes and the demo flow relies on. */
export const REQUIRED_STACK_OUTPUTS = Object.freeze([
  STACK_OUTPUTS.queueUrl,
  STACK_OUTPUTS.deadLetterQueueUrl,
  STACK_OUTPUTS.stateMachineArn,
  STACK_OUTPUTS.processedQueueUrl,
] as const);

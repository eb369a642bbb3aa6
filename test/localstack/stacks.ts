/** The consumer-less stacks the LocalStack project deploys (globalSetup.ts). */
export const LOCALSTACK_STACKS = Object.freeze({
  /** Example defaults: state machine, queue attributes, SQS redrive, the DLQ alarm. */
  main: 'SqsBackoffLocal',
  /** Long waits (exponential base 30 s), for the operator CLI and its DLQ redrives. */
  ops: 'SqsBackoffLocalOps',
});

/** The consumer-less stacks the LocalStack project deploys (globalSetup.ts). */
export const LOCALSTACK_STACKS = Object.freeze({
  /** Example defaults: state machine, queue attributes, SQS redrive, the DLQ alarm. */
  main: 'SqsBackoffLocal',
  /** Long waits (exponential base 30 s), for the operator CLI and its DLQ redrives. */
  ops: 'SqsBackoffLocalOps',
});

/**
 * The main stack's redrive limit, set explicitly so the redrive tests do not follow the example
 * app's default: maxAttempts (4) + 1, the least the default transport's visibility fallback allows.
 */
export const MAIN_MAX_RECEIVE_COUNT = 5;

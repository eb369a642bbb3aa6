import { Duration } from 'aws-cdk-lib';

/** The defaults of a consumer the construct builds, and Lambda's own for a function that sets none. */
export const CONSUMER_DEFAULTS = Object.freeze({
  timeout: Duration.seconds(30),
  memorySize: 256,
  /** Lambda's own default, used when an existing `lambda.Function` sets none. */
  lambdaTimeout: Duration.seconds(3),
});

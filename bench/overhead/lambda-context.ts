import type { Context } from 'aws-lambda';

/** A constant Lambda context; neither runtime reads more than its identity. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench-consumer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-consumer',
    memoryLimitInMB: '128',
    awsRequestId: '6f2c7d8e-0000-4000-8000-000000000000',
    logGroupName: '/aws/lambda/bench-consumer',
    logStreamName: '2026/11/23/[$LATEST]bench',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

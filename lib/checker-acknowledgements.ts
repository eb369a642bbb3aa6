import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * The cdk-nag findings (AwsSolutions, ServerlessChecks) that the construct's design answers,
 * each acknowledged where it applies with the reason. docs/checks.md lists the counts.
 */

export function acknowledgeDeadLetterQueue(deadLetterQueue: sqs.IQueue): void {
  Validations.of(deadLetterQueue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: 'This is the dead-letter queue, the last stop: a redrive policy of its own would move messages out of sight of the dead-letter alarm',
  });
}

/** Why the runtime is not the newest one, per language of the consumer the construct builds. */
const RUNTIME_REASONS = Object.freeze({
  nodejs: {
    latest: 'The runtime is limited to Node.js 22 and 24 (consumer.runtime), the versions the consumer runtime and its AWS SDK v3 are tested on',
    default: 'Node.js 22 is the default by choice, the version the consumer runtime is tested on longest; consumer.runtime accepts Node.js 24',
  },
  python: {
    latest: 'The runtime is limited to Python 3.12 to 3.14 (consumer.runtime), the versions the sqs_backoff layer is built for',
    default: 'Python 3.13 is the default by choice; consumer.runtime accepts Python 3.12 and 3.14',
  },
});

export function acknowledgeBuiltConsumer(fn: lambda.IFunction, role: iam.IRole, language: keyof typeof RUNTIME_REASONS): void {
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: RUNTIME_REASONS[language].latest },
    { id: 'Serverless-LambdaLatestVersion', reason: RUNTIME_REASONS[language].default },
    {
      id: 'Serverless-LambdaDLQ',
      reason: 'The consumer is invoked synchronously by the SQS event source mapping, never asynchronously: failed records are parked for retry or sent to the dead-letter queue by the runtime',
    },
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; every SQS, Step Functions and logs grant is scoped',
  });
}

export function acknowledgeEventSourceMapping(mapping: lambda.EventSourceMapping): void {
  Validations.of(mapping).acknowledge({
    id: 'Serverless-LambdaEventSourceMappingDestination',
    reason: 'SQS event source mappings take no on-failure destination; records that keep failing reach the dead-letter queue through the runtime and the redrive policy',
  });
}

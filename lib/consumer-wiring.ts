import { Names } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BackoffEventSourceOptions } from './backoff-consumer-props';
import { acknowledgeEventSourceMapping } from './checker-acknowledgements';

/**
 * Connects the work queue to the consumer the way aws-cdk's `SqsEventSource` does (same
 * construct ID, so deployed mappings are kept), and makes the mapping wait for the grant that
 * lets the consumer's role receive. With an imported role that grant is a policy of its own,
 * which CloudFormation would otherwise create in parallel with the mapping; a first deploy then
 * fails in `CreateEventSourceMapping` because the role cannot read the queue yet.
 */
export function connectQueueToConsumer(
  queue: sqs.IQueue,
  consumer: lambda.IFunction,
  options: BackoffEventSourceOptions,
): lambda.EventSourceMapping {
  const mapping = consumer.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
    eventSourceArn: queue.queueArn,
    batchSize: options.batchSize,
    maxBatchingWindow: options.maxBatchingWindow,
    maxConcurrency: options.maxConcurrency,
    // Without it one failed record would make SQS redeliver the whole batch.
    reportBatchItemFailures: true,
  });
  acknowledgeEventSourceMapping(mapping);
  // An imported function without its role cannot be granted anything from here; the
  // consumerEnvironment warning tells its owner what to grant.
  if (consumer.role !== undefined) mapping.node.addDependency(queue.grantConsumeMessages(consumer));
  return mapping;
}

import { Annotations, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { isOwnedQueue } from './construct-identity';

/** Warning ID for an imported work queue whose encryption key is unknown. */
export const IMPORTED_QUEUE_WITHOUT_KEY = 'sqs-backoff:imported-queue-without-key';

/**
 * What an existing work queue changes: the new dead-letter queue is nobody's redrive target in
 * this template, and an imported queue's key is unknown unless its import names it.
 */
export function adoptExistingQueue(scope: Construct, queue: sqs.IQueue, deadLetterQueue: sqs.IQueue): void {
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This is the dead-letter queue of an existing work queue, whose redrive policy is set outside this construct (warning sqs-backoff:existingQueueRedrive)',
  });
  if (isOwnedQueue(queue) || queue.encryptionMasterKey !== undefined) return;
  Annotations.of(scope).addWarningV2(
    IMPORTED_QUEUE_WITHOUT_KEY,
    'the imported queue names no encryption key: if it uses SSE-KMS with a customer managed key, the consumer cannot receive from it and requeues fail into the dead-letter queue. ' +
      'Import it with sqs.Queue.fromQueueAttributes(this, id, { queueArn, keyArn }) so that kms:Decrypt and kms:GenerateDataKey are granted on the key',
  );
}

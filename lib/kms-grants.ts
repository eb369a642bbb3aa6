import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/** The SQS actions of aws-cdk's own `grantSendMessages`. */
const SQS_SEND_ACTIONS = Object.freeze(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);

/**
 * What a sender needs on the queue's customer managed key under SSE-KMS: a data key to encrypt
 * with, and `kms:Decrypt` to reuse that data key while SQS caches it. aws-cdk's
 * `grantSendMessages` grants `kms:Encrypt`, `kms:ReEncrypt*` and `kms:GenerateDataKey*` on top,
 * which SQS never calls and which cdk-nag rightly reports as wildcards (AwsSolutions-IAM5).
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
export const KMS_SEND_ACTIONS = Object.freeze(['kms:GenerateDataKey', 'kms:Decrypt']);

/**
 * Let `grantee` send to `queue`: the SQS send actions, and with a customer managed key exactly
 * {@link KMS_SEND_ACTIONS} on that key. (Receiving needs only `kms:Decrypt`, which aws-cdk's
 * `grantConsumeMessages` already limits itself to.)
 */
export function grantSendToQueue(queue: sqs.IQueue, grantee: iam.IGrantable): iam.Grant {
  const send = queue.grant(grantee, ...SQS_SEND_ACTIONS);
  const key = queue.encryptionMasterKey;
  return key === undefined ? send : send.combine(key.grant(grantee, ...KMS_SEND_ACTIONS));
}

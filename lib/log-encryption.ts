import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Warning ID for a log group key whose policy cannot be given the CloudWatch Logs statement. */
export const LOG_KEY_POLICY_NOT_SET = 'sqs-backoff:log-key-policy-not-set';

/**
 * What CloudWatch Logs does with a log group's key: AWS's documented `kms:Encrypt*`,
 * `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`, spelled out so that
 * no wildcard action is granted.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const LOGS_KEY_ACTIONS = Object.freeze([
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:DescribeKey',
]);

/**
 * Lets CloudWatch Logs of this region use `key` for this account's log groups. Without the
 * statement, creating a log group with the key fails on AWS. An imported key's policy is not
 * ours to change: the warning says what its owner must add.
 */
export function allowLogsToUseKey(scope: Construct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  const logGroupArns = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const { statementAdded } = key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: [...LOGS_KEY_ACTIONS],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArns } },
    }),
  );
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2(
      LOG_KEY_POLICY_NOT_SET,
      `logGroupEncryptionKey is imported, so its key policy cannot be changed here: allow logs.<region>.amazonaws.com ${LOGS_KEY_ACTIONS.join(', ')} on it, with kms:EncryptionContext:aws:logs:arn like this account's log groups, or creating the log groups fails`,
    );
  }
}

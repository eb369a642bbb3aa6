import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { DemoOutputs, assertDemoOutputs } from '../../scripts/flow/stackOutputs';
import { eventually } from './e2eClients';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface LocalStackContext {
  endpoint: string;
  sqs: SQSClient;
  sfn: SFNClient;
  cloudwatch: CloudWatchClient;
  cloudformation: CloudFormationClient;
  /** SqsBackoffLocal: the example defaults, without the consumer. */
  outputs: DemoOutputs;
  /** SqsBackoffLocalOps: long waits, for the operator CLI. */
  opsOutputs: DemoOutputs;
}

/** SDK clients pointed at the LocalStack the localstack globalSetup started, and both stacks' outputs. */
export function localstackContext(): LocalStackContext {
  const endpoint = inject('localstackEndpoint');
  const config = { endpoint, region: 'us-east-1', credentials: CREDENTIALS };
  return {
    endpoint,
    sqs: new SQSClient(config),
    sfn: new SFNClient(config),
    cloudwatch: new CloudWatchClient(config),
    cloudformation: new CloudFormationClient(config),
    outputs: assertDemoOutputs(inject('localstackOutputs')),
    opsOutputs: assertDemoOutputs(inject('localstackOpsOutputs')),
  };
}

/** A fresh standard queue of this test's own, so no other file can receive its messages. */
export async function createTestQueue(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
}

/**
 * Waits for the message `match` picks, then deletes it. Receives with visibility timeout 0 so
 * that messages of other tests sharing the queue (the stack's DLQ) stay visible to them and to
 * the DLQ alarm's metric.
 */
export async function takeMessage(
  sqs: SQSClient,
  queueUrl: string,
  match: (m: Message) => boolean,
  timeoutMs = 30_000,
): Promise<Message> {
  const message = await eventually(`a matching message on ${queueUrl}`, async () => {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return (r.Messages ?? []).find(match);
  }, timeoutMs, 100);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  return message;
}

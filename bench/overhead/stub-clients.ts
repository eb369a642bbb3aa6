import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** Hand stubs: `send` resolves at once with a constant, so parking costs only our own code. */
export interface StubClients {
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  /** How many commands each stub was sent. */
  readonly calls: { sfn: number; sqs: number };
}

export function stubClients(): StubClients {
  const calls = { sfn: 0, sqs: 0 };
  const started = Promise.resolve({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench-retry:x', startDate: new Date(0) });
  const sent = Promise.resolve({ MessageId: '00000000-0000-0000-0000-000000000000' });
  return {
    sfn: { send: () => (calls.sfn++, started) } as unknown as SFNClient,
    sqs: { send: () => (calls.sqs++, sent) } as unknown as SQSClient,
    calls,
  };
}

import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueWatcher } from '../../helpers/faultInjection';

const QUEUES = { processedQueueUrl: 'https://sqs.local/processed', deadLetterQueueUrl: 'https://sqs.local/dlq' };

/** Lets the watcher's background loop take a few turns. */
const turns = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

// The e2e fault tests read what the background watcher collected; a watcher that died must fail
// them, or "processed exactly once" and "nothing in the DLQ" would pass on an empty record.
describe('QueueWatcher (the e2e fault tests\' background drain)', () => {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const sqsMock = mockClient(sqs);
  afterEach(() => sqsMock.reset());

  it('collects processed reports by id while it is alive', async () => {
    // (an empty receive long-polls for real; a mock answering at once would starve the timers)
    let first = true;
    sqsMock.on(ReceiveMessageCommand).callsFake(async (input: { QueueUrl?: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (input.QueueUrl !== QUEUES.processedQueueUrl || !first) return {};
      first = false;
      return { Messages: [{ Body: '{"id":"a","attempt":1,"processedAt":"2026-01-01T00:00:00Z"}', ReceiptHandle: 'r1' }] };
    });
    sqsMock.on(DeleteMessageBatchCommand).resolves({});
    const watcher = new QueueWatcher(sqs, QUEUES);
    watcher.start();
    await turns();
    await watcher.stop();
    expect(watcher.reportsFor('a').map((report) => report.attempt)).toEqual([1]);
  });

  it('fails every later question once its loop died, instead of answering from what it had', async () => {
    // GIVEN a watcher whose receive fails (the emulator went away)
    sqsMock.on(ReceiveMessageCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'ECONNREFUSED' }));
    const watcher = new QueueWatcher(sqs, QUEUES);
    watcher.start();
    await turns();
    // WHEN a test asks what arrived THEN it fails, naming the cause
    expect(() => watcher.reportsFor('a')).toThrow(/the queue watcher stopped: .*ECONNREFUSED/);
    expect(() => watcher.deadLettersWhere(() => true)).toThrow(/the queue watcher stopped/);
    await expect(watcher.until('anything', () => 1, 1_000)).rejects.toThrow(/the queue watcher stopped/);
    // AND stopping it (the file's afterAll) fails too
    await expect(watcher.stop()).rejects.toThrow(/the queue watcher stopped/);
  });
});

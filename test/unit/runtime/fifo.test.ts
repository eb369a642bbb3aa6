import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { NonRetryableError, executionName } from '../../../lambda/runtime';
import { TEST_CONFIG, backoffHarness } from '../../helpers/backoffHarness';
import { MemoryLogger } from '../../helpers/memoryLogger';
import { FIFO_QUEUE_ARN, sqsEvent, sqsRecord } from '../../helpers/sqsRecord';

const FIFO_CONFIG = {
  ...TEST_CONFIG,
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work.fifo',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq.fifo',
};

function fifoRecord(messageId: string, group: string, body = messageId) {
  return sqsRecord({ messageId, body, messageGroupId: group, eventSourceARN: FIFO_QUEUE_ARN });
}

describe('FIFO sources', () => {
  it('processes records one by one, in batch order', async () => {
    // GIVEN slow handlers that record when they start and end
    const trace: string[] = [];
    const { run } = backoffHarness(
      async (message) => {
        trace.push(`start ${message.body}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        trace.push(`end ${message.body}`);
      },
      { config: FIFO_CONFIG, concurrency: 10 },
    );
    // WHEN a FIFO batch of three is processed
    await run(sqsEvent(fifoRecord('1', 'g'), fifoRecord('2', 'h'), fifoRecord('3', 'g')));
    // THEN they never overlap
    expect(trace).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('after a record of a group is not acknowledged, reports the later records of that group unprocessed', async () => {
    // GIVEN A1 fails and cannot be parked (throttled); other groups are fine
    const handled: string[] = [];
    const { run, sfnMock, logger } = backoffHarness(
      (message) => {
        handled.push(message.body);
        if (message.body === 'A1') throw new Error('x');
      },
      { config: FIFO_CONFIG },
    );
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // WHEN the batch A1, A2, B1, A3 is processed
    const result = await run(sqsEvent(fifoRecord('a1', 'A', 'A1'), fifoRecord('a2', 'A', 'A2'), fifoRecord('b1', 'B', 'B1'), fifoRecord('a3', 'A', 'A3')));
    // THEN A2 and A3 are not handled but reported after A1, so SQS redelivers A1, A2, A3 in order; B1 is done
    expect(handled).toEqual(['A1', 'B1']);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
    expect(logger.entries.filter((entry) => entry.msg === 'skipped-fifo-order').map((entry) => entry.messageId)).toEqual(['a2', 'a3']);
  });

  it('goes on with a group after one of its records was parked (parking gives up that message\'s order)', async () => {
    // GIVEN A1 fails and is parked
    const handled: string[] = [];
    const { run, parked } = backoffHarness(
      (message) => {
        handled.push(message.body);
        if (message.body === 'A1') throw new Error('x');
      },
      { config: FIFO_CONFIG },
    );
    // WHEN A1, A2 are processed
    const result = await run(sqsEvent(fifoRecord('a1', 'A', 'A1'), fifoRecord('a2', 'A', 'A2')));
    // THEN both were handled and acknowledged
    expect(handled).toEqual(['A1', 'A2']);
    expect(result.batchItemFailures).toEqual([]);
    expect(parked()).toHaveLength(1);
  });

  it('parks with the message group and a per-park deduplication id', async () => {
    // GIVEN a FIFO work queue
    const { run, parked } = backoffHarness(() => {
      throw new Error('x');
    }, { config: FIFO_CONFIG });
    // WHEN a record of group "orders-42" is parked
    await run(sqsEvent(fifoRecord('f-1', 'orders-42')));
    // THEN the requeue can be sent to the FIFO queue and is not swallowed by deduplication
    const [execution] = parked();
    expect(execution.input.messageGroupId).toBe('orders-42');
    expect(execution.input.messageDeduplicationId).toBe(executionName('f-1', 1));
  });

  it('dead-letters to a FIFO DLQ with the group and the received message id as deduplication id', async () => {
    // GIVEN a FIFO DLQ
    const { run, sqsMock } = backoffHarness(() => {
      throw new NonRetryableError('no');
    }, { config: FIFO_CONFIG });
    // WHEN a record is dead-lettered
    await run(sqsEvent(fifoRecord('f-2', 'orders-7')));
    // THEN the send names the group and deduplicates repeated sends of this delivery
    const [call] = sqsMock.commandCalls(SendMessageCommand);
    expect(call.args[0].input).toMatchObject({
      QueueUrl: FIFO_CONFIG.deadLetterQueueUrl,
      MessageGroupId: 'orders-7',
      MessageDeduplicationId: 'f-2',
    });
  });

  it('leaves group and deduplication id out for standard queues', async () => {
    const { run, parked } = backoffHarness(() => {
      throw new Error('x');
    });
    await run(sqsEvent(sqsRecord({ messageGroupId: 'fair-queue-tenant' })));
    expect(parked()[0].input).not.toHaveProperty('messageGroupId');
    expect(parked()[0].input).not.toHaveProperty('messageDeduplicationId');
  });

  it('fails the invocation when the worker itself throws (a user logger that throws on skipped-fifo-order)', async () => {
    // GIVEN A1 fails and cannot be parked, and a logger whose warn throws
    const logger = new MemoryLogger();
    logger.warn = () => {
      throw new Error('logger bug');
    };
    const { run, sfnMock } = backoffHarness(
      (message) => {
        if (message.body === 'A1') throw new Error('x');
      },
      { config: FIFO_CONFIG, logger },
    );
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // WHEN A2 of the same group must be skipped
    const result = run(sqsEvent(fifoRecord('a1', 'A', 'A1'), fifoRecord('a2', 'A', 'A2')));
    // THEN the invocation fails with the logger's error (Lambda then redelivers the whole batch)
    await expect(result).rejects.toThrow('logger bug');
  });
});

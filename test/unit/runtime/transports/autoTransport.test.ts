import { describe, expect, it } from 'vitest';
import { MAX_SQS_DELAY_SECONDS } from '../../../../lambda/contract';
import { backoffHarness, failingWith } from '../../../helpers/backoffHarness';
import { FIFO_QUEUE_ARN, sqsEvent, sqsRecord } from '../../../helpers/sqsRecord';
import { FIFO_QUEUES, delayedCopies, transportConfig, visibilityChanges } from '../../../helpers/transportConfig';

describe('the auto transport', () => {
  it(`sends an SQS delayed copy for a delay of ${MAX_SQS_DELAY_SECONDS} s`, async () => {
    const { run, sqsMock, parked, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('auto', { delaySeconds: 900 }) });
    const result = await run(sqsEvent(sqsRecord()));
    expect(delayedCopies(sqsMock).map((copy) => copy.input.DelaySeconds)).toEqual([900]);
    expect(parked()).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
    expect(logger.find('parked')?.transport).toBe('sqs-delay');
  });

  it(`parks a delay of ${MAX_SQS_DELAY_SECONDS + 1} s in Step Functions`, async () => {
    const { run, sqsMock, parked, logger } = backoffHarness(failingWith(new Error('boom')), { config: transportConfig('auto', { delaySeconds: 901 }) });
    const result = await run(sqsEvent(sqsRecord()));
    expect(parked().map((call) => call.input.delaySeconds)).toEqual([901]);
    expect(delayedCopies(sqsMock)).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
    expect(logger.find('parked')?.transport).toBe('step-functions');
  });

  it('uses a visibility timeout on a FIFO queue, whatever the delay, with no state machine configured', async () => {
    const config = transportConfig('auto', { delaySeconds: 20, ...FIFO_QUEUES, stateMachineArn: undefined });
    const { run, sqsMock, parked, logger } = backoffHarness(failingWith(new Error('boom')), { config });
    const result = await run(sqsEvent(sqsRecord({ messageId: 'f-1', messageGroupId: 'g', eventSourceARN: FIFO_QUEUE_ARN })));
    expect(visibilityChanges(sqsMock).map((input) => input.VisibilityTimeout)).toEqual([20]);
    expect(parked()).toEqual([]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'f-1' }]);
    expect(logger.find('parked')?.transport).toBe('visibility-timeout');
  });
});

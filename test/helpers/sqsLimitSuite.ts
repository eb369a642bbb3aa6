/**
 * The same tests of the SQS limits the delay transports rely on, for each emulator
 * (test/e2e/sqsTransportLimits.test.ts on MiniStack, test/localstack/sqsTransportLimits.test.ts).
 * Where the emulator differs from AWS the test says so in its name and asserts what the emulator
 * does, so that a fix shows up as a failing test; the construct and the runtime enforce those
 * limits themselves (lambda/limits.ts).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SQS_DELAY_SECONDS } from '../../lambda/contract';
import { TWELVE_HOURS_LIMIT } from '../../lambda/limits';
import {
  BEYOND_AWS_LIMITS,
  ProbeQueues,
  changeVisibility,
  createProbeQueues,
  msUntilReceivable,
  receivedMessage,
  sendDelayed,
} from './sqsLimitProbes';

const LONGEST_VISIBILITY_WAIT = TWELVE_HOURS_LIMIT.seconds;

export function describeSqsTransportLimits(emulator: string, sqs: () => SQSClient, tag: string): void {
  describe(`SQS limits the delay transports rely on, on ${emulator}`, () => {
    let queues: ProbeQueues;

    beforeAll(async () => {
      queues = await createProbeQueues(sqs(), tag);
    });

    it(`takes DelaySeconds ${MAX_SQS_DELAY_SECONDS}, sqs-delay's longest wait, on a standard queue (AWS: 0 to 900)`, async () => {
      expect(await sendDelayed(sqs(), queues.standard, MAX_SQS_DELAY_SECONDS)).toBe('accepted');
    });

    it(`accepts DelaySeconds ${BEYOND_AWS_LIMITS.delaySeconds}, which AWS refuses: only the construct and the runtime keep sqs-delay within 900 s here`, async () => {
      expect(await sendDelayed(sqs(), queues.standard, BEYOND_AWS_LIMITS.delaySeconds)).toBe('accepted');
    });

    it('refuses a per-message DelaySeconds on a FIFO queue with InvalidParameterValue, as AWS does (why sqsDelay() is a synth error there)', async () => {
      expect(await sendDelayed(sqs(), queues.fifo, 5)).toBe('InvalidParameterValue');
    });

    it('never delivers a DelaySeconds 2 message before 2 s', async () => {
      const body = `${tag}-delayed`;
      expect(await sendDelayed(sqs(), queues.standard, 2, body)).toBe('accepted');
      const waited = await msUntilReceivable(sqs(), queues.standard, body, Date.now(), 15_000);
      expect(waited).toBeGreaterThanOrEqual(2_000);
    });

    it(`takes ChangeMessageVisibility ${LONGEST_VISIBILITY_WAIT}, visibility-timeout's longest wait, on a message just received (AWS: up to 43,200 from the receive)`, async () => {
      const message = await receivedMessage(sqs(), queues.standard, `${tag}-longest-visibility`);
      expect(await changeVisibility(sqs(), queues.standard, message, LONGEST_VISIBILITY_WAIT)).toBe('accepted');
    });

    it(`accepts ChangeMessageVisibility ${BEYOND_AWS_LIMITS.visibilityTimeout}, which AWS refuses: only the construct and the runtime keep visibility-timeout within 42,000 s here`, async () => {
      const message = await receivedMessage(sqs(), queues.standard, `${tag}-beyond-twelve-hours`);
      expect(await changeVisibility(sqs(), queues.standard, message, BEYOND_AWS_LIMITS.visibilityTimeout)).toBe('accepted');
    });

    it('never returns a message hidden for 2 s before 2 s', async () => {
      const body = `${tag}-hidden`;
      const message = await receivedMessage(sqs(), queues.standard, body);
      expect(await changeVisibility(sqs(), queues.standard, message, 2)).toBe('accepted');
      const waited = await msUntilReceivable(sqs(), queues.standard, body, Date.now(), 15_000);
      expect(waited).toBeGreaterThanOrEqual(2_000);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { parkEventOf } from '../../../scripts/flow/parkLogWatcher';

describe('parkEventOf', () => {
  it('reads the transport, delay and attempt of a parked line', () => {
    // GIVEN a consumer log line as lambda/runtime/logger.ts writes it for a park
    const line = { level: 'INFO', msg: 'parked', messageId: 'm-2', originalMessageId: 'm-1', attempt: 2, delaySeconds: 4, transport: 'sqs-delay' };
    // WHEN it is read THEN the park names its carrier and no fallback
    expect(parkEventOf(line)).toEqual({ originalMessageId: 'm-1', attempt: 2, delaySeconds: 4, transport: 'sqs-delay', fallback: undefined });
  });

  it('keeps the fallback that carried a park', () => {
    const line = { level: 'INFO', msg: 'parked', originalMessageId: 'm-1', attempt: 1, delaySeconds: 2, transport: 'visibility-timeout', fallback: 'step-functions-throttled' };
    expect(parkEventOf(line)?.fallback).toBe('step-functions-throttled');
  });

  it('ignores every other decision line, already-parked included', () => {
    for (const msg of ['already-parked', 'dead-lettered', 'park-failed', 'processed']) {
      expect(parkEventOf({ level: 'INFO', msg, originalMessageId: 'm-1', attempt: 1, delaySeconds: 2, transport: 'sqs-delay' }), msg).toBeUndefined();
    }
  });

  it('ignores a parked line that lacks its transport', () => {
    expect(parkEventOf({ level: 'INFO', msg: 'parked', originalMessageId: 'm-1', attempt: 1, delaySeconds: 2 })).toBeUndefined();
  });
});

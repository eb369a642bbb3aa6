import { NonRetryableError } from '../../../lambda/runtime';
import { describe, expect, it } from 'vitest';
import { BACKOFF_ATTRIBUTE } from '../../../lambda/contract';
import { backoffHarness, failingWith } from '../../helpers/backoffHarness';
import { backoffMetadata, sqsEvent, sqsRecord, stringAttribute } from '../../helpers/sqsRecord';

// Only the exact name `x-backoff` is ours. Users' names that merely look like it (a tracing
// header copied into an attribute, a different case, a longer name) must survive every hop.
const LOOKALIKES = {
  'x-trace-id': stringAttribute('trace-1'),
  'x-backoff-tenant': stringAttribute('t-7'),
  'X-Backoff': stringAttribute('upper'),
  'x-': stringAttribute('dash'),
};

describe('user attributes whose names start with x-', () => {
  it('are kept in the retry state machine input next to a fresh x-backoff', async () => {
    // GIVEN a requeued copy carrying look-alike user attributes and our own x-backoff
    const { run, parked } = backoffHarness(failingWith(new Error('retry me')));
    // WHEN it fails again and is parked
    await run(sqsEvent(sqsRecord({ attributes: LOOKALIKES, backoff: backoffMetadata({ attempt: 1 }) })));
    // THEN every look-alike is there, byte for byte, and x-backoff is the only attribute added
    const { attributes } = parked()[0].input;
    expect(Object.keys(attributes).sort()).toEqual([...Object.keys(LOOKALIKES), BACKOFF_ATTRIBUTE].sort());
    expect(attributes['x-trace-id']).toEqual({ DataType: 'String', StringValue: 'trace-1' });
    expect(attributes['x-backoff-tenant']).toEqual({ DataType: 'String', StringValue: 't-7' });
    expect(attributes['X-Backoff']).toEqual({ DataType: 'String', StringValue: 'upper' });
    expect(attributes['x-']).toEqual({ DataType: 'String', StringValue: 'dash' });
  });

  it('are kept in the copy sent to the dead-letter queue', async () => {
    // GIVEN a message with look-alike attributes
    const { run, deadLettered } = backoffHarness(failingWith(new NonRetryableError('poison')));
    // WHEN it is dead-lettered
    await run(sqsEvent(sqsRecord({ attributes: LOOKALIKES })));
    // THEN the DLQ copy has them all, plus x-backoff
    const sent = deadLettered()[0].input.MessageAttributes!;
    expect(Object.keys(sent).sort()).toEqual([...Object.keys(LOOKALIKES), BACKOFF_ATTRIBUTE].sort());
    expect(sent['x-trace-id']).toEqual({ DataType: 'String', StringValue: 'trace-1' });
    expect(sent['X-Backoff']).toEqual({ DataType: 'String', StringValue: 'upper' });
  });
});

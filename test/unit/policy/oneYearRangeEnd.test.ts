import { describe, expect, it } from 'vitest';
import { MAX_DELAY_SECONDS, ONE_YEAR_RANGE_END, ONE_YEAR_REASON } from '../../../lambda/limits';

describe('ONE_YEAR_RANGE_END', () => {
  it('names the one-year limit in seconds and says why, as the construct shows a range ending there', () => {
    // Prepare / Act: the constant is built by a call the runtime bundle can leave out.
    // Assess: the exact sentence, written out by hand.
    expect(ONE_YEAR_RANGE_END).toBe('31536000 seconds (one year, the longest Step Functions Standard execution)');
    expect(ONE_YEAR_RANGE_END).toBe(`${MAX_DELAY_SECONDS} seconds (${ONE_YEAR_REASON})`);
  });
});

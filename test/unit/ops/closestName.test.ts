import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../../bin/closestName';

describe('closestName', () => {
  it('counts edits case-insensitively', () => {
    expect(editDistance('maxAtempts', 'maxAttempts')).toBe(1);
    expect(editDistance('BASE', 'base')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the nearest candidate, and nothing for a wild guess', () => {
    expect(closestName('maxAtempts', ['maxAttempts', 'maxElapsed', 'maxReceiveCount'])).toBe('maxAttempts');
    expect(closestName('visibiltyTimeout', ['timeout', 'visibilityTimeout'])).toBe('visibilityTimeout');
    expect(closestName('colour', ['base', 'cap'])).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSII_PATHS } from './paths';

describe('API.md', () => {
  it('is what jsii-docgen generates from the doc comments (run `npm run package:jsii` when this fails)', () => {
    // GIVEN the reference generated from this tree's assembly by globalSetup
    const fresh = readFileSync(JSII_PATHS.freshApiMd, 'utf8');
    // THEN the committed one is the same
    expect(readFileSync(JSII_PATHS.committedApiMd, 'utf8')).toBe(fresh);
  });
});

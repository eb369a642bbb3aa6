import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROPS_DOC, withPropsTable } from '../../../scripts/docs/propsTable';

describe('docs/props.md props table', () => {
  it('is what `npm run docs:props` generates from the doc comments (run it when this fails)', () => {
    const readme = readFileSync(PROPS_DOC, 'utf8');
    expect(readme).toBe(withPropsTable(readme));
  });

  it('lists the required consumer prop and a documented default', () => {
    const readme = readFileSync(PROPS_DOC, 'utf8');
    expect(readme).toContain('| `consumer` (required) |');
    expect(readme).toMatch(/\| `maxAttempts` \| `number` \| 5 \|/);
  });
});

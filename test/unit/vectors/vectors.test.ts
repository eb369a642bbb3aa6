import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVectors, VECTORS_DIR, vectorFileText } from '../../../scripts/vectors/generate';

describe('golden vectors (test/vectors)', () => {
  it('match what the TypeScript code generates today (run `npm run vectors` after a deliberate change)', async () => {
    // GIVEN the vectors generated in memory from the current code
    const built = await buildVectors();
    // WHEN each committed file is compared with its regenerated text
    // THEN none has drifted, and no stale file is left behind
    for (const [category, cases] of Object.entries(built)) {
      expect(readFileSync(join(VECTORS_DIR, `${category}.json`), 'utf8'), `${category}.json`).toBe(vectorFileText(category, cases));
    }
    expect(readdirSync(VECTORS_DIR).sort()).toEqual(Object.keys(built).map((c) => `${c}.json`).sort());
  });

  it('cover every category the Python runtime must match, with cases in each', async () => {
    // GIVEN the generated vectors WHEN counted THEN each required category has cases
    const built = await buildVectors();
    for (const category of ['delays', 'pow', 'pow-delays', 'seeded-random', 'worst-cases', 'limits', 'config', 'execution-names', 'metadata', 'park-inputs', 'sizes', 'iso-times', 'error-cuts', 'numbers', 'scenarios']) {
      expect(built[category]?.length ?? 0, category).toBeGreaterThan(5);
    }
  });
});

/**
 * `npm run mutate` is only as good as its list: a mutation whose code moved would be reported
 * stale by the runner, which nothing runs on every commit. This file runs no mutation; it checks
 * in milliseconds that each one still applies, so a refactor that moves code must move its
 * mutation in the same commit (issue 27).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MUTATIONS, Mutation } from '../../../scripts/mutate/mutations';
import { staleness } from '../../../scripts/mutate/staleness';
import { vitestProjectsOf } from '../../../scripts/mutate/vitestProjects';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the mutation list', () => {
  it.each(MUTATIONS.map((m) => [m.id, m] as const))('mutation %s still applies: its file exists and its search text occurs exactly once', (_id, mutation) => {
    // GIVEN the mutation as listed WHEN checked against today's tree THEN nothing is stale
    // (the message names the mutation, its file and the text that went missing)
    const problem = staleness(ROOT, mutation);
    expect(problem, problem).toBeUndefined();
  });

  it('has unique ids and at least 45 mutations', () => {
    const ids = MUTATIONS.map((m) => m.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(45);
  });
});

describe('staleness', () => {
  // GIVEN a scratch tree with one source file in which `needle` occurs once and `twice` twice
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mutations-test-'));
  fs.mkdirSync(path.join(scratch, 'src'));
  fs.writeFileSync(path.join(scratch, 'src', 'a.ts'), 'const needle = 1;\nconst twice = 2; const twice2 = twice;\n');
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const mutation = (over: Partial<Mutation>): Mutation => ({ id: 'm', file: 'src/a.ts', search: 'needle = 1', replace: 'needle = 2', description: 'd', ...over });

  it('accepts a search text that occurs exactly once in an existing file', () => {
    expect(staleness(scratch, mutation({}))).toBeUndefined();
  });

  it('reports a missing file with the mutation and the file, without throwing', () => {
    expect(staleness(scratch, mutation({ id: 'gone', file: 'src/removed.ts' }))).toMatch(/^mutation gone \(src\/removed\.ts\): file cannot be read \(ENOENT\)/);
  });

  it('reports a search text that is gone, quoting it', () => {
    expect(staleness(scratch, mutation({ search: 'needle = 3' }))).toBe('mutation m (src/a.ts): search text found 0 times (must be exactly once): "needle = 3"');
  });

  it('reports a search text that occurs more than once', () => {
    expect(staleness(scratch, mutation({ search: 'twice', replace: 'thrice' }))).toMatch(/search text found 3 times/);
  });

  it('reports a mutation that changes nothing, and a named test file that is missing', () => {
    expect(staleness(scratch, mutation({ replace: 'needle = 1' }))).toMatch(/replace is the same as search/);
    expect(staleness(scratch, mutation({ tests: ['test/none.test.ts'] }))).toBe('mutation m (src/a.ts): test file(s) missing: test/none.test.ts');
  });
});

describe('vitestProjectsOf', () => {
  it('runs no files, and unit files, in the unit project', () => {
    // GIVEN no explicit files, or unit files WHEN their projects are chosen THEN unit alone
    expect(vitestProjectsOf([])).toEqual(['unit']);
    expect(vitestProjectsOf(['test/unit/runtime/fifo.test.ts', 'test/unit/construct/fifo-batch-size.test.ts'])).toEqual(['unit']);
  });

  it('runs an end-to-end file in the e2e projects (with the emulator), beside unit files', () => {
    // GIVEN the Python FIFO mutation's e2e file and a unit file WHEN their projects are chosen
    // THEN both e2e projects are named (vitest.config.ts puts the file in one of them) and unit kept
    expect(vitestProjectsOf(['test/e2e/pythonTransports.test.ts', 'test/unit/runtime/fifo.test.ts'])).toEqual(['e2e', 'e2e-own-stack', 'unit']);
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The Python runtime's own checks (scripts/python/test.sh: pytest on Python 3.11 and 3.13, ruff,
 * mypy --strict) as one test of `npm test`, so that a failing pytest fails the project's one test
 * command. A vitest project rather than a command chained after vitest: it runs beside the other
 * projects instead of after them, and a failure shows the script's whole output.
 */
it('pytest on Python 3.11 and 3.13, ruff and mypy --strict pass', () => {
  // GIVEN the project's Python check script WHEN it runs
  const run = spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'python', 'test.sh')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout}\n${run.stderr}`;
  // THEN it exits 0 having run both pythons' test sessions with the golden vectors
  expect(run.status, output).toBe(0);
  expect(output.match(/golden vectors run per category: .*scenarios \d+/g), output).toHaveLength(2);
});

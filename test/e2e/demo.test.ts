/** `npm run demo`, the README's main job, run for real against the suite's emulator. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run demo', () => {
  it('runs the mixed batch and reports lost = 0 with exit code 0', () => {
    // GIVEN the emulator the suite started WHEN the demo runs against it
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'demo.ts')], {
      cwd: ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL: inject('endpoint') },
      encoding: 'utf8',
      timeout: 280_000,
    });
    // THEN it ends with a summary that accounts for every message
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\s+sent\s+12$/m);
    expect(run.stdout).toMatch(/^\s+processed\s+8$/m);
    expect(run.stdout).toMatch(/^\s+dead-lettered\s+4$/m);
    expect(run.stdout).toMatch(/^\s+lost\s+0$/m);
    expect(run.stdout).toMatch(/retry timing error p95\s+\d+\.\d+ s/);
    expect(run.stdout).toMatch(/DLQ alarm\s+ALARM/);
  }, 300_000);
});

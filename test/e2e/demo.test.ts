/** `npm run demo`, the README's main job, run for real against the suite's emulator. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { countEmf, total } from '../../scripts/flow/emfCounts';
import { logGroupOf, logLines } from '../../scripts/flow/consumerLogs';
import { e2eContext } from '../helpers/e2eClients';

const ROOT = path.resolve(__dirname, '..', '..');

/** `exhausted 2, non-retryable 2` → { exhausted: 2, 'non-retryable': 2 }. */
function countsOf(text: string): Record<string, number> {
  return Object.fromEntries([...text.matchAll(/([\w-]+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

describe('npm run demo', () => {
  it('runs the mixed batch and reports lost = 0 with exit code 0; the consumer’s EMF lines add up to its totals', async () => {
    // GIVEN the emulator the suite started WHEN the demo runs against it
    const { lambda, outputs, endpoint } = e2eContext();
    const startedAt = Date.now();
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
    // AND the message whose first attempt threw RetryAfterError(5) waited the handler's 5 s, not the policy's 1 s
    expect(run.stdout).toMatch(/retryafter-1\s+attempt 2 (scheduled in 5s|after \d+\.\d+s \(scheduled 5s)/);
    expect(run.stdout).toMatch(/done\s+\S+-retryafter-1\s+on attempt 2/);
    // AND the summary shows the metrics next to the messages, adding up
    expect(run.stdout).toMatch(/metrics add up\s+yes/);
    // AND the consumer's log group, read here with FilterLogEvents, holds EMF lines whose counts
    // equal the demo's own totals: processed, retries, and dead letters by reason
    const retried = Number(/retried \(by carrier\)\s+(\d+)/.exec(run.stdout)![1]);
    const reasons = countsOf(/metrics: dead-lettered\s+.*\(messages: ([^)]*)\)/.exec(run.stdout)![1]);
    expect(total(reasons)).toBe(4);
    const emf = countEmf(await logLines(endpoint, await logGroupOf(lambda, outputs.ConsumerFunctionName), startedAt));
    expect(emf.lines).toBeGreaterThan(0);
    expect(emf.processed).toBe(8);
    expect(total(emf.parkedByTransport)).toBe(retried);
    expect(emf.parkedByTransport).toEqual({ [outputs.Transport ?? 'step-functions']: retried });
    expect(emf.deadLetteredByReason).toEqual(reasons);
  }, 300_000);
});

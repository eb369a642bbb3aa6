/**
 * The contract between the construct, the runtime, the CLI, the example app and the tools has one
 * home per piece (issue 12). These tests read the sources and fail when a copy comes back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, MAX_RECEIVE_COUNT } from '../../../lambda/limits';
import { STACK_OUTPUTS } from '../../../lambda/stackOutputNames';
import { LIMITS } from '../../../lib/backoff-queue-validation';
import { MAX_ATTEMPTS_LIMIT as CLI_MAX_ATTEMPTS } from '../../../bin/ops/schedule';
import { OUTPUT } from '../../../bin/ops/stackOutputs';
import { DEMO_OUTPUTS } from '../../../bin/demo-stack';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCE_DIRS = ['lib', 'lambda', 'bin', 'scripts', 'bench'];

function sources(): Array<{ file: string; text: string }> {
  const found: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) found.push({ file: rel, text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return found;
}

/** The code of a file without its comment lines (doc comments may quote a message as an example). */
const code = (text: string) => text.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join('\n');

/** Files (other than the homes) whose code matches `pattern`. */
function copiesOf(pattern: RegExp, homes: readonly string[]): string[] {
  return sources()
    .filter(({ file, text }) => !homes.includes(file) && pattern.test(code(text)))
    .map(({ file }) => file);
}

describe('one home for the contract', () => {
  it('writes the one-year sentence only in lambda/limits.ts', () => {
    expect(copiesOf(/one-year Step Functions|one year, the longest Step Functions|beyond the [^'"]*limit/, ['lambda/limits.ts'])).toEqual([]);
  });

  it('states the attempts and receive-count limits only in lambda/limits.ts, and every side uses them', () => {
    expect(copiesOf(/maxAttempts[^\n]{0,60}\b(100|1000|1_000)\b|MAX_ATTEMPTS_LIMIT = \d/, ['lambda/limits.ts'])).toEqual([]);
    expect(copiesOf(/maxReceiveCount[^\n]{0,60}\b(1000|1_000)\b/, ['lambda/limits.ts'])).toEqual([]);
    expect([LIMITS.maxAttempts.max, CLI_MAX_ATTEMPTS]).toEqual([MAX_ATTEMPTS.max, MAX_ATTEMPTS.max]);
    expect(LIMITS.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
  });

  it('names stack outputs only in lambda/stackOutputNames.ts', () => {
    const literal = new RegExp(`['"](${Object.values(STACK_OUTPUTS).join('|')})['"]`);
    // lambda/metricNames.ts names the metric dimension `Transport`, a different thing spelled like the output.
    expect(copiesOf(literal, ['lambda/stackOutputNames.ts', 'lambda/metricNames.ts'])).toEqual([]);
    expect(OUTPUT).toBe(STACK_OUTPUTS);
    expect(DEMO_OUTPUTS).toBe(STACK_OUTPUTS);
  });

  it('builds policy specs from options only in lambda/policySpecFromOptions.ts', () => {
    // A spec literal with a variable kind, or step-functions fields read off options, is a parser.
    const parser = /\{\s*kind(: kind)?,\s*(base|interval)\b|interval: (options|flags|settings|o)\.|\bcase 'random':\s*\n\s*spec = /;
    expect(copiesOf(parser, ['lambda/policySpecFromOptions.ts'])).toEqual([]);
  });

  it('serializes x-backoff only with the runtime\'s serializeBackoffMetadata', () => {
    // fitMessage's deliberately cut-down copy (reason, attempts, id) is the runtime's own last resort.
    expect(copiesOf(/StringValue: JSON\.stringify\(/, ['lambda/runtime/fitMessage.ts'])).toEqual([]);
  });
});

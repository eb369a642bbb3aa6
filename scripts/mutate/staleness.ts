import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mutation } from './mutations';

/**
 * Why a mutation cannot be applied as written, or `undefined` when it can: its file is missing,
 * its search text occurs other than exactly once, it changes nothing, or a test file it names is
 * missing. The runner reports these as failures (never as "survived", never as a crash), and the
 * unit test over `MUTATIONS` fails on them, so code that moves takes its mutation with it.
 */
export function staleness(root: string, mutation: Mutation): string | undefined {
  const where = `mutation ${mutation.id} (${mutation.file})`;
  if (mutation.search === mutation.replace) return `${where}: replace is the same as search, so it mutates nothing`;
  if (mutation.search.length === 0) return `${where}: search text is empty`;
  let source: string;
  try {
    source = fs.readFileSync(path.join(root, mutation.file), 'utf8');
  } catch (error) {
    return `${where}: file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): move the mutation with the code it targets`;
  }
  const occurrences = source.split(mutation.search).length - 1;
  if (occurrences !== 1) {
    return `${where}: search text found ${occurrences} times (must be exactly once): ${JSON.stringify(mutation.search)}`;
  }
  const missing = (mutation.tests ?? []).filter((test) => !fs.existsSync(path.join(root, test)));
  if (missing.length > 0) return `${where}: test file(s) missing: ${missing.join(', ')}`;
  return undefined;
}

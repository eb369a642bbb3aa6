import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';

/**
 * A fresh scratch directory INSIDE the project (under node_modules/.cache, which git ignores), so
 * that a bundle written there still resolves its external `@aws-sdk/*` imports from the project's
 * node_modules, as a deployed bundle resolves them from the Lambda runtime's.
 */
export function scratchDir(prefix: string): string {
  const parent = join(PROJECT_ROOT, 'node_modules', '.cache', 'sqs-backoff-bench');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${prefix}-`));
}

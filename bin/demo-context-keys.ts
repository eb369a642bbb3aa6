/**
 * The context keys the example app reads (`-c key=value`, `npm run deploy:local -- key=value`):
 * the one list. `bin/demo-stack.ts` exports it and rejects any other key; `deploy:local` checks
 * the same list before it starts the CDK CLI. No aws-cdk-lib here, so that check stays cheap.
 */
import { closestName } from './closestName';

export const DEMO_CONTEXT_KEYS = Object.freeze([
  'stackName',
  'policy',
  'base',
  'cap',
  'factor',
  'step',
  'jitter',
  'maxAttempts',
  'maxElapsed',
  'maxReceiveCount',
  'timeout',
  'visibilityTimeout',
  'batchSize',
  'maxBatchingWindow',
  'transport',
  'retryRules',
  'outageProtection',
  'fifo',
  'consumer',
  'emulator',
  'language',
] as const);

export type DemoContextKey = (typeof DEMO_CONTEXT_KEYS)[number];

/**
 * Keys the CDK itself puts in the context: feature flags from cdk.json (`@aws-cdk/…`), the CLI's
 * own (`aws:cdk:…`) and lookups cached in cdk.context.json (`availability-zones:account=…`).
 */
function isCdkOwn(key: string): boolean {
  return key.startsWith('@') || key.includes(':');
}

/** One sentence per key the app does not know, naming the nearest known key and all of them. */
export function unknownContextKeyProblems(keys: readonly string[]): string[] {
  return keys
    .filter((key) => !isCdkOwn(key) && !(DEMO_CONTEXT_KEYS as readonly string[]).includes(key))
    .map((key) => {
      const near = closestName(key, DEMO_CONTEXT_KEYS);
      return (
        `unknown context key ${JSON.stringify(key)}${near ? ` — did you mean ${near}?` : ''} ` +
        `(known keys: ${DEMO_CONTEXT_KEYS.join(', ')})`
      );
    });
}

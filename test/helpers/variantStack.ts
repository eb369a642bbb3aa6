/**
 * A second copy of the example app under its own stack name and CDK context (a transport, a
 * FIFO queue), deployed by the same `deployLocal` the e2e globalSetup uses, to the same emulator.
 */
import * as path from 'node:path';
import { inject } from 'vitest';
import { deployLocal } from '../../scripts/deployLocal';
import { ROOT } from '../../scripts/emulator/emulator';
import { DemoOutputs, assertDemoOutputs } from '../../scripts/flow/stackOutputs';

/** Hook timeout for a `beforeAll` that deploys a variant: 20–40 s alone, minutes on a busy machine. */
export const VARIANT_DEPLOY_TIMEOUT_MS = 600_000;

/**
 * Deploys `SqsBackoff<suffix>` with `context` (values as `-c key=value` would give them). Its own
 * cdk.out keeps the synth apart from the default stack's; a redeploy of an unchanged stack is a no-op.
 */
export async function deployVariant(suffix: string, context: Record<string, string>): Promise<DemoOutputs> {
  const stackName = `SqsBackoff${suffix}`;
  const outputs = await deployLocal({
    endpoint: inject('endpoint'),
    stackName,
    context: { ...context, stackName },
    cdkOutDir: path.join(ROOT, 'cdk.out', `e2e-${stackName}`),
  });
  return assertDemoOutputs(outputs);
}

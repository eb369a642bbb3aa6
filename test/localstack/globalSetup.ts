import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployLocal, Outputs } from '../../scripts/deployLocal';
import { ROOT } from '../../scripts/emulator/emulator';
import { ensureLocalStack, LocalStackHandle } from '../../scripts/emulator/localstack/localstack';
import { LOCALSTACK_STACKS } from './stacks';

let localstack: LocalStackHandle | undefined;

/**
 * Installs and starts LocalStack (no Docker), then deploys the example app without its consumer
 * (LocalStack cannot run Lambda without Docker) twice with the pinned CDK CLI: one stack for the
 * state machine, queue and alarm tests, one for the operator CLI, whose DLQ redrives must not
 * race the alarm test's DLQ message. Any failure fails the project: there is no skip.
 */
export async function setup(project: TestProject): Promise<void> {
  const t0 = Date.now();
  localstack = await ensureLocalStack();
  console.log(`localstack: LocalStack ${localstack.version ?? '?'} on ${localstack.endpoint.replace(/^http:\/\//, '')}`);
  const deploy = (stackName: string, context: Record<string, string | number>) =>
    deployLocal({
      endpoint: localstack!.endpoint,
      stackName,
      context: { consumer: 'false', stackName, ...context },
      cdkOutDir: path.join(ROOT, `cdk.out.${stackName}`),
    });
  // Side by side: synth dominates (about 80 s each on a loaded 2-core machine); deployLocal
  // lets the second wait for the first's bootstrap.
  const [main, ops] = await Promise.all([
    deploy(LOCALSTACK_STACKS.main, {}),
    deploy(LOCALSTACK_STACKS.ops, { policy: 'exponential', base: 30, cap: 300, maxAttempts: 4 }),
  ]);
  console.log(`localstack: started and deployed ${LOCALSTACK_STACKS.main} and ${LOCALSTACK_STACKS.ops} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  project.provide('localstackEndpoint', localstack.endpoint);
  project.provide('localstackOutputs', main);
  project.provide('localstackOpsOutputs', ops);
}

export async function teardown(): Promise<void> {
  await localstack?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    localstackEndpoint: string;
    localstackOutputs: Outputs;
    localstackOpsOutputs: Outputs;
  }
}

import type { TestProject } from 'vitest/node';
import { deployLocal, Outputs } from '../../scripts/deployLocal';
import { EmulatorHandle, ensureEmulator } from '../../scripts/emulator/emulator';

let emulator: EmulatorHandle | undefined;

/**
 * Starts the emulator (or reuses AWS_ENDPOINT_URL) and deploys the example app once for every
 * end-to-end file. Any failure here fails the whole run: there is no "emulator missing" pass.
 */
export async function setup(project: TestProject): Promise<void> {
  emulator = await ensureEmulator();
  console.log(`e2e: MiniStack ${emulator.version ?? '?'} on ${emulator.endpoint.replace(/^http:\/\//, '')}${emulator.started ? '' : ' (reused)'}`);
  const outputs = await deployLocal({ endpoint: emulator.endpoint });
  project.provide('demoOutputs', outputs);
  project.provide('endpoint', emulator.endpoint);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoOutputs: Outputs;
    endpoint: string;
  }
}

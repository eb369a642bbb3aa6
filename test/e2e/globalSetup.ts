import type { TestProject } from 'vitest/node';
import { deployLocal, Outputs } from '../../scripts/deployLocal';
import { EmulatorHandle, ensureEmulator } from '../../scripts/emulator/emulator';

/**
 * One emulator and one demo stack for both e2e projects (`e2e` and `e2e-own-stack`, see
 * vitest.config.ts). Vitest loads this file once per project, each copy in its own module graph,
 * so the shared state lives on `globalThis` of the main process: the first project starts
 * MiniStack and deploys, the others await the same promise, and the last teardown stops it.
 */
interface SharedEmulator {
  users: number;
  ready: Promise<{ emulator: EmulatorHandle; outputs: Outputs }>;
}

const KEY = Symbol.for('sqs-backoff.e2e.sharedEmulator');
const registry = globalThis as typeof globalThis & { [KEY]?: SharedEmulator };

async function startAndDeploy(): Promise<{ emulator: EmulatorHandle; outputs: Outputs }> {
  const emulator = await ensureEmulator();
  console.log(`e2e: MiniStack ${emulator.version ?? '?'} on ${emulator.endpoint.replace(/^http:\/\//, '')}${emulator.started ? '' : ' (reused)'}`);
  try {
    return { emulator, outputs: await deployLocal({ endpoint: emulator.endpoint }) };
  } catch (e) {
    await emulator.stop();
    throw e;
  }
}

/**
 * Starts the emulator (or reuses AWS_ENDPOINT_URL) and deploys the example app once for every
 * end-to-end file of every e2e project. Any failure here fails the whole run: there is no
 * "emulator missing" pass.
 */
export async function setup(project: TestProject): Promise<void> {
  const shared = (registry[KEY] ??= { users: 0, ready: startAndDeploy() });
  shared.users += 1;
  const { emulator, outputs } = await shared.ready;
  project.provide('demoOutputs', outputs);
  project.provide('endpoint', emulator.endpoint);
}

/** Stops the emulator when the last project using it is done (a reused one is left running). */
export async function teardown(): Promise<void> {
  const shared = registry[KEY];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete registry[KEY];
  const started = await shared.ready.catch(() => undefined);
  await started?.emulator.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoOutputs: Outputs;
    endpoint: string;
  }
}

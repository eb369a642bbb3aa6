/**
 * `npx tsx bench/profile.ts [ours|powertools] [size] [failShare] [transport]`: where a runtime's time goes,
 * per function (self and total µs per record), from `node --cpu-prof` on its unminified bundle.
 */
import { rmSync } from 'node:fs';
import type { TransportName } from '../lambda/contract';
import { buildHandlerBundles } from './overhead/build-handler-bundles';
import { profileRuntime } from './overhead/profile-runtime';
import { renderProfile } from './overhead/render-profile';
import { scratchDir } from './util/scratch-dir';

async function main(): Promise<void> {
  const [impl = 'ours', size = '10000', failShare = '0.1', transport = 'step-functions'] = process.argv.slice(2);
  const dir = scratchDir('profile');
  try {
    const bundles = await buildHandlerBundles(dir, false);
    console.log(renderProfile(profileRuntime(bundles, dir, impl === 'powertools' ? 'powertools' : 'ours', Number(size), Number(failShare), transport as TransportName)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { join } from 'node:path';
import { bundleEntry } from '../bundle/bundle-entry';
import { PROJECT_ROOT } from '../util/project-root';
import type { HandlerBundles } from './load-handlers';

/**
 * Bundles our runtime and the Powertools baseline alike (minified for timing, as deployed;
 * unminified for profiling, so that function names and module comments survive).
 */
export async function buildHandlerBundles(dir: string, minify: boolean): Promise<HandlerBundles> {
  const suffix = minify ? 'min' : 'dev';
  const [ours, powertools] = await Promise.all([
    bundleEntry(join(PROJECT_ROOT, 'lambda/runtime/index.ts'), join(dir, `ours.${suffix}.js`), { minify }),
    bundleEntry(join(PROJECT_ROOT, 'bench/overhead/powertools-entry.ts'), join(dir, `powertools.${suffix}.js`), { minify }),
  ]);
  return { ours: ours.outfile, powertools: powertools.outfile };
}

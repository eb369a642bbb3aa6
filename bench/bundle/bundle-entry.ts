import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface BundleResult {
  readonly outfile: string;
  readonly bytes: number;
  /** gzip at its default level: roughly what the deployment zip stores. */
  readonly gzipBytes: number;
  /** The external source map next to it, when one was written. */
  readonly mapBytes?: number;
}

export interface BundleOptions {
  /** @default true, as the construct bundles the consumer */
  readonly minify?: boolean;
  /** @default false; the construct writes an external map (read only with --enable-source-maps) */
  readonly sourcemap?: boolean;
}

/**
 * Bundles `entry` the way the BackoffQueue construct's NodejsFunction does: esbuild, bundle,
 * minify with keepNames (error class names survive), CommonJS, platform node, target node22,
 * `@aws-sdk/*` left external (the Node.js 22 runtime ships SDK v3).
 */
export async function bundleEntry(entry: string, outfile: string, options: BundleOptions = {}): Promise<BundleResult> {
  const sourcemap = options.sourcemap ?? false;
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: options.minify ?? true,
    keepNames: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    external: ['@aws-sdk/*'],
    sourcemap: sourcemap ? 'external' : false,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  return {
    outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    ...(sourcemap ? { mapBytes: statSync(`${outfile}.map`).size } : {}),
  };
}

/**
 * The one test that runs esbuild for real: the consumer bundle is minified, has a source map,
 * and leaves the AWS SDK v3 to the Node.js 22 runtime.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffConsumer, BackoffQueue } from '../../../lib';
import { SYNTH_TIMEOUT_MS, newStack } from '../../helpers/stack';

describe('consumer bundle', () => {
  let bundle: string;
  let files: string[];

  beforeAll(() => {
    // GIVEN a consumer that imports @aws-sdk/client-sqs WHEN the app synthesizes with bundling
    const stack = newStack({ bundle: true });
    new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: path.join(__dirname, '..', '..', 'fixtures', 'sdkConsumer.ts') }) });
    const assembly = (stack.node.root as App).synth();
    const assets = fs.readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const directory = path.join(assembly.directory, assets[0]);
    files = fs.readdirSync(directory).sort();
    bundle = fs.readFileSync(path.join(directory, 'index.js'), 'utf8');
  }, SYNTH_TIMEOUT_MS);

  it('contains only the handler and its source map', () => {
    expect(files).toEqual(['index.js', 'index.js.map']);
  });

  it('requires the AWS SDK v3 at run time instead of bundling it', () => {
    expect(bundle).toMatch(/require\("@aws-sdk\/client-sqs"\)/);
    expect(bundle.length).toBeLessThan(5_000);
  });

  it('keeps class and function names, so error names in x-backoff stay readable', () => {
    expect(bundle).toContain('"FixtureError"');
  });

  it('is minified and points at its source map', () => {
    expect(bundle.split('\n').length).toBeLessThan(5);
    expect(bundle).toContain('sourceMappingURL=index.js.map');
  });
});

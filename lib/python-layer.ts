import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { PYTHON_RUNTIME_NAMES, pythonLayerRuntimes } from './consumer-runtime';

/** The construct ID of the one layer per stack. */
export const PYTHON_LAYER_ID = 'SqsBackoffPythonLayer';

/** The Python package the layer carries, and where Lambda looks for it in a layer (`/opt/python`). */
export const PYTHON_PACKAGE = 'sqs_backoff';
const LAYER_PYTHON_DIR = 'python';

/** What never ships: byte code is made per interpreter, and tests are not runtime. */
const NOT_SHIPPED = /^(__pycache__|tests?|.*\.pyc|\.mypy_cache|\.ruff_cache|\.pytest_cache)$/;

/**
 * `lambda/python` of this package, from the repository (`lib/*.ts` run by tsx) or from the
 * installed npm package (`dist/lib/*.js`, whose `files` ship `lambda/python`).
 */
export function pythonSourceDir(): string {
  const candidates = [path.join(__dirname, '..', 'lambda', 'python'), path.join(__dirname, '..', '..', 'lambda', 'python')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, PYTHON_PACKAGE, '__init__.py')));
  if (found === undefined) throw new Error(`the ${PYTHON_PACKAGE} package is missing from this installation (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The `sqs_backoff` runtime as a Lambda layer, one per stack. Built at synth by copying the
 * package to `python/sqs_backoff`, where Lambda's Python runtimes look: no Docker, no network,
 * no pip (the package is standard library only; boto3 comes with the runtime).
 */
export function pythonRuntimeLayer(scope: IConstruct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(PYTHON_LAYER_ID);
  if (existing !== undefined) return existing as lambda.LayerVersion;
  const source = pythonSourceDir();
  return new lambda.LayerVersion(stack, PYTHON_LAYER_ID, {
    code: lambda.Code.fromAsset(source, {
      // The hash of what ships, so that a change to tests or caches makes no new layer version.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: local bundling below always succeeds.
        image: lambda.Runtime.PYTHON_3_13.bundlingImage,
        local: { tryBundle: (outputDir) => copyPackage(source, path.join(outputDir, LAYER_PYTHON_DIR)) },
      },
    }),
    compatibleRuntimes: pythonLayerRuntimes(),
    description: `sqs-backoff Python runtime (${PYTHON_PACKAGE}) for ${PYTHON_RUNTIME_NAMES.join(', ')}`,
    license: 'MIT',
  });
}

function copyPackage(source: string, pythonDir: string): true {
  fs.mkdirSync(pythonDir, { recursive: true });
  fs.cpSync(path.join(source, PYTHON_PACKAGE), path.join(pythonDir, PYTHON_PACKAGE), {
    recursive: true,
    filter: (file) => !NOT_SHIPPED.test(path.basename(file)),
  });
  return true;
}

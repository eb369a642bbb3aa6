/**
 * The README's "Use it in your stack" blocks are what new users paste first: they must compile
 * against the library's public entry points (`sqs-backoff` and `sqs-backoff/runtime`).
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..', '..');

function exampleBlock(marker: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const after = readme.split(`<!-- example:${marker} -->`)[1];
  return after.split('```ts\n')[1].split('```')[0];
}

/**
 * Type-checks each source as a file of one program, so that aws-cdk-lib's typings are read once
 * for every example (three programs took a minute on a loaded 2-core machine), and returns each
 * file's diagnostics by its key.
 */
function compileErrors(sources: Readonly<Record<string, string>>): Record<string, string[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
  const files = Object.fromEntries(Object.keys(sources).map((key) => [key, path.join(directory, `${key}.ts`)]));
  for (const [key, source] of Object.entries(sources)) fs.writeFileSync(files[key], source);
  const program = ts.createProgram(Object.values(files), {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    baseUrl: ROOT,
    paths: {
      'sqs-backoff': ['lib/index.ts'],
      'sqs-backoff/runtime': ['lambda/runtime/index.ts'],
      '*': ['node_modules/*', 'node_modules/@types/*'],
    },
  });
  const errors = Object.fromEntries(
    Object.entries(files).map(([key, file]) => [
      key,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
  fs.rmSync(directory, { recursive: true, force: true });
  return errors;
}

describe('README examples', () => {
  const stack = exampleBlock('stack');
  const consumer = exampleBlock('consumer');
  const broken = stack.replace('maxAttempts: 8', 'maxAttempt: 8');
  let errors: Record<string, string[]>;

  beforeAll(() => {
    errors = compileErrors({ stack, consumer, broken });
  }, 180_000);

  it('the stack example compiles against sqs-backoff', () => {
    expect(stack).toContain('new BackoffQueue(');
    expect(errors.stack).toEqual([]);
  });

  it('the consumer example compiles against sqs-backoff/runtime', () => {
    expect(consumer).toContain('withBackoff(');
    expect(errors.consumer).toEqual([]);
  });

  it('a wrong prop in the stack example would fail to compile', () => {
    expect(broken).not.toEqual(stack);
    expect(errors.broken.join('\n')).toMatch(/maxAttempt/);
  });
});

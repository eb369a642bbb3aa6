/**
 * The README's "Use it in your stack" blocks are what new users paste first: they must compile
 * against the library's public entry points (`sqs-backoff` and `sqs-backoff/runtime`).
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..', '..');

function exampleBlock(marker: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const after = readme.split(`<!-- example:${marker} -->`)[1];
  return after.split('```ts\n')[1].split('```')[0];
}

function compileErrors(source: string): string[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
  const file = path.join(directory, 'example.ts');
  fs.writeFileSync(file, source);
  const program = ts.createProgram([file], {
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
  const diagnostics = ts.getPreEmitDiagnostics(program);
  fs.rmSync(directory, { recursive: true, force: true });
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('README examples', () => {
  it('the stack example compiles against sqs-backoff', () => {
    const source = exampleBlock('stack');
    expect(source).toContain('new BackoffQueue(');
    expect(compileErrors(source)).toEqual([]);
  }, 60_000);

  it('the consumer example compiles against sqs-backoff/runtime', () => {
    const source = exampleBlock('consumer');
    expect(source).toContain('withBackoff(');
    expect(compileErrors(source)).toEqual([]);
  }, 60_000);

  it('a wrong prop in the stack example would fail to compile', () => {
    const broken = exampleBlock('stack').replace('maxAttempts: 8', 'maxAttempt: 8');
    expect(compileErrors(broken).join('\n')).toMatch(/maxAttempt/);
  }, 60_000);
});

/**
 * docs/guarantees.md names, for each claim, the test that proves it (`path` › *test title*).
 * Every named file must exist and every named title must be a test or suite title in that file,
 * so a renamed or deleted test cannot leave a claim without its proof.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'guarantees.md'), 'utf8');

/** `path` › *title* references, in document order; a bare › *title* belongs to the last path. */
function references(markdown: string): Array<{ file: string; title?: string }> {
  const found: Array<{ file: string; title?: string }> = [];
  let file: string | undefined;
  for (const match of markdown.matchAll(/`((?:test|scripts|lib|lambda|bin)\/[\w./-]+\.test\.ts)`|› \*([^*]+)\*/g)) {
    if (match[1] !== undefined) {
      file = match[1];
      found.push({ file });
    } else {
      if (file === undefined) throw new Error(`› *${match[2]}* names no file before it`);
      found.push({ file, title: match[2] });
    }
  }
  return found;
}

/**
 * The string literals of a test file: test and suite titles among them (`%s` stands for any text;
 * a template literal's `${…}` stays as written, so such titles cannot be named).
 */
function titlePatterns(source: string): RegExp[] {
  // Comments first: an apostrophe in one ("the consumer's") would open a bogus string literal.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const literals = [...code.matchAll(/'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|\$\{[^}]*\}|[^`\\])*)`/g)].map(
    (match) => (match[1] ?? match[2] ?? match[3]).replace(/\\(.)/g, '$1'),
  );
  return literals.map((literal) => new RegExp(`^${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%[sdi]/g, '.+')}$`));
}

describe('docs/guarantees.md', () => {
  const refs = references(DOC);

  it('names the proving tests', () => {
    expect(refs.filter((ref) => ref.title !== undefined).length).toBeGreaterThan(20);
  });

  it('names only test files that exist', () => {
    const missing = [...new Set(refs.map((ref) => ref.file))].filter((file) => !fs.existsSync(path.join(ROOT, file)));
    expect(missing).toEqual([]);
  });

  it('names only test titles that exist in the named file', () => {
    const patterns = new Map<string, RegExp[]>();
    const unknown = refs
      .filter((ref) => ref.title !== undefined && fs.existsSync(path.join(ROOT, ref.file)))
      .filter((ref) => {
        if (!patterns.has(ref.file)) patterns.set(ref.file, titlePatterns(fs.readFileSync(path.join(ROOT, ref.file), 'utf8')));
        return !patterns.get(ref.file)!.some((pattern) => pattern.test(ref.title!));
      })
      .map((ref) => `${ref.file} › ${ref.title}`);
    expect(unknown).toEqual([]);
  });

  it('keeps the place where the load run’s numbers go', () => {
    expect(DOC).toMatch(/<!-- load-results -->|## Load run/);
  });
});

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
 * A test or suite title as the runner prints it. `.each` titles are expanded row by row from their
 * table (`%s`, `%d`, `%i`, `%j`, `%o` take the row's values in turn) when the table is an array
 * literal, inline or a `const` of the same file, whose rows' values are literals. A title whose
 * placeholders cannot be filled that way stays unnamed: it is never matched by a pattern, since a
 * pattern would accept made-up titles (a bare `%s` title would accept any text at all).
 */
interface Title {
  readonly text: string;
  /** False for a `.each` title whose table could not be read: no doc can name it. */
  readonly nameable: boolean;
}

const CALL = /(?<![.\w$])(?:it|test|describe)(?:\.(?:only|concurrent|sequential|fails))*(\.each)?\s*\(/g;
const PLACEHOLDER = /%[sdijo]|\$\w+/g;
/** A value of an `.each` row that is not a literal. */
const UNKNOWN = Symbol('not a literal');

/**
 * The titles of a test file: the first argument of every `it(`, `test(` and `describe(` call
 * (and of the call that `it.each(table)` returns), when it is a string literal. Other string
 * literals (expected values, log reasons) are not titles.
 */
function testTitles(source: string): Title[] {
  // Comments first: an apostrophe in one ("the consumer's") would open a bogus string literal.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const titles: Title[] = [];
  for (const call of code.matchAll(CALL)) {
    let at = call.index + call[0].length;
    let rows: Array<Array<string | typeof UNKNOWN>> | undefined;
    if (call[1] !== undefined) {
      const close = closingBracket(code, at - 1);
      rows = tableRows(code, code.slice(at, close).trim());
      at = close + 1;
      const open = /^\s*\(/.exec(code.slice(at));
      if (!open) continue;
      at += open[0].length;
    }
    const literal = stringLiteralAt(code, at);
    if (literal === undefined) continue;
    const each = call[1] !== undefined;
    if (!each || !new RegExp(PLACEHOLDER.source).test(literal)) titles.push({ text: literal, nameable: true });
    else titles.push(...expand(literal, rows));
  }
  return titles;
}

/** One title per row, or one unnameable title when a placeholder meets a non-literal or a `$name`. */
function expand(template: string, rows: Array<Array<string | typeof UNKNOWN>> | undefined): Title[] {
  const expanded: Title[] = [];
  for (const row of rows ?? [[UNKNOWN]]) {
    let next = 0;
    let known = true;
    const text = template.replace(PLACEHOLDER, (placeholder) => {
      const value = placeholder.startsWith('$') ? UNKNOWN : row[next++];
      if (value === UNKNOWN || value === undefined) known = false;
      return typeof value === 'string' ? value : placeholder;
    });
    if (!known) return [{ text: template, nameable: false }];
    expanded.push({ text, nameable: true });
  }
  return expanded;
}

/**
 * The rows of an `.each` table written as `[[a, b], …]` or `['a', 'b']`, inline or as a `const`
 * of this file; undefined when it is anything else (a `.map`, a call, an import).
 */
function tableRows(code: string, argument: string): Array<Array<string | typeof UNKNOWN>> | undefined {
  let table = argument;
  if (/^[A-Za-z_$][\w$]*$/.test(argument)) {
    const declaration = new RegExp(`const ${argument}\\s*(?::[^=]+)?=\\s*\\[`).exec(code);
    if (!declaration) return undefined;
    const open = declaration.index + declaration[0].length - 1;
    table = code.slice(open, closingBracket(code, open) + 1);
  }
  table = table.replace(/\s+as\s+[^\]]+$/, '');
  if (!table.startsWith('[') || closingBracket(table, 0) !== table.length - 1) return undefined;
  return topLevelItems(table.slice(1, -1)).map((item) =>
    item.startsWith('[') ? topLevelItems(item.slice(1, closingBracket(item, 0))).map(literalValue) : [literalValue(item)],
  );
}

/** A literal's value as the runner prints it with `%s`; UNKNOWN for anything else. */
function literalValue(item: string): string | typeof UNKNOWN {
  if (/^-?\d[\d_.]*$/.test(item)) return item.replace(/_/g, '');
  const literal = stringLiteralAt(item, 0);
  return literal !== undefined && endOfLiteral(item, 0) === item.length - 1 ? literal : UNKNOWN;
}

/** The comma-separated items at depth 0 of a list's inside, trimmed. */
function topLevelItems(inside: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i];
    if (c === "'" || c === '"' || c === '`') i = endOfLiteral(inside, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      items.push(inside.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(inside.slice(start).trim());
  return items.filter((item) => item !== '');
}

/** The index of the bracket that closes the one at `open`, skipping string literals. */
function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === "'" || c === '"' || c === '`') i = endOfLiteral(code, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i;
  }
  return code.length;
}

function endOfLiteral(code: string, start: number): number {
  const quote = code[start];
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === quote) return i;
  }
  return code.length;
}

/** The unescaped text of the string literal starting at `from` (after blanks), if one does. */
function stringLiteralAt(code: string, from: number): string | undefined {
  const start = from + (/^\s*/.exec(code.slice(from))?.[0].length ?? 0);
  if (!["'", '"', '`'].includes(code[start])) return undefined;
  return code.slice(start + 1, endOfLiteral(code, start)).replace(/\\(.)/g, '$1');
}

/** Whether a title named in the doc is this title: the very same text. */
function namesTitle(named: string, title: Title): boolean {
  return title.nameable && named === title.text;
}

const titleCache = new Map<string, Title[]>();
function titlesOf(file: string): Title[] {
  if (!titleCache.has(file)) titleCache.set(file, testTitles(fs.readFileSync(path.join(ROOT, file), 'utf8')));
  return titleCache.get(file)!;
}

describe('the title matcher that checks docs/guarantees.md', () => {
  const neverLose = 'test/unit/runtime/neverLose.test.ts';

  it('accepts a real test title of neverLose.test.ts, exactly as written', () => {
    const real = 'acknowledges a record only when the handler succeeded, its park was accepted or its dead-letter send was';
    expect(titlesOf(neverLose).some((title) => namesTitle(real, title))).toBe(true);
  });

  it('rejects a made-up title cited under neverLose.test.ts', () => {
    const madeUp = 'never loses a message even when the moon is full';
    expect(titlesOf(neverLose).some((title) => namesTitle(madeUp, title))).toBe(false);
  });

  it('rejects a string literal of the file that is not a test title, and a real title cut short', () => {
    const source = `it('parks the message', () => { expect(reason).toBe('left for SQS redelivery'); /x/.test('parks'); });`;
    const titles = testTitles(source);
    expect(titles).toEqual([{ text: 'parks the message', nameable: true }]);
    expect(titles.some((title) => namesTitle('left for SQS redelivery', title))).toBe(false);
    expect(titles.some((title) => namesTitle('parks the', title))).toBe(false);
  });

  it('expands an it.each title row by row from a literal table, inline or a const of the file', () => {
    const source = `const cases: Array<[string, number]> = [['exhausted', 4], ['too-large', 1]];
      it.each(cases)('%s after %d attempt(s)', () => {});
      it.each([['a', (2)]])('writes %s', () => {});
      it('keeps 100%s', () => {});`;
    expect(testTitles(source)).toEqual([
      { text: 'exhausted after 4 attempt(s)', nameable: true },
      { text: 'too-large after 1 attempt(s)', nameable: true },
      { text: 'writes a', nameable: true },
      { text: 'keeps 100%s', nameable: true },
    ]);
  });

  it('never names a .each title whose table it cannot read (a bare %s would accept any text)', () => {
    const titles = testTitles(`it.each(TRICKY.map((t) => [t]))('%s', () => {}); it.each([[makeCase(), 1]])('%s case', () => {});`);
    expect(titles).toEqual([
      { text: '%s', nameable: false },
      { text: '%s case', nameable: false },
    ]);
    expect(titles.some((title) => namesTitle('anything at all', title) || namesTitle('%s', title))).toBe(false);
  });

  it('reads describe titles and titles in double quotes or backticks', () => {
    const titles = testTitles('describe("BackoffQueue IAM", () => { test(`grants only what it needs`, () => {}); });');
    expect(titles.map((title) => title.text)).toEqual(['BackoffQueue IAM', 'grants only what it needs']);
  });
});

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
    const unknown = refs
      .filter((ref) => ref.title !== undefined && fs.existsSync(path.join(ROOT, ref.file)))
      .filter((ref) => !titlesOf(ref.file).some((title) => namesTitle(ref.title!, title)))
      .map((ref) => `${ref.file} › ${ref.title}`);
    expect(unknown).toEqual([]);
  });

  it('keeps the place where the load run’s numbers go', () => {
    expect(DOC).toMatch(/<!-- load-results -->|## Load run/);
  });
});

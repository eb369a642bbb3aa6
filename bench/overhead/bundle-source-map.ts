import { readFileSync } from 'node:fs';

/**
 * For an UNminified esbuild bundle: which source file each line came from, read from the
 * `// path/to/file.ts` comment esbuild writes before every module. Returns a lookup from a
 * 0-based line number to that path (undefined before the first module).
 */
export function bundleLineSources(bundlePath: string): (line: number) => string | undefined {
  const starts: { line: number; source: string }[] = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const match = /^\/\/ ((?:\.\.\/)*[\w@./-]+\.[cm]?[jt]s)$/.exec(text);
      if (match) starts.push({ line, source: match[1].replace(/^(\.\.\/)+/, '') });
    });
  return (line) => {
    let found: string | undefined;
    for (const start of starts) {
      if (start.line > line) break;
      found = start.source;
    }
    return found;
  };
}

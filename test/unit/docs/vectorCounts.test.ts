/**
 * docs/python-runtime.md lists the golden vectors per category; the files in test/vectors/ are the
 * truth. A new category or a changed count must show in the table.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..', '..');
const VECTORS = path.join(ROOT, 'test', 'vectors');

function vectorCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of fs.readdirSync(VECTORS).filter((name) => name.endsWith('.json'))) {
    const { category, cases } = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8')) as { category: string; cases: unknown[] };
    counts[category] = cases.length;
  }
  return counts;
}

function documentedCounts(): Record<string, number> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'python-runtime.md'), 'utf8');
  const table = doc.slice(doc.indexOf('| category | cases | category | cases |'));
  const counts: Record<string, number> = {};
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    for (let i = 0; i + 1 < cells.length; i += 2) if (cells[i] !== '') counts[cells[i]] = Number(cells[i + 1].replace(/,/g, ''));
  }
  return counts;
}

describe('the golden vectors table of docs/python-runtime.md', () => {
  it('lists every category with its number of cases', () => {
    // GIVEN the committed vector files  WHEN the documented table is read  THEN both say the same
    expect(documentedCounts()).toEqual(vectorCounts());
  });
});

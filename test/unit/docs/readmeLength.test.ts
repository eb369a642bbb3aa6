/**
 * The README says why and how for a newcomer; measurements, maps and long forms live in docs/.
 * Issue 24 set the bound: at most 300 lines, and every docs/ page it links must exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('the README', () => {
  it('keeps to at most 300 lines', () => {
    // GIVEN the README  WHEN its lines are counted  THEN there are no more than 300
    expect(README.split('\n').length - (README.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(300);
  });

  it('links only files that exist', () => {
    // GIVEN every relative link of the README  WHEN resolved from the repository root  THEN each file exists
    const links = [...README.matchAll(/\]\(((?:docs\/|API\.md|CHANGELOG\.md)[^)#]*)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !fs.existsSync(path.join(ROOT, link)))).toEqual([]);
  });
});

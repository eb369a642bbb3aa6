import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_EXECUTION_NAME_LENGTH, executionName } from '../../../lambda/runtime';

const VALID = /^[A-Za-z0-9_-]{1,80}$/;

describe('executionName', () => {
  it('is deterministic for the same id and attempt', () => {
    // GIVEN / WHEN the same inputs twice / THEN the same name
    expect(executionName('6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', 3)).toBe(executionName('6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', 3));
  });

  it('keeps an SQS message id readable at the start of the name', () => {
    const name = executionName('6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', 2);
    expect(name).toMatch(/^6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b-2-[0-9a-f]{16}$/);
  });

  it.each([
    ['an SQS UUID', '6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b'],
    ['a very long id', 'x'.repeat(500)],
    ['spaces, slashes and colons', 'order 42/line:7'],
    ['unicode', '注文-🚀-ünïcødé'],
    ['an empty id', ''],
    ['only disallowed characters', '!!!///   '],
  ])('produces 1–80 characters of [A-Za-z0-9-_] for %s', (_case, id) => {
    for (const n of [1, 9, 10, 12345]) {
      const name = executionName(id, n);
      expect(name).toMatch(VALID);
      expect(name.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME_LENGTH);
    }
  });

  it('replaces a dot, like every character outside [A-Za-z0-9-_], with an underscore', () => {
    expect(executionName('order.42', 1)).toMatch(/^order_42-1-[0-9a-f]{16}$/);
  });

  it('differs for different attempts of the same message', () => {
    const names = new Set([1, 2, 3, 10, 11, 21].map((n) => executionName('m', n)));
    expect(names.size).toBe(6);
  });

  it('differs for ids that sanitize or truncate to the same text', () => {
    // GIVEN ids equal after replacing disallowed characters, or equal in their first 80 characters
    const lookAlikes = ['order 1', 'order/1', 'order_1', 'order:1', `${'y'.repeat(100)}a`, `${'y'.repeat(100)}b`, 'Order_1'];
    // WHEN / THEN every name is distinct
    const names = lookAlikes.map((id) => executionName(id, 1));
    expect(new Set(names).size).toBe(lookAlikes.length);
  });

  it('does not confuse an id ending in "-<digits>" with another attempt number', () => {
    expect(executionName('a-1', 2)).not.toBe(executionName('a', 12));
    expect(executionName('a-1', 2)).not.toBe(executionName('a-1-2', 1));
  });

  it('marks later runs (after a DLQ redrive) so they cannot collide with the first run', () => {
    expect(executionName('m', 1, 1)).not.toBe(executionName('m', 1));
    expect(executionName('m', 1, 1)).toMatch(/-r1-1-[0-9a-f]{16}$/);
    expect(executionName('m', 1, 0)).toBe(executionName('m', 1));
    expect(executionName('z'.repeat(200), 7, 3)).toMatch(VALID);
  });

  it.each([0, -1, 1.5, NaN])('rejects attempt %s', (n) => {
    expect(() => executionName('m', n)).toThrow(RangeError);
  });

  it('keeps the names it gave before the one-shot crypto.hash (parked executions and `recall` depend on them)', () => {
    // GIVEN the name computed with createHash, as up to commit c6c458b
    const before = (id: string, n: number, run = 0): string => {
      const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16);
      const suffix = `${run > 0 ? `r${run}-` : ''}${n}-${hash}`;
      const readable = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, Math.max(80 - suffix.length - 1, 0));
      return readable.length > 0 ? `${readable}-${suffix}` : suffix;
    };
    // WHEN / THEN the same for ids with every kind of character (lone surrogates hash as U+FFFD in both)
    for (const id of ['6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', '', '注文-🚀-ünïcødé', 'lone \ud83d high', 'lone \ude80 low', 'x'.repeat(500), '"\\\n']) {
      for (const [n, run] of [[1, 0], [7, 2]]) expect(executionName(id, n, run)).toBe(before(id, n, run));
    }
    expect(executionName('6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', 2)).toBe('6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b-2-dd26097bf134e087');
  });
});

describe('executionName on a Node without crypto.hash (before 20.12 / 21.7)', () => {
  afterEach(() => {
    vi.doUnmock('node:crypto');
    vi.resetModules();
  });

  it('falls back to createHash and gives the same names', async () => {
    // GIVEN node:crypto without the one-shot hash
    const real = await vi.importActual<typeof import('node:crypto')>('node:crypto');
    const createHashSpy = vi.fn(real.createHash);
    vi.doMock('node:crypto', () => ({ ...real, hash: undefined, createHash: createHashSpy }));
    vi.resetModules();
    const fallback = await import('../../../lambda/runtime/executionName');
    // WHEN names are computed / THEN they are the same, through createHash
    for (const id of ['6f1c8a52-6c1e-4c0b-9a43-1c2d3e4f5a6b', '注文-🚀', 'lone \ud83d']) {
      expect(fallback.executionName(id, 3, 1)).toBe(executionName(id, 3, 1));
    }
    expect(createHashSpy).toHaveBeenCalledWith('sha256');
  });
});

/**
 * JSON for golden vectors: plain JSON, except the numbers JSON cannot carry (NaN, ±Infinity, −0),
 * written as `{"$number": "NaN"}` so that both languages read back the exact value.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function special(value: number): Json {
  if (Number.isNaN(value)) return { $number: 'NaN' };
  if (value === Infinity) return { $number: 'Infinity' };
  if (value === -Infinity) return { $number: '-Infinity' };
  if (Object.is(value, -0)) return { $number: '-0' };
  return value;
}

/** A value as vector JSON: special numbers wrapped, undefined members left out, bytes as base64. */
export function encode(value: unknown): Json {
  if (value === undefined) return null;
  if (typeof value === 'number') return special(value);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(encode);
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value as object)) if (item !== undefined) out[key] = encode(item);
  return out;
}

/** The outcome of a call: `{ value }` or `{ error }` (the thrown message). */
export function outcome(call: () => unknown): Json {
  try {
    return { value: encode(call()) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

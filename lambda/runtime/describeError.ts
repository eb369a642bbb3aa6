/**
 * `{ name, message }` of anything that was thrown (not only `Error`s), the message cut to at most
 * `maxChars` UTF-16 units without splitting a surrogate pair.
 */
export function describeError(error: unknown, maxChars = Infinity): { name: string; message: string } {
  let name: string;
  let message: string;
  if (error instanceof Error) {
    name = error.name || 'Error';
    message = error.message;
  } else if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; message?: unknown };
    name = typeof e.name === 'string' ? e.name : 'Error';
    message = typeof e.message === 'string' ? e.message : safeString(error);
  } else {
    name = typeof error === 'string' ? 'Error' : typeof error;
    message = String(error);
  }
  return { name, message: truncate(message, maxChars) };
}

/** `described` with its message cut to at most `maxChars` (the same object when it is short enough). */
export function cutError(described: { name: string; message: string }, maxChars: number): { name: string; message: string } {
  return described.message.length <= maxChars ? described : { name: described.name, message: truncate(described.message, maxChars) };
}

function safeString(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // do not keep half a surrogate pair
  return text.slice(0, end);
}

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
  return cutError({ name, message }, maxChars);
}

/** `described` with its message cut to at most `maxChars` (the same object when it is short enough). */
export function cutError(described: { name: string; message: string }, maxChars: number): { name: string; message: string } {
  const { message } = described;
  if (message.length <= maxChars) return described;
  // Do not keep half a surrogate pair.
  const last = message.charCodeAt(maxChars - 1);
  return { name: described.name, message: message.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars) };
}

function safeString(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

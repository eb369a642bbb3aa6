/** The ids that join a log line to its invocation and its X-Ray trace. */
export interface InvocationIds {
  readonly requestId?: string;
  /** The X-Ray trace id (`Root=` of `_X_AMZN_TRACE_ID`). */
  readonly traceId?: string;
}

/**
 * The current invocation's ids. Lambda sets `_X_AMZN_TRACE_ID` for each invocation
 * (`Root=1-…;Parent=…;Sampled=…`); its `Root` is the trace id X-Ray and Logs Insights search by.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function invocationIds(requestId: string | undefined, traceHeader: string | undefined = process.env._X_AMZN_TRACE_ID): InvocationIds {
  const traceId = traceHeader ? traceIdOf(traceHeader) : undefined;
  if (typeof requestId === 'string' && requestId !== '') return traceId ? { requestId, traceId } : { requestId };
  return traceId ? { traceId } : {};
}

let lastHeader = '';
let lastTraceId = '';

/** The `Root` of a trace header (the whole header without one); the last answer is kept: a warm function sees a new header each time, but parses it once. */
function traceIdOf(header: string): string {
  if (header !== lastHeader) {
    const start = header.startsWith('Root=') ? 0 : header.indexOf(';Root=') + 1;
    const end = header.indexOf(';', start);
    lastTraceId = start === 0 && !header.startsWith('Root=') ? header : header.slice(start + 'Root='.length, end < 0 ? undefined : end);
    lastHeader = header;
  }
  return lastTraceId;
}

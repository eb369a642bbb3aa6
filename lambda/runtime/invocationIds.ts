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
  const root = traceHeader?.split(';').find((part) => part.startsWith('Root='))?.slice('Root='.length);
  const traceId = root || traceHeader || undefined;
  return { ...(typeof requestId === 'string' && requestId !== '' ? { requestId } : {}), ...(traceId ? { traceId } : {}) };
}

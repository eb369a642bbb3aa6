/** Error names AWS services answer when a request is over the rate. */
const THROTTLING_NAMES = /^(Throttling(Exception)?|ThrottledException|TooManyRequestsException|RequestLimitExceeded)$/;

/**
 * Whether an AWS SDK error says the request was throttled: Step Functions answers StartExecution
 * above its token bucket with `ThrottlingException` (HTTP 400); the SDK also marks throttling
 * errors it recognizes with `$retryable.throttling`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-api-action-throttling-general
 *   (StartExecution: a token bucket per account and Region, 800 or 1,300 tokens refilled at 150 or 300 per second)
 */
export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $retryable?: { throttling?: unknown }; $metadata?: { httpStatusCode?: unknown } };
  return (typeof e.name === 'string' && THROTTLING_NAMES.test(e.name)) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429;
}

/**
 * Whether SQS refused a `ChangeMessageVisibility` because the message would stay hidden past 12
 * hours from its receive. SQS answers `InvalidParameterValue` naming `VisibilityTimeout`, and does
 * not shorten the request to the time left; the transport never sends a value outside 0–43,200 s,
 * so that answer can only mean the time since the receive leaves too little.
 *
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
export function isVisibilityLimitRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; Code?: unknown; message?: unknown };
  const invalid = e.name === 'InvalidParameterValue' || e.Code === 'InvalidParameterValue';
  return invalid && typeof e.message === 'string' && e.message.includes('VisibilityTimeout');
}

import type { SFNClient } from '@aws-sdk/client-sfn';
import { BACKOFF_ATTRIBUTE, MAX_EXECUTION_INPUT_BYTES, ParkInput } from '../../contract';
import { ONE_YEAR_LIMIT } from '../../limits';
import type { Delivery } from '../delivery';
import { executionName } from '../executionName';
import { messageBytesOver } from '../fitMessage';
import { isoTime } from '../isoTime';
import { sfnClient, sfnSdk } from '../sdk';
import { serializeParkInput } from '../parkInput';
import type { DelayTransport, ParkOutcome, ParkRequest, ParkStatus } from './delayTransport';
import { isThrottlingError } from './isThrottlingError';
import { LONGEST_VISIBILITY_SECONDS, VisibilityTimeoutTransport } from './visibilityTimeoutTransport';

/**
 * The execution name is deterministic, so `ExecutionAlreadyExists` means this failure was parked
 * before: AWS answers it for a same-named execution with different input or one that has finished,
 * and some emulators even for the same input; every case is "already parked".
 */
const ALREADY_EXISTS = /^ExecutionAlreadyExists(Exception)?$/;

/** The longest Wait a retry execution carries: the limit the construct validates at synth (`lambda/limits.ts`). */
const LONGEST_WAIT_SECONDS = ONE_YEAR_LIMIT.seconds;

export interface StepFunctionsTransportOptions {
  readonly sfn: SFNClient | undefined;
  readonly stateMachineArn: string;
  readonly queueUrl: string;
  /** The work queue's MaximumMessageSize: the requeued copy must fit in it. */
  readonly queueMessageBytes: number;
  /** Where a retry goes when Step Functions cannot take it; undefined: no fallback. */
  readonly fallback: VisibilityTimeoutTransport | undefined;
}

/**
 * Parks the message in the retry state machine (Wait, then SendMessage a copy with the next
 * `x-backoff`); the original is acknowledged once the execution started. With the fallback on, a
 * park Step Functions cannot take goes to a visibility timeout of the same delay on the same
 * message instead: an input over 256 KiB (or a requeued copy the work queue would refuse), and a
 * StartExecution throttled or failing after the SDK's own retries. Without it those are dead-lettered
 * `too-large` or left to SQS redelivery, as before transports existed.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (256 KiB execution input, StartExecution throttling)
 */
export class StepFunctionsTransport implements DelayTransport {
  readonly name = 'step-functions';
  readonly retriesInPlace: boolean;
  private readonly queueUrlJson: string;
  private readonly fifo: boolean;

  constructor(private readonly options: StepFunctionsTransportOptions) {
    this.retriesInPlace = options.fallback !== undefined;
    this.queueUrlJson = JSON.stringify(options.queueUrl);
    this.fifo = options.queueUrl.endsWith('.fifo');
  }

  async park(request: ParkRequest): Promise<ParkOutcome> {
    const { delivery, delaySeconds } = request;
    if (delivery.noRoom) return { status: 'no-room', acknowledge: false, transport: this.name, delaySeconds };
    if (delaySeconds > LONGEST_WAIT_SECONDS) {
      // The configuration keeps the policy within it, but a user's `random` source may not.
      return this.tooLarge(delivery, delaySeconds, `the ${delaySeconds}-second delay is longer than a retry execution can wait (${LONGEST_WAIT_SECONDS} s: ${ONE_YEAR_LIMIT.reason})`);
    }
    // One execution name per SQS message (its x-backoff.attempt + 1), however often that message
    // is received: a delivery whose park had started before is recognised (ExecutionAlreadyExists)
    // even when visibility retries in between raised the attempt count.
    const held = request.held ?? 0;
    const mark = request.hold ? `o${held}` : held > 0 ? `h${held}` : '';
    const name = executionName(delivery.originalMessageId, (delivery.metadata?.attempt ?? 0) + 1, delivery.metadata?.history?.length ?? 0, mark);
    const input = this.serialize(request, name);
    const tooLarge = this.tooLargeDetail(input);
    if (tooLarge !== undefined) return this.tooLarge(delivery, delaySeconds, tooLarge);
    let status: ParkStatus = 'parked';
    try {
      const { StartExecutionCommand } = sfnSdk();
      await sfnClient(this.options.sfn).send(new StartExecutionCommand({ stateMachineArn: this.options.stateMachineArn, name, input }));
    } catch (error) {
      if (!ALREADY_EXISTS.test((error as { name?: string })?.name ?? '')) return this.notStarted(delivery, delaySeconds, name, error);
      status = 'already-parked';
    }
    return { status, acknowledge: true, transport: this.name, delaySeconds, executionName: name };
  }

  /** StartExecution failed (throttled, a service error left after the SDK's own retries, the network): the fallback, or SQS redelivery. */
  private notStarted(delivery: Delivery, delaySeconds: number, name: string, error: unknown): Promise<ParkOutcome> | ParkOutcome {
    const { fallback } = this.options;
    if (fallback) return fallback.hide(delivery, delaySeconds, { reason: isThrottlingError(error) ? 'step-functions-throttled' : 'step-functions-failed', cause: error });
    return { status: 'failed', acknowledge: false, transport: this.name, delaySeconds, executionName: name, cause: error };
  }

  /**
   * The ParkInput (lambda/contract.ts): the requeue's attributes carry the next x-backoff, the
   * dead-letter variant (for the state machine's Catch) the same with reason `requeue-failed`.
   * A FIFO requeue carries its group and a per-park deduplication id; it leaves its group while it waits.
   */
  private serialize(request: ParkRequest, name: string): string {
    const { delivery, attempt, delaySeconds, lastError } = request;
    const { record } = delivery;
    return serializeParkInput({
      queueUrlJson: this.queueUrlJson,
      body: record.body,
      messageAttributes: record.messageAttributes,
      attempt,
      firstReceivedAt: isoTime(delivery.firstReceivedAtMs),
      originalMessageId: delivery.originalMessageId,
      lastError,
      delaySeconds,
      history: delivery.metadata?.history,
      delaySource: request.delaySource,
      held: request.held,
      messageGroupId: this.fifo ? (record.attributes?.MessageGroupId ?? 'sqs-backoff') : undefined,
      messageDeduplicationId: this.fifo ? name : undefined,
    });
  }

  /**
   * Why Step Functions cannot carry this input, if it cannot: over its 256 KiB, or a requeued
   * message over the work queue's limit (SQS would refuse it and the Catch would dead-letter it
   * after the wait). Each UTF-16 unit is at most 3 UTF-8 bytes, and the input holds the body and
   * attributes at least as large as they are in the message: only an input that could pass a
   * limit is measured (and only one that could pass the queue's is parsed).
   */
  private tooLargeDetail(serialized: string): string | undefined {
    const most = serialized.length * 3;
    const bytes = most <= MAX_EXECUTION_INPUT_BYTES ? 0 : Buffer.byteLength(serialized, 'utf8');
    if (bytes > MAX_EXECUTION_INPUT_BYTES) {
      return `retry state machine input would be ${bytes} bytes, over the ${MAX_EXECUTION_INPUT_BYTES}-byte Step Functions limit`;
    }
    const limit = this.options.queueMessageBytes;
    if (most <= limit) return undefined;
    const input = JSON.parse(serialized) as ParkInput;
    const requeueBytes = messageBytesOver(input.body, input.attributes, limit);
    if (requeueBytes === undefined) return undefined;
    return `the requeued copy with ${BACKOFF_ATTRIBUTE} would be ${requeueBytes} bytes, over the work queue's ${limit}-byte MaximumMessageSize`;
  }

  /**
   * The message itself is in the queue already, so a visibility timeout can always carry it, but
   * only up to `LONGEST_VISIBILITY_SECONDS` (12 hours from the receive less a margin): a longer delay is what no transport can carry (`too-large`).
   */
  private tooLarge(delivery: Delivery, delaySeconds: number, detail: string): Promise<ParkOutcome> | ParkOutcome {
    const { fallback } = this.options;
    if (fallback && delaySeconds <= LONGEST_VISIBILITY_SECONDS) return fallback.hide(delivery, delaySeconds, { reason: 'too-large-for-step-functions' });
    const why = fallback ? `${detail}, and the ${delaySeconds}-second delay is longer than a visibility timeout can carry (${LONGEST_VISIBILITY_SECONDS} s)` : detail;
    return { status: 'too-large', acknowledge: false, transport: this.name, delaySeconds, detail: why };
  }
}

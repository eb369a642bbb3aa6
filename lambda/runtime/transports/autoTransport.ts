import { MAX_SQS_DELAY_SECONDS } from '../../contract';
import type { DelayTransport, ParkOutcome, ParkRequest } from './delayTransport';
import type { SqsDelayTransport } from './sqsDelayTransport';
import type { StepFunctionsTransport } from './stepFunctionsTransport';

/**
 * The cheapest transport for each delay on a standard queue: up to 900 s an SQS delayed copy (one
 * SendMessage), beyond it Step Functions (with its fallbacks). On a FIFO queue `chooseTransport`
 * uses the visibility timeout instead, so this class never sees one.
 */
export class AutoTransport implements DelayTransport {
  readonly name = 'auto';
  readonly retriesInPlace: boolean;

  constructor(
    private readonly short: SqsDelayTransport,
    private readonly long: StepFunctionsTransport,
  ) {
    this.retriesInPlace = long.retriesInPlace;
  }

  park(request: ParkRequest): Promise<ParkOutcome> {
    return request.delaySeconds <= MAX_SQS_DELAY_SECONDS ? this.short.park(request) : this.long.park(request);
  }
}

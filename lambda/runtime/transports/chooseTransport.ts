import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_QUEUE_MESSAGE_BYTES } from '../../contract';
import { DEFAULT_TRANSPORT, RuntimeConfig } from '../runtimeConfig';
import { AutoTransport } from './autoTransport';
import type { DelayTransport } from './delayTransport';
import { SqsDelayTransport } from './sqsDelayTransport';
import { StepFunctionsTransport } from './stepFunctionsTransport';
import { VisibilityTimeoutTransport } from './visibilityTimeoutTransport';

/**
 * The transport a validated configuration names (`BACKOFF_TRANSPORT`, absent: `step-functions`),
 * built once per cold start. FIFO is read from the queue URL: there `auto` is `visibility-timeout`
 * (a FIFO queue takes no per-message delay, and a parked message would leave its group).
 */
export function chooseTransport(config: RuntimeConfig, clients: { readonly sqs: SQSClient | undefined; readonly sfn: SFNClient | undefined }): DelayTransport {
  const name = config.transport ?? DEFAULT_TRANSPORT;
  const fifo = config.queueUrl.endsWith('.fifo');
  const queueMessageBytes = config.maxMessageBytes ?? DEFAULT_QUEUE_MESSAGE_BYTES;
  const visibility = new VisibilityTimeoutTransport(clients.sqs, config.queueUrl);
  const stepFunctions = (): StepFunctionsTransport =>
    new StepFunctionsTransport({
      sfn: clients.sfn,
      // Validation made it required by the transports that come here.
      stateMachineArn: config.stateMachineArn!,
      queueUrl: config.queueUrl,
      queueMessageBytes,
      fallback: config.visibilityFallback === false ? undefined : visibility,
    });
  switch (name) {
    case 'visibility-timeout':
      return visibility;
    case 'sqs-delay':
      return new SqsDelayTransport(clients.sqs, config.queueUrl, queueMessageBytes);
    case 'auto':
      return fifo ? visibility : new AutoTransport(new SqsDelayTransport(clients.sqs, config.queueUrl, queueMessageBytes), stepFunctions());
    default:
      return stepFunctions();
  }
}

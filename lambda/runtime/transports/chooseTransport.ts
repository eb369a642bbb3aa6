import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../../contract';
import { ConfigurationError } from '../errors';
import { messageLimits, RuntimeConfig, transportOf } from '../runtimeConfig';
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
  const { name, visibilityFallback } = transportOf(config);
  const fifo = config.queueUrl.endsWith('.fifo');
  const queueMessageBytes = messageLimits(config).queue;
  const visibility = new VisibilityTimeoutTransport(clients.sqs, config.queueUrl);
  const stepFunctions = (): StepFunctionsTransport => {
    if (config.stateMachineArn === undefined) throw new ConfigurationError(`${ENV.stateMachineArn} is required by transport ${name} (given undefined)`);
    return new StepFunctionsTransport({
      sfn: clients.sfn,
      stateMachineArn: config.stateMachineArn,
      queueUrl: config.queueUrl,
      queueMessageBytes,
      fallback: visibilityFallback ? visibility : undefined,
    });
  };
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

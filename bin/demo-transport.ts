import { TransportName } from '../lambda/contract';
import { RetryTransport } from '../lib';

/** The example app's `-c transport=…` name as a `RetryTransport`; unset keeps the construct's default. */
export function demoTransport(name: TransportName | undefined): RetryTransport | undefined {
  switch (name) {
    case undefined:
      return undefined;
    case 'step-functions':
      return RetryTransport.stepFunctions();
    case 'visibility-timeout':
      return RetryTransport.visibilityTimeout();
    case 'sqs-delay':
      return RetryTransport.sqsDelay();
    case 'auto':
      return RetryTransport.auto();
  }
}

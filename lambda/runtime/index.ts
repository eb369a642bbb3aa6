/** The consumer runtime: wrap a per-message handler with `withBackoff`. */
export { withBackoff } from './withBackoff';
export type { BackoffBatchHandler } from './withBackoff';
export type { BackoffContext, BackoffHandler, BackoffOptions, DeadLetterEvent, ErrorClass, RetryEvent } from './types';
export { BackoffMessage } from './backoffMessage';
export { BackoffError, ConfigurationError, MalformedBodyError, NonRetryableError, isNonRetryableError } from './errors';
export { JsonLogger } from './logger';
export type { BackoffLogger, LogFields } from './logger';
export { readRuntimeConfig, validateRuntimeConfig } from './runtimeConfig';
export type { RuntimeConfig } from './runtimeConfig';
export { executionName, MAX_EXECUTION_NAME_LENGTH } from './executionName';
export { parseBackoffMetadata, serializeBackoffMetadata } from './backoffMetadata';
export type { MetadataReading } from './backoffMetadata';
export { userAttributes, toWireAttributes, toSqsAttributes } from './attributes';
export { RetryAfterError, isRetryAfterError, retryAfterFromHeader } from './retryAfter';
export type { OutageProtectionSpec, RetryRuleSpec } from '../retryRules';
export { OUTAGE_DEFAULTS } from '../retryRules';

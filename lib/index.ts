export * from './backoff-validation-error';
export * from './backoff-policy';
export * from './backoff-consumer-props';
export * from './backoff-consumer';
export * from './backoff-queue';
export * from './backoff-alarms';
export * from './backoff-queries';
export * from './retry-state-machine';
export * from './policy-spec';
export * from './random-source';
/** The runtime's plain-JSON policy, for TypeScript users of `BackoffPolicy.fromJson` and `toJson`. */
export type { PolicySpec } from '../lambda/backoff';
export * from './retry-transport';
export * from './retry-transport-binding';
export * from './retry-control';

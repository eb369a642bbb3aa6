export * from './backoff-validation-error';
export * from './backoff-policy';
export * from './backoff-consumer-props';
export * from './backoff-queue';
export * from './backoff-alarms';
export * from './retry-state-machine';
export type { PolicySpec, PolicyKind } from '../lambda/backoff';
export * from './retry-transport';
export * from './retry-transport-binding';

export * from './backoff-validation-error';
export * from './backoff-policy';
export type { PolicySpec, PolicyKind } from '../lambda/backoff';

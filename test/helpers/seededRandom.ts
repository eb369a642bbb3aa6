export { seededRandom } from '../../lambda/backoff';

/** A random source that always answers `value`. */
export function constantRandom(value: number): () => number {
  return () => value;
}

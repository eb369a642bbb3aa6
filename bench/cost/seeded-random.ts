// The cost of a jittered policy is reproducible: the same seeded PRNG as previews and tests.
export { seededRandom } from '../../lambda/backoff';

import { seededRandom } from '../lambda/backoff';

/**
 * A source of uniform random numbers in [0, 1), for previews and tests of a policy's random
 * kinds. An interface rather than a function type so that Python, Java, Go and C# can implement
 * it; `SeededRandom` is the deterministic one.
 */
export interface IRandomSource {
  /** The next number, uniform in [0, 1). */
  next(): number;
}

/** mulberry32 from a seed: the same draws for the same seed in every language. */
export class SeededRandom implements IRandomSource {
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = seededRandom(seed);
  }

  public next(): number {
    return this.draw();
  }
}

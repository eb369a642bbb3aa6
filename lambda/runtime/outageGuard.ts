import type { OutageProtectionSpec } from '../retryRules';

/**
 * The failure rate of the latest handler runs in this execution environment (it lives as long as
 * the warm environment does): a ring of the last `window` outcomes. In an outage once at least
 * `window` runs were seen and the failed share reaches `failureRate`; any success lowers it.
 */
export class OutageGuard {
  private readonly ring: boolean[] = [];
  private next = 0;
  private failures = 0;

  constructor(readonly spec: OutageProtectionSpec) {}

  /** Records a handler run (true: it failed retryably) and answers whether the consumer is now in an outage. */
  record(failed: boolean): boolean {
    const { window } = this.spec;
    if (this.ring.length < window) this.ring.push(failed);
    else {
      if (this.ring[this.next]) this.failures--;
      this.ring[this.next] = failed;
      this.next = (this.next + 1) % window;
    }
    if (failed) this.failures++;
    return this.inOutage;
  }

  get inOutage(): boolean {
    // A division, not failures ≥ rate × window: 0.7 × 10 is 7.000000000000001 in floating point.
    return this.ring.length >= this.spec.window && this.failures / this.ring.length >= this.spec.failureRate;
  }

  /** `18 of the last 20 records failed`. */
  describe(): string {
    return `${this.failures} of the last ${this.ring.length} records failed (outage protection from ${this.spec.failureRate * 100} % of ${this.spec.window})`;
  }
}

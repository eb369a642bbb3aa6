import { seededRandom } from '../../lambda/backoff';
import { DemoBody } from '../flow/demoMessage';

export interface LoadMix {
  readonly messages: number;
  /** Share of messages that fail 1–3 times before succeeding. */
  readonly transientRate: number;
  /** Share of messages that are poison (non-retryable). */
  readonly poisonRate: number;
  /** Seed of the deterministic draw of which message is which. */
  readonly seed: number;
}

export const DEFAULT_LOAD_MIX: LoadMix = Object.freeze({ messages: 2_000, transientRate: 0.3, poisonRate: 0.05, seed: 2026 });

/** What the example consumer should do with a body, hence where it must end. */
export function expectedOutcome(body: DemoBody): { kind: 'processed'; attempt: number } | { kind: 'dead-lettered'; reason: string } {
  if (body.poison) return { kind: 'dead-lettered', reason: 'non-retryable' };
  return { kind: 'processed', attempt: (body.failTimes ?? 0) + 1 };
}

/** Exactly `round(messages·rate)` of each kind, shuffled deterministically by `seed`. */
export function loadScenario(runId: string, mix: LoadMix = DEFAULT_LOAD_MIX): DemoBody[] {
  const random = seededRandom(mix.seed);
  const poison = Math.round(mix.messages * mix.poisonRate);
  const transient = Math.round(mix.messages * mix.transientRate);
  const kinds = Array.from({ length: mix.messages }, (_, i): 'poison' | 'transient' | 'ok' =>
    i < poison ? 'poison' : i < poison + transient ? 'transient' : 'ok',
  );
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds.map((kind, i) => {
    const id = `${runId}-${i}`;
    if (kind === 'poison') return { id, poison: true };
    if (kind === 'transient') return { id, failTimes: 1 + Math.floor(random() * 3) };
    return { id };
  });
}

/**
 * `npm run vectors`: golden vectors generated from the TypeScript code into test/vectors/, one file
 * per category. The Python runtime's pytest runs every vector (test/python/test_vectors.py); the unit
 * test test/unit/vectors/vectors.test.ts regenerates them in memory and fails when the committed
 * files drift from the code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from './encode';
import { delays, limits, pow, powDelays, seededRandomCases, worstCases } from './policyCases';
import { invocationIdCases, metricsCases } from './metricsCases';
import { retryControl } from './retryControlCases';
import { scenarios } from './scenarios';
import { config, errorCuts, executionNames, isoTimes, metadata, numbers, parkInputs, sizes } from './wireCases';

export const VECTORS_DIR = join(__dirname, '..', '..', 'test', 'vectors');

/** Every category's cases, by file name (without `.json`). */
export async function buildVectors(): Promise<Record<string, Json[]>> {
  return {
    delays: delays(),
    pow: pow(),
    'pow-delays': powDelays(),
    'seeded-random': seededRandomCases(),
    'worst-cases': worstCases(),
    limits: limits(),
    config: config(),
    'execution-names': executionNames(),
    metadata: metadata(),
    'park-inputs': parkInputs(),
    sizes: sizes(),
    'iso-times': isoTimes(),
    'error-cuts': errorCuts(),
    numbers: numbers(),
    'retry-control': retryControl(),
    metrics: metricsCases(),
    'invocation-ids': invocationIdCases(),
    scenarios: await scenarios(),
  };
}

/** The text of a category's file: one case per line, so that a diff shows which case changed. */
export function vectorFileText(category: string, cases: readonly Json[]): string {
  return `{"category":${JSON.stringify(category)},"generatedBy":"scripts/vectors/generate.ts","cases":[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
}

async function main(): Promise<void> {
  mkdirSync(VECTORS_DIR, { recursive: true });
  for (const [category, cases] of Object.entries(await buildVectors())) {
    writeFileSync(join(VECTORS_DIR, `${category}.json`), vectorFileText(category, cases));
    process.stdout.write(`${category}: ${cases.length}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

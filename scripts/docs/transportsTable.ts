/**
 * The README's "Choosing a transport" table: each delay transport's monthly cost on the default
 * cost scenario (the same numbers as `npm run cost`) beside what it gives up. `npm run
 * docs:transports` rewrites the README between its markers; test/unit/docs/transportsTable.test.ts
 * fails when the README is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareDesigns } from '../../bench/cost/compare-designs';
import { DEFAULT_SCENARIO } from '../../bench/cost/scenario';
import { delayLabel, longestDelaySeconds } from '../../bench/cost/transport-limits';
import { usd } from '../../bench/util/format';
import { TRANSPORT_NAMES } from '../../lambda/contract';
import { TRANSPORT_FACTS } from './transportFacts';
import { tableCell, withMarkedSection } from './markedSection';

export const README = path.join(__dirname, '..', '..', 'README.md');
export const START = '<!-- transports-table:start -->';
export const END = '<!-- transports-table:end -->';

export function transportsTable(): string {
  const standard = compareDesigns(DEFAULT_SCENARIO);
  const fifo = compareDesigns({ ...DEFAULT_SCENARIO, fifo: true });
  const sfn = standard.transports['step-functions'];
  const rows = TRANSPORT_NAMES.map((name) => {
    const facts = TRANSPORT_FACTS[name];
    const fifoCost = fifo.transportCosts.find((c) => c.design === name)!;
    const longest = delayLabel(longestDelaySeconds(name, false));
    const longestFifo = name === 'auto' ? ` (FIFO: ${delayLabel(longestDelaySeconds(name, true))})` : '';
    return [
      `\`${name}\``,
      `${usd(standard.transports[name])} (${(standard.transports[name] / sfn).toFixed(3)}×)`,
      fifoCost.feasible ? usd(fifoCost.total) : '—',
      `${longest}${longestFifo}`,
      facts.recall,
      facts.listing,
      facts.lastError,
      facts.fifoOrder,
      facts.throttling,
    ];
  });
  const s = DEFAULT_SCENARIO;
  const auto = standard.transportCosts.find((c) => c.design === 'auto')!;
  const autoSplit =
    auto.carried.stepFunctions === 0
      ? 'At these waits `auto` sends every retry by `sqs-delay`.'
      : `\`auto\` sends ${Math.round((auto.carried.sqsDelay / standard.volumes.retries) * 100)} % of the retries by \`sqs-delay\`.`;
  return [
    '| transport | $/month (÷ step-functions) | $/month on FIFO | longest delay | recall | waiting retries listed | `lastError` history | FIFO order | throttling |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.map(tableCell).join(' | ')} |`),
    '',
    `Cost: \`npm run cost\` on its default scenario — ${s.messages.toLocaleString('en-US')} messages/month, ` +
      `${s.failureRate * 100} % of them failing every attempt, policy \`${JSON.stringify(s.policy)}\` ` +
      `(waits ${standard.worstDelays.join(', ')} s), maxAttempts ${s.maxAttempts}, ${s.messageBytes} B messages: the retry path ` +
      "only, with the consumer's extra Lambda attempts, us-east-1 list prices. " +
      `${autoSplit} \`npm run cost -- --transport <name>\` lists the line items.`,
  ].join('\n');
}

/** The README with its transports table replaced by the generated one. */
export function withTransportsTable(readme: string): string {
  return withMarkedSection(readme, 'README.md', START, END, transportsTable());
}

if (require.main === module) {
  fs.writeFileSync(README, withTransportsTable(fs.readFileSync(README, 'utf8')));
  console.log('README.md transports table regenerated');
}

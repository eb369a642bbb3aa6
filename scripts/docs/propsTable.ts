/**
 * The props table of docs/props.md (moved out of the README to keep it short; API.md has every
 * type), generated from the JSDoc of the construct's props interfaces so that the table cannot
 * drift from the code. `npm run docs:props` rewrites docs/props.md between its markers;
 * `test/unit/docs/propsTable.test.ts` fails when it is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentedProp, documentedProps } from './documentedProps';
import { tableCell, withMarkedSection } from './markedSection';

const SOURCES: readonly [file: string, interfaceName: string, prefix: string][] = [
  ['lib/backoff-queue.ts', 'BackoffQueueProps', ''],
  ['lib/backoff-queue.ts', 'BackoffWorkQueueProps', 'queueProps.'],
  ['lib/backoff-consumer-props.ts', 'BackoffConsumerFunctionOptions', 'consumer.'],
  ['lib/backoff-consumer-props.ts', 'BackoffEventSourceOptions', 'consumer.'],
  ['lib/backoff-consumer-props.ts', 'NodejsConsumerProps', 'BackoffConsumer.nodejs: '],
  ['lib/backoff-consumer-props.ts', 'PythonConsumerProps', 'BackoffConsumer.python: '],
];

export const PROPS_DOC = path.join(__dirname, '..', '..', 'docs', 'props.md');
export const START = '<!-- props-table:start -->';
export const END = '<!-- props-table:end -->';

export function propsTable(): string {
  const rows = SOURCES.flatMap(([file, interfaceName, prefix]) =>
    documentedProps(file)
      .filter((prop) => prop.interfaceName === interfaceName)
      .map((prop) => row(prefix, prop)),
  );
  return ['| prop | type | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

function row(prefix: string, prop: DocumentedProp): string {
  const name = `\`${prefix}${prop.name}\`${prop.optional ? '' : ' (required)'}`;
  const defaultText = prop.default === undefined ? '' : prop.default.replace(/^- /, '');
  return `| ${name} | \`${tableCell(prop.type)}\` | ${tableCell(defaultText)} | ${tableCell(firstSentence(prop.description))} |`;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at a period before a capital letter or the end, not inside `…` or `e.g.`.
  const end = flat.search(/\.(\s+[A-Z]|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/** docs/props.md with its props table replaced by the generated one. */
export function withPropsTable(doc: string): string {
  return withMarkedSection(doc, 'docs/props.md', START, END, propsTable());
}

if (require.main === module) {
  fs.writeFileSync(PROPS_DOC, withPropsTable(fs.readFileSync(PROPS_DOC, 'utf8')));
  console.log('docs/props.md props table regenerated');
}

import Table from 'cli-table3';

/** A plain table (no ANSI colours) so that the output pastes into Markdown and logs unchanged. */
export function plainTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

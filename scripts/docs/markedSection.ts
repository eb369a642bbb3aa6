/**
 * What every generated docs table shares: the text between a document's `start` and `end`
 * markers is replaced (the markers stay), and table cells are escaped for Markdown.
 */

/** `doc` with what stands between its markers replaced by `content`; throws naming `docName` when a marker is missing. */
export function withMarkedSection(doc: string, docName: string, start: string, end: string, content: string): string {
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${docName} lacks the ${start} … ${end} markers`);
  return `${doc.slice(0, from + start.length)}\n${content}\n${doc.slice(to)}`;
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

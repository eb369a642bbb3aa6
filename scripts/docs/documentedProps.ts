/**
 * Reads the JSDoc of props interfaces with the TypeScript compiler, so tests can hold the
 * documented defaults and the style rules (`@default`, `@see`, `Valid range:`) to the code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface DocumentedProp {
  readonly file: string;
  readonly interfaceName: string;
  readonly name: string;
  readonly optional: boolean;
  /** The declared type as written (`Duration`, `number`, `sqs.IQueue` …). */
  readonly type: string;
  /** The comment text without tags. */
  readonly description: string;
  /** The `@default` text, `undefined` when there is none. */
  readonly default?: string;
  readonly see: readonly string[];
}

const ROOT = path.join(__dirname, '..', '..');

/** Every property declared directly in the exported interfaces of `file` (relative to the repo root). */
export function documentedProps(file: string): DocumentedProp[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const props: DocumentedProp[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    for (const member of node.members) {
      if (ts.isPropertySignature(member)) props.push(describe(file, node.name.text, member));
    }
  });
  return props;
}

function describe(file: string, interfaceName: string, member: ts.PropertySignature): DocumentedProp {
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const tags = docs.flatMap((doc) => [...(doc.tags ?? [])]);
  const text = (tag: ts.JSDocTag) => (ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/\s+/g, ' ').trim();
  const defaultTag = tags.find((tag) => tag.tagName.text === 'default');
  return {
    file,
    interfaceName,
    name: member.name.getText(),
    optional: member.questionToken !== undefined,
    type: member.type?.getText() ?? 'any',
    description: docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join('\n'),
    default: defaultTag === undefined ? undefined : text(defaultTag),
    // TypeScript reads `@see https://…` as a name reference `https` plus a comment; the raw text is the link.
    see: tags.filter((tag) => tag.tagName.text === 'see').map(rawTagText),
  };
}

function rawTagText(tag: ts.JSDocTag): string {
  return tag.getText().replace(/^@\w+/, '').replace(/\n\s*\*/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * `sqs-backoff send <stack> (--body <text> | --file <path>) [--attribute name=Type:value …]`:
 * one message of your own to the stack's work queue, the way a producer would send it.
 * Attribute types are SQS's: `String`, `Number`, `Binary` (value in base64), each with an optional
 * custom suffix (`String.json`). `x-backoff` is the library's own and cannot be sent.
 */
import { randomUUID } from 'node:crypto';
import { MessageAttributeValue, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BACKOFF_ATTRIBUTE, MAX_MESSAGE_ATTRIBUTES } from '../../lambda/contract';
import { OpsContext } from './context';
import { EXIT, ExitCode, usageError } from './errors';
import { describeStack, OUTPUT, requireOutput } from './stackOutputs';

export interface SendOptions {
  readonly stack: string;
  /** The body, already read from `--body` or `--file`. */
  readonly body: string;
  /** `name=Type:value`, as typed. */
  readonly attributes?: readonly string[];
  /** FIFO queues only: the message group (default `sqs-backoff-send`). */
  readonly groupId?: string;
  readonly json?: boolean;
}

/** The user's share of SQS's ten attributes: one is kept for `x-backoff`. */
export const MAX_USER_ATTRIBUTES = MAX_MESSAGE_ATTRIBUTES - 1;

const TYPE_PATTERN = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;
/** SQS: letters, digits, `_ - .`; no leading/trailing or double period; up to 256 characters; not `AWS.`/`Amazon.`. */
const NAME_PATTERN = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

/** `name=Type:value` → an SQS attribute; a usage error (exit 2) naming what is wrong otherwise. */
export function parseAttribute(raw: string): [string, MessageAttributeValue] {
  const m = /^([^=]+)=([^:]+):(.*)$/s.exec(raw);
  if (!m) throw usageError(`--attribute must look like name=String:value, name=Number:42 or name=Binary:<base64> (given ${JSON.stringify(raw)})`);
  const [, name, type, value] = m as unknown as [string, string, string, string];
  if (name === BACKOFF_ATTRIBUTE) throw usageError(`--attribute ${BACKOFF_ATTRIBUTE} is the library's own retry metadata; it cannot be sent`);
  if (!NAME_PATTERN.test(name) || /^(AWS|Amazon)\./i.test(name)) {
    throw usageError(`--attribute name must be 1–256 letters, digits, _ - . (no leading, trailing or double period, not AWS. or Amazon.) (given ${JSON.stringify(name)})`);
  }
  if (!TYPE_PATTERN.test(type)) throw usageError(`--attribute ${name}: type must be String, Number or Binary, optionally with a .suffix (given ${JSON.stringify(type)})`);
  if (type.startsWith('Binary')) return [name, { DataType: type, BinaryValue: decodeBase64(name, value) }];
  if (type.startsWith('Number') && !Number.isFinite(Number(value))) {
    throw usageError(`--attribute ${name}: a Number value must be a number (given ${JSON.stringify(value)})`);
  }
  if (value === '') throw usageError(`--attribute ${name}: a ${type} value cannot be empty`);
  return [name, { DataType: type, StringValue: value }];
}

function decodeBase64(name: string, value: string): Uint8Array {
  const bytes = Buffer.from(value, 'base64');
  if (value === '' || bytes.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, '')) {
    throw usageError(`--attribute ${name}: a Binary value must be base64, e.g. $(base64 -w0 file) (given ${JSON.stringify(value.slice(0, 40))})`);
  }
  return new Uint8Array(bytes);
}

export function parseAttributes(raw: readonly string[]): Record<string, MessageAttributeValue> {
  if (raw.length > MAX_USER_ATTRIBUTES) {
    throw usageError(`at most ${MAX_USER_ATTRIBUTES} --attribute (SQS takes ${MAX_MESSAGE_ATTRIBUTES}; one is kept for ${BACKOFF_ATTRIBUTE}) (given ${raw.length})`);
  }
  const attributes: Record<string, MessageAttributeValue> = Object.create(null) as Record<string, MessageAttributeValue>;
  for (const entry of raw) {
    const [name, value] = parseAttribute(entry);
    if (name in attributes) throw usageError(`--attribute ${name} is given twice`);
    attributes[name] = value;
  }
  return attributes;
}

export async function send(ctx: OpsContext, options: SendOptions): Promise<ExitCode> {
  if (options.body.length === 0) throw usageError('the message body cannot be empty (SQS needs at least one character)');
  const attributes = parseAttributes(options.attributes ?? []);
  const info = await describeStack(ctx.clients.cfn, options.stack, { region: ctx.region });
  const queueUrl = requireOutput(info, OUTPUT.queueUrl);
  const fifo = queueUrl.endsWith('.fifo');
  if (!fifo && options.groupId !== undefined) throw usageError(`--group-id applies to FIFO queues only; ${queueUrl} is a standard queue`);
  const sent = await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: options.body,
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: { ...attributes } } : {}),
      ...(fifo ? { MessageGroupId: options.groupId ?? 'sqs-backoff-send', MessageDeduplicationId: randomUUID() } : {}),
    }),
  );
  if (options.json) {
    ctx.out.out(JSON.stringify({ messageId: sent.MessageId ?? null, queueUrl }, null, 2));
    return EXIT.ok;
  }
  const count = Object.keys(attributes).length;
  ctx.out.out(`sent ${sent.MessageId ?? '?'} to ${queueUrl}${count > 0 ? ` with ${count} attribute${count === 1 ? '' : 's'}` : ''}`);
  ctx.out.err(`follow it with: sqs-backoff status ${info.name} · sqs-backoff pending ${info.name}`);
  return EXIT.ok;
}

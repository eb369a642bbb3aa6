import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { bufferWriter } from '../../../bin/ops/context';
import { EXIT } from '../../../bin/ops/errors';
import { parseAttribute, send } from '../../../bin/ops/send';
import { main } from '../../../bin/sqs-backoff';
import { OUTPUTS, QUEUE_URL, setup, STACK } from './helpers';

const usage = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ exitCode: EXIT.usage });
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('send', () => {
  it('sends the body with String, Number and Binary attributes to the work queue', async () => {
    // GIVEN a stack WHEN a message with three attribute types is sent
    const { ctx, mocks, out } = setup();
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const code = await send(ctx, { stack: STACK, body: '{"id":"a"}', attributes: ['tenant=String:acme', 'n=Number:42', 'sig=Binary:AAEC/w=='] });
    // THEN SQS gets exactly those bytes, and the message id is printed
    expect(code).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: '{"id":"a"}',
      MessageAttributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        n: { DataType: 'Number', StringValue: '42' },
        sig: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
      },
    });
    expect(out.stdout).toBe(`sent m-1 to ${QUEUE_URL} with 3 attributes\n`);
  });

  it('gives a FIFO message a group and a fresh deduplication id', async () => {
    const { ctx, mocks } = setup({ ...OUTPUTS, QueueUrl: `${QUEUE_URL}.fifo` });
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'm-2' });
    await send(ctx, { stack: STACK, body: 'x', groupId: 'g-7' });
    const input = mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.MessageGroupId).toBe('g-7');
    expect(input.MessageDeduplicationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses --group-id on a standard queue', async () => {
    const { ctx } = setup();
    await expect(send(ctx, { stack: STACK, body: 'x', groupId: 'g' })).rejects.toMatchObject({ exitCode: EXIT.usage });
  });

  it.each([
    ['tenant', /must look like name=String:value/],
    ['x-backoff=String:{}', /x-backoff is the library's own retry metadata/],
    ['AWS.trace=String:a', /--attribute name must be/],
    ['a=Text:b', /type must be String, Number or Binary/],
    ['a=Number:many', /a Number value must be a number/],
    ['a=Binary:not base64!', /a Binary value must be base64/],
  ])('rejects --attribute %s with exit 2', (raw, message) => {
    expect(usage(() => parseAttribute(raw))).toMatch(message);
  });

  it('accepts custom type suffixes', () => {
    expect(parseAttribute('doc=String.json:{"a":1}')).toEqual(['doc', { DataType: 'String.json', StringValue: '{"a":1}' }]);
  });

  it('refuses a tenth attribute: one of the ten is kept for x-backoff', async () => {
    const { ctx } = setup();
    const ten = Array.from({ length: 10 }, (_, i) => `a${i}=String:v`);
    await expect(send(ctx, { stack: STACK, body: 'x', attributes: ten })).rejects.toMatchObject({
      exitCode: EXIT.usage,
      message: 'at most 9 --attribute (SQS takes 10; one is kept for x-backoff) (given 10)',
    });
  });

  it('needs exactly one of --body and --file (exit 2), and reads --file', async () => {
    const { ctx, mocks } = setup();
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'm-3' });
    const run = (argv: string[]) => {
      const out = bufferWriter();
      return main(argv, { out, env: { AWS_REGION: 'us-east-1' }, makeClients: () => ctx.clients, readFile: () => 'from file' }).then((code) => ({ code, out }));
    };
    expect((await run(['send', STACK])).code).toBe(EXIT.usage);
    expect((await run(['send', STACK, '--body', 'a', '--file', 'f'])).code).toBe(EXIT.usage);
    expect((await run(['send', STACK, '--file', 'body.json'])).code).toBe(EXIT.ok);
    expect(mocks.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody).toBe('from file');
  });
});

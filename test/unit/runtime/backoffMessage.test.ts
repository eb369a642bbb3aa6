import { describe, expect, it } from 'vitest';
import { BackoffMessage, MalformedBodyError, NonRetryableError } from '../../../lambda/runtime';
import { backoffMetadata, sqsRecord, stringAttribute } from '../../helpers/sqsRecord';

describe('BackoffMessage', () => {
  it('exposes id, body, the raw record and the user attributes without x-backoff', () => {
    // GIVEN a requeued record
    const record = sqsRecord({ messageId: 'm', body: '{"a":1}', attributes: { tenant: stringAttribute('t') }, backoff: backoffMetadata() });
    // WHEN wrapped
    const message = new BackoffMessage(record);
    // THEN
    expect(message.messageId).toBe('m');
    expect(message.body).toBe('{"a":1}');
    expect(message.record).toBe(record);
    expect(message.attributes).toEqual({ tenant: stringAttribute('t') });
  });

  it('parses a JSON body once', () => {
    const message = new BackoffMessage(sqsRecord({ body: '{"id":"x","n":[1,2]}' }));
    const first = message.json<{ id: string }>();
    expect(first).toEqual({ id: 'x', n: [1, 2] });
    expect(message.json()).toBe(first);
  });

  it('parses JSON scalars, including null', () => {
    expect(new BackoffMessage(sqsRecord({ body: 'null' })).json()).toBeNull();
    expect(new BackoffMessage(sqsRecord({ body: ' 42 ' })).json()).toBe(42);
  });

  it('throws MalformedBodyError, a NonRetryableError, for a body that is not JSON', () => {
    const message = new BackoffMessage(sqsRecord({ body: 'hello' }));
    expect(() => message.json()).toThrow(MalformedBodyError);
    expect(() => message.json()).toThrow(NonRetryableError);
    expect(() => message.json()).toThrow(/message body is not JSON/);
  });
});

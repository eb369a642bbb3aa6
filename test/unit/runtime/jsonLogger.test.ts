import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonLogger } from '../../../lambda/runtime';
import { invocationIds } from '../../../lambda/runtime/invocationIds';

function capture() {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return {
    stdout: () => out.mock.calls.map((call) => String(call[0])),
    stderr: () => err.mock.calls.map((call) => String(call[0])),
  };
}

describe('JsonLogger (the default logger)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON object per line with level, msg and the decision fields', () => {
    const lines = capture();
    new JsonLogger('info').info('parked', { messageId: 'm', originalMessageId: 'o', attempt: 2, delaySeconds: 8, error: { name: 'E', message: 'boom' } });
    expect(lines.stdout()).toHaveLength(1);
    expect(lines.stdout()[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines.stdout()[0])).toEqual({
      level: 'info',
      msg: 'parked',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      messageId: 'm',
      originalMessageId: 'o',
      attempt: 2,
      delaySeconds: 8,
      error: { name: 'E', message: 'boom' },
    });
  });

  it('carries the invocation\'s request id and X-Ray trace id after the timestamp, so a line joins its trace', () => {
    // GIVEN a logger told which invocation it is in
    const lines = capture();
    const logger = new JsonLogger('info');
    logger.setInvocation(invocationIds('req-7', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'));
    // WHEN it writes a decision
    logger.warn('dead-lettered', { messageId: 'm' });
    // THEN the ids sit between the timestamp and the fields
    const line = JSON.parse(lines.stdout()[0]);
    expect(Object.keys(line)).toEqual(['level', 'msg', 'timestamp', 'requestId', 'traceId', 'messageId']);
    expect(line).toMatchObject({ requestId: 'req-7', traceId: '1-5759e988-bd862e3fe1be46a994272793' });
  });

  it('writes errors to stderr', () => {
    const lines = capture();
    new JsonLogger('info').error('park-failed', { messageId: 'm' });
    expect(JSON.parse(lines.stderr()[0])).toMatchObject({ level: 'error', msg: 'park-failed' });
  });

  it('hides debug lines unless the Lambda log level asks for them', () => {
    const lines = capture();
    new JsonLogger('INFO').debug('processed');
    new JsonLogger(undefined).debug('processed');
    expect(lines.stdout()).toHaveLength(0);
    new JsonLogger('DEBUG').debug('processed');
    new JsonLogger('TRACE').debug('processed');
    expect(lines.stdout()).toHaveLength(2);
  });

  it('respects WARN: info lines are dropped, warnings kept', () => {
    const lines = capture();
    const logger = new JsonLogger('WARN');
    logger.info('parked');
    logger.warn('dead-lettered');
    expect(lines.stdout().map((line) => JSON.parse(line).msg)).toEqual(['dead-lettered']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonLogger } from '../../../lambda/runtime';

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
      messageId: 'm',
      originalMessageId: 'o',
      attempt: 2,
      delaySeconds: 8,
      error: { name: 'E', message: 'boom' },
    });
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

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitQuietlyWhenPipeCloses } from '../../../bin/ops/closedPipe';
import { quietSdkNodeNotice } from '../../../bin/ops/quietSdkNotice';

describe('exitQuietlyWhenPipeCloses', () => {
  it('exits 0 when the reader closed the pipe (EPIPE), instead of an unhandled error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const exits: number[] = [];
    exitQuietlyWhenPipeCloses(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
  });

  it('still fails on any other write error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    exitQuietlyWhenPipeCloses(stream, () => undefined);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });
});

describe('quietSdkNodeNotice', () => {
  it('turns the AWS SDK notice off unless the user set the switch', () => {
    const env: NodeJS.ProcessEnv = {};
    quietSdkNodeNotice(env);
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    const own: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
    quietSdkNodeNotice(own);
    expect(own.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('false');
  });
});

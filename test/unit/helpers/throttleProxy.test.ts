import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLING_BODY, ThrottleProxy, TokenBucket } from '../../helpers/throttleProxy';

describe('TokenBucket', () => {
  it('lets a full bucket through, then one request per refilled token', () => {
    // GIVEN a bucket of 20 refilled at 5 per second, on a clock the test moves
    let now = 0;
    const bucket = new TokenBucket(20, 5, () => now);
    // WHEN 25 requests arrive at once, then 1 s passes
    const burst = Array.from({ length: 25 }, () => bucket.take()).filter(Boolean).length;
    now = 1_000;
    const afterOneSecond = Array.from({ length: 10 }, () => bucket.take()).filter(Boolean).length;
    // THEN 20 and then 5 pass
    expect([burst, afterOneSecond]).toEqual([20, 5]);
  });
});

describe('ThrottleProxy over real HTTP', () => {
  let upstream: http.Server;
  let proxy: ThrottleProxy;
  const seen: string[] = [];

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      seen.push(String(request.headers['x-amz-target']));
      request.resume();
      request.on('end', () => response.end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    proxy = await ThrottleProxy.start({ upstream: `http://127.0.0.1:${port}`, throttledTarget: 'AWSStepFunctions.StartExecution', bucketSize: 3, refillPerSecond: 0.001 });
  });

  afterAll(async () => {
    await proxy.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const post = (target: string) =>
    fetch(proxy.endpoint, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' }, body: '{}' }).then(async (response) => ({
      status: response.status,
      body: await response.text(),
    }));

  it('answers the throttled target above the bucket with HTTP 400 ThrottlingException, forwards the rest', async () => {
    // WHEN 5 StartExecution and 2 other requests go through a bucket of 3
    const starts = [];
    for (let i = 0; i < 5; i++) starts.push(await post('AWSStepFunctions.StartExecution'));
    const others = [await post('AmazonSQS.ChangeMessageVisibility'), await post('AmazonSQS.ChangeMessageVisibility')];
    // THEN 3 starts were forwarded, 2 throttled the way Step Functions answers, and the others all forwarded
    expect(starts.map((reply) => reply.status)).toEqual([200, 200, 200, 400, 400]);
    expect(JSON.parse(starts[4].body)).toEqual(JSON.parse(THROTTLING_BODY));
    expect(others.map((reply) => reply.status)).toEqual([200, 200]);
    expect(proxy.throttled).toBe(2);
    expect(proxy.forwardedCount('AWSStepFunctions.StartExecution')).toBe(3);
    expect(seen.filter((target) => target === 'AmazonSQS.ChangeMessageVisibility')).toHaveLength(2);
  });
});

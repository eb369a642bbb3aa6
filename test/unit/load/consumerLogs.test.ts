/**
 * Reading a whole log group through an endpoint that caps FilterLogEvents at 10,000 events and
 * gives no nextToken (MiniStack 1.5.33): the load run's per-transport count lost every park after
 * the first 10,000 events (about 12 % of 10,000 messages' parks) before logLines went on by time.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_PAGE_EVENTS, logLines } from '../../../scripts/flow/consumerLogs';

/** 25,000 events, five per millisecond (so a page boundary falls inside a millisecond). */
const EVENTS = Array.from({ length: 25_000 }, (_, i) => ({ eventId: `e${i}`, timestamp: 1_000 + Math.floor(i / 5), message: `line ${i}` }));
let server: Server;
let endpoint: string;
let calls = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      calls++;
      const { startTime } = JSON.parse(body) as { startTime: number };
      // As MiniStack answers: the first `limit` events from startTime on, and never a nextToken.
      const events = EVENTS.filter((event) => event.timestamp >= startTime).slice(0, FILTER_PAGE_EVENTS);
      response.setHeader('Content-Type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ events, searchedLogStreams: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('logLines', () => {
  it('reads every event once past a capped answer without a nextToken', async () => {
    const lines = await logLines(endpoint, '/aws/lambda/consumer', 0);
    expect(lines).toHaveLength(EVENTS.length);
    expect(new Set(lines).size).toBe(EVENTS.length);
    expect(lines[EVENTS.length - 1]).toBe('line 24999');
    // Three full answers and one that holds only events already read.
    expect(calls).toBeLessThanOrEqual(4);
  });
});

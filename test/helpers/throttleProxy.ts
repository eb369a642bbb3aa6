/**
 * A token-bucket HTTP proxy on loopback in front of the emulator, for the throttle storm
 * (test/e2e/throttleStorm.test.ts): requests whose `X-Amz-Target` is the throttled operation
 * (awsJson1.0, e.g. `AWSStepFunctions.StartExecution`) take a token; without one they are answered
 * the way Step Functions answers above its quota, HTTP 400 with a `ThrottlingException`. Everything
 * else is forwarded untouched (same method, path, headers and body) and every request is counted
 * by its target.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-api-action-throttling-general
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThrottleProxyOptions {
  /** The emulator's endpoint, e.g. http://127.0.0.1:4570. */
  readonly upstream: string;
  /** The operation to throttle, as its `X-Amz-Target` header names it. */
  readonly throttledTarget: string;
  /** Tokens in a full bucket (the burst). */
  readonly bucketSize: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/** The body Step Functions answers a throttled request with (awsJson1.0). */
export const THROTTLING_BODY = JSON.stringify({ __type: 'com.amazonaws.states#ThrottlingException', message: 'Rate exceeded' });

/** A token bucket: `take()` is true while a token is left, refilled continuously. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly size: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = size;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.size, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class ThrottleProxy {
  /** Requests answered with a ThrottlingException. */
  throttled = 0;
  /** Forwarded requests per `X-Amz-Target` (`(none)` for requests without one). */
  readonly forwarded = new Map<string, number>();
  /**
   * The distinct `name`s of the forwarded requests of the throttled target: an SDK that retries a
   * forwarded StartExecution (a read timeout on a loaded machine) sends the same name again, which
   * starts no second execution.
   */
  readonly forwardedNames = new Set<string>();
  private readonly bucket: TokenBucket;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private server: http.Server | undefined;
  private upstream: URL;

  private constructor(private readonly options: ThrottleProxyOptions) {
    this.bucket = new TokenBucket(options.bucketSize, options.refillPerSecond);
    this.upstream = new URL(options.upstream);
  }

  /** Listens on 127.0.0.1, on a port the system picks. */
  static async start(options: ThrottleProxyOptions): Promise<ThrottleProxy> {
    const proxy = new ThrottleProxy(options);
    await proxy.listen();
    return proxy;
  }

  /** `http://127.0.0.1:<port>`: what the consumer's AWS_ENDPOINT_URL is set to. */
  get endpoint(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  forwardedCount(target: string): number {
    return this.forwarded.get(target) ?? 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.agent.destroy();
  }

  private listen(): Promise<void> {
    this.server = http.createServer((request, response) => this.handle(request, response));
    // Longer than any SDK keeps an idle socket: closing one under a client that reuses it resets its request.
    this.server.keepAliveTimeout = 120_000;
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = String(request.headers['x-amz-target'] ?? '(none)');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (target === this.options.throttledTarget && !this.bucket.take()) {
        this.throttled++;
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `throttled-${this.throttled}` });
        response.end(THROTTLING_BODY);
        return;
      }
      this.forwarded.set(target, this.forwardedCount(target) + 1);
      const body = Buffer.concat(chunks);
      if (target === this.options.throttledTarget) this.forwardedNames.add(nameOf(body));
      this.forward(request, body, response);
    });
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const upstream = http.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: this.agent,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: ${error.message}`);
    });
    upstream.end(body);
  }
}

/** The `name` of an awsJson request body (StartExecution's execution name), or the whole body. */
function nameOf(body: Buffer): string {
  try {
    const name: unknown = JSON.parse(body.toString('utf8')).name;
    return typeof name === 'string' ? name : body.toString('utf8');
  } catch {
    return body.toString('utf8');
  }
}

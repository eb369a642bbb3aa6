import * as net from 'node:net';

/** Where MiniStack and LocalStack answer a health check (MiniStack answers both). */
export const HEALTH_PATHS = ['/_localstack/health', '/_ministack/health'];

export interface Health {
  path: string;
  version?: string;
  services: string[];
}

/** GET the health endpoint; undefined when nothing (healthy) answers within timeoutMs. */
export async function probeHealth(endpoint: string, timeoutMs = 2_000): Promise<Health | undefined> {
  for (const p of HEALTH_PATHS) {
    try {
      const res = await fetch(new URL(p, endpoint), { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) continue;
      const body = (await res.json()) as { version?: string; services?: Record<string, string> };
      if (!body || typeof body.services !== 'object') continue;
      return { path: p, version: body.version, services: Object.keys(body.services ?? {}) };
    } catch {
      /* next path */
    }
  }
  return undefined;
}

/** Whether something accepts TCP connections on host:port. */
export function portInUse(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v: boolean) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

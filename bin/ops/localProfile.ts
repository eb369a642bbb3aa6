/**
 * `.sqs-backoff/local.json`: where the last `npm run demo` / `deploy:local` deployed (the local
 * emulator's endpoint and region). The operator CLI reads it only when no AWS region, endpoint or
 * credentials are configured at all, and says so in one line, so that the demo's closing hint
 * (`npm run ops -- status SqsBackoffDemo`) works as printed. Git-ignored; never holds secrets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCAL_PROFILE_FILE = path.join('.sqs-backoff', 'local.json');

export interface LocalProfile {
  readonly endpoint: string;
  readonly region: string;
  /** Stacks deployed there, newest last. */
  readonly stacks: readonly string[];
}

/** Records an emulator deployment in `<dir>/.sqs-backoff/local.json`, keeping earlier stacks on the same endpoint. */
export function writeLocalProfile(dir: string, endpoint: string, region: string, stack: string): string {
  const file = path.join(dir, LOCAL_PROFILE_FILE);
  const before = readLocalProfile(dir);
  const earlier = before?.endpoint === endpoint ? before.stacks.filter((s) => s !== stack) : [];
  const profile: LocalProfile = { endpoint, region, stacks: [...earlier, stack] };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  return file;
}

/** The profile in `<dir>`, or `undefined` when there is none or it is not one. */
export function readLocalProfile(dir: string): LocalProfile | undefined {
  let parsed: Partial<LocalProfile>;
  try {
    parsed = JSON.parse(fs.readFileSync(path.join(dir, LOCAL_PROFILE_FILE), 'utf8')) as Partial<LocalProfile>;
  } catch {
    return undefined;
  }
  if (typeof parsed?.endpoint !== 'string' || typeof parsed.region !== 'string') return undefined;
  return { endpoint: parsed.endpoint, region: parsed.region, stacks: Array.isArray(parsed.stacks) ? parsed.stacks.filter((s) => typeof s === 'string') : [] };
}

/**
 * Whether the environment configures AWS in any way the SDK would use: then the local profile
 * must not override it (a user with a real account means that account).
 */
export function awsConfigured(env: NodeJS.ProcessEnv): boolean {
  const keys = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
  return keys.some((key) => (env[key] ?? '').trim() !== '');
}

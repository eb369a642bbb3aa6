/**
 * Exit codes a script can rely on, and the mapping from whatever went wrong (an AWS SDK error, a
 * bad flag, a stack that is not there) to ONE line that says what to fix.
 */

export const EXIT = Object.freeze({
  /** Done. */
  ok: 0,
  /** Anything not listed below: a service error, a failed send, a bug. */
  unexpected: 1,
  /** A bad command line: unknown flag, missing argument, invalid value, `purge` without `--yes`. */
  usage: 2,
  /** `recall`: nothing is parked for that message id. */
  nothingFound: 3,
  /** The stack, one of its outputs or one of its resources is not there (often: the wrong region). */
  notFound: 4,
  /** No credentials, expired credentials, or access denied. */
  noPermission: 5,
  /** The stack's delay transport cannot do this (`recall` on `sqs-delay` or `visibility-timeout`). */
  unsupported: 6,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` and docs/operating.md print them. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok',
  '  1  unexpected error (service error, failed send, bug; rerun with --debug for details)',
  '  2  usage error (unknown flag, invalid value, dlq purge without --yes)',
  '  3  nothing found (recall: no parked retry for that message id)',
  '  4  stack, stack output or resource not found (often: wrong --region)',
  '  5  no credentials or permission denied',
  "  6  not possible with the stack's delay transport (recall: sqs-delay, visibility-timeout)",
].join('\n');

/** An error the CLI prints as one line and turns into `exitCode`. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsError';
  }
}

export const usageError = (message: string) => new OpsError(message, EXIT.usage);
export const notFoundError = (message: string) => new OpsError(message, EXIT.notFound);

/** What the error message may say about where the CLI was looking. */
export interface ErrorContext {
  readonly region?: string;
  readonly endpoint?: string;
  readonly stack?: string;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'TokenRefreshRequired',
]);

const PERMISSION_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'UnauthorizedOperation',
  'KMS.AccessDeniedException',
  'KmsAccessDenied',
]);

const NOT_FOUND_ERRORS = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'StateMachineDoesNotExist',
  'ResourceNotFound',
  'ResourceNotFoundException',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** The name an AWS SDK v3 error (or a Node network error) goes by. */
export function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.Code === 'string') return e.Code;
    if (typeof e.code === 'string') return e.code;
  }
  return 'Error';
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0]!.trim();
  return String(err);
}

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from happy-eyeballs
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps any error to the one line to print and the exit code. `OpsError`s pass through; AWS SDK
 * errors are recognised by name (credentials, permissions, missing resources, the region).
 */
export function describeError(err: unknown, ctx: ErrorContext = {}): { message: string; exitCode: ExitCode } {
  if (err instanceof OpsError) return { message: err.message, exitCode: err.exitCode };
  const name = errorName(err);
  const message = messageOf(err);
  const where = ctx.region ? ` in ${ctx.region}` : '';

  if (/Region is missing/i.test(message)) {
    return { message: 'no AWS region configured — pass --region or set AWS_REGION', exitCode: EXIT.usage };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return {
      message: 'no AWS credentials found — set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any values work against an emulator)',
      exitCode: EXIT.noPermission,
    };
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return { message: `AWS rejected the credentials (${name}: ${message}) — refresh them or check AWS_PROFILE`, exitCode: EXIT.noPermission };
  }
  if (PERMISSION_ERRORS.has(name) || /not authorized to perform/i.test(message)) {
    return { message: `permission denied${where}: ${message} — grant the missing action to this identity`, exitCode: EXIT.noPermission };
  }
  if (name === 'ValidationError' && /Stack with id .* does not exist/i.test(message)) {
    const stack = /Stack with id (\S+)/.exec(message)?.[1] ?? ctx.stack ?? '?';
    return { message: `stack "${stack}" not found${where} — check the name and --region or AWS_REGION`, exitCode: EXIT.notFound };
  }
  if (NOT_FOUND_ERRORS.has(name) || /does not exist/i.test(message)) {
    return {
      message: `${message.replace(/\.$/, '')}${where} — was stack "${ctx.stack ?? '?'}" deleted or redeployed? check --region`,
      exitCode: EXIT.notFound,
    };
  }
  const code = networkCode(err);
  if (code) {
    const target = ctx.endpoint ?? 'the AWS endpoint';
    return {
      message: `cannot reach ${target} (${code}) — ${ctx.endpoint ? 'is the emulator running? check --endpoint-url or AWS_ENDPOINT_URL' : 'check your network and --region'}`,
      exitCode: EXIT.unexpected,
    };
  }
  return { message: `${name === 'Error' ? '' : `${name}: `}${message}`, exitCode: EXIT.unexpected };
}

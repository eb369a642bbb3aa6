import { Console } from 'node:console';
import type { InvocationIds } from './invocationIds';

/** Fields of one decision line; any extra field is allowed. */
export interface LogFields {
  readonly messageId?: string;
  readonly originalMessageId?: string;
  readonly attempt?: number;
  readonly delaySeconds?: number;
  readonly reason?: string;
  readonly error?: { readonly name: string; readonly message: string };
  readonly [field: string]: unknown;
}

/**
 * Where the runtime writes its decisions. The shape matches common structured loggers
 * (`@aws-lambda-powertools/logger`'s `Logger` fits as is).
 */
export interface BackoffLogger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

/**
 * The default logger: one JSON object per line, `{"level","msg","timestamp","requestId","traceId",...fields}`,
 * on stdout (stderr for errors); the ids join a line to its invocation and X-Ray trace. It writes through its own `Console` so Lambda's console patching does not prefix
 * the line, which keeps every line parseable as JSON. Debug lines (one per successful record)
 * are off unless Lambda's `AWS_LAMBDA_LOG_LEVEL` (advanced logging controls) is DEBUG or TRACE.
 */
export class JsonLogger implements BackoffLogger {
  private readonly threshold: number;
  private out: Console | undefined;
  private ids: InvocationIds = {};

  constructor(level: string | undefined = process.env.AWS_LAMBDA_LOG_LEVEL) {
    const normalized = (level ?? 'info').toLowerCase();
    this.threshold = normalized === 'trace' ? LEVELS.debug : (LEVELS[normalized as Level] ?? LEVELS.info);
  }

  /** Whether debug lines are written (Lambda log level DEBUG or TRACE). */
  get debugEnabled(): boolean {
    return this.threshold <= LEVELS.debug;
  }

  /** The invocation the following lines belong to (withBackoff sets it as each invocation starts). */
  setInvocation(ids: InvocationIds): void {
    this.ids = ids;
  }

  /**
   * Writes a line that is already JSON (an Embedded Metric Format document) on stdout, whatever
   * the level: CloudWatch Logs extracts the metrics from it.
   */
  writeLine(line: string): void {
    this.console().log(line);
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  private write(level: Level, msg: string, fields: LogFields | undefined): void {
    // The threshold is at most `error`'s: errors are always written.
    if (LEVELS[level] < this.threshold) return;
    const line = JSON.stringify({ level, msg, timestamp: new Date().toISOString(), ...this.ids, ...fields });
    if (level === 'error') this.console().error(line);
    else this.console().log(line);
  }

  private console(): Console {
    return (this.out ??= new Console({ stdout: process.stdout, stderr: process.stderr }));
  }
}

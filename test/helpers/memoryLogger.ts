import type { BackoffLogger, LogFields } from '../../lambda/runtime';

export interface LogEntry extends LogFields {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
}

/** A logger that keeps every line (as the default logger would write it) for assertions. */
export class MemoryLogger implements BackoffLogger {
  readonly entries: LogEntry[] = [];

  debug(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'debug', msg, ...fields });
  }
  info(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'info', msg, ...fields });
  }
  warn(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'warn', msg, ...fields });
  }
  error(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'error', msg, ...fields });
  }

  messages(): string[] {
    return this.entries.map((entry) => entry.msg);
  }

  find(msg: string): LogEntry | undefined {
    return this.entries.find((entry) => entry.msg === msg);
  }
}

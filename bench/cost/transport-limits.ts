import { MAX_DELAY_SECONDS } from '../../lambda/backoff';
import { type TransportName } from '../../lambda/contract';
import { longestDelayOf } from '../../lambda/runtime/transports/transportLimits';

/** The longest single delay a transport can carry: the runtime's own table, in seconds. */
export function longestDelaySeconds(transport: TransportName, fifo: boolean): number {
  return longestDelayOf(transport, fifo).seconds;
}

/** A longest delay as people say it: `1 year`, `1 year less 1 h`, `12 h`, `11 h 40 min`, `900 s`. */
export function delayLabel(seconds: number): string {
  if (seconds === MAX_DELAY_SECONDS) return '1 year';
  if (seconds < MAX_DELAY_SECONDS && seconds > MAX_DELAY_SECONDS - 86_400) return `1 year less ${delayLabel(MAX_DELAY_SECONDS - seconds)}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 3600 && seconds % 60 === 0) return `${Math.floor(seconds / 3600)} h ${(seconds % 3600) / 60} min`;
  return `${seconds} s`;
}

export interface Timing {
  /** Wall-clock nanoseconds (process.hrtime.bigint). */
  readonly wallNs: number;
  /** CPU microseconds of the whole process, user + system (process.cpuUsage): robust to other load. */
  readonly cpuUs: number;
}

/** Times `count` sequential invocations of `invoke`. */
export async function timeInvocations(invoke: () => Promise<unknown>, count: number): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await invoke();
  const wallNs = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  return { wallNs, cpuUs: used.user + used.system };
}

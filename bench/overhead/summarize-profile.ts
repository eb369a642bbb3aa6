/** A V8 `.cpuprofile` (what `node --cpu-prof` writes), reduced to what the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  /** `function (file:line)`, file relative to the project. */
  readonly name: string;
  /** µs of samples in the function itself. */
  readonly selfUs: number;
  /** µs of samples in the function and everything it called (recursion counted once). */
  readonly totalUs: number;
}

/**
 * Self and total time per function of a CPU profile, largest self time first. `root` (the
 * project directory) is cut from file URLs so that names stay short; `locate` may name the
 * source a bundle line came from (then shown instead of the bundle's file and line); only samples
 * taken inside `window` (profile clock, µs) count.
 */
export function summarizeProfile(
  profile: CpuProfile,
  root: string,
  locate: (file: string, line: number) => string | undefined = () => undefined,
  window: { readonly startUs: number; readonly endUs: number } = { startUs: -Infinity, endUs: Infinity },
): { entries: ProfileEntry[]; sampledUs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  // A sample's time is the profile's start plus the deltas so far; each sample stands for the
  // interval since the previous one.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= window.startUs && at <= window.endUs) self.set(id, (self.get(id) ?? 0) + delta);
  });

  const key = (id: number): string => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const path = url.replace(/^file:\/\//, '');
    const source = path ? locate(path, lineNumber) : undefined;
    const file = source ?? (path ? `${path.replace(`${root}/`, '')}:${lineNumber + 1}` : '');
    return file ? `${functionName || '(anonymous)'} (${file})` : functionName || '(anonymous)';
  };
  const selfUs = new Map<string, number>();
  const totalUs = new Map<string, number>();
  // Depth-first from the root, carrying the set of functions on the stack so that recursion
  // does not count a sample twice in a function's total.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  for (const [id, us] of self) {
    const own = key(id);
    selfUs.set(own, (selfUs.get(own) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = key(at);
      if (seen.has(name)) continue;
      seen.add(name);
      totalUs.set(name, (totalUs.get(name) ?? 0) + us);
    }
  }
  const entries = [...totalUs.keys()].map((name) => ({ name, selfUs: selfUs.get(name) ?? 0, totalUs: totalUs.get(name)! }));
  entries.sort((a, b) => b.selfUs - a.selfUs);
  const sampledUs = [...self.values()].reduce((a, b) => a + b, 0);
  return { entries, sampledUs };
}

/** An invocation that answers at `at` if it has not finished by then. */
export interface Deadline {
  /** ms since the epoch. */
  at: number;
  /** Answers the invocation; `false`: its deadline came first. */
  settle(finished: boolean): void;
}

/**
 * The deadlines of one wrapper's invocations, kept with one timer rather than one per invocation
 * (a `setTimeout` and `clearTimeout` per invocation cost as much as two records). The timer stays
 * armed across invocations, unref'd while no invocation waits so it never holds a process, and is
 * moved only for a deadline before it; when it fires it settles every invocation due by the time
 * it was armed for and re-arms for the earliest left. An invocation alone (as in Lambda) is thus
 * answered at its own deadline, as with a timer of its own.
 */
export class DeadlineWatch {
  private readonly waiting: Deadline[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (ms since the epoch). */
  private timerAt = Infinity;

  add(deadline: Deadline, now: number): void {
    this.waiting.push(deadline);
    // A timer past its time that has not fired (a busy event loop, or fake timers since
    // uninstalled) is replaced rather than trusted.
    if (this.timer === undefined || deadline.at < this.timerAt || now > this.timerAt) this.arm(deadline.at, now);
    else if (this.waiting.length === 1) this.timer.ref();
  }

  /** Forgets a settled invocation (nothing when it was not waiting). */
  remove(deadline: Deadline): void {
    const i = this.waiting.indexOf(deadline);
    if (i < 0) return;
    this.waiting.splice(i, 1);
    if (this.waiting.length === 0) this.timer?.unref();
  }

  private arm(at: number, now: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      let next = Infinity;
      for (const deadline of [...this.waiting]) {
        if (deadline.at > at) next = Math.min(next, deadline.at);
        else {
          this.remove(deadline);
          deadline.settle(false);
        }
      }
      if (next < Infinity) this.arm(next, Date.now());
    }, Math.max(0, at - now));
  }
}

"""One watchdog thread for every invocation's deadline (lambda/runtime/deadlineWatch.ts).

Two `setitimer` system calls per invocation (arm, disarm) were a fifth of an invocation of ten
records (bench/python); a `threading.Timer` per invocation costs more. Instead one daemon thread
sleeps until the armed deadline and, once it has passed with the invocation still armed, sends
SIGALRM to the main thread: a real signal, so a handler blocked in a system call (a `sleep`, a
socket read) is interrupted as by the timer. Arming is a few assignments under an uncontended lock;
the thread is woken (one system call) only for a deadline earlier than the one it sleeps until.
In Lambda each invocation's deadline is later than the last, and while no invocation is armed the
thread sleeps as long as the last invocation had, so it is rarely woken. It never signals
between invocations: the signal handler also checks that the armed deadline has passed.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from typing import Final


class DeadlineWatch:
    """Arms one deadline at a time (`arm`, `disarm`); `due()` says whether the armed one has passed."""

    #: The longest the thread sleeps with nothing armed before it looks again.
    _IDLE_SECONDS: Final = 900.0

    def __init__(self, main_thread_id: int) -> None:
        self._main = main_thread_id
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        #: The armed deadline (time.monotonic()); `armed` False: none.
        self.deadline = math.inf
        self.armed = False
        #: Until when the thread sleeps (it wakes earlier when notified).
        self._sleeps_until = -math.inf
        #: The deadline it last signalled for (one signal per deadline).
        self._signalled = math.nan
        #: How long the last armed invocation had: the thread's idle sleep.
        self._last_seconds = self._IDLE_SECONDS

    def arm(self, seconds: float) -> None:
        """Arms a deadline `seconds` from now (on the main thread, which the signal interrupts)."""
        deadline = time.monotonic() + seconds
        with self._lock:  # the condition's own lock, without Condition.__enter__'s frame
            self.deadline = deadline
            self.armed = True
            self._last_seconds = seconds
            if self._thread is None:
                self._start()
            elif deadline < self._sleeps_until:
                self._cond.notify()

    def disarm(self) -> None:
        self.armed = False

    def due(self) -> bool:
        """Whether an armed deadline has passed (the signal handler's check: a late signal is ignored)."""
        return self.armed and time.monotonic() >= self.deadline

    def _start(self) -> None:
        self._sleeps_until = self.deadline
        self._thread = threading.Thread(target=self._run, name="sqs-backoff-deadline", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                if self.armed and now >= self.deadline and self.deadline != self._signalled:
                    self._signalled = self.deadline
                    signal.pthread_kill(self._main, signal.SIGALRM)
                # With nothing to wait for, sleep as long as the last invocation had, so that the
                # next one (whose deadline is later than that) need not wake the thread.
                until = self.deadline if self.armed and self.deadline > now else now + self._last_seconds
                self._sleeps_until = until
                self._cond.wait(until - now)

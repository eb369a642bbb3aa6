"""Stopping a batch shortly before Lambda's timeout (the deadline guard of lambda/runtime/withBackoff.ts and deadlineWatch.ts).

The Node runtime stops waiting for a record that hangs and answers with the finished ones. A
Python handler runs on the one thread it was called on, so the guard interrupts it instead: at the
deadline SIGALRM (sent by the one watchdog thread of deadline_watch.py) raises `DeadlineReached`, a
BaseException that `except Exception` in a handler does not swallow, and the records not finished
go back to SQS. Off the main thread, where signals cannot be handled, the batch runs on a worker
thread that is abandoned at the deadline instead.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Final, Protocol

from .deadline_watch import DeadlineWatch

#: The C function signal.getsignal wraps (CPython's `_signal`, which `signal` imports): the wrapper
#: maps a handler to an enum through a raised ValueError, 0.4 µs an invocation. The raw answer
#: compares equal to the enum's (IntEnum) members.
_getsignal: Callable[[int], Any] = getattr(sys.modules.get("_signal"), "getsignal", signal.getsignal)

_MAX_MARGIN_MS: Final = 3000
_MIN_MARGIN_MS: Final = 500


#: Signals are handled on the main thread only.
_MAIN_THREAD: Final = threading.main_thread().ident


class DeadlineReached(BaseException):
    """Raised into the running record when the invocation is about to time out."""


_WATCH: Final = DeadlineWatch(_MAIN_THREAD or 0)


def _on_alarm(signum: int, frame: Any) -> None:
    if _WATCH.due():
        _WATCH.disarm()
        raise DeadlineReached


def deadline_seconds(remaining_ms: float) -> float:
    """How long the batch may run: until a tenth of the time left (at least 0.5 s, at most 3 s) remains."""
    margin = remaining_ms * 0.1
    margin = _MAX_MARGIN_MS if margin > _MAX_MARGIN_MS else _MIN_MARGIN_MS if margin < _MIN_MARGIN_MS else margin
    left = remaining_ms - margin
    return left / 1000 if left > 0 else 0.0


class Abandonable(Protocol):
    """What the deadline stops: once `abandoned` is set, no further record is started."""

    abandoned: bool


def run_until(seconds: float, work: Callable[..., None], batch: Abandonable, args: tuple[Any, ...] = ()) -> bool:
    """Runs `work(*args)` for at most `seconds`; False when the deadline came first (`batch.abandoned` set)."""
    if threading.get_ident() != _MAIN_THREAD:
        return _on_worker_thread(seconds, work, batch, args)
    if seconds <= 0:
        batch.abandoned = True
        return False
    previous = _getsignal(signal.SIGALRM)
    if previous is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    finished = False
    try:
        try:
            _WATCH.arm(seconds)
            work(*args)
            finished = True
        finally:
            _WATCH.disarm()
    except DeadlineReached:
        batch.abandoned = True
    finally:
        # Someone else's handler is put back; the default one (terminate) is not worth a call per invocation.
        if previous not in (_on_alarm, signal.SIG_DFL, signal.SIG_IGN, None):
            signal.signal(signal.SIGALRM, previous)
    return finished


def _on_worker_thread(seconds: float, work: Callable[..., None], batch: Abandonable, args: tuple[Any, ...]) -> bool:
    worker = threading.Thread(target=work, args=args, daemon=True)
    worker.start()
    worker.join(seconds)
    if not worker.is_alive():
        return True
    # Records not yet started stay untouched should the worker thread go on later.
    batch.abandoned = True
    return False

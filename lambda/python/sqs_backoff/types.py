"""What handlers and hooks receive (lambda/runtime/types.ts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .backoff_message import BackoffMessage
from .contract import DeadLetterReason


class RetryEvent:
    """Passed to `on_retry` after a failed message was parked for a later retry."""

    #: attempt: the failed attempt's number (failures so far).
    __slots__ = ("attempt", "delay_seconds", "error", "message")

    def __init__(self, message: BackoffMessage, attempt: float, delay_seconds: float, error: BaseException) -> None:
        self.message = message
        self.attempt = attempt
        self.delay_seconds = delay_seconds
        self.error = error


class DeadLetterEvent:
    """Passed to `on_dead_letter` after a message was sent to the dead-letter queue."""

    #: attempts: processing attempts made.
    #: error: the last one; None for `redelivered` (the handler did not run).
    __slots__ = ("attempts", "error", "message", "reason")

    def __init__(self, message: BackoffMessage, attempts: float, reason: DeadLetterReason, error: BaseException | None = None) -> None:
        self.message = message
        self.attempts = attempts
        self.reason = reason
        self.error = error


#: A per-message handler: return to acknowledge, raise to retry (`NonRetryableError` to give up).
BackoffHandler = Callable[[BackoffMessage, Any], Any]
RetryHook = Callable[[RetryEvent], Any]
DeadLetterHook = Callable[[DeadLetterEvent], Any]
#: Error classes (matched with `isinstance`) or a predicate; a predicate that raises counts as retryable.
NonRetryable = type[BaseException] | tuple[type[BaseException], ...] | list[type[BaseException]] | Callable[[BaseException], bool]

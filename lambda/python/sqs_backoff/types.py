"""What handlers and hooks receive (lambda/runtime/types.ts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .backoff_message import BackoffMessage
from .contract import DeadLetterReason


@dataclass(frozen=True)
class RetryEvent:
    """Passed to `on_retry` after a failed message was parked for a later retry."""

    message: BackoffMessage
    #: The failed attempt's number (failures so far).
    attempt: float
    delay_seconds: float
    error: BaseException


@dataclass(frozen=True)
class DeadLetterEvent:
    """Passed to `on_dead_letter` after a message was sent to the dead-letter queue."""

    message: BackoffMessage
    #: Processing attempts made.
    attempts: float
    reason: DeadLetterReason
    #: The last error; None for `redelivered` (the handler did not run).
    error: BaseException | None = None


#: A per-message handler: return to acknowledge, raise to retry (`NonRetryableError` to give up).
BackoffHandler = Callable[[BackoffMessage, Any], Any]
RetryHook = Callable[[RetryEvent], Any]
DeadLetterHook = Callable[[DeadLetterEvent], Any]
#: Error classes (matched with `isinstance`) or a predicate; a predicate that raises counts as retryable.
NonRetryable = type[BaseException] | tuple[type[BaseException], ...] | list[type[BaseException]] | Callable[[BaseException], bool]

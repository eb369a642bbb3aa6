"""The runtime's errors (lambda/runtime/errors.ts); their class names travel in `x-backoff.lastError.name`."""

from __future__ import annotations

from datetime import datetime


class BackoffError(Exception):
    """Base of every error this package raises."""

    @property
    def message(self) -> str:
        return str(self)


class NonRetryableError(BackoffError):
    """Raise this (or a subclass) from a handler to dead-letter the message at once, without retries."""


class MalformedBodyError(NonRetryableError):
    """`message.json()` was called on a body that is not JSON. Never worth retrying."""


class ConfigurationError(BackoffError):
    """The runtime's configuration (environment set by the construct) is missing or invalid."""


_BY_TYPE: dict[type, bool] = {}


def is_non_retryable_error(error: object) -> bool:
    """True for a `NonRetryableError`, including one from another copy of this package."""
    if isinstance(error, NonRetryableError):
        return True
    kind = type(error)
    known = _BY_TYPE.get(kind)
    if known is None:
        known = _BY_TYPE[kind] = any(cls.__name__ == "NonRetryableError" for cls in kind.__mro__)
    return known


class RetryAfterError(BackoffError):
    """Raise this when the failure says when to come back (HTTP 429/503 with `Retry-After`): the
    next attempt waits `retry_after` (seconds ≥ 0, or an aware `datetime` to retry at) instead of
    the policy's delay for this one retry. It still counts as an attempt and is never shortened."""

    def __init__(self, retry_after: float | datetime, message: str | None = None) -> None:
        shown = retry_after.isoformat() if isinstance(retry_after, datetime) else retry_after
        super().__init__(message if message is not None else f"retry after {shown}")
        self.retry_after = retry_after


def is_retry_after_error(error: object) -> bool:
    """True for a `RetryAfterError`, including one from another copy of this package."""
    return isinstance(error, RetryAfterError) or any(cls.__name__ == "RetryAfterError" for cls in type(error).__mro__)

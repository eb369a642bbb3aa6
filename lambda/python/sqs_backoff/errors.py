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


#: Whether a class is (by name, anywhere in its MRO) a NonRetryableError / a RetryAfterError: looked
#: up once per class, as a failing record asks both.
_NON_RETRYABLE: dict[type, bool] = {}
_RETRY_AFTER: dict[type, bool] = {}


def _named_in_mro(cache: dict[type, bool], kind: type, name: str) -> bool:
    known = cache.get(kind)
    if known is None:
        known = cache[kind] = any(cls.__name__ == name for cls in kind.__mro__)
    return known


def is_non_retryable_error(error: object) -> bool:
    """True for a `NonRetryableError`, including one from another copy of this package."""
    kind = type(error)
    known = _NON_RETRYABLE.get(kind)
    return known if known is not None else _named_in_mro(_NON_RETRYABLE, kind, "NonRetryableError")


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
    kind = type(error)
    known = _RETRY_AFTER.get(kind)
    return known if known is not None else _named_in_mro(_RETRY_AFTER, kind, "RetryAfterError")

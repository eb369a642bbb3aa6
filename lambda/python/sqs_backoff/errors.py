"""The runtime's errors (lambda/runtime/errors.ts); their class names travel in `x-backoff.lastError.name`."""

from __future__ import annotations


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

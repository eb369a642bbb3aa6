"""sqs-backoff for Python consumers: `with_backoff` turns a per-message handler into an SQS batch
handler that retries failures with backoff, speaking the same wire contract as the Node runtime."""

from .backoff_message import BackoffMessage
from .errors import (
    BackoffError,
    ConfigurationError,
    MalformedBodyError,
    NonRetryableError,
    RetryAfterError,
    is_non_retryable_error,
    is_retry_after_error,
)
from .logger import BackoffLogger, JsonLogger
from .retry_after import retry_after_from_header
from .runtime_config import RuntimeConfig, read_runtime_config, validate_runtime_config
from .types import DeadLetterEvent, RetryEvent
from .with_backoff import with_backoff

__all__ = [
    "BackoffError",
    "BackoffLogger",
    "BackoffMessage",
    "ConfigurationError",
    "DeadLetterEvent",
    "JsonLogger",
    "MalformedBodyError",
    "NonRetryableError",
    "RetryAfterError",
    "RetryEvent",
    "RuntimeConfig",
    "is_non_retryable_error",
    "is_retry_after_error",
    "read_runtime_config",
    "retry_after_from_header",
    "validate_runtime_config",
    "with_backoff",
]

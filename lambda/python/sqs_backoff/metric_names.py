"""The runtime's CloudWatch metrics, by the names the consumer writes (lambda/metricNames.ts)."""

from __future__ import annotations

import re
from typing import Final

from .js import js_trim

#: The namespace unless `BACKOFF_METRICS_NAMESPACE` names another.
DEFAULT_METRICS_NAMESPACE: Final = "SqsBackoff"


class METRIC:
    """Metric names."""

    processed: Final = "Processed"
    recovered: Final = "Recovered"
    attempt: Final = "Attempt"
    time_to_success: Final = "TimeToSuccess"
    parked: Final = "Parked"
    park_delay: Final = "ParkDelay"
    fallback: Final = "Fallback"
    park_failed: Final = "ParkFailed"
    dead_lettered: Final = "DeadLettered"
    dead_letter_failed: Final = "DeadLetterFailed"
    #: Failing records outage protection parked for a probe interval without counting the attempt.
    held: Final = "Held"


class DIMENSION:
    """Dimension names: every metric has the queue's name; a few one more. A message id never is one."""

    queue: Final = "QueueName"
    transport: Final = "Transport"
    reason: Final = "Reason"
    fallback_cause: Final = "FallbackCause"


#: EMF limits: 100 metrics per directive, 30 dimensions per set, 100 values per metric.
VALUES_PER_METRIC: Final = 100

_NAMESPACE: Final = re.compile(r"[0-9A-Za-z._#:/ -]{1,255}")


def namespace_problem(namespace: str) -> str | None:
    """Why `namespace` cannot be a CloudWatch namespace, or None when it can."""
    if _NAMESPACE.fullmatch(namespace) is None or js_trim(namespace) == "":
        return "must be 1 to 255 characters of 0-9 A-Z a-z . - _ / # : and space, not all spaces"
    if namespace.startswith(":"):
        return "must not start with a colon"
    if namespace.startswith("AWS/"):
        return "must not start with AWS/ (reserved for AWS services)"
    return None


def queue_name_of(queue_url: str) -> str:
    """The queue name a queue URL ends with: the `QueueName` dimension."""
    return queue_url[queue_url.rfind("/") + 1 :]

"""The limits every side of sqs-backoff enforces, and the sentences that explain them (lambda/limits.ts)."""

from __future__ import annotations

from typing import Final

from .contract import MAX_SQS_DELAY_SECONDS, MAX_VISIBILITY_TIMEOUT_SECONDS
from .js import is_number, number_text

#: The longest Step Functions Standard execution (one year).
MAX_DELAY_SECONDS: Final = 365 * 24 * 60 * 60
ONE_YEAR_REASON: Final = "one year, the longest Step Functions Standard execution"


class Range:
    __slots__ = ("max", "min")

    def __init__(self, min: int, max: int) -> None:
        self.min = min
        self.max = max


#: Total processing attempts including the first.
MAX_ATTEMPTS: Final = Range(1, 100)
#: SQS redrive policy `maxReceiveCount`.
MAX_RECEIVE_COUNT: Final = Range(1, 1000)


class LimitNames:
    """How a side names the two settings a too-long wait is fixed with."""

    __slots__ = ("cap", "max_attempts")

    def __init__(self, cap: str, max_attempts: str) -> None:
        self.cap = cap
        self.max_attempts = max_attempts


PROP_NAMES: Final = LimitNames("cap", "maxAttempts")


class WaitOfRun:
    """A wait of a run, by the failure it follows (1 = after the first failure)."""

    __slots__ = ("failure", "seconds")

    def __init__(self, failure: int, seconds: float) -> None:
        self.failure = failure
        self.seconds = seconds


class WaitLimit:
    """The longest single wait a delay transport can carry, and how a message names it."""

    __slots__ = ("description", "reason", "seconds")

    def __init__(self, seconds: int, description: str, reason: str | None = None) -> None:
        self.seconds = seconds
        self.description = description
        self.reason = reason


def max_attempts_problem(value: object, name: str = PROP_NAMES.max_attempts) -> str | None:
    """`maxAttempts must be a whole number between 1 and 100 (given 150)`, or None when valid."""
    if is_number(value) and float(value).is_integer() and MAX_ATTEMPTS.min <= value <= MAX_ATTEMPTS.max:  # type: ignore[arg-type, operator]
        return None
    given = number_text(value) if is_number(value) else str(value)  # type: ignore[arg-type]
    return f"{name} must be a whole number between {MAX_ATTEMPTS.min} and {MAX_ATTEMPTS.max} (given {given})"


#: What can follow the Wait inside one retry execution, kept as one hour.
REQUEUE_MARGIN_SECONDS: Final = 3600

ONE_YEAR_LIMIT: Final = WaitLimit(
    MAX_DELAY_SECONDS - REQUEUE_MARGIN_SECONDS,
    "one-year Step Functions",
    f"an execution must end within the year; {REQUEUE_MARGIN_SECONDS} s are kept for the requeue after the Wait",
)

#: The longest batching window (300 s) plus the longest Lambda timeout (900 s).
RECEIVE_MARGIN_SECONDS: Final = 300 + 900

TWELVE_HOURS_LIMIT: Final = WaitLimit(
    MAX_VISIBILITY_TIMEOUT_SECONDS - RECEIVE_MARGIN_SECONDS,
    "12-hour ChangeMessageVisibility",
    f"SQS counts the 12 hours from the receive; {RECEIVE_MARGIN_SECONDS} s are kept for the longest batching window and Lambda timeout",
)

FIFTEEN_MINUTES_LIMIT: Final = WaitLimit(MAX_SQS_DELAY_SECONDS, "900-second DelaySeconds")


def beyond_limit_message(beyond: WaitOfRun, max_attempts: float, names: LimitNames = PROP_NAMES, limit: WaitLimit = ONE_YEAR_LIMIT) -> str:
    """The one sentence for a run whose worst-case wait passes a transport's longest wait."""
    reason = "" if limit.reason is None else f" ({limit.reason})"
    return (
        f"the wait after failure {beyond.failure} can reach {number_text(beyond.seconds)} s, beyond the {limit.description} "
        f"limit of {limit.seconds} s{reason}: set {names.cap} or lower {names.max_attempts} "
        f"(given {names.max_attempts} {number_text(max_attempts)})"
    )


def zero_wait_message(wait: WaitOfRun, base_name: str = "base") -> str:
    """The one sentence for a wait that is always zero (a hot retry loop)."""
    return (
        f"the wait after failure {wait.failure} is always 0 s: a failing message is retried at once, a hot loop "
        f"with no backoff — set {base_name} to 1 second or more"
    )

"""Retrying the same SQS message after a visibility timeout (visibilityTimeoutTransport.ts)."""

from __future__ import annotations

from typing import Any, Final

from ..contract import TransportName
from ..delivery import Delivery
from ..js import number_text
from ..limits import TWELVE_HOURS_LIMIT
from ..sdk import aws_client
from .delay_transport import FallbackReason, ParkOutcome, ParkRequest, ParkStatus
from .is_visibility_limit_refusal import is_visibility_limit_refusal

#: The longest delay this transport carries (12 hours from the receive less a margin).
LONGEST_VISIBILITY_SECONDS: Final = TWELVE_HOURS_LIMIT.seconds


class FallbackCause:
    """Why the visibility-timeout fallback carries a retry, and the error behind it."""

    __slots__ = ("cause", "reason")

    def __init__(self, reason: FallbackReason, cause: BaseException | None = None) -> None:
        self.reason = reason
        self.cause = cause


class VisibilityTimeoutTransport:
    """`ChangeMessageVisibility(receiptHandle, delay)`; the record stays in `batchItemFailures`.
    Attempts are counted from `ApproximateReceiveCount`; on a FIFO queue the group holds its order."""

    name: Final[TransportName] = "visibility-timeout"
    retries_in_place: Final = True

    def __init__(self, sqs: Any | None, queue_url: str) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def park(self, request: ParkRequest) -> ParkOutcome:
        return self.hide(request.delivery, request.delay_seconds)

    def hide(self, delivery: Delivery, delay_seconds: float, fallback: FallbackCause | None = None) -> ParkOutcome:
        """Hides the received message for exactly `delay_seconds`, never less: what no visibility
        timeout can carry is `too-large`."""
        cause = fallback.cause if fallback else None
        if delay_seconds > LONGEST_VISIBILITY_SECONDS:
            detail = (
                f"the {number_text(delay_seconds)}-second delay is longer than a visibility timeout can carry "
                f"({LONGEST_VISIBILITY_SECONDS} s: {TWELVE_HOURS_LIMIT.reason})"
            )
            return self._outcome("too-large", delay_seconds, fallback, cause, detail)
        try:
            aws_client("sqs", self._sqs).change_message_visibility(
                QueueUrl=self._queue_url, ReceiptHandle=delivery.record.get("receiptHandle"), VisibilityTimeout=delay_seconds
            )
        except Exception as error:  # noqa: BLE001 - any failure leaves the message to SQS
            if not is_visibility_limit_refusal(error):
                return self._outcome("failed", delay_seconds, fallback, error)
            detail = f"SQS refused to hide the message for {number_text(delay_seconds)} s: less is left of the 12 hours since its receive"
            return self._outcome("too-large", delay_seconds, fallback, error, detail)
        return self._outcome("parked", delay_seconds, fallback, cause)

    def _outcome(
        self,
        status: ParkStatus,
        delay_seconds: float,
        fallback: FallbackCause | None,
        cause: BaseException | None,
        detail: str | None = None,
    ) -> ParkOutcome:
        return ParkOutcome(status, False, self.name, delay_seconds, fallback.reason if fallback else None, detail, None, cause)

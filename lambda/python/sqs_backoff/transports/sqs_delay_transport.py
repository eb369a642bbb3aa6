"""A delayed copy of the message with the next `x-backoff` (sqsDelayTransport.ts). Standard queues only."""

from __future__ import annotations

from typing import Any, Final

from ..attributes import to_sqs_attributes, to_wire_attributes
from ..contract import BACKOFF_ATTRIBUTE, MAX_SQS_DELAY_SECONDS, TransportName
from ..fit_message import message_bytes_over
from ..iso_time import iso_time
from ..js import number_text
from ..park_input import NextBackoffParts, next_backoff_json
from ..sdk import aws_client
from .delay_transport import ParkOutcome, ParkRequest, ParkStatus


class SqsDelayTransport:
    """`SendMessage` with `DelaySeconds`; the original is acknowledged only after SQS took the copy."""

    name: Final[TransportName] = "sqs-delay"
    retries_in_place: Final = False

    def __init__(self, sqs: Any | None, queue_url: str, queue_message_bytes: int) -> None:
        self._sqs = sqs
        self._queue_url = queue_url
        self._queue_message_bytes = queue_message_bytes

    def park(self, request: ParkRequest) -> ParkOutcome:
        delivery, delay_seconds = request.delivery, request.delay_seconds
        if delay_seconds > MAX_SQS_DELAY_SECONDS:
            return self._outcome(
                "too-large",
                delay_seconds,
                f"the {number_text(delay_seconds)}-second delay is longer than SQS DelaySeconds can carry ({MAX_SQS_DELAY_SECONDS} s)",
            )
        if delivery.no_room:
            return self._outcome("no-room", delay_seconds)
        record, metadata = delivery.record, delivery.metadata
        attributes = to_wire_attributes(record.get("messageAttributes"))
        parts = NextBackoffParts(
            request.attempt,
            iso_time(delivery.first_received_at_ms),
            delivery.original_message_id,
            request.last_error,
            delay_seconds,
            metadata.get("history") if metadata else None,
            request.delay_source,
            request.held,
        )
        attributes[BACKOFF_ATTRIBUTE] = {"DataType": "String", "StringValue": next_backoff_json(parts)}
        body: str = record.get("body", "")
        size = message_bytes_over(body, attributes, self._queue_message_bytes)
        if size is not None:
            return self._outcome(
                "too-large",
                delay_seconds,
                f"the delayed copy with {BACKOFF_ATTRIBUTE} would be {size} bytes, over the work queue's "
                f"{self._queue_message_bytes}-byte MaximumMessageSize",
            )
        try:
            aws_client("sqs", self._sqs).send_message(
                QueueUrl=self._queue_url,
                MessageBody=body,
                MessageAttributes=to_sqs_attributes(attributes),
                DelaySeconds=delay_seconds,
            )
        except Exception as error:  # noqa: BLE001 - left for SQS redelivery
            return self._outcome("failed", delay_seconds, None, error)
        return self._outcome("parked", delay_seconds)

    def _outcome(
        self, status: ParkStatus, delay_seconds: float, detail: str | None = None, cause: BaseException | None = None
    ) -> ParkOutcome:
        return ParkOutcome(status, status == "parked", self.name, delay_seconds, None, detail, None, cause)

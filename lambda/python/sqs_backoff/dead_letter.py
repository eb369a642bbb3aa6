"""Sending a message to the dead-letter queue (lambda/runtime/deadLetter.ts)."""

from __future__ import annotations

from typing import Any

from .attributes import WireAttributes, to_sqs_attributes
from .sdk import aws_client


class DeadLetterRequest:
    #: body: exactly as received.
    #: attributes: the user's, plus, when there is room, `x-backoff` with `reason` and `attempts`.
    #: message_id: the received message's, the deduplication id on a FIFO dead-letter queue.
    #: message_group_id: the received message's group, required by a FIFO dead-letter queue.
    __slots__ = ("attributes", "body", "dead_letter_queue_url", "message_group_id", "message_id")

    def __init__(
        self, dead_letter_queue_url: str, body: str, attributes: WireAttributes, message_id: str, message_group_id: str | None = None
    ) -> None:
        self.dead_letter_queue_url = dead_letter_queue_url
        self.body = body
        self.attributes = attributes
        self.message_id = message_id
        self.message_group_id = message_group_id


def dead_letter(sqs: Any | None, request: DeadLetterRequest) -> None:
    """Sends body and attributes verbatim; on a FIFO queue keeps the group and deduplicates on the
    received message id. Errors are raised."""
    params: dict[str, Any] = {"QueueUrl": request.dead_letter_queue_url, "MessageBody": request.body}
    if request.attributes:
        params["MessageAttributes"] = to_sqs_attributes(request.attributes)
    if request.dead_letter_queue_url.endswith(".fifo"):
        params["MessageGroupId"] = request.message_group_id if request.message_group_id is not None else "sqs-backoff"
        params["MessageDeduplicationId"] = request.message_id
    aws_client("sqs", sqs).send_message(**params)

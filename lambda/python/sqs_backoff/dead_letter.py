"""Sending a message to the dead-letter queue (lambda/runtime/deadLetter.ts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .attributes import WireAttributes, to_sqs_attributes
from .sdk import aws_client


@dataclass(frozen=True)
class DeadLetterRequest:
    dead_letter_queue_url: str
    #: The body exactly as received.
    body: str
    #: The user's attributes plus, when there is room, `x-backoff` with `reason` and `attempts`.
    attributes: WireAttributes
    #: The received message's id: the deduplication id on a FIFO dead-letter queue.
    message_id: str
    #: The received message's group; required by a FIFO dead-letter queue.
    message_group_id: str | None = None


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

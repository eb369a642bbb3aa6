"""The retry state machine's input and the next `x-backoff` of a parked message (lambda/runtime/parkInput.ts).

Built as plain objects and written by the JavaScript-compatible serializer: the same text as the
TypeScript runtime's hand-spliced serializer (golden vectors hold both to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .attributes import EventAttributes, to_wire_attributes
from .backoff_metadata import serialize_backoff_metadata
from .contract import BACKOFF_ATTRIBUTE
from .describe_error import ErrorFields
from .js import stringify


@dataclass(frozen=True)
class NextBackoffParts:
    """The fields of the next `x-backoff` of a parked message."""

    attempt: float
    first_received_at: str
    original_message_id: str
    last_error: ErrorFields
    delay_seconds: float
    history: list[Any] | None = None


def next_backoff(parts: NextBackoffParts) -> dict[str, Any]:
    """The next `x-backoff` as an object, in its field order."""
    backoff: dict[str, Any] = {
        "attempt": parts.attempt,
        "firstReceivedAt": parts.first_received_at,
        "originalMessageId": parts.original_message_id,
        "lastError": {"name": parts.last_error["name"], "message": parts.last_error["message"]},
        "lastDelaySeconds": parts.delay_seconds,
    }
    if parts.history is not None:
        backoff["history"] = parts.history
    return backoff


def next_backoff_json(parts: NextBackoffParts) -> str:
    """The next `x-backoff` JSON."""
    return serialize_backoff_metadata(next_backoff(parts))


def serialize_park_input(
    queue_url: str,
    body: str,
    message_attributes: EventAttributes | None,
    parts: NextBackoffParts,
    message_group_id: str | None = None,
    message_deduplication_id: str | None = None,
) -> str:
    """`ParkInput` JSON (lambda/contract.ts): the requeue's attributes carry the next `x-backoff`,
    the dead-letter variant the same with reason `requeue-failed`."""
    backoff = next_backoff(parts)
    dead_letter = {**backoff, "reason": "requeue-failed", "attempts": parts.attempt}
    user = to_wire_attributes(message_attributes)
    attributes = {**user, BACKOFF_ATTRIBUTE: {"DataType": "String", "StringValue": serialize_backoff_metadata(backoff)}}
    dead_letter_attributes = {
        **user,
        BACKOFF_ATTRIBUTE: {"DataType": "String", "StringValue": serialize_backoff_metadata(dead_letter)},
    }
    park: dict[str, Any] = {
        "queueUrl": queue_url,
        "body": body,
        "attributes": attributes,
        "deadLetterAttributes": dead_letter_attributes,
        "backoff": backoff,
        "delaySeconds": parts.delay_seconds,
    }
    if message_group_id is not None:
        park["messageGroupId"] = message_group_id
    if message_deduplication_id is not None:
        park["messageDeduplicationId"] = message_deduplication_id
    return stringify(park)

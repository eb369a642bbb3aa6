"""The retry state machine's input and the next `x-backoff` of a parked message (lambda/runtime/parkInput.ts).

Built as plain objects and written by the JavaScript-compatible serializer: the same text as the
TypeScript runtime's hand-spliced serializer (golden vectors hold both to it).
"""

from __future__ import annotations

import math
from typing import Any

from .attributes import EventAttributes, to_wire_attributes
from .contract import BACKOFF_ATTRIBUTE
from .describe_error import ErrorFields
from .js import MAX_SAFE_INTEGER, json_string, number_text, stringify


class NextBackoffParts:
    """The fields of the next `x-backoff` of a parked message."""

    __slots__ = ("attempt", "delay_seconds", "delay_source", "first_received_at", "held", "history", "last_error", "original_message_id")

    def __init__(
        self,
        attempt: float,
        first_received_at: str,
        original_message_id: str,
        last_error: ErrorFields,
        delay_seconds: float,
        history: list[Any] | None = None,
        delay_source: str | None = None,
        held: int | None = None,
    ) -> None:
        self.attempt = attempt
        self.first_received_at = first_received_at
        self.original_message_id = original_message_id
        self.last_error = last_error
        self.delay_seconds = delay_seconds
        self.history = history
        #: `handler` when the wait is the handler's `RetryAfterError` delay.
        self.delay_source = delay_source
        #: Outage protection's holds so far (x-backoff.held), when any.
        self.held = held


def _number(value: float) -> str:
    """`JSON.stringify` of a number (non-finite ones are null)."""
    if type(value) is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(value)  # attempts and delays: whole seconds
    return number_text(value) if math.isfinite(value) else "null"


def _backoff_head(parts: NextBackoffParts) -> str:
    """`x-backoff` up to `lastDelaySeconds` (serializeBackoffMetadata's field order)."""
    return (
        f'{{"attempt":{_number(parts.attempt)},"firstReceivedAt":{json_string(parts.first_received_at)},'
        f'"originalMessageId":{json_string(parts.original_message_id)},{_last_error(parts.last_error)}'
        f',"lastDelaySeconds":{_number(parts.delay_seconds)}'
        + (f',"delaySource":{json_string(parts.delay_source)}' if parts.delay_source is not None else "")
        + (f',"held":{_number(parts.held)}' if parts.held is not None and parts.held > 0 else "")
    )


#: The last error's `"lastError":{…}` member: a failing dependency fails many records alike.
_last: list[Any] = ["", "", ""]


def _last_error(error: ErrorFields) -> str:
    name, message = error["name"], error["message"]
    last = _last
    if last[0] != name or last[1] != message:
        last[:] = [name, message, f'"lastError":{{"name":{json_string(name)},"message":{json_string(message)}}}']
    member: str = last[2]
    return member


def _history_tail(history: list[Any] | None) -> str:
    return "}" if history is None else f',"history":{stringify(history)}}}'


def next_backoff_json(parts: NextBackoffParts) -> str:
    """The next `x-backoff` JSON: attempt, firstReceivedAt, originalMessageId, lastError,
    lastDelaySeconds (the delay), history."""
    return _backoff_head(parts) + _history_tail(parts.history)


_url: list[str] = ["", ""]


def _quoted_url(queue_url: str) -> str:
    """`json_string(queue_url)` of the one work queue a function parks to."""
    if _url[0] != queue_url:
        _url[:] = [queue_url, json_string(queue_url)]
    return _url[1]


def serialize_park_input(
    queue_url: str,
    body: str,
    message_attributes: EventAttributes | None,
    parts: NextBackoffParts,
    message_group_id: str | None = None,
    message_deduplication_id: str | None = None,
) -> str:
    """`ParkInput` JSON (lambda/contract.ts): the requeue's attributes carry the next `x-backoff`,
    the dead-letter variant the same with reason `requeue-failed`. Written in pieces, as the
    TypeScript serializer is (it is most of what parking costs): the same text as
    `JSON.stringify({queueUrl, body, attributes, deadLetterAttributes, backoff, delaySeconds, …})`."""
    head, tail = _backoff_head(parts), _history_tail(parts.history)
    backoff = head + tail
    dead_letter = f'{head},"reason":"requeue-failed","attempts":{_number(parts.attempt)}{tail}'
    user = to_wire_attributes(message_attributes)
    opening = stringify(user)[:-1] + "," if user else "{"
    key = f'{json_string(BACKOFF_ATTRIBUTE)}:{{"DataType":"String","StringValue":'
    text = (
        f'{{"queueUrl":{_quoted_url(queue_url)},"body":{json_string(body)}'
        f',"attributes":{opening}{key}{json_string(backoff)}}}}}'
        f',"deadLetterAttributes":{opening}{key}{json_string(dead_letter)}}}}}'
        f',"backoff":{backoff},"delaySeconds":{_number(parts.delay_seconds)}'
    )
    if message_group_id is not None:
        text += f',"messageGroupId":{json_string(message_group_id)}'
    if message_deduplication_id is not None:
        text += f',"messageDeduplicationId":{json_string(message_deduplication_id)}'
    return text + "}"

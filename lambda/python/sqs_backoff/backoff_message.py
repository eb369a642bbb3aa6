"""The message a handler receives (lambda/runtime/backoffMessage.ts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .attributes import EventAttributes, user_attributes
from .errors import MalformedBodyError
from .js import parse_json

#: `BackoffMessage._parsed` before `json()` was first called.
NOT_PARSED: Any = object()


class BackoffMessage:
    """The SQS record minus the runtime's own metadata: `body`, `json()`, `attributes`, `message_id`.

    Built for every record: the body is parsed and the user's attributes picked on first use.
    The runtime makes them with `received_message` (a `ReceivedMessage`, at half the cost).
    """

    __slots__ = ("_original", "_parsed", "_user_attributes", "body", "message_id", "record")

    def __init__(self, record: Mapping[str, Any], original_message_id: str | None = None) -> None:
        #: The raw SQS record, for anything else (system attributes, receipt handle, …).
        self.record = record
        #: This delivery's SQS message id (a requeued message has a new one).
        self.message_id: str = record["messageId"]
        #: The body exactly as sent.
        self.body: str = record["body"]
        # Set rather than left unset: a first read of an unset slot raises, and that costs 2 µs.
        self._original = original_message_id
        self._parsed: Any = NOT_PARSED
        self._user_attributes: EventAttributes | None = None

    @property
    def original_message_id(self) -> str:
        """The SQS message id of the original message, before any requeue."""
        return self.message_id if self._original is None else self._original

    @property
    def attributes(self) -> EventAttributes:
        """The sender's message attributes, without `x-backoff`. Treat as read-only."""
        if self._user_attributes is None:
            self._user_attributes = user_attributes(self.record.get("messageAttributes"))
        return self._user_attributes

    def json(self) -> Any:
        """The body parsed as JSON (once, then cached); a body that is not JSON raises
        `MalformedBodyError`, a `NonRetryableError`: the message is dead-lettered without retries."""
        if self._parsed is not NOT_PARSED:
            return self._parsed
        try:
            self._parsed = parse_json(self.body)
        except (ValueError, RecursionError) as error:
            raise MalformedBodyError(f"message body is not JSON: {error}") from error
        return self._parsed

    def __repr__(self) -> str:
        return f"BackoffMessage(message_id={self.message_id!r}, original_message_id={self.original_message_id!r})"


class ReceivedMessage(BackoffMessage):
    """A `BackoffMessage` made without a Python `__init__`: CPython (3.13 included) does not
    specialise calls of classes with `__slots__` and a Python `__init__`: ~2,100 instructions
    against ~1,150 for this one with its fields stored. One per record, that was a quarter of
    Powertools' whole per-record cost (bench/python). Only `received_message` and the record
    processor's first-attempt loop make them."""

    __slots__ = ()
    __init__ = object.__init__


def received_message(record: Mapping[str, Any], original_message_id: str | None = None) -> BackoffMessage:
    """`BackoffMessage(record, original_message_id)`, as the runtime builds one per record
    (RecordProcessor.process_all writes these lines out)."""
    message: BackoffMessage = ReceivedMessage()
    message.record = record
    message.message_id = record["messageId"]
    message.body = record["body"]
    message._original = original_message_id
    message._parsed = NOT_PARSED
    message._user_attributes = None
    return message

"""The message a handler receives (lambda/runtime/backoffMessage.ts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .attributes import EventAttributes, user_attributes
from .errors import MalformedBodyError
from .js import parse_json

_NOT_PARSED: Any = object()


class BackoffMessage:
    """The SQS record minus the runtime's own metadata: `body`, `json()`, `attributes`, `message_id`.

    Built for every record: the body is parsed and the user's attributes picked on first use.
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
        self._parsed: Any = _NOT_PARSED
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
        if self._parsed is not _NOT_PARSED:
            return self._parsed
        try:
            self._parsed = parse_json(self.body)
        except (ValueError, RecursionError) as error:
            raise MalformedBodyError(f"message body is not JSON: {error}") from error
        return self._parsed

"""What the runtime knows about one received record (lambda/runtime/delivery.ts)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .backoff_message import BackoffMessage
from .backoff_metadata import BackoffMetadata
from .contract import BACKOFF_ATTRIBUTE, MAX_MESSAGE_ATTRIBUTES
from .iso_time import parse_iso_time
from .js import parse_js_number

Clock = Callable[[], float]


def _number(value: object) -> float:
    """`Number(value)` of an SQS system attribute (a string, or absent)."""
    return parse_js_number(value) if isinstance(value, str) else math.nan


class Delivery:
    """One received record; values only some paths need are computed on first use."""

    __slots__ = (
        "_clock",
        "_counts_receives",
        "_first_ms",
        "_full",
        "message",
        "metadata",
        "original_message_id",
        "receive_count",
        "record",
    )

    def __init__(self, record: Mapping[str, Any], metadata: BackoffMetadata | None, counts_receives: bool, clock: Clock) -> None:
        self.record = record
        #: The record's valid `x-backoff`, if any.
        self.metadata = metadata
        #: Whether retries may keep the same SQS message (then every receive after the first was a failed attempt).
        self._counts_receives = counts_receives
        attributes = record.get("attributes") or {}
        count = _number(attributes.get("ApproximateReceiveCount"))
        self.receive_count: float = 1 if math.isnan(count) or count == 0 else int(count) if count.is_integer() else count
        self.original_message_id: str = metadata["originalMessageId"] if metadata else record.get("messageId", "")
        self.message: BackoffMessage | None = None
        self._first_ms: float | None = None
        self._full: bool | None = None
        self._clock = clock

    @property
    def previous_attempts(self) -> float:
        """Failed attempts before this one (see lambda/runtime/delivery.ts)."""
        carried = self.metadata["attempt"] if self.metadata else 0
        if self._counts_receives or (self.metadata is None and self.no_room):
            return carried + self.receive_count - 1
        return carried

    @property
    def first_received_at_ms(self) -> float:
        """First receipt of the original message, ms since the epoch."""
        if self._first_ms is None:
            if self.metadata:
                self._first_ms = parse_iso_time(self.metadata["firstReceivedAt"])
            else:
                self._first_ms = self._first_receipt()
        return self._first_ms

    def _first_receipt(self) -> float:
        attributes = self.record.get("attributes") or {}
        first = _number(attributes.get("ApproximateFirstReceiveTimestamp"))
        if first > 0:
            return first
        sent = _number(attributes.get("SentTimestamp"))
        return sent if sent > 0 else self._clock()

    @property
    def no_room(self) -> bool:
        """The user already uses every attribute SQS allows: `x-backoff` cannot travel with the message."""
        if self._full is None:
            attributes = self.record.get("messageAttributes") or {}
            count = sum(1 for name in attributes if name != BACKOFF_ATTRIBUTE)
            self._full = self.metadata is None and count >= MAX_MESSAGE_ATTRIBUTES
        return self._full

"""What the runtime knows about one received record (lambda/runtime/delivery.ts)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from .backoff_message import BackoffMessage
from .backoff_metadata import BackoffMetadata
from .contract import BACKOFF_ATTRIBUTE, MAX_MESSAGE_ATTRIBUTES
from .iso_time import parse_iso_time
from .js import parse_js_number

Clock = Callable[[], float]


class DeliveryOwner(Protocol):
    """What a delivery reads from the processor that made it."""

    @property
    def counts_receives(self) -> bool: ...
    @property
    def clock(self) -> Clock: ...


def _number(value: object) -> float:
    """`Number(value)` of an SQS system attribute (a string, or absent)."""
    return parse_js_number(value) if isinstance(value, str) else math.nan


def receive_count_of(record: Mapping[str, Any]) -> float:
    """`Number(ApproximateReceiveCount) || 1`."""
    attributes = record.get("attributes")
    text = attributes.get("ApproximateReceiveCount") if attributes else None
    if text == "1":
        return 1
    count = _number(text)
    if math.isnan(count) or count == 0:
        return 1
    return int(count) if count.is_integer() else count


class Delivery:
    """One received record; values only some paths need are computed on first use."""

    __slots__ = ("_first_ms", "_full", "_owner", "message", "metadata", "receive_count", "record")

    def __init__(self, record: Mapping[str, Any], metadata: BackoffMetadata | None, receive_count: float, owner: DeliveryOwner) -> None:
        self.record = record
        #: The record's valid `x-backoff`, if any.
        self.metadata = metadata
        self.receive_count = receive_count
        self._owner = owner
        self.message: BackoffMessage | None = None
        # None until first read (an unset slot would raise on that read, at 2 µs).
        self._first_ms: float | None = None
        self._full: bool | None = None

    @property
    def original_message_id(self) -> str:
        return self.metadata["originalMessageId"] if self.metadata else str(self.record.get("messageId", ""))

    @property
    def previous_attempts(self) -> float:
        """Failed attempts before this one (see lambda/runtime/delivery.ts)."""
        carried = self.metadata["attempt"] if self.metadata else 0
        if self._owner.counts_receives or (self.metadata is None and self.no_room):
            return carried + self.receive_count - 1
        return carried

    @property
    def first_received_at_ms(self) -> float:
        """First receipt of the original message, ms since the epoch."""
        if self._first_ms is None:
            self._first_ms = parse_iso_time(self.metadata["firstReceivedAt"]) if self.metadata else self._first_receipt()
        return self._first_ms

    def _first_receipt(self) -> float:
        attributes = self.record.get("attributes") or {}
        first = _number(attributes.get("ApproximateFirstReceiveTimestamp"))
        if first > 0:
            return first
        sent = _number(attributes.get("SentTimestamp"))
        return sent if sent > 0 else self._owner.clock()

    @property
    def no_room(self) -> bool:
        """The user already uses every attribute SQS allows: `x-backoff` cannot travel with the message."""
        if self._full is None:
            attributes = self.record.get("messageAttributes")
            if not attributes or self.metadata is not None or len(attributes) < MAX_MESSAGE_ATTRIBUTES:
                self._full = False  # nearly every message: no attribute counting
            else:
                self._full = sum(1 for name in attributes if name != BACKOFF_ATTRIBUTE) >= MAX_MESSAGE_ATTRIBUTES
        return self._full


class _FirstDelivery(Delivery):
    """A `Delivery` made without a Python `__init__` (half the cost: see backoff_message.ReceivedMessage)."""

    __slots__ = ()
    __init__ = object.__init__


def first_delivery(record: Mapping[str, Any], owner: DeliveryOwner) -> Delivery:
    """`Delivery(record, None, 1, owner)`: the first receive of a first attempt, as a failed one needs it."""
    delivery: Delivery = _FirstDelivery()
    delivery.record = record
    delivery.metadata = None
    delivery.receive_count = 1
    delivery._owner = owner
    delivery.message = None
    delivery._first_ms = None
    delivery._full = None
    return delivery

"""The context a handler receives (lambda/runtime/attemptContext.ts)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .delivery import Delivery


class AttemptContext:
    """What a handler knows about the attempt it is making; nothing is computed unless read."""

    __slots__ = ("_delivery", "attempt", "lambda_context")

    def __init__(self, delivery: Delivery, attempt: float, lambda_context: Any) -> None:
        self._delivery = delivery
        #: 1-based number of this processing attempt (1 on first delivery, 2 after one failure, …).
        self.attempt = int(attempt)
        #: The Lambda context object.
        self.lambda_context = lambda_context

    @property
    def first_received_at(self) -> datetime:
        """When the original message was first received, before any retry (UTC)."""
        return datetime.fromtimestamp(self._delivery.first_received_at_ms / 1000, tz=UTC)

    @property
    def original_message_id(self) -> str:
        """The SQS message id of the original message; requeued copies get new ids."""
        return self._delivery.original_message_id

    @property
    def receive_count(self) -> int:
        """`ApproximateReceiveCount` of this delivery (greater than 1 after a crash or timeout)."""
        return int(self._delivery.receive_count)

    def __repr__(self) -> str:
        return (
            f"AttemptContext(attempt={self.attempt}, original_message_id={self.original_message_id!r}, receive_count={self.receive_count})"
        )

"""The context a handler receives (lambda/runtime/attemptContext.ts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

from .delivery import Delivery, DeliveryOwner


class AttemptContext:
    """What a handler knows about the attempt it is making: `attempt` and `lambda_context`, and on
    first use the first receipt, the original message id and the receive count."""

    __slots__ = ("_delivery", "_owner", "attempt", "lambda_context")

    #: attempt: 1-based number of this processing attempt (1 on first delivery, 2 after one failure, …).
    #: lambda_context: the Lambda context object.
    #: _delivery: the delivery, or (first attempts) just its record.
    # No `__init__`: one context is made per record, and CPython does not specialise calls of classes
    # with `__slots__` and `__init__` (twice the cost); `attempt_context` fills one.
    attempt: float
    lambda_context: Any
    _delivery: Delivery | Mapping[str, Any]
    _owner: DeliveryOwner

    def _of(self) -> Delivery:
        if not isinstance(self._delivery, Delivery):
            self._delivery = Delivery(self._delivery, None, 1, self._owner)
        return self._delivery

    @property
    def first_received_at(self) -> datetime:
        """When the original message was first received, before any retry (UTC)."""
        from datetime import UTC, datetime  # noqa: PLC0415 - for the handlers that ask

        return datetime.fromtimestamp(self._of().first_received_at_ms / 1000, tz=UTC)

    @property
    def original_message_id(self) -> str:
        """The SQS message id of the original message; requeued copies get new ids."""
        return self._of().original_message_id

    @property
    def receive_count(self) -> int:
        """`ApproximateReceiveCount` of this delivery (greater than 1 after a crash or timeout)."""
        return int(self._of().receive_count)

    def __repr__(self) -> str:
        return f"AttemptContext(attempt={self.attempt}, original_message_id={self.original_message_id!r})"


def attempt_context(attempt: float, lambda_context: Any, delivery: Delivery | Mapping[str, Any], owner: DeliveryOwner) -> AttemptContext:
    """The context of one attempt; `delivery` may be just the record of a first attempt."""
    context = AttemptContext()
    context.attempt = attempt
    context.lambda_context = lambda_context
    context._delivery = delivery
    context._owner = owner
    return context

"""One way of waiting before a retry (lambda/runtime/transports/delayTransport.ts)."""

from __future__ import annotations

from typing import Literal, Protocol

from ..contract import TransportName
from ..delivery import Delivery
from ..describe_error import ErrorFields

FallbackReason = Literal["too-large-for-step-functions", "step-functions-throttled", "step-functions-failed"]
ParkStatus = Literal["parked", "already-parked", "too-large", "no-room", "failed"]


class ParkRequest:
    """One failed record to be retried after a delay."""

    #: attempt: the failure's number n: failed attempts including this one.
    #: delay_seconds: the policy's delay before attempt n + 1.
    #: last_error: the handler's error, already cut for `x-backoff`.
    #: delay_source: `handler` when the delay is the handler's `RetryAfterError`.
    #: held: `x-backoff.held` of the copy; hold: an outage protection hold (`attempt` not counted up).
    __slots__ = ("attempt", "delay_seconds", "delay_source", "delivery", "held", "hold", "last_error")

    def __init__(
        self,
        delivery: Delivery,
        attempt: float,
        delay_seconds: float,
        last_error: ErrorFields,
        delay_source: str | None = None,
        held: int | None = None,
        hold: bool = False,
    ) -> None:
        self.delivery = delivery
        self.attempt = attempt
        self.delay_seconds = delay_seconds
        self.last_error = last_error
        self.delay_source = delay_source
        self.held = held
        self.hold = hold


class ParkOutcome:
    """How a park ended (see the TypeScript `ParkOutcome`)."""

    #: acknowledge: whether the received message may be deleted.
    __slots__ = ("acknowledge", "cause", "delay_seconds", "detail", "execution_name", "fallback", "status", "transport")

    def __init__(
        self,
        status: ParkStatus,
        acknowledge: bool,
        transport: TransportName,
        delay_seconds: float,
        fallback: FallbackReason | None = None,
        detail: str | None = None,
        execution_name: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.status = status
        self.acknowledge = acknowledge
        self.transport = transport
        self.delay_seconds = delay_seconds
        self.fallback = fallback
        self.detail = detail
        self.execution_name = execution_name
        self.cause = cause


class DelayTransport(Protocol):
    """Chosen once per cold start; the record processor talks only to this interface."""

    @property
    def name(self) -> TransportName: ...

    #: Whether a retry may keep the same SQS message (a visibility timeout).
    @property
    def retries_in_place(self) -> bool: ...

    def park(self, request: ParkRequest) -> ParkOutcome: ...

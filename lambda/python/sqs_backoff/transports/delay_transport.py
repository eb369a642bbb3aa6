"""One way of waiting before a retry (lambda/runtime/transports/delayTransport.ts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from ..contract import TransportName
from ..delivery import Delivery
from ..describe_error import ErrorFields

FallbackReason = Literal["too-large-for-step-functions", "step-functions-throttled", "step-functions-failed"]
ParkStatus = Literal["parked", "already-parked", "too-large", "no-room", "failed"]


@dataclass(frozen=True)
class ParkRequest:
    """One failed record to be retried after a delay."""

    delivery: Delivery
    #: The failure's number n: failed attempts including this one.
    attempt: float
    #: The policy's delay before attempt n + 1.
    delay_seconds: float
    #: The handler's error, already cut for `x-backoff`.
    last_error: ErrorFields


@dataclass(frozen=True)
class ParkOutcome:
    """How a park ended (see the TypeScript `ParkOutcome`)."""

    status: ParkStatus
    #: Whether the received message may be deleted.
    acknowledge: bool
    transport: TransportName
    delay_seconds: float
    fallback: FallbackReason | None = None
    detail: str | None = None
    execution_name: str | None = None
    cause: BaseException | None = None


class DelayTransport(Protocol):
    """Chosen once per cold start; the record processor talks only to this interface."""

    @property
    def name(self) -> TransportName: ...

    #: Whether a retry may keep the same SQS message (a visibility timeout).
    @property
    def retries_in_place(self) -> bool: ...

    def park(self, request: ParkRequest) -> ParkOutcome: ...

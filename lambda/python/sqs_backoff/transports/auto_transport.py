"""SQS delayed copies up to 900 s, Step Functions beyond (autoTransport.ts). Standard queues only."""

from __future__ import annotations

from typing import Final

from ..contract import MAX_SQS_DELAY_SECONDS, TransportName
from .delay_transport import ParkOutcome, ParkRequest
from .sqs_delay_transport import SqsDelayTransport
from .step_functions_transport import StepFunctionsTransport


class AutoTransport:
    """The cheapest transport for each delay on a standard queue."""

    name: Final[TransportName] = "auto"

    def __init__(self, short: SqsDelayTransport, long: StepFunctionsTransport) -> None:
        self._short = short
        self._long = long
        self.retries_in_place = long.retries_in_place

    def park(self, request: ParkRequest) -> ParkOutcome:
        if request.delay_seconds <= MAX_SQS_DELAY_SECONDS:
            return self._short.park(request)
        return self._long.park(request)

"""Parking a message in the retry state machine (stepFunctionsTransport.ts), with the
visibility-timeout fallback for what Step Functions cannot take."""

from __future__ import annotations

import re
from typing import Any, Final

from ..contract import BACKOFF_ATTRIBUTE, MAX_EXECUTION_INPUT_BYTES, TransportName
from ..delivery import Delivery
from ..describe_error import aws_error
from ..execution_name import execution_name
from ..fit_message import message_bytes_over
from ..iso_time import iso_time
from ..js import number_text, parse_json, utf8_length
from ..limits import ONE_YEAR_LIMIT
from ..park_input import NextBackoffParts, serialize_park_input
from ..sdk import aws_client
from .delay_transport import FallbackReason, ParkOutcome, ParkRequest, ParkStatus
from .is_throttling_error import is_throttling_error
from .visibility_timeout_transport import LONGEST_VISIBILITY_SECONDS, FallbackCause, VisibilityTimeoutTransport

#: The execution name is deterministic: ExecutionAlreadyExists means this failure was parked before.
_ALREADY_EXISTS: Final = re.compile(r"ExecutionAlreadyExists(Exception)?")
_LONGEST_WAIT_SECONDS: Final = ONE_YEAR_LIMIT.seconds


class StepFunctionsTransportOptions:
    #: queue_message_bytes: the work queue's MaximumMessageSize; the requeued copy must fit in it.
    #: fallback: where a retry goes when Step Functions cannot take it; None: no fallback.
    __slots__ = ("fallback", "queue_message_bytes", "queue_url", "sfn", "state_machine_arn")

    def __init__(
        self, sfn: Any | None, state_machine_arn: str, queue_url: str, queue_message_bytes: int, fallback: VisibilityTimeoutTransport | None
    ) -> None:
        self.sfn = sfn
        self.state_machine_arn = state_machine_arn
        self.queue_url = queue_url
        self.queue_message_bytes = queue_message_bytes
        self.fallback = fallback


def _error_name(error: BaseException) -> str:
    aws = aws_error(error)
    return aws[0] if aws is not None else type(error).__name__


class StepFunctionsTransport:
    """StartExecution (Wait, then SendMessage a copy with the next `x-backoff`); the original is
    acknowledged once the execution started."""

    name: Final[TransportName] = "step-functions"

    def __init__(self, options: StepFunctionsTransportOptions) -> None:
        self._options = options
        self.retries_in_place = options.fallback is not None
        self._fifo = options.queue_url.endswith(".fifo")

    def park(self, request: ParkRequest) -> ParkOutcome:
        delivery, delay_seconds = request.delivery, request.delay_seconds
        if delivery.no_room:
            return ParkOutcome("no-room", False, self.name, delay_seconds)
        if delay_seconds > _LONGEST_WAIT_SECONDS:
            return self._too_large(
                delivery,
                delay_seconds,
                f"the {number_text(delay_seconds)}-second delay is longer than a retry execution can wait "
                f"({_LONGEST_WAIT_SECONDS} s: {ONE_YEAR_LIMIT.reason})",
            )
        metadata = delivery.metadata
        history = metadata.get("history") if metadata else None
        held = request.held or 0
        mark = f"o{held}" if request.hold else f"h{held}" if held > 0 else ""
        attempt = (metadata["attempt"] if metadata else 0) + 1
        name = execution_name(delivery.original_message_id, attempt, len(history) if history else 0, mark)
        payload = self._serialize(request, name)
        too_large = self._too_large_detail(payload)
        if too_large is not None:
            return self._too_large(delivery, delay_seconds, too_large)
        status: ParkStatus = "parked"
        try:
            aws_client("stepfunctions", self._options.sfn).start_execution(
                stateMachineArn=self._options.state_machine_arn, name=name, input=payload
            )
        except Exception as error:  # noqa: BLE001 - the fallback or SQS redelivery takes it
            if not _ALREADY_EXISTS.fullmatch(_error_name(error)):
                return self._not_started(delivery, delay_seconds, name, error)
            status = "already-parked"
        return ParkOutcome(status, True, self.name, delay_seconds, execution_name=name)

    def _not_started(self, delivery: Delivery, delay_seconds: float, name: str, error: BaseException) -> ParkOutcome:
        fallback = self._options.fallback
        if fallback is not None:
            reason: FallbackReason = "step-functions-throttled" if is_throttling_error(error) else "step-functions-failed"
            return fallback.hide(delivery, delay_seconds, FallbackCause(reason, error))
        return ParkOutcome("failed", False, self.name, delay_seconds, execution_name=name, cause=error)

    def _serialize(self, request: ParkRequest, name: str) -> str:
        delivery = request.delivery
        record, metadata = delivery.record, delivery.metadata
        group = None
        if self._fifo:
            group = (record.get("attributes") or {}).get("MessageGroupId")
            group = "sqs-backoff" if group is None else group
        parts = NextBackoffParts(
            request.attempt,
            iso_time(delivery.first_received_at_ms),
            delivery.original_message_id,
            request.last_error,
            request.delay_seconds,
            metadata.get("history") if metadata else None,
            request.delay_source,
            request.held,
        )
        return serialize_park_input(
            self._options.queue_url,
            record.get("body", ""),
            record.get("messageAttributes"),
            parts,
            group,
            name if self._fifo else None,
        )

    def _too_large_detail(self, payload: str) -> str | None:
        """Over Step Functions' 256 KiB, or a requeued copy over the work queue's limit."""
        most = len(payload) * 4
        size = 0 if most <= MAX_EXECUTION_INPUT_BYTES else utf8_length(payload)
        if size > MAX_EXECUTION_INPUT_BYTES:
            return f"retry state machine input would be {size} bytes, over the {MAX_EXECUTION_INPUT_BYTES}-byte Step Functions limit"
        limit = self._options.queue_message_bytes
        if most <= limit:
            return None
        park = parse_json(payload)
        requeue = message_bytes_over(park["body"], park["attributes"], limit)
        if requeue is None:
            return None
        return f"the requeued copy with {BACKOFF_ATTRIBUTE} would be {requeue} bytes, over the work queue's {limit}-byte MaximumMessageSize"

    def _too_large(self, delivery: Delivery, delay_seconds: float, detail: str) -> ParkOutcome:
        fallback = self._options.fallback
        if fallback is not None and delay_seconds <= LONGEST_VISIBILITY_SECONDS:
            return fallback.hide(delivery, delay_seconds, FallbackCause("too-large-for-step-functions"))
        why = (
            f"{detail}, and the {number_text(delay_seconds)}-second delay is longer than a visibility timeout can carry "
            f"({LONGEST_VISIBILITY_SECONDS} s)"
            if fallback is not None
            else detail
        )
        return ParkOutcome("too-large", False, self.name, delay_seconds, detail=why)

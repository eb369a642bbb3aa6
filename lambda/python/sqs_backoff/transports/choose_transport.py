"""The transport a validated configuration names, built once per cold start (chooseTransport.ts)."""

from __future__ import annotations

from typing import Any

from ..contract import DEFAULT_QUEUE_MESSAGE_BYTES
from ..runtime_config import DEFAULT_TRANSPORT, RuntimeConfig
from .auto_transport import AutoTransport
from .delay_transport import DelayTransport
from .sqs_delay_transport import SqsDelayTransport
from .step_functions_transport import StepFunctionsTransport, StepFunctionsTransportOptions
from .visibility_timeout_transport import VisibilityTimeoutTransport


def choose_transport(config: RuntimeConfig, sqs: Any | None, sfn: Any | None) -> DelayTransport:
    """FIFO is read from the queue URL: there `auto` is `visibility-timeout`."""
    name = config.transport or DEFAULT_TRANSPORT
    fifo = config.queue_url.endswith(".fifo")
    queue_message_bytes = config.max_message_bytes or DEFAULT_QUEUE_MESSAGE_BYTES
    visibility = VisibilityTimeoutTransport(sqs, config.queue_url)

    def step_functions() -> StepFunctionsTransport:
        return StepFunctionsTransport(
            StepFunctionsTransportOptions(
                sfn,
                config.state_machine_arn or "",
                config.queue_url,
                queue_message_bytes,
                None if config.visibility_fallback is False else visibility,
            )
        )

    if name == "visibility-timeout":
        return visibility
    if name == "sqs-delay":
        return SqsDelayTransport(sqs, config.queue_url, queue_message_bytes)
    if name == "auto":
        return visibility if fifo else AutoTransport(SqsDelayTransport(sqs, config.queue_url, queue_message_bytes), step_functions())
    return step_functions()

"""The longest wait of each transport (lambda/runtime/transports/transportLimits.ts)."""

from __future__ import annotations

from ..limits import FIFTEEN_MINUTES_LIMIT, ONE_YEAR_LIMIT, TWELVE_HOURS_LIMIT, WaitLimit


def longest_delay_of(transport: str, fifo: bool) -> WaitLimit:
    """The longest wait of a transport on a queue (FIFO `auto` is `visibility-timeout`)."""
    if transport == "visibility-timeout":
        return TWELVE_HOURS_LIMIT
    if transport == "sqs-delay":
        return FIFTEEN_MINUTES_LIMIT
    if transport == "auto":
        return TWELVE_HOURS_LIMIT if fifo else ONE_YEAR_LIMIT
    return ONE_YEAR_LIMIT


def needs_state_machine(transport: str, fifo: bool) -> bool:
    """Whether a transport starts Step Functions executions on this queue."""
    return transport == "step-functions" or (transport == "auto" and not fifo)

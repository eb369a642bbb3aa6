"""`with_backoff`: a per-message handler → an SQS batch handler with retries (lambda/runtime/withBackoff.ts).

- handler returns → nothing to do, the event source mapping deletes the message;
- handler raises `NonRetryableError` (or an error matched by `non_retryable`) → dead-letter now;
- any other exception → failure n; n ≥ maxAttempts → dead-letter (`exhausted`); past maxElapsed →
  dead-letter (`elapsed`); otherwise the delay transport (`BACKOFF_TRANSPORT`) arranges the retry;
- a delivery that can only follow crash loops → dead-letter (`redelivered`) without running the handler;
- whatever could not be parked or dead-lettered → `batchItemFailures`. Nothing is acknowledged unprocessed.

Records run one after another (a FIFO batch in order, keeping a group blocked after a failure); a
record that hangs cannot take its batch with it: shortly before Lambda's timeout the guard
(deadline.py) stops it, and the handler answers with the finished records and leaves the rest to SQS.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, overload

from .backoff import _default_random
from .deadline import deadline_seconds, run_until
from .describe_error import describe_error
from .errors import ConfigurationError
from .logger import BackoffLogger, JsonLogger, invocation_ids
from .metric_names import DEFAULT_METRICS_NAMESPACE, queue_name_of
from .metrics import InvocationMetrics
from .record_processor import Batch, RecordProcessor, RecordProcessorDeps
from .retry_rules import OutageProtectionSpec, RetryRuleSpec
from .runtime_config import RuntimeConfig, read_runtime_config, validate_runtime_config
from .types import BackoffHandler, DeadLetterHook, NonRetryable, RetryHook

BatchResponse = dict[str, list[dict[str, str]]]
BatchHandler = Callable[[Any, Any], BatchResponse]
H = TypeVar("H", bound=BackoffHandler)


def _now_ms() -> float:
    # A whole number, as Date.now(): an int prints as the TypeScript runtime's timestamps without number_text.
    return time.time_ns() // 1_000_000


#: `CO_COROUTINE` of `inspect`, without importing it (9 ms of a cold start).
_CO_COROUTINE = 0x80


def _synchronous(call: Any) -> Any:
    """An `async def` handler or hook as a plain function that runs it to completion (one event
    loop per call): calling it bare would return a coroutine, and acknowledge the message unprocessed."""
    code = getattr(call, "__code__", None)
    if call is None or code is None or not code.co_flags & _CO_COROUTINE:
        return call

    def run(*args: Any) -> Any:
        import asyncio  # noqa: PLC0415 - only for async handlers

        return asyncio.run(call(*args))

    return run


def _matcher(option: NonRetryable | None) -> Callable[[BaseException], bool] | None:
    """None when there is nothing to match beyond `NonRetryableError`."""
    if option is None:
        return None
    if isinstance(option, type):
        cls = option
        return lambda error: isinstance(error, cls)
    if isinstance(option, (tuple, list)):
        classes = tuple(option)
        return lambda error: isinstance(error, classes)
    return option


def _drain_for(
    batch: Batch, processor: RecordProcessor, context: Any, fifo_logger: BackoffLogger | None
) -> tuple[Callable[..., None], tuple[Any, ...]]:
    """What processes the batch's records in order, and its arguments: `process_all` for a standard
    queue, `_drain_fifo` for a FIFO one (`fifo_logger` set)."""
    if fifo_logger is None:
        return processor.process_all, (batch, context)
    return _drain_fifo, (batch, processor, context, fifo_logger)


def _drain_fifo(batch: Batch, processor: RecordProcessor, context: Any, fifo_logger: BackoffLogger) -> None:
    """Processes a FIFO batch in order: once a record of a group is not acknowledged the later
    records of that group are left for redelivery, in order."""
    blocked: set[Any] | None = None
    for index, record in enumerate(batch.records):
        if batch.abandoned:
            return
        group = (record.get("attributes") or {}).get("MessageGroupId")
        if blocked is not None and group in blocked:
            fifo_logger.warning(
                "skipped-fifo-order",
                {
                    "messageId": record.get("messageId"),
                    "reason": f"an earlier message of group {group} was not acknowledged; left for redelivery to keep the order",
                },
            )
            batch.outcomes[index] = False
            continue
        outcome = batch.outcomes[index] = processor.process(record, context)
        if not outcome:
            (blocked := blocked if blocked is not None else set()).add(group)


def _log_unfinished(log: BackoffLogger, batch: Batch) -> None:
    unfinished = [record.get("messageId") for record, outcome in zip(batch.records, batch.outcomes, strict=True) if outcome is None]
    if unfinished:
        log.warning(
            "deadline",
            {
                "reason": f"the invocation is about to time out: {len(unfinished)} unfinished record(s) left for redelivery",
                "messageIds": unfinished,
            },
        )


def _failures(batch: Batch) -> BatchResponse:
    if batch.finished and not batch.failed:
        return {"batchItemFailures": []}
    if batch.finished:
        return {"batchItemFailures": [{"itemIdentifier": record.get("messageId", "")} for record in batch.failed]}
    return {
        "batchItemFailures": [
            {"itemIdentifier": record.get("messageId", "")}
            for record, outcome in zip(batch.records, batch.outcomes, strict=True)
            if outcome is not True
        ]
    }


def _remaining_ms(context: Any) -> float | None:
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(remaining):
        return None
    value = remaining()
    if type(value) is int:
        return value  # Lambda's context answers an int
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


@overload
def with_backoff(
    handler: H,
    *,
    on_retry: RetryHook | None = ...,
    on_dead_letter: DeadLetterHook | None = ...,
    non_retryable: NonRetryable | None = ...,
    logger: BackoffLogger | None = ...,
    clients: Mapping[str, Any] | None = ...,
    config: RuntimeConfig | None = ...,
    random: Callable[[], float] | None = ...,
    clock: Callable[[], float] | None = ...,
    retry_rules: list[RetryRuleSpec] | None = ...,
    clamp_retry_after: bool | None = ...,
    outage_protection: OutageProtectionSpec | None = ...,
    write_metrics: Callable[[str], None] | None = ...,
) -> BatchHandler: ...


@overload
def with_backoff(
    handler: None = ...,
    *,
    on_retry: RetryHook | None = ...,
    on_dead_letter: DeadLetterHook | None = ...,
    non_retryable: NonRetryable | None = ...,
    logger: BackoffLogger | None = ...,
    clients: Mapping[str, Any] | None = ...,
    config: RuntimeConfig | None = ...,
    random: Callable[[], float] | None = ...,
    clock: Callable[[], float] | None = ...,
    retry_rules: list[RetryRuleSpec] | None = ...,
    clamp_retry_after: bool | None = ...,
    outage_protection: OutageProtectionSpec | None = ...,
    write_metrics: Callable[[str], None] | None = ...,
) -> Callable[[BackoffHandler], BatchHandler]: ...


def with_backoff(
    handler: BackoffHandler | None = None,
    *,
    on_retry: RetryHook | None = None,
    on_dead_letter: DeadLetterHook | None = None,
    non_retryable: NonRetryable | None = None,
    logger: BackoffLogger | None = None,
    clients: Mapping[str, Any] | None = None,
    config: RuntimeConfig | None = None,
    random: Callable[[], float] | None = None,
    clock: Callable[[], float] | None = None,
    retry_rules: list[RetryRuleSpec] | None = None,
    clamp_retry_after: bool | None = None,
    outage_protection: OutageProtectionSpec | None = None,
    write_metrics: Callable[[str], None] | None = None,
) -> BatchHandler | Callable[[BackoffHandler], BatchHandler]:
    """Wraps `handler(message, ctx)`; usable as `@with_backoff`, `@with_backoff(...)` and
    `with_backoff(handler, ...)`. The configuration is read from the `BACKOFF_*` environment on the
    first invocation (a `ConfigurationError` then fails the invocation) unless `config` is given.

    `clients` (`{"sqs": …, "sfn": …}`, boto3-shaped) default to boto3 clients created on the first
    park or dead-letter; `random` (uniform in [0, 1)) and `clock` (ms since the epoch) are seams for tests.
    `retry_rules`, `clamp_retry_after` and `outage_protection` (the wire shapes of `BACKOFF_RETRY_RULES`,
    … : docs/retry-control.md) replace the environment's when given.
    `write_metrics` takes the invocation's CloudWatch Embedded Metric Format lines (one in the common
    case, metrics.py); by default they go to stdout, where Lambda's log group takes them.
    """
    options: dict[str, Any] = {
        "on_retry": on_retry,
        "on_dead_letter": on_dead_letter,
        "non_retryable": non_retryable,
        "logger": logger,
        "clients": clients,
        "config": config,
        "random": random,
        "clock": clock,
        "retry_control": {"retry_rules": retry_rules, "clamp_retry_after": clamp_retry_after, "outage_protection": outage_protection},
        "write_metrics": write_metrics,
    }
    if handler is None:
        return lambda inner: _wrap(inner, **options)
    return _wrap(handler, **options)


def _wrap(
    handler: BackoffHandler,
    *,
    on_retry: RetryHook | None,
    on_dead_letter: DeadLetterHook | None,
    non_retryable: NonRetryable | None,
    logger: BackoffLogger | None,
    clients: Mapping[str, Any] | None,
    config: RuntimeConfig | None,
    random: Callable[[], float] | None,
    clock: Callable[[], float] | None,
    retry_control: dict[str, Any],
    write_metrics: Callable[[str], None] | None,
) -> BatchHandler:
    log: BackoffLogger = logger if logger is not None else JsonLogger()
    handler, on_retry, on_dead_letter = _synchronous(handler), _synchronous(on_retry), _synchronous(on_dead_letter)
    is_non_retryable = _matcher(non_retryable)
    processor: RecordProcessor | None = None
    scope: tuple[str, str] = (DEFAULT_METRICS_NAMESPACE, "")
    json_logger = log if isinstance(log, JsonLogger) else None
    emit = write_metrics if write_metrics is not None else (json_logger or JsonLogger()).write_line

    def processor_for() -> RecordProcessor:
        nonlocal processor, scope
        if processor is not None:
            return processor
        try:
            resolved = validate_runtime_config(config) if config is not None else read_runtime_config()
            overrides = {key: value for key, value in retry_control.items() if value is not None}
            if overrides:
                values = {name: getattr(resolved, name) for name in RuntimeConfig.__slots__}
                resolved = validate_runtime_config(RuntimeConfig(**{**values, **overrides}))
        except ConfigurationError as error:
            log.error("configuration-error", {"error": describe_error(error)})
            raise
        scope = (resolved.metrics_namespace or DEFAULT_METRICS_NAMESPACE, queue_name_of(resolved.queue_url))
        processor = RecordProcessor(
            RecordProcessorDeps(
                handler=handler,
                config=resolved,
                sqs=(clients or {}).get("sqs"),
                sfn=(clients or {}).get("sfn"),
                logger=log,
                log_processed=not isinstance(log, JsonLogger) or log.debug_enabled,
                random=random if random is not None else _default_random(),
                is_non_retryable=is_non_retryable,
                clock=clock if clock is not None else _now_ms,
                on_retry=on_retry,
                on_dead_letter=on_dead_letter,
            )
        )
        return processor

    def batch_handler(event: Any, context: Any) -> BatchResponse:
        records: Sequence[Mapping[str, Any]] = (event.get("Records") if type(event) is dict or isinstance(event, Mapping) else None) or []
        if not records:
            return {"batchItemFailures": []}
        ids = invocation_ids(getattr(context, "aws_request_id", None))
        if json_logger is not None:
            json_logger.set_invocation(ids)
        record_processor = processor if processor is not None else processor_for()
        metrics = record_processor.metrics = InvocationMetrics()
        batch = Batch(records)
        source = records[0].get("eventSourceARN")
        fifo_logger = log if isinstance(source, str) and source.endswith(".fifo") else None
        work, args = _drain_for(batch, record_processor, context, fifo_logger)
        remaining = _remaining_ms(context)
        if remaining is None:
            work(*args)
        elif not run_until(deadline_seconds(remaining), work, batch, args):
            # A record that hangs must not take its batch with it: answer before Lambda's timeout, so
            # the finished records are deleted and only the unfinished ones are redelivered.
            _log_unfinished(log, batch)
        for line in metrics.lines(scope[0], scope[1], ids.get("requestId"), ids.get("traceId"), record_processor.clock()):
            emit(line)
        return _failures(batch)

    return batch_handler

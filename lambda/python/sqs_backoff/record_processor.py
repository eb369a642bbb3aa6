"""Takes one record to a final state (lambda/runtime/recordProcessor.ts): processed, parked,
dead-lettered, or "not acknowledged" (reported in `batchItemFailures`). Never raises."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from .attempt_context import AttemptContext, attempt_context
from .attributes import to_wire_attributes
from .backoff import RandomSource, delay_seconds
from .backoff_message import NOT_PARSED, BackoffMessage, ReceivedMessage, received_message
from .backoff_metadata import BackoffMetadata, parse_backoff_metadata, serialize_backoff_metadata
from .contract import BACKOFF_ATTRIBUTE, DEFAULT_QUEUE_MESSAGE_BYTES, MAX_ERROR_MESSAGE_CHARS, MAX_MESSAGE_ATTRIBUTES, DeadLetterReason
from .dead_letter import DeadLetterRequest, dead_letter
from .delivery import Clock, Delivery, first_delivery, receive_count_of
from .describe_error import ErrorFields, cut_error, describe_error
from .errors import is_non_retryable_error, is_retry_after_error
from .fit_message import fit_message
from .iso_time import iso_time
from .js import number_text
from .logger import BackoffLogger, LogFields
from .metrics import InvocationMetrics
from .retry_after import handler_delay_seconds
from .retry_rules import OutageGuard, attempt_ceiling, match_retry_rule
from .runtime_config import DEFAULT_TRANSPORT, RuntimeConfig
from .transports.choose_transport import choose_transport
from .transports.delay_transport import ParkRequest
from .transports.transport_limits import longest_delay_of
from .types import BackoffHandler, DeadLetterEvent, DeadLetterHook, RetryEvent, RetryHook

_LOGGED_ERROR_CHARS: Final = 1024


class RecordProcessorDeps:
    """Everything a `RecordProcessor` needs, resolved once per cold start."""

    #: sqs, sfn: injected clients; None: the default ones, created (and boto3 imported) on first use.
    #: log_processed: whether to log a debug line per processed record.
    __slots__ = (
        "clock",
        "config",
        "handler",
        "is_non_retryable",
        "log_processed",
        "logger",
        "on_dead_letter",
        "on_retry",
        "random",
        "sfn",
        "sqs",
    )

    def __init__(
        self,
        handler: BackoffHandler,
        config: RuntimeConfig,
        sqs: Any | None,
        sfn: Any | None,
        logger: BackoffLogger,
        log_processed: bool,
        random: RandomSource,
        is_non_retryable: Callable[[BaseException], bool] | None,
        clock: Clock,
        on_retry: RetryHook | None = None,
        on_dead_letter: DeadLetterHook | None = None,
    ) -> None:
        self.handler = handler
        self.config = config
        self.sqs = sqs
        self.sfn = sfn
        self.logger = logger
        self.log_processed = log_processed
        self.random = random
        self.is_non_retryable = is_non_retryable
        self.clock = clock
        self.on_retry = on_retry
        self.on_dead_letter = on_dead_letter


#: Whether a message and a context may be refilled for the next record once the handler returned
#: and no one else holds them: CPython's reference counts say so exactly (a kept reference, a
#: traceback, a thread, a cycle not yet collected all count; the classes take no weak references).
#: Making the two objects was a third of a record's cost: ~1,700 of ~5,200 instructions, where
#: Powertools spends ~7,700 in all (bench/python). No other interpreter, nor a free-threaded build
#: (deferred counts), is trusted: there every record gets new ones.
_REUSE: Final = hasattr(sys, "getrefcount") and getattr(sys, "_is_gil_enabled", lambda: True)()
_references: Final[Callable[[Any], int]] = sys.getrefcount if _REUSE else (lambda _any: 0)


def _deterministic(policy: Mapping[str, Any]) -> bool:
    """Whether `delay_seconds(policy, n, …)` depends on `n` alone (no draw, no previous delay)."""
    kind = policy.get("kind")
    return kind in ("fixed", "exponential") or (kind == "step-functions" and policy.get("jitter") != "FULL")


class Batch:
    """One invocation's records and what became of each (True: acknowledged · False: for SQS to
    redeliver · None: not finished)."""

    #: failed: the records not acknowledged, in order (complete once `finished`).
    #: abandoned: set at the deadline; no record is started after it.
    #: (Class-level defaults for the flags: one Batch is made per invocation.)
    abandoned = False
    finished = False

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.records = records
        self.outcomes: list[bool | None] = [None] * len(records)
        self.failed: list[Mapping[str, Any]] = []


def _logged(error: object) -> ErrorFields:
    return describe_error(error, _LOGGED_ERROR_CHARS)


class RecordProcessor:
    def __init__(self, deps: RecordProcessorDeps) -> None:
        self._deps = deps
        self._handler = deps.handler
        self._log_processed = deps.log_processed
        self._dead_letter_bytes = deps.config.dead_letter_max_message_bytes or DEFAULT_QUEUE_MESSAGE_BYTES
        self._transport = choose_transport(deps.config, deps.sqs, deps.sfn)
        config = deps.config
        #: The longest wait the transport carries: where `clamp_retry_after` cuts a handler's delay.
        self._longest = longest_delay_of(config.transport or DEFAULT_TRANSPORT, config.queue_url.endswith(".fifo")).seconds
        #: The most attempts under any rule: the crash-loop backstop's threshold.
        self._attempt_ceiling = attempt_ceiling(config.max_attempts, config.retry_rules)
        #: Outage protection's failure window (this execution environment's); None when off.
        self._outage = None if config.outage_protection is None else OutageGuard(config.outage_protection)
        #: For deliveries (DeliveryOwner): every receive counts as an attempt with in-place retries.
        self.counts_receives = self._transport.retries_in_place
        self.clock = deps.clock
        #: What this invocation's outcomes add to its metrics (with_backoff gives each invocation its own).
        self.metrics = InvocationMetrics()
        #: The delay of each failure number, for a policy whose delays depend on nothing else (no
        #: random draw, no previous delay): the policy math was a fifth of a visibility-timeout park.
        self._delays: dict[float, float] | None = {} if _deterministic(deps.config.policy) else None

    def process(self, record: Mapping[str, Any], lambda_context: Any) -> bool:
        """True when the record may be deleted from the queue (processed, parked or dead-lettered)."""
        try:
            first = record["attributes"]["ApproximateReceiveCount"] == "1" and BACKOFF_ATTRIBUTE not in record["messageAttributes"]
        except (KeyError, TypeError):
            first = False  # a record without the usual fields: the general path reads it tolerantly
        try:
            if not first:
                return self._process(record, lambda_context)
            # The first receive of a first attempt (nearly every record): nothing to read, no crash
            # loop possible, the delivery built only should the handler fail.
            message = received_message(record)
            try:
                self._handler(message, attempt_context(1, lambda_context, record, self))
            except Exception as error:  # noqa: BLE001 - every failure is retried or dead-lettered
                delivery = first_delivery(record, self)
                delivery.message = message
                return self._failed(delivery, error)
            self._first_processed()
            if self._log_processed:
                self._processed(record, message.message_id, 1)
            return True
        except Exception as error:  # noqa: BLE001 - a bug here must not acknowledge (or lose) a message
            return self._unexpected(record, error)

    def process_all(self, batch: Batch, context: Any) -> None:  # noqa: PLR0915 - the hot path, written out on purpose
        """`process` for each record of `batch` in turn until it is abandoned, each outcome in
        `batch.outcomes`, the records not acknowledged also in `batch.failed`. The first-attempt
        path (nearly every record) is `process`'s written out, with one message and one context
        refilled from record to record while no one else holds them (`_reusable`); its successes
        are counted here and added to the metrics once, also when the deadline stops the batch."""
        if self._outage is not None:
            self._process_each(batch, context)
            return
        records, outcomes, failed = batch.records, batch.outcomes, batch.failed
        handler, log_processed = self._handler, self._log_processed
        message: Any = None
        ctx: Any = None
        held = 0
        succeeded = 0
        try:
            for index, record in enumerate(records):
                if batch.abandoned:
                    return
                try:
                    first = (
                        record["attributes"]["ApproximateReceiveCount"] == "1" and BACKOFF_ATTRIBUTE not in record["messageAttributes"]
                    )
                except (KeyError, TypeError):
                    first = False
                if first:
                    try:
                        if message is None:
                            message = ReceivedMessage()
                            message._original = None
                            ctx = AttemptContext()
                            ctx.attempt = 1
                            ctx.lambda_context = context
                            ctx._owner = self
                            held = _references(message) + _references(ctx) if _REUSE else -1
                        message.record = record
                        message.message_id = record["messageId"]
                        message.body = record["body"]
                        message._parsed = NOT_PARSED
                        message._user_attributes = None
                        ctx._delivery = record
                    except Exception as error:  # noqa: BLE001 - a bug here must not acknowledge (or lose) a message
                        done = self._unexpected(record, error)
                        message = None
                    else:
                        try:
                            handler(message, ctx)
                        except Exception as error:  # noqa: BLE001 - every failure is retried or dead-lettered
                            done = self._first_failed(record, message, error)
                        else:
                            done = True
                            succeeded += 1
                            if log_processed:
                                self._processed(record, message.message_id, 1)
                        # Counted once the error (its traceback holds the handler's frame) is let go.
                        if _references(message) + _references(ctx) != held:
                            message = None  # someone kept one of them (the handler, a hook): the next record gets new ones
                else:
                    done = self.process(record, context)
                outcomes[index] = done
                if not done:
                    failed.append(record)
            batch.finished = not batch.abandoned
        finally:
            self.metrics.first_attempts(succeeded)

    def _process_each(self, batch: Batch, context: Any) -> None:
        """`process_all` by the general path: outage protection records each outcome in its window as it happens."""
        for index, record in enumerate(batch.records):
            if batch.abandoned:
                return
            done = batch.outcomes[index] = self.process(record, context)
            if not done:
                batch.failed.append(record)
        batch.finished = not batch.abandoned

    def _first_failed(self, record: Mapping[str, Any], message: BackoffMessage, error: Exception) -> bool:
        try:
            delivery = first_delivery(record, self)
            delivery.message = message
            return self._failed(delivery, error)
        except Exception as unexpected:  # noqa: BLE001 - a bug here must not acknowledge (or lose) a message
            return self._unexpected(record, unexpected)

    def _first_processed(self) -> None:
        """A first attempt succeeded: counted in the metrics and, with outage protection, in its window."""
        if self._outage is not None:
            self._outage.record(False)
        self.metrics.processed(1, 0)

    def _unexpected(self, record: Mapping[str, Any], error: BaseException) -> bool:
        message_id = record.get("messageId") if isinstance(record, Mapping) else None
        self._deps.logger.error("unexpected-error", {"messageId": message_id, "error": _logged(error)})
        return False

    def _processed(self, record: Mapping[str, Any], original_message_id: str, attempt: float) -> None:
        self._deps.logger.debug(
            "processed", {"messageId": record.get("messageId"), "originalMessageId": original_message_id, "attempt": attempt}
        )

    def _process(self, record: Mapping[str, Any], lambda_context: Any) -> bool:
        delivery = Delivery(record, self._metadata_of(record), receive_count_of(record), self)
        crash_loop = self._crash_loop(delivery)
        if crash_loop is not None:
            attempts = (delivery.metadata["attempt"] if delivery.metadata else 0) + delivery.receive_count - 1
            return self._dead_letter(delivery, "redelivered", attempts, None, None, crash_loop)
        message = delivery.message = received_message(record, delivery.original_message_id)
        attempt = delivery.previous_attempts + 1
        try:
            self._handler(message, attempt_context(attempt, lambda_context, delivery, self))
        except Exception as error:  # noqa: BLE001 - every failure is retried or dead-lettered
            return self._failed(delivery, error)
        if self._outage is not None:
            self._outage.record(False)
        # The first receipt is read only for a retried message.
        self.metrics.processed(attempt, self._deps.clock() - delivery.first_received_at_ms if attempt > 1 else 0)
        if self._log_processed:
            self._processed(record, delivery.original_message_id, attempt)
        return True

    def _delay(self, policy: Mapping[str, Any], n: float, previous: float | None) -> float:
        """`delay_seconds(policy, n, random, previous)`, from `_delays` for the configured policy."""
        cache = self._delays if policy is self._deps.config.policy else None
        delay = cache.get(n) if cache is not None else None
        if delay is None:
            delay = delay_seconds(policy, int(n), self._deps.random, previous)
            if cache is not None:
                cache[n] = delay
        return delay

    def _crash_loop(self, delivery: Delivery) -> str | None:
        """Why this delivery is dead-lettered `redelivered` without running the handler, if it is."""
        config = self._deps.config
        receive_count = delivery.receive_count
        if not self._transport.retries_in_place:
            if receive_count > config.max_receive_count:
                return f"ApproximateReceiveCount {number_text(receive_count)} > maxReceiveCount {config.max_receive_count}"
            return None
        made = delivery.previous_attempts
        if made < self._attempt_ceiling:
            return None
        carried = delivery.metadata["attempt"] if delivery.metadata else 0
        return (
            f"{number_text(made)} attempts already made ({BACKOFF_ATTRIBUTE}.attempt {carried} + ApproximateReceiveCount "
            f"{number_text(receive_count)} − 1) ≥ maxAttempts {self._attempt_ceiling}: the receives beyond the "
            "visibility-timeout retries followed crashes or timeouts"
        )

    def _metadata_of(self, record: Mapping[str, Any]) -> BackoffMetadata | None:
        """The record's `x-backoff`; a corrupt one is logged and read as none (a first attempt)."""
        attributes = record.get("messageAttributes")
        attribute = attributes.get(BACKOFF_ATTRIBUTE) if attributes else None
        if attribute is None:
            return None
        reading = parse_backoff_metadata(attribute)
        if reading.status == "ok":
            return reading.metadata
        if reading.status == "corrupt":
            self._deps.logger.warning("corrupt-metadata", {"messageId": record.get("messageId"), "reason": reading.problem})
        return None

    def _failed(self, delivery: Delivery, error: BaseException) -> bool:
        deps = self._deps
        config = deps.config
        n = delivery.previous_attempts + 1
        if self._non_retryable(error):
            return self._dead_letter(delivery, "non-retryable", n, error)
        if self._outage is not None and self._outage.record(True):
            return self._hold(delivery, error, n)
        rule = match_retry_rule(config.retry_rules, error) if config.retry_rules else None
        budget = config.max_attempts if rule is None or "maxAttempts" not in rule else rule["maxAttempts"]
        rule_detail = None
        if rule is not None and config.retry_rules is not None:
            rule_detail = f"retry rule {config.retry_rules.index(rule)} ({', '.join(rule['errorNames'])})"
        if n >= budget:
            detail = None if rule_detail is None else f"{rule_detail}: maxAttempts {budget}"
            return self._dead_letter(delivery, "exhausted", n, error, None, detail)
        asked = self._handler_delay(delivery, error) if is_retry_after_error(error) else None
        if asked is not None:
            delay, why = asked[0], asked[1] or rule_detail
        else:
            previous = delivery.metadata.get("lastDelaySeconds") if delivery.metadata else None
            delay, why = self._delay(config.policy if rule is None else rule["policy"], n, previous), rule_detail
        if config.max_elapsed_seconds is not None:
            elapsed = (deps.clock() - delivery.first_received_at_ms) / 1000
            if elapsed + delay > config.max_elapsed_seconds:
                return self._dead_letter(delivery, "elapsed", n, error, delay)
        held = delivery.metadata.get("held") if delivery.metadata else None
        return self._park(delivery, error, n, delay, why, "handler" if asked is not None else None, held, False)

    def _handler_delay(self, delivery: Delivery, error: BaseException) -> tuple[float, str | None] | None:
        """The wait a `RetryAfterError` asks for (cut to the transport's longest only with
        `clamp_retry_after`); None for an unusable delay (logged)."""
        asked = handler_delay_seconds(getattr(error, "retry_after", None), self._deps.clock())
        if isinstance(asked, str):
            self._deps.logger.warning(
                "retry-after-ignored", {"messageId": delivery.record.get("messageId"), "reason": f"{asked}: the policy's delay is used"}
            )
            return None
        if asked <= self._longest or not self._deps.config.clamp_retry_after:
            return asked, None
        detail = f"clamped: the handler asked for {number_text(asked)} s, longer than the transport's longest wait ({self._longest} s)"
        return self._longest, detail

    def _hold(self, delivery: Delivery, error: BaseException, n: float) -> bool:
        """Outage protection: park for the probe interval (or a longer `RetryAfterError` delay the
        transport carries) without counting the attempt; `max_elapsed_seconds` still ends the run."""
        deps = self._deps
        config = deps.config
        guard = self._outage
        assert config.outage_protection is not None and guard is not None
        probe = config.outage_protection["probeSeconds"]
        asked = handler_delay_seconds(getattr(error, "retry_after", None), deps.clock()) if is_retry_after_error(error) else None
        delay = asked if isinstance(asked, (int, float)) and probe < asked <= self._longest else probe
        elapsed = (deps.clock() - delivery.first_received_at_ms) / 1000
        if config.max_elapsed_seconds is not None and elapsed + delay > config.max_elapsed_seconds:
            return self._dead_letter(delivery, "elapsed", n, error, delay)
        held = (delivery.metadata.get("held", 0) if delivery.metadata else 0) + 1
        return self._park(delivery, error, n - 1, delay, guard.describe(), None, held, True)

    def _park(
        self,
        delivery: Delivery,
        error: BaseException,
        n: float,
        delay: float,
        why: str | None,
        delay_source: str | None,
        held: int | None,
        hold: bool,
    ) -> bool:
        deps = self._deps
        described = describe_error(error)
        outcome = self._transport.park(
            ParkRequest(delivery, n, delay, cut_error(described, MAX_ERROR_MESSAGE_CHARS), delay_source, held, hold)
        )
        record = delivery.record
        fields: LogFields = {
            "messageId": record.get("messageId"),
            "originalMessageId": delivery.original_message_id,
            "attempt": n,
            "delaySeconds": outcome.delay_seconds,
            "transport": outcome.transport,
            "delaySource": delay_source,
            "held": held if hold else None,
            "fallback": outcome.fallback,
            "detail": outcome.detail if outcome.detail is not None else why,
            "executionName": outcome.execution_name,
            "error": cut_error(described, _LOGGED_ERROR_CHARS),
        }
        if outcome.status == "too-large":
            attempts = n + 1 if hold else n
            return self._dead_letter(delivery, "too-large", attempts, error, delay, outcome.detail, outcome.transport, delay_source)
        if outcome.status == "no-room":
            self.metrics.park_failed()
            deps.logger.warning(
                "attribute-limit",
                {
                    **fields,
                    "reason": f"the message already has {MAX_MESSAGE_ATTRIBUTES} attributes, none left for {BACKOFF_ATTRIBUTE}: "
                    "retried by SQS redelivery without backoff",
                },
            )
            return False
        if outcome.status == "failed":
            self.metrics.park_failed()
            deps.logger.error("park-failed", {**fields, "reason": "left for SQS redelivery", "parkError": _logged(outcome.cause)})
            return False
        if outcome.status == "parked":
            # An already-parked delivery is a second receipt of a retry arranged before, not a new one.
            if hold:
                self.metrics.held()
            else:
                self.metrics.parked(outcome.transport, outcome.delay_seconds, outcome.fallback)
        status = "held" if hold else outcome.status
        deps.logger.info(status, fields if outcome.cause is None else {**fields, "parkError": _logged(outcome.cause)})
        if hold:
            return outcome.acknowledge  # no retry the user's policy made: no onRetry
        if deps.on_retry is not None:
            assert delivery.message is not None
            self._hook("onRetry", deps.on_retry, RetryEvent(delivery.message, n, outcome.delay_seconds, error), delivery)
        return outcome.acknowledge

    def _dead_letter(
        self,
        delivery: Delivery,
        reason: DeadLetterReason,
        attempts: float,
        error: BaseException | None,
        delay: float | None = None,
        detail: str | None = None,
        transport: str | None = None,
        delay_source: str | None = None,
    ) -> bool:
        record, metadata = delivery.record, delivery.metadata
        described = None if error is None else describe_error(error)
        attributes = to_wire_attributes(record.get("messageAttributes"))
        fits = not delivery.no_room
        if fits:
            last_error = metadata.get("lastError") if described is None and metadata else None
            if described is not None:
                last_error = cut_error(described, MAX_ERROR_MESSAGE_CHARS)
            attributes[BACKOFF_ATTRIBUTE] = {
                "DataType": "String",
                "StringValue": serialize_backoff_metadata(
                    {
                        "attempt": attempts,
                        "firstReceivedAt": iso_time(delivery.first_received_at_ms),
                        "originalMessageId": delivery.original_message_id,
                        "lastError": last_error,
                        "lastDelaySeconds": metadata.get("lastDelaySeconds") if metadata else None,
                        "delaySource": metadata.get("delaySource") if metadata else None,
                        "held": metadata.get("held") if metadata else None,
                        "reason": reason,
                        "attempts": attempts,
                        "history": metadata.get("history") if metadata else None,
                    }
                ),
            }
        body: str = record.get("body", "")
        essentials = {"reason": reason, "attempts": attempts, "originalMessageId": delivery.original_message_id}
        fit = fit_message(body, attributes, essentials, self._dead_letter_bytes)
        if not fits:
            without: str | None = f"no room for {BACKOFF_ATTRIBUTE} next to {MAX_MESSAGE_ATTRIBUTES} user attributes"
        elif fit == "full":
            without = None
        else:
            kept = "cut to reason, attempts and originalMessageId" if fit == "compact" else "left out"
            without = (
                f"{BACKOFF_ATTRIBUTE} {kept}: the copy must fit in the dead-letter queue's "
                f"{self._dead_letter_bytes}-byte MaximumMessageSize"
            )
        fields: LogFields = {
            "messageId": record.get("messageId"),
            "originalMessageId": delivery.original_message_id,
            "attempt": attempts,
            "delaySeconds": delay,
            "delaySource": delay_source,
            "reason": reason,
            "transport": transport,
            "detail": detail,
            "receiveCount": delivery.receive_count,
            "withoutMetadata": without,
            "error": None if described is None else cut_error(described, _LOGGED_ERROR_CHARS),
        }
        group = (record.get("attributes") or {}).get("MessageGroupId")
        try:
            dead_letter(
                self._deps.sqs,
                DeadLetterRequest(self._deps.config.dead_letter_queue_url, body, attributes, record.get("messageId", ""), group),
            )
        except Exception as send_error:  # noqa: BLE001 - left for SQS redelivery
            self.metrics.dead_letter_failed()
            self._deps.logger.error("dead-letter-failed", {**fields, "sendError": _logged(send_error)})
            return False
        self.metrics.dead_lettered(reason)
        self._deps.logger.warning("dead-lettered", fields)
        hook = self._deps.on_dead_letter
        if hook is not None:
            if delivery.message is None:
                delivery.message = received_message(record, delivery.original_message_id)
            self._hook("onDeadLetter", hook, DeadLetterEvent(delivery.message, attempts, reason, error), delivery)
        return True

    def _non_retryable(self, error: BaseException) -> bool:
        if is_non_retryable_error(error):
            return True
        predicate = self._deps.is_non_retryable
        if predicate is None:
            return False
        try:
            return bool(predicate(error))
        except Exception as predicate_error:  # noqa: BLE001 - a throwing predicate means retryable
            self._deps.logger.error(
                "hook-failed", {"hook": "nonRetryable", "error": _logged(predicate_error), "reason": "treated as retryable"}
            )
            return False

    def _hook(self, name: str, call: Callable[[Any], Any], event: object, delivery: Delivery) -> None:
        """Runs a user hook; a raising hook is logged and changes nothing."""
        try:
            call(event)
        except Exception as error:  # noqa: BLE001
            self._deps.logger.error(
                "hook-failed",
                {
                    "hook": name,
                    "messageId": delivery.record.get("messageId"),
                    "originalMessageId": delivery.original_message_id,
                    "error": _logged(error),
                },
            )

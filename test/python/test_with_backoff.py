"""with_backoff end to end through the injected-client seam (one function, fake AWS)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from fakes import AwsError, FakeAws, MemoryLogger, sqs_record
from sqs_backoff import (
    DeadLetterEvent,
    MalformedBodyError,
    NonRetryableError,
    RetryEvent,
    RuntimeConfig,
    with_backoff,
)
from sqs_backoff.backoff_message import BackoffMessage

CONFIG = RuntimeConfig(
    policy={"kind": "exponential", "base": 2, "cap": 300},
    max_attempts=4,
    max_receive_count=5,
    queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/work",
    dead_letter_queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq",
    state_machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:retry",
)


def failing(message: BackoffMessage, ctx: Any) -> None:
    if message.body == "poison":
        raise NonRetryableError("order without sku")
    if message.body != "ok":
        raise RuntimeError("downstream timeout")


def wrap(aws: FakeAws, **options: Any) -> tuple[Any, MemoryLogger]:
    logger = MemoryLogger()
    return with_backoff(failing, config=CONFIG, clients={"sqs": aws, "sfn": aws}, logger=logger, clock=lambda: 1.7e12, **options), logger


def test_success_makes_no_call() -> None:
    # GIVEN a handler that succeeds
    aws = FakeAws()
    handler, logger = wrap(aws)
    # WHEN a batch runs
    response = handler({"Records": [sqs_record("m1", "ok")]}, None)
    # THEN nothing is reported or called, and a custom logger hears one debug line
    assert response == {"batchItemFailures": []}
    assert aws.calls == []
    assert [json.loads(line)["msg"] for line in logger.lines] == ["processed"]


def test_failure_parks_in_the_state_machine() -> None:
    # GIVEN a handler that fails
    aws = FakeAws()
    handler, _ = wrap(aws)
    # WHEN the first attempt fails
    response = handler({"Records": [sqs_record("m1", "boom")]}, None)
    # THEN it is acknowledged and parked with the next x-backoff and the policy's delay
    assert response == {"batchItemFailures": []}
    [call] = aws.calls
    assert call["operation"] == "StartExecution"
    park = json.loads(call["params"]["input"])
    assert park["delaySeconds"] == 4
    assert park["backoff"]["attempt"] == 1
    assert park["backoff"]["lastError"] == {"name": "RuntimeError", "message": "downstream timeout"}


def test_non_retryable_is_dead_lettered_at_once() -> None:
    # GIVEN a poison message
    aws = FakeAws()
    events: list[DeadLetterEvent] = []
    handler, _ = wrap(aws, on_dead_letter=events.append)
    # WHEN it is processed
    handler({"Records": [sqs_record("m1", "poison")]}, None)
    # THEN it goes to the dead-letter queue with reason non-retryable, and the hook hears of it
    [call] = aws.calls
    assert call["params"]["QueueUrl"] == CONFIG.dead_letter_queue_url
    backoff = json.loads(call["params"]["MessageAttributes"]["x-backoff"]["StringValue"])
    assert (backoff["reason"], backoff["attempts"]) == ("non-retryable", 1)
    assert [(e.reason, e.attempts) for e in events] == [("non-retryable", 1)]


def test_throttled_start_falls_back_to_a_visibility_timeout() -> None:
    # GIVEN Step Functions throttling
    aws = FakeAws({"StartExecution": [AwsError("ThrottlingException", "Rate exceeded")]})
    retries: list[RetryEvent] = []
    handler, logger = wrap(aws, on_retry=retries.append)
    # WHEN a record fails
    response = handler({"Records": [sqs_record("m1", "boom")]}, None)
    # THEN the same message is hidden for the delay and left in batchItemFailures
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert [c["operation"] for c in aws.calls] == ["StartExecution", "ChangeMessageVisibility"]
    assert aws.calls[1]["params"]["VisibilityTimeout"] == 4
    assert json.loads(logger.lines[0])["fallback"] == "step-functions-throttled"
    assert [r.delay_seconds for r in retries] == [4]


def test_malformed_body_is_non_retryable() -> None:
    # GIVEN a body that is not JSON (NaN is not JSON in JavaScript either)
    message = BackoffMessage(sqs_record("m1", "NaN"))
    # WHEN it is parsed THEN MalformedBodyError, a NonRetryableError
    try:
        message.json()
    except MalformedBodyError as error:
        assert isinstance(error, NonRetryableError)
    else:
        raise AssertionError("expected MalformedBodyError")


def test_decorator_forms() -> None:
    # GIVEN the three ways of wrapping WHEN used THEN each answers a batch
    aws = FakeAws()
    options: dict[str, Any] = {"config": CONFIG, "clients": {"sqs": aws, "sfn": aws}, "logger": MemoryLogger()}

    @with_backoff
    def bare(message: BackoffMessage, ctx: Any) -> None:
        pass

    @with_backoff(**options)
    def configured(message: BackoffMessage, ctx: Any) -> None:
        assert ctx.attempt == 1

    assert configured({"Records": [sqs_record("m1", "ok")]}, None) == {"batchItemFailures": []}
    assert with_backoff(failing, **options)({"Records": []}, None) == {"batchItemFailures": []}
    assert bare({"Records": []}, None) == {"batchItemFailures": []}


def test_boto3_is_not_imported_when_every_record_succeeds() -> None:
    # GIVEN a fresh interpreter with the default clients and a valid environment
    script = """
import sys
from sqs_backoff import with_backoff
handler = with_backoff(lambda message, ctx: None)
records = [{"messageId": str(i), "body": "{}", "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {},
            "eventSourceARN": "arn:aws:sqs:us-east-1:1:work"} for i in range(10)]
assert handler({"Records": records}, None) == {"batchItemFailures": []}
print("boto3" in sys.modules, "botocore" in sys.modules)
"""
    env = {
        "BACKOFF_POLICY": '{"kind":"fixed","base":1}',
        "BACKOFF_MAX_ATTEMPTS": "3",
        "BACKOFF_MAX_RECEIVE_COUNT": "5",
        "BACKOFF_QUEUE_URL": CONFIG.queue_url,
        "BACKOFF_DEAD_LETTER_QUEUE_URL": CONFIG.dead_letter_queue_url,
        "BACKOFF_STATE_MACHINE_ARN": CONFIG.state_machine_arn or "",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "lambda" / "python"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    # WHEN a batch succeeds
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    # THEN neither boto3 nor botocore was imported (after the invocation's metrics line on stdout)
    *metrics, boto3, botocore = out.stdout.split("\n")[:-1][0:1] + out.stdout.split()[-2:]
    assert metrics[0].startswith('{"_aws":') and '"Processed":10' in metrics[0]
    assert [boto3, botocore] == ["False", "False"]


class ShortContext:
    """A Lambda context with 0.6 s left: the guard stops the batch after 0.1 s."""

    def get_remaining_time_in_millis(self) -> int:
        return 600


def test_a_hanging_record_does_not_take_its_batch_with_it() -> None:
    # GIVEN a batch whose second record hangs
    aws = FakeAws()
    logger = MemoryLogger()

    def handler(message: BackoffMessage, ctx: Any) -> None:
        if message.message_id == "m2":
            time.sleep(30)

    wrapped = with_backoff(handler, config=CONFIG, clients={"sqs": aws, "sfn": aws}, logger=logger)
    started = time.monotonic()
    # WHEN the invocation nears its timeout
    response = wrapped({"Records": [sqs_record("m1", "ok"), sqs_record("m2", "ok"), sqs_record("m3", "ok")]}, ShortContext())
    # THEN it answers in time: the finished record acknowledged, the hung and the unstarted ones left to SQS
    assert time.monotonic() - started < 5
    assert response == {"batchItemFailures": [{"itemIdentifier": "m2"}, {"itemIdentifier": "m3"}]}
    deadline = json.loads(logger.lines[-1])
    assert (deadline["msg"], deadline["messageIds"]) == ("deadline", ["m2", "m3"])
    assert aws.calls == []


def test_the_guard_also_works_off_the_main_thread() -> None:
    # GIVEN the same hanging batch run from a worker thread (no signals there)
    results: list[Any] = []

    def handler(message: BackoffMessage, ctx: Any) -> None:
        if message.message_id == "m1":
            time.sleep(2)

    wrapped = with_backoff(handler, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    # WHEN it runs THEN the hung record is left for redelivery
    thread = threading.Thread(target=lambda: results.append(wrapped({"Records": [sqs_record("m1", "ok")]}, ShortContext())))
    thread.start()
    thread.join(5)
    assert results == [{"batchItemFailures": [{"itemIdentifier": "m1"}]}]


def test_async_handlers_and_hooks_are_awaited() -> None:
    # GIVEN an async handler that fails and an async hook
    aws = FakeAws()
    heard: list[float] = []

    async def handler(message: BackoffMessage, ctx: Any) -> None:
        await asyncio.sleep(0)
        raise RuntimeError("async failure")

    async def on_retry(event: RetryEvent) -> None:
        await asyncio.sleep(0)
        heard.append(event.delay_seconds)

    wrapped = with_backoff(handler, config=CONFIG, clients={"sqs": aws, "sfn": aws}, logger=MemoryLogger(), on_retry=on_retry)
    # WHEN a record is processed
    wrapped({"Records": [sqs_record("m1", "{}")]}, None)
    # THEN the failure was seen (the message parked, not acknowledged unprocessed) and the hook ran
    assert [c["operation"] for c in aws.calls] == ["StartExecution"]
    assert heard == [4]


def test_messages_and_contexts_a_handler_keeps_stay_its_own() -> None:
    # GIVEN a handler that keeps every other message and context, and one that reads each lazily
    kept: list[tuple[Any, Any]] = []
    seen: list[tuple[str, str, str, Any]] = []

    def handler(message: BackoffMessage, ctx: Any) -> None:
        seen.append((message.message_id, message.body, ctx.original_message_id, message.json()))
        if message.message_id in ("m1", "m3"):
            kept.append((message, ctx))

    batch = with_backoff(handler, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    records = [sqs_record(f"m{i}", json.dumps({"n": i})) for i in range(5)]
    # WHEN one batch runs
    response = batch({"Records": records}, None)
    # THEN every record was seen with its own fields, and what was kept still holds its own record
    assert response == {"batchItemFailures": []}
    assert seen == [(f"m{i}", json.dumps({"n": i}), f"m{i}", {"n": i}) for i in range(5)]
    fields = [(m.message_id, m.body, m.json(), m.record is records[int(m.message_id[1])], c.original_message_id) for m, c in kept]
    assert fields == [
        ("m1", '{"n": 1}', {"n": 1}, True, "m1"),
        ("m3", '{"n": 3}', {"n": 3}, True, "m3"),
    ]
    assert isinstance(kept[0][0], BackoffMessage)
    assert kept[0][0] is not kept[1][0] and kept[0][1] is not kept[1][1]


def test_a_message_a_retry_hook_keeps_stays_its_own() -> None:
    # GIVEN a handler that fails the second record, and an on_retry hook that keeps the event
    retried: list[RetryEvent] = []
    aws = FakeAws()
    batch = with_backoff(
        failing, config=CONFIG, clients={"sqs": aws, "sfn": aws}, logger=MemoryLogger(), on_retry=retried.append, clock=lambda: 1.7e12
    )
    # WHEN a batch of ok, failing, ok runs
    response = batch({"Records": [sqs_record("m0", "ok"), sqs_record("m1", "boom"), sqs_record("m2", "ok")]}, None)
    # THEN the kept message is still the failed record's
    assert response == {"batchItemFailures": []}
    [event] = retried
    assert (event.message.message_id, event.message.body, event.attempt) == ("m1", "boom", 1)

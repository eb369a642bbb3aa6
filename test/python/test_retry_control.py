"""RetryAfterError, retry rules and outage protection through with_backoff (one function, fake AWS),
the same decisions as test/unit/runtime/retryControl.test.ts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fakes import FakeAws, MemoryLogger, sqs_record
from sqs_backoff import RetryAfterError, RuntimeConfig, with_backoff
from sqs_backoff.backoff_message import BackoffMessage

NOW_MS = 1.7e12
ONE_SECOND = RuntimeConfig(
    policy={"kind": "fixed", "base": 1},
    max_attempts=4,
    max_receive_count=5,
    queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/work",
    dead_letter_queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq",
    state_machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:retry",
)


class TimeoutError_(Exception):
    pass


TimeoutError_.__name__ = "TimeoutError"


def run(handler: Any, records: list[dict[str, Any]], **options: Any) -> tuple[FakeAws, MemoryLogger]:
    aws, logger = FakeAws(), MemoryLogger()
    wrapped: Any = with_backoff(
        handler, config=ONE_SECOND, clients={"sqs": aws, "sfn": aws}, logger=logger, clock=lambda: NOW_MS, **options
    )
    wrapped({"Records": records}, None)
    return aws, logger


def parks(aws: FakeAws) -> list[dict[str, Any]]:
    return [{"name": c["params"]["name"], **json.loads(c["params"]["input"])} for c in aws.calls if c["operation"] == "StartExecution"]


def logged(logger: MemoryLogger, msg: str) -> list[dict[str, Any]]:
    return [line for line in map(json.loads, logger.lines) if line["msg"] == msg]


def test_retry_after_seven_seconds_replaces_the_one_second_policy() -> None:
    # GIVEN a 1 s policy WHEN the handler raises RetryAfterError(7)
    def handler(message: BackoffMessage, ctx: Any) -> None:
        raise RetryAfterError(7, "HTTP 429")

    aws, logger = run(handler, [sqs_record("m1", "x")])
    # THEN the park waits 7 s and says the delay is the handler's
    [park] = parks(aws)
    assert park["delaySeconds"] == 7
    assert park["backoff"]["delaySource"] == "handler"
    assert logged(logger, "parked")[0]["delaySource"] == "handler"


def test_retry_after_an_http_date_rounds_up() -> None:
    at = datetime.fromtimestamp((NOW_MS + 7_200) / 1000, tz=UTC)

    def handler(message: BackoffMessage, ctx: Any) -> None:
        raise RetryAfterError(at)

    aws, _ = run(handler, [sqs_record("m1", "x")])
    assert parks(aws)[0]["delaySeconds"] == 8


def test_a_delay_sqs_delay_cannot_carry_is_dead_lettered_unless_clamped() -> None:
    def handler(message: BackoffMessage, ctx: Any) -> None:
        raise RetryAfterError(901)

    config = RuntimeConfig(**{**{n: getattr(ONE_SECOND, n) for n in RuntimeConfig.__slots__}, "transport": "sqs-delay"})
    aws, logger = FakeAws(), MemoryLogger()
    with_backoff(handler, config=config, clients={"sqs": aws, "sfn": aws}, logger=logger, clock=lambda: NOW_MS)(
        {"Records": [sqs_record("m1", "x")]}, None
    )
    [dead] = aws.calls
    assert json.loads(dead["params"]["MessageAttributes"]["x-backoff"]["StringValue"])["reason"] == "too-large"
    aws = FakeAws()
    with_backoff(handler, config=config, clients={"sqs": aws, "sfn": aws}, logger=logger, clock=lambda: NOW_MS, clamp_retry_after=True)(
        {"Records": [sqs_record("m1", "x")]}, None
    )
    assert aws.calls[0]["params"]["DelaySeconds"] == 900


def test_two_error_kinds_follow_their_own_rules() -> None:
    rules = [
        {"errorNames": ["TimeoutError"], "policy": {"kind": "fixed", "base": 5}, "maxAttempts": 10},
        {"errorNames": ["ValueError"], "policy": {"kind": "fixed", "base": 99}, "maxAttempts": 2},
    ]

    def handler(message: BackoffMessage, ctx: Any) -> None:
        if message.body == "timeout":
            raise RuntimeError("wrapped") from TimeoutError_("slow")
        raise ValueError("bad")

    backoff = {"attempt": 3, "firstReceivedAt": "2024-01-01T00:00:00.000Z", "originalMessageId": "t"}
    attribute = {"x-backoff": {"dataType": "String", "stringValue": json.dumps(backoff)}}
    aws, _ = run(handler, [sqs_record("t", "timeout", messageAttributes=attribute), sqs_record("v", "validation")], retry_rules=rules)
    # Attempt 4 of a timeout (its cause): the rule's 5 s; attempt 1 of a ValueError: the second rule's 99 s.
    assert [(p["backoff"]["originalMessageId"], p["backoff"]["attempt"], p["delaySeconds"]) for p in parks(aws)] == [
        ("t", 4, 5),
        ("v", 1, 99),
    ]


def test_outage_protection_holds_without_counting() -> None:
    def handler(message: BackoffMessage, ctx: Any) -> None:
        raise RuntimeError("down")

    outage = {"failureRate": 0.9, "window": 2, "probeSeconds": 30}
    aws, logger = run(handler, [sqs_record(f"m{i}", "x") for i in range(1, 4)], outage_protection=outage)
    # The first fills the window; from the second on (2 of 2 failed) failures are held, attempt 0 kept.
    got = [(p["name"].split("-")[0], p["backoff"]["attempt"], p["backoff"].get("held"), p["delaySeconds"]) for p in parks(aws)]
    assert got == [("m1", 1, None, 1), ("m2", 0, 1, 30), ("m3", 0, 1, 30)]
    assert parks(aws)[1]["name"].startswith("m2-o1-1-")
    assert logged(logger, "held")[0]["detail"] == "2 of the last 2 records failed (outage protection from 90 % of 2)"

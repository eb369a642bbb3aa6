"""Each transport's longest wait, at the transport (issue 27): one second past it is dead-lettered
`too-large`, never sent, hidden or started, and `auto` counts receives after a visibility fallback.
The configuration check keeps a policy within these limits; a random source out of [0, 1) does not."""

from __future__ import annotations

import json
from typing import Any

from fakes import AwsError, FakeAws, MemoryLogger, sqs_record
from sqs_backoff import RuntimeConfig, with_backoff
from sqs_backoff.backoff_message import BackoffMessage

WORK = "https://sqs.us-east-1.amazonaws.com/123456789012/work"
DLQ = "https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq"
ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:retry"


def config(transport: str, policy: dict[str, Any], max_attempts: int = 2) -> RuntimeConfig:
    return RuntimeConfig(
        policy=policy,
        max_attempts=max_attempts,
        max_receive_count=max_attempts + 1,
        queue_url=WORK,
        dead_letter_queue_url=DLQ,
        state_machine_arn=ARN,
        transport=transport,  # type: ignore[arg-type]
    )


def always_failing(message: BackoffMessage, ctx: Any) -> None:
    raise RuntimeError("downstream timeout")


def run_once(aws: FakeAws, cfg: RuntimeConfig, random: Any = None, receive_count: int = 1) -> dict[str, Any]:
    clients = {"sqs": aws, "sfn": aws}
    handler = with_backoff(always_failing, config=cfg, clients=clients, logger=MemoryLogger(), random=random, clock=lambda: 1.7e12)
    response: dict[str, Any] = handler({"Records": [sqs_record("m1", "boom", receive_count)]}, None)
    return response


def dead_letter_reasons(aws: FakeAws) -> list[tuple[str, int]]:
    sends = [c["params"] for c in aws.calls if c["operation"] == "SendMessage" and c["params"]["QueueUrl"] == DLQ]
    backoffs = [json.loads(p["MessageAttributes"]["x-backoff"]["StringValue"]) for p in sends]
    return [(b["reason"], b["attempts"]) for b in backoffs]


def operations(aws: FakeAws) -> list[str]:
    return [c["operation"] for c in aws.calls]


def test_sqs_delay_dead_letters_901_seconds_too_large_and_sends_no_copy() -> None:
    # GIVEN a first wait of 1 + 899·r (within 900 s for r in [0, 1)) and a random source just past 1
    aws = FakeAws()
    # WHEN a record fails
    response = run_once(aws, config("sqs-delay", {"kind": "random", "base": 1, "step": 899}), random=lambda: 900 / 899)
    # THEN no delayed copy goes to the work queue: the DLQ copy says too-large
    assert [c["params"]["QueueUrl"] for c in aws.calls] == [DLQ]
    assert dead_letter_reasons(aws) == [("too-large", 1)]
    assert response == {"batchItemFailures": []}


def test_visibility_timeout_dead_letters_42001_seconds_too_large_and_hides_nothing() -> None:
    aws = FakeAws()
    response = run_once(aws, config("visibility-timeout", {"kind": "random", "base": 1, "step": 41_999}), random=lambda: 42_000 / 41_999)
    assert "ChangeMessageVisibility" not in operations(aws)
    assert dead_letter_reasons(aws) == [("too-large", 1)]
    assert response == {"batchItemFailures": []}


def test_step_functions_starts_exactly_31532400_seconds() -> None:
    aws = FakeAws()
    response = run_once(aws, config("step-functions", {"kind": "fixed", "base": 31_532_400}))
    [call] = aws.calls
    assert call["operation"] == "StartExecution"
    assert json.loads(call["params"]["input"])["delaySeconds"] == 31_532_400
    assert response == {"batchItemFailures": []}


def test_step_functions_dead_letters_31532401_seconds_too_large_and_starts_nothing() -> None:
    aws = FakeAws()
    policy = {"kind": "random", "base": 1, "step": 31_532_399}
    response = run_once(aws, config("step-functions", policy), random=lambda: 31_532_400 / 31_532_399)
    assert operations(aws) == ["SendMessage"]
    assert dead_letter_reasons(aws) == [("too-large", 1)]
    assert response == {"batchItemFailures": []}


def test_auto_sends_900_seconds_as_an_sqs_delayed_copy() -> None:
    aws = FakeAws()
    run_once(aws, config("auto", {"kind": "fixed", "base": 900}))
    [call] = aws.calls
    assert (call["operation"], call["params"]["QueueUrl"], call["params"]["DelaySeconds"]) == ("SendMessage", WORK, 900)


def test_auto_counts_receives_as_attempts_after_a_visibility_fallback() -> None:
    # GIVEN auto with a 1,000 s wait (Step Functions' path) and StartExecution throttled every time
    seen: list[int] = []

    def handler_seeing(message: BackoffMessage, ctx: Any) -> None:
        seen.append(ctx.attempt)
        raise RuntimeError("still failing")

    aws = FakeAws({"StartExecution": [AwsError("ThrottlingException", "Rate exceeded")] * 10})
    cfg = config("auto", {"kind": "fixed", "base": 1000}, max_attempts=4)
    handler = with_backoff(handler_seeing, config=cfg, clients={"sqs": aws, "sfn": aws}, logger=MemoryLogger(), clock=lambda: 1.7e12)
    # WHEN the same message is received a first, second and fourth time
    for count in (1, 2, 4):
        handler({"Records": [sqs_record("m1", "boom", count)]}, None)
    # THEN the handler is told the attempts its receives count, and the 4th is dead-lettered exhausted
    assert seen == [1, 2, 4]
    assert dead_letter_reasons(aws) == [("exhausted", 4)]

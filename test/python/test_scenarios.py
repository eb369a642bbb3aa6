"""Scenario vectors: the same event, configuration, clock, draws and AWS answers through the Python
runtime give the TypeScript runtime's response, AWS calls, log lines and hook calls, byte for byte."""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

import pytest
from fakes import AwsError, MemoryLogger, wire_value
from sqs_backoff import (
    DeadLetterEvent,
    NonRetryableError,
    RetryEvent,
    RuntimeConfig,
    with_backoff,
)
from sqs_backoff.backoff_message import BackoffMessage
from sqs_backoff.runtime_config import _SNAKE
from vectors import digest_long, load

COUNTS: Counter[str] = Counter()
SCENARIO_TRACE_HEADER = "Root=1-6659b7a3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
_CLASSES: dict[str, type[Exception]] = {"NonRetryableError": NonRetryableError}


def error_class(name: str) -> type[Exception]:
    """An exception class of that name: the name is what travels on the wire."""
    if name not in _CLASSES:
        _CLASSES[name] = type(name, (Exception,), {})
    return _CLASSES[name]


class ScriptedAws:
    """Records every call in one list across both clients; answers from the scenario's script."""

    def __init__(self, answers: dict[str, list[Any]]) -> None:
        self.calls: list[Any] = []
        self.answers = {op: list(items) for op, items in answers.items()}

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        self.calls.append({"operation": operation, "params": digest_long(wire_value(params))})
        queue = self.answers.get(operation) or []
        answer = queue.pop(0) if queue else None
        if answer is not None:
            raise AwsError(answer["name"], answer["message"], answer.get("status", 400))
        return {}

    def send_message(self, **params: Any) -> dict[str, Any]:
        return self._call("SendMessage", params)

    def change_message_visibility(self, **params: Any) -> dict[str, Any]:
        return self._call("ChangeMessageVisibility", params)

    def start_execution(self, **params: Any) -> dict[str, Any]:
        return self._call("StartExecution", params)


class Context:
    aws_request_id = "request-1"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def described(error: BaseException | None) -> Any:
    return None if error is None else {"name": type(error).__name__, "message": str(error)}


def records_of(event: dict[str, Any]) -> dict[str, Any]:
    records = []
    for record in event["Records"]:
        if "bodyRepeat" in record:
            char, length = record.pop("bodyRepeat")
            record["body"] = char * length
        records.append(record)
    return {"Records": records}


def run(scenario: dict[str, Any]) -> dict[str, Any]:
    config = RuntimeConfig(**{_SNAKE[key]: value for key, value in scenario["config"].items()})
    aws = ScriptedAws(scenario.get("answers") or {})
    logger = MemoryLogger()
    hooks: list[Any] = []
    draws = scenario["random"]
    drawn = 0
    hook_error = scenario.get("hookThrows")
    names = scenario.get("nonRetryableNames") or []

    def draw() -> float:
        nonlocal drawn
        drawn += 1
        return float(draws[(drawn - 1) % len(draws)])

    def handler(message: BackoffMessage, ctx: Any) -> None:
        error = scenario["handler"].get(message.message_id)
        if error:
            raise error_class(error["name"])(error["message"])

    def on_retry(e: RetryEvent) -> None:
        hooks.append(
            {
                "hook": "onRetry",
                "messageId": e.message.message_id,
                "attempt": e.attempt,
                "delaySeconds": e.delay_seconds,
                "error": described(e.error),
            }
        )
        if hook_error:
            raise error_class(hook_error["name"])(hook_error["message"])

    def on_dead_letter(e: DeadLetterEvent) -> None:
        hooks.append(
            {
                "hook": "onDeadLetter",
                "messageId": e.message.message_id,
                "attempts": e.attempts,
                "reason": e.reason,
                "error": described(e.error),
            }
        )
        if hook_error:
            raise error_class(hook_error["name"])(hook_error["message"])

    metrics: list[str] = []
    batch = with_backoff(
        handler,
        config=config,
        clients={"sqs": aws, "sfn": aws},
        logger=logger,
        random=draw,
        clock=lambda: float(scenario["clock"]),
        non_retryable=lambda error: type(error).__name__ in names,
        on_retry=on_retry,
        on_dead_letter=on_dead_letter,
        write_metrics=metrics.append,
    )
    # As the TypeScript generator: Lambda's trace header for the invocation (scripts/vectors/scenarios.ts).
    previous = os.environ.get("_X_AMZN_TRACE_ID")
    os.environ["_X_AMZN_TRACE_ID"] = SCENARIO_TRACE_HEADER
    try:
        response = batch(records_of(scenario["event"]), Context())
    finally:
        if previous is None:
            del os.environ["_X_AMZN_TRACE_ID"]
        else:
            os.environ["_X_AMZN_TRACE_ID"] = previous
    logs = [digest_long(line) for line in logger.lines]
    return {"response": response, "calls": aws.calls, "logs": logs, "hooks": hooks, "metrics": metrics}


def as_json(value: Any) -> Any:
    """Python numbers as JavaScript writes them (4.0 is 4), by a round trip through our serializer."""
    from sqs_backoff.js import stringify

    return json.loads(stringify(value))


@pytest.mark.parametrize("scenario", [pytest.param(s, id=s["name"]) for s in load("scenarios")])
def test_scenario(scenario: dict[str, Any]) -> None:
    COUNTS["scenarios"] += 1
    actual = run(scenario)
    expected = scenario["expected"]
    assert actual["logs"] == expected["logs"]
    assert as_json(actual["calls"]) == expected["calls"]
    assert as_json(actual["hooks"]) == expected["hooks"]
    assert actual["response"] == expected["response"]
    assert actual["metrics"] == expected["metrics"]

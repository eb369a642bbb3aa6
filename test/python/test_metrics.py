"""The EMF lines of the Python runtime beyond the scenario vectors: the 100-value limit, the default
stdout sink, and the request and trace ids of the default logger's lines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes import sqs_record
from sqs_backoff import with_backoff
from sqs_backoff.logger import JsonLogger, invocation_ids
from sqs_backoff.metric_names import namespace_problem
from sqs_backoff.metrics import InvocationMetrics
from test_with_backoff import CONFIG


def test_a_distribution_of_150_distinct_values_spills_into_a_second_line() -> None:
    # GIVEN 150 recovered messages, each with its own time to success
    metrics = InvocationMetrics()
    for i in range(150):
        metrics.processed(2, 1_000 + i)
    # WHEN the lines are written
    docs = [json.loads(line) for line in metrics.lines("SqsBackoff", "orders", "req-1", None, 1)]
    # THEN two lines of 100 and 50 values, the counts in the first only
    assert [len(doc["TimeToSuccess"]["Values"]) for doc in docs] == [100, 50]
    assert docs[0]["Processed"] == 150
    assert "Processed" not in docs[1]


def test_the_default_sink_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN the default logger WHEN a batch of two succeeds
    handler = with_backoff(lambda message, ctx: None, config=CONFIG)
    handler({"Records": [sqs_record("m1", "{}"), sqs_record("m2", "{}")]}, None)
    # THEN stdout holds one EMF line counting them
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["Processed"] for line in lines if "_aws" in line] == [2]


def test_the_default_logger_carries_timestamp_request_and_trace_ids(capsys: pytest.CaptureFixture[str]) -> None:
    json_logger = JsonLogger("info")
    json_logger.set_invocation(invocation_ids("req-7", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
    json_logger.warning("dead-lettered", {"messageId": "m"})
    line: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert list(line) == ["level", "msg", "timestamp", "requestId", "traceId", "messageId"]
    assert line["traceId"] == "1-5759e988-bd862e3fe1be46a994272793"


@pytest.mark.parametrize(
    ("namespace", "problem"),
    [("SqsBackoff", None), ("N" * 255, None), ("N" * 256, "must be 1 to 255"), ("AWS/SQS", "must not start with AWS/"), (":x", "colon")],
)
def test_namespace_problem(namespace: str, problem: str | None) -> None:
    found = namespace_problem(namespace)
    assert found == problem if problem is None else problem in (found or "")

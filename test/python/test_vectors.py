"""Every golden vector (test/vectors, generated from the TypeScript runtime) against the Python runtime."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from sqs_backoff import backoff as b
from sqs_backoff.backoff_metadata import parse_backoff_metadata, serialize_backoff_metadata
from sqs_backoff.describe_error import cut_error
from sqs_backoff.execution_name import execution_name
from sqs_backoff.fit_message import fit_message, message_bytes, message_bytes_over
from sqs_backoff.iso_time import iso_time, parse_iso_time
from sqs_backoff.js import js_pow, js_round, number_text, parse_json, stringify, utf8_length
from sqs_backoff.limits import (
    FIFTEEN_MINUTES_LIMIT,
    ONE_YEAR_LIMIT,
    TWELVE_HOURS_LIMIT,
    LimitNames,
    WaitOfRun,
    beyond_limit_message,
    max_attempts_problem,
    zero_wait_message,
)
from sqs_backoff.logger import invocation_ids
from sqs_backoff.metrics import InvocationMetrics
from sqs_backoff.park_input import NextBackoffParts, serialize_park_input
from sqs_backoff.retry_after import handler_delay_seconds, retry_after_from_header
from sqs_backoff.retry_rules import error_names_of, outage_protection_violations, retry_rules_violations
from sqs_backoff.runtime_config import _CAMEL, read_runtime_config
from vectors import body_of, load, same_number

#: Cases run per category, printed at the end of the session (conftest.py).
COUNTS: Counter[str] = Counter()


def cases(category: str) -> list[Any]:
    loaded = load(category)
    return [pytest.param(category, case, id=f"{category}-{i}") for i, case in enumerate(loaded)]


def outcome(call: Any) -> dict[str, Any]:
    try:
        return {"value": call()}
    except ValueError as error:
        return {"error": str(error)}


def assert_outcome(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    if "error" in expected:
        assert actual == expected
    else:
        assert "value" in actual, actual
        assert_same(actual["value"], expected["value"])


def assert_same(actual: Any, expected: Any) -> None:
    """Deep equality with JavaScript number semantics (3 == 3.0, NaN == NaN, −0 ≠ +0)."""
    if isinstance(expected, float) or (isinstance(expected, int) and not isinstance(expected, bool)):
        # JSON cannot tell −0 (written {"$number": "-0"}) from 0, so a plain 0 matches either zero.
        assert same_number(actual, expected) or (expected == 0 and actual == 0 and not isinstance(expected, float)), (actual, expected)
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (actual, expected)
        for a, e in zip(actual, expected, strict=True):
            assert_same(a, e)
    elif isinstance(expected, dict):
        assert isinstance(actual, dict) and set(actual) == set(expected), (actual, expected)
        for key, e in expected.items():
            assert_same(actual[key], e)
    else:
        assert actual == expected


#: V8's pow and libm's differ by one ulp for one argument pair in eleven. Rounded to whole seconds
#: that difference shows only where an ulp reaches half a second (from 2^51 s, 71 million years;
#: pow-delays 2.7^36 is one), far beyond the one-year limit every side enforces: below it the
#: delays must match exactly, above it within one ulp or one second.
EXACT_BELOW = 2.0**51
#: Pow results that differ from V8's by one ulp (printed by conftest.py; none may differ by more).
POW_ULP_DIFFERENCES: Counter[str] = Counter()


def same_delay(actual: Any, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and math.isfinite(expected) and abs(expected) > EXACT_BELOW:
        # One ulp of pow, or the one second a rounding it moves.
        return isinstance(actual, (int, float)) and abs(float(actual) - float(expected)) <= max(1.0, math.ulp(float(expected)))
    return same_number(actual, expected)


def assert_delays(actual: list[float], expected: list[Any]) -> None:
    assert len(actual) == len(expected) and all(same_delay(a, e) for a, e in zip(actual, expected, strict=True)), (actual, expected)


def run_delay(case: dict[str, Any]) -> None:
    r = case["random"]
    actual = outcome(lambda: b.delay_seconds(case["spec"], case["n"], lambda: r, case["previous"]))
    if "error" in case["expected"]:
        assert actual == case["expected"]
    else:
        assert same_delay(actual.get("value"), case["expected"]["value"]), (actual, case)


def run_pow(case: dict[str, Any]) -> None:
    actual, expected = js_pow(case["base"], case["exponent"]), float(case["expected"])
    if not same_number(actual, expected):
        POW_ULP_DIFFERENCES["pow"] += 1
        assert abs(actual - expected) <= math.ulp(expected), (actual, case)


def run_seeded(case: dict[str, Any]) -> None:
    draw = b.seeded_random(case["seed"])
    assert [draw() for _ in case["draws"]] == case["draws"]


def wait(w: WaitOfRun | None) -> Any:
    return None if w is None else {"failure": w.failure, "seconds": w.seconds}


def run_worst(case: dict[str, Any]) -> None:
    spec, attempts = case["spec"], case["maxAttempts"]
    if "schedule" in case:
        assert_outcome(outcome(lambda: b.schedule(spec, attempts)), case["schedule"])
        return
    assert_delays(b.worst_case_schedule(spec, attempts), case["worst"])
    assert_delays(b.schedule(spec, attempts, b.seeded_random(attempts)), case["seeded"])
    assert_same(wait(b.wait_beyond_limit(spec, attempts)), case["beyondOneYear"])
    assert_same(wait(b.wait_beyond_limit(spec, attempts, TWELVE_HOURS_LIMIT.seconds)), case["beyondTwelveHours"])
    assert_same(wait(b.wait_beyond_limit(spec, attempts, FIFTEEN_MINUTES_LIMIT.seconds)), case["beyondFifteenMinutes"])
    assert_same(wait(b.always_zero_wait(spec, attempts)), case["alwaysZero"])


LIMITS = {"oneYear": ONE_YEAR_LIMIT, "twelveHours": TWELVE_HOURS_LIMIT, "fifteenMinutes": FIFTEEN_MINUTES_LIMIT}


def run_limits(case: dict[str, Any]) -> None:
    kind = case["kind"]
    if kind == "policyViolations":
        assert b.policy_violations(case["spec"]) == case["expected"]
    elif kind == "maxAttemptsProblem":
        assert max_attempts_problem(case["value"]) == case["expected"]
    elif kind == "beyondLimitMessage":
        beyond = WaitOfRun(case["beyond"]["failure"], case["beyond"]["seconds"])
        names = LimitNames("a cap", "BACKOFF_MAX_ATTEMPTS")
        assert beyond_limit_message(beyond, case["maxAttempts"], names, LIMITS[case["limit"]]) == case["expected"]
    else:
        assert zero_wait_message(WaitOfRun(case["failure"], 0)) == case["expected"]


def run_config(case: dict[str, Any]) -> None:
    def read() -> dict[str, Any]:
        config = read_runtime_config(case["env"])
        return {camel: getattr(config, snake) for snake, camel in _CAMEL.items() if getattr(config, snake) is not None}

    try:
        actual: dict[str, Any] = {"value": read()}
    except Exception as error:  # noqa: BLE001 - the ConfigurationError's text is the vector
        actual = {"error": str(error)}
    assert_outcome(actual, case["expected"])


def run_names(case: dict[str, Any]) -> None:
    assert_outcome(outcome(lambda: execution_name(case["id"], case["n"], case["run"], case.get("mark", ""))), case["expected"])


def run_metadata(case: dict[str, Any]) -> None:
    if case["kind"] == "serialize":
        assert serialize_backoff_metadata(case["metadata"]) == case["expected"]
        return
    reading = parse_backoff_metadata(case["attribute"])
    actual: dict[str, Any] = {"status": reading.status}
    if reading.metadata is not None:
        actual["metadata"] = reading.metadata
    if reading.problem is not None:
        actual["problem"] = reading.problem
    assert_same(actual, case["expected"])


def run_park(case: dict[str, Any]) -> None:
    parts = NextBackoffParts(
        case["attempt"],
        case["firstReceivedAt"],
        case["originalMessageId"],
        case["lastError"],
        case["delaySeconds"],
        case.get("history"),
        case.get("delaySource"),
        case.get("held"),
    )
    text = serialize_park_input(
        case["queueUrl"], body_of(case), case["messageAttributes"], parts, case.get("messageGroupId"), case.get("messageDeduplicationId")
    )
    if case["expected"] is not None:
        assert text == case["expected"]
    assert utf8_length(text) == case["bytes"]
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == case["sha256"]


def run_sizes(case: dict[str, Any]) -> None:
    kind = case["kind"]
    if kind == "messageBytes":
        assert message_bytes(case["body"], case["attributes"]) == case["expected"]
    elif kind == "messageBytesOver":
        assert message_bytes_over(case["body"], case["attributes"], case["limit"]) == case["expected"]
    else:
        attributes = case["attributes"]
        fit = fit_message(case["body"], attributes, case["essentials"], case["limit"])
        assert {"fit": fit, "attributes": attributes} == case["expected"]


def run_iso(case: dict[str, Any]) -> None:
    if case["kind"] == "toISOString":
        assert_outcome(outcome(lambda: iso_time(case["ms"])), case["expected"])
    else:
        assert same_number(parse_iso_time(case["text"]), case["expected"]), (parse_iso_time(case["text"]), case)


def run_cuts(case: dict[str, Any]) -> None:
    assert cut_error({"name": "Error", "message": case["message"]}, case["maxChars"])["message"] == case["expected"]


def run_numbers(case: dict[str, Any]) -> None:
    kind = case["kind"]
    if kind == "format":
        assert number_text(case["value"]) == case["string"]
        assert stringify(case["value"]) == (case["json"] if math.isfinite(case["value"]) else "null")
    elif kind == "round":
        assert same_number(js_round(case["value"]), case["expected"]), (js_round(case["value"]), case)
    else:
        assert stringify(parse_json(case["text"])) == case["expected"]


def _error_of(shape: dict[str, Any]) -> BaseException:
    error: BaseException = type(shape["name"], (Exception,), {})("x")
    if "cause" in shape:
        error.__cause__ = _error_of(shape["cause"])
    return error


def run_retry_control(case: dict[str, Any]) -> None:
    kind = case["kind"]
    if kind == "header":
        assert retry_after_from_header(case["value"], case["nowMs"]) == case["expected"], case
    elif kind == "delay":
        at = datetime.fromtimestamp(case["atMs"] / 1000, tz=UTC) if "atMs" in case else None
        actual = handler_delay_seconds(case["seconds"] if at is None else at, case["nowMs"])
        assert_same(actual, case["expected"])
    elif kind == "rules":
        assert retry_rules_violations(case["rules"], "BACKOFF_RETRY_RULES") == case["expected"]
    elif kind == "outage":
        assert outage_protection_violations(case["spec"], "BACKOFF_OUTAGE_PROTECTION") == case["expected"]
    else:
        assert error_names_of(_error_of(case["error"])) == case["expected"]


def run_metrics(case: dict[str, Any]) -> None:
    metrics = InvocationMetrics()
    for name, *args in case["ops"]:
        if name == "processed":
            metrics.processed(args[0], args[1])
        elif name == "parked":
            metrics.parked(args[0], args[1], args[2])
        else:
            getattr(metrics, _SNAKE[name])(*args)
    context = case["context"]
    ids = context.get("requestId"), context.get("traceId")
    lines = metrics.lines(context["namespace"], context["queueName"], *ids, context["timestamp"])
    assert lines == case["lines"]


def run_invocation_ids(case: dict[str, Any]) -> None:
    assert invocation_ids(case["requestId"], case["header"]) == case["ids"]


_SNAKE = {"deadLettered": "dead_lettered", "parkFailed": "park_failed", "held": "held", "deadLetterFailed": "dead_letter_failed"}


RUNNERS = {
    "delays": run_delay,
    "pow": run_pow,
    "pow-delays": run_delay,
    "seeded-random": run_seeded,
    "worst-cases": run_worst,
    "limits": run_limits,
    "config": run_config,
    "execution-names": run_names,
    "metadata": run_metadata,
    "park-inputs": run_park,
    "sizes": run_sizes,
    "iso-times": run_iso,
    "error-cuts": run_cuts,
    "numbers": run_numbers,
    "retry-control": run_retry_control,
    "metrics": run_metrics,
    "invocation-ids": run_invocation_ids,
}


@pytest.mark.parametrize(("category", "case"), [p for category in RUNNERS for p in cases(category)])
def test_vector(category: str, case: dict[str, Any]) -> None:
    COUNTS[category] += 1
    RUNNERS[category](case)

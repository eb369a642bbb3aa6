"""The default logger's lines and the configuration error path (one function each)."""

from __future__ import annotations

import json
import re

import pytest
from fakes import MemoryLogger, sqs_record
from sqs_backoff import ConfigurationError, JsonLogger, with_backoff


def test_json_logger_writes_one_json_line_per_decision(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN the default logger at Lambda's default level
    logger = JsonLogger("INFO")
    # WHEN it logs at each level, with a field left out (None)
    logger.debug("processed", {"messageId": "m0"})
    logger.info("parked", {"messageId": "m1", "delaySeconds": 4.0, "fallback": None})
    logger.warning("dead-lettered", {"reason": "exhausted"})
    logger.error("park-failed", {"error": {"name": "Error", "message": "é"}})
    out, err = capsys.readouterr()
    # THEN each line carries its ISO time after msg (left out below), debug is off, warn is "warn",
    # errors go to stderr, numbers and text are written as JavaScript writes them
    stamp = re.compile(r',"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"')
    assert all(stamp.search(line) for line in [*out.splitlines(), err])
    out, err = stamp.sub("", out), stamp.sub("", err)
    assert out.splitlines() == [
        '{"level":"info","msg":"parked","messageId":"m1","delaySeconds":4}',
        '{"level":"warn","msg":"dead-lettered","reason":"exhausted"}',
    ]
    assert err == '{"level":"error","msg":"park-failed","error":{"name":"Error","message":"é"}}\n'
    assert not logger.debug_enabled and JsonLogger("TRACE").debug_enabled


def test_a_missing_environment_fails_the_invocation_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN no BACKOFF_* environment
    for name in (
        "BACKOFF_POLICY",
        "BACKOFF_MAX_ATTEMPTS",
        "BACKOFF_MAX_RECEIVE_COUNT",
        "BACKOFF_QUEUE_URL",
        "BACKOFF_DEAD_LETTER_QUEUE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    logger = MemoryLogger()
    handler = with_backoff(lambda message, ctx: None, logger=logger)
    # WHEN a batch arrives THEN the invocation fails (every message is redelivered) with the Node runtime's sentence
    with pytest.raises(
        ConfigurationError, match=r"^Invalid sqs-backoff runtime configuration: BACKOFF_POLICY is required \(given undefined\); "
    ):
        handler({"Records": [sqs_record("m1", "{}")]}, None)
    line = json.loads(logger.lines[0])
    assert (line["msg"], line["error"]["name"]) == ("configuration-error", "ConfigurationError")

"""The deadline guard's one watchdog thread (deadline_watch.py) across invocations: each invocation
is stopped at its own deadline, an earlier deadline wakes the thread, and nothing is signalled
between invocations."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fakes import FakeAws, MemoryLogger, sqs_record
from sqs_backoff import with_backoff
from sqs_backoff.backoff_message import BackoffMessage
from test_with_backoff import CONFIG


class Context:
    """A Lambda context with `remaining_ms` left."""

    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def hang_on_m2(message: BackoffMessage, ctx: Any) -> None:
    if message.message_id == "m2":
        time.sleep(30)


BATCH = {"Records": [sqs_record("m1", "ok"), sqs_record("m2", "ok")]}
UNFINISHED = {"batchItemFailures": [{"itemIdentifier": "m2"}]}


def timed(handler: Any, event: dict[str, Any], context: Context) -> tuple[Any, float]:
    started = time.monotonic()
    response = handler(event, context)
    return response, time.monotonic() - started


@pytest.fixture
def alarms() -> Iterator[list[int]]:
    """A handler of our own on SIGALRM, counting what reaches it (with_backoff puts it back after each invocation)."""
    count: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: count.append(signum))
    yield count
    signal.signal(signal.SIGALRM, previous)


def test_successive_invocations_are_each_stopped_at_their_own_deadline() -> None:
    # GIVEN one wrapper and three invocations in a row, each with a record that hangs and 0.6 s left (deadline 0.1 s)
    handler = with_backoff(hang_on_m2, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    # WHEN they run THEN each answers about 0.1 s after it started, the hung record left to SQS
    for _ in range(3):
        response, seconds = timed(handler, BATCH, Context(600))
        assert response == UNFINISHED
        assert 0.09 <= seconds < 1.0


def test_a_deadline_earlier_than_the_one_the_watchdog_sleeps_until_still_stops_the_batch() -> None:
    # GIVEN a first invocation with 30 s left (the watchdog then sleeps until about 27 s from now)
    handler = with_backoff(hang_on_m2, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    assert handler({"Records": [sqs_record("m1", "ok")]}, Context(30_000)) == {"batchItemFailures": []}
    time.sleep(0.3)  # long enough for the watchdog to have settled into that sleep
    # WHEN the next one has 0.6 s left and hangs
    response, seconds = timed(handler, BATCH, Context(600))
    # THEN it is stopped at its own deadline, not the earlier invocation's
    assert response == UNFINISHED
    assert 0.09 <= seconds < 1.0


def test_nothing_is_signalled_after_an_invocation_that_finished_before_its_deadline(alarms: list[int]) -> None:
    # GIVEN an invocation with 0.6 s left (deadline 0.1 s) whose records all succeed at once
    handler = with_backoff(lambda message, ctx: None, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    assert handler({"Records": [sqs_record("m1", "ok")]}, Context(600)) == {"batchItemFailures": []}
    # WHEN its deadline passes after it answered
    time.sleep(0.3)
    # THEN no SIGALRM reached the process's own handler
    assert alarms == []


def test_a_stray_sigalrm_between_invocations_is_ignored() -> None:
    # GIVEN the guard's handler installed by an invocation that finished
    handler = with_backoff(lambda message, ctx: None, config=CONFIG, clients={"sqs": FakeAws(), "sfn": FakeAws()}, logger=MemoryLogger())
    handler({"Records": [sqs_record("m1", "ok")]}, Context(600))
    # WHEN a SIGALRM arrives with no invocation armed THEN nothing is raised
    os.kill(os.getpid(), signal.SIGALRM)
    time.sleep(0.05)

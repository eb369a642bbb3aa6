"""The example app's consumer in Python: the body protocol of lambda/demo/demoConsumer.ts, line for line.

Message bodies are JSON:

  { "id": string, "failTimes"?: number, "retryAfter"?: number | string, "errorName"?: string, "downUntil"?: number,
    "poison"?: boolean, "crash"?: boolean, "echo"?: boolean, "exit"?: boolean }

- while `attempt <= failTimes` it raises a retryable error (so `failTimes: 2` succeeds on the third attempt);
- `retryAfter: N`: the first attempt raises `RetryAfterError(N)` (a string: an HTTP Retry-After value);
  later attempts follow `failTimes`;
- `errorName`: the retryable failures carry this name (what a retry rule matches);
- `downUntil` (ms since the epoch): every attempt before that time fails retryably (a downstream outage stub);
- `poison: true` raises `NonRetryableError` (dead-lettered at once, reason `non-retryable`);
- otherwise it sends `{ "id", "attempt", "processedAt", "startedAt", "firstReceivedAt" }` to the queue in `PROCESSED_QUEUE_URL`;
- `echo: true` adds the body's SHA-256 and the user attributes as received to that report;
- `crash: true` hangs like a consumer stuck mid-batch, until `with_backoff` answers before the timeout;
- `exit: true` ends the process mid-batch once its batch-mates have had time to finish.

The same texts as the Node consumer go into errors (and so into `x-backoff.lastError`), so a message
may fail on one language and continue on the other.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime
from typing import Any

from sqs_backoff import BackoffMessage, NonRetryableError, RetryAfterError, retry_after_from_header, with_backoff
from sqs_backoff.attempt_context import AttemptContext
from sqs_backoff.js import is_finite, is_number, stringify, well_formed_utf8

PROCESSED_QUEUE_URL_ENV = "PROCESSED_QUEUE_URL"
EXIT_AFTER_SECONDS = 1.5
ECHOED_FIELDS = ("dataType", "stringValue", "binaryValue")

_sqs: Any = None


class DemoTransientError(Exception):
    """A failure worth retrying: the demo's stand-in for a flaky downstream."""


_NAMED: dict[str, type[DemoTransientError]] = {}


def _transient(name: Any, message: str) -> DemoTransientError:
    """A `DemoTransientError`, or a subclass called `name` (`x-backoff.lastError.name` is the class name)."""
    if not isinstance(name, str) or not name.isidentifier():
        return DemoTransientError(message)
    if name not in _NAMED:
        _NAMED[name] = type(name, (DemoTransientError,), {})
    return _NAMED[name](message)


def _retry_after_error(message_id: str, retry_after: Any) -> RetryAfterError:
    """The first attempt's answer to `retryAfter`: seconds, or an HTTP Retry-After value."""
    if isinstance(retry_after, str):
        seconds: float | None = retry_after_from_header(retry_after)
    elif is_number(retry_after) and is_finite(retry_after) and retry_after >= 0:
        seconds = retry_after
    else:
        seconds = None
    if seconds is None:
        given = stringify(retry_after)
        raise NonRetryableError(f"retryAfter must be seconds ≥ 0 or an HTTP Retry-After value (given {given})")
    shown = retry_after if isinstance(retry_after, str) else f"{stringify(seconds)} s"
    return RetryAfterError(seconds, f"message {message_id}: downstream asked to retry after {shown}")


@with_backoff
def handler(message: BackoffMessage, ctx: AttemptContext) -> None:
    started_at = _iso_now()
    body = message.json()
    if _flag(body, "crash"):
        _hang_past_timeout(ctx.lambda_context)
    if _flag(body, "exit"):
        _exit_mid_batch()
    if not isinstance(body, dict) or not isinstance(body.get("id"), str):
        raise NonRetryableError('the body must be a JSON object with a string "id"')
    fail_times = body.get("failTimes")
    fail_times = 0 if fail_times is None else fail_times
    if not is_number(fail_times) or not is_finite(fail_times):
        raise NonRetryableError(f"failTimes must be a number (given {stringify(body.get('failTimes'))})")
    if body.get("poison") is True:
        raise NonRetryableError(f"message {body['id']} is poison")
    if "retryAfter" in body and ctx.attempt == 1:
        raise _retry_after_error(body["id"], body["retryAfter"])
    down_until: Any = body.get("downUntil")
    if is_number(down_until) and time.time() * 1000 < down_until:
        until = datetime.fromtimestamp(down_until / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        raise _transient(body.get("errorName"), f"message {body['id']}: downstream unavailable until {until}")
    if ctx.attempt <= fail_times:
        raise _transient(body.get("errorName"), f"message {body['id']}: simulated failure {ctx.attempt} of {stringify(fail_times)}")
    queue_url = os.environ.get(PROCESSED_QUEUE_URL_ENV)
    if not queue_url:
        raise RuntimeError(f"{PROCESSED_QUEUE_URL_ENV} is not set")  # retryable: a deploy can fix it
    first = ctx.first_received_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    processed: dict[str, Any] = {
        "id": body["id"],
        "attempt": ctx.attempt,
        "processedAt": _iso_now(),
        "startedAt": started_at,
        "firstReceivedAt": first,
    }
    if body.get("echo") is True:
        processed.update(_echo_of(message))
    _client().send_message(QueueUrl=queue_url, MessageBody=stringify(processed))


def _flag(body: Any, name: str) -> bool:
    return isinstance(body, dict) and body.get(name) is True


def _iso_now() -> str:
    """`new Date().toISOString()`: milliseconds and a `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _echo_of(message: BackoffMessage) -> dict[str, Any]:
    attributes = {name: {key: value[key] for key in ECHOED_FIELDS if key in value} for name, value in message.attributes.items()}
    return {"bodySha256": hashlib.sha256(well_formed_utf8(message.body)).hexdigest(), "attributes": attributes}


def _client() -> Any:
    global _sqs  # noqa: PLW0603 - one client per container, made on first use like the Node consumer's
    if _sqs is None:
        import boto3  # noqa: PLC0415 - the Lambda runtime ships it; only a processed message needs it

        _sqs = boto3.client("sqs")
    return _sqs


def _exit_mid_batch() -> None:
    """Lets the batch-mates finish their work (their side effects happen), then kills the process."""
    time.sleep(EXIT_AFTER_SECONDS)
    os._exit(1)


def _hang_past_timeout(context: Any) -> None:
    """Never returns before Lambda ends the invocation with a timeout."""
    time.sleep(context.get_remaining_time_in_millis() / 1000 + 60)
    raise RuntimeError("the invocation outlived its timeout")

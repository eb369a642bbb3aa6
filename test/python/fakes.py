"""Stand-ins for one function's unit tests: a boto3-shaped AWS client that records every call and
answers from a script, a logger that keeps its lines, and SQS records."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from sqs_backoff.logger import LogFields, log_line

OPERATIONS = {
    "send_message": "SendMessage",
    "change_message_visibility": "ChangeMessageVisibility",
    "start_execution": "StartExecution",
}


class AwsError(Exception):
    """Shaped like botocore's ClientError: `response["Error"]` and `ResponseMetadata`."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"An error occurred ({code}): {message}")
        self.response = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}


def wire_value(value: Any) -> Any:
    """Call parameters as JSON: bytes as base64 (as the vectors write a Binary attribute)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: wire_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire_value(v) for v in value]
    return value


class FakeAws:
    """Records `{"operation", "params"}` per call; `answers[operation]` is a list of errors (or None
    for success) consumed in order, then success."""

    def __init__(self, answers: dict[str, list[AwsError | None]] | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.answers = answers or {}

    def __getattr__(self, method: str) -> Callable[..., dict[str, Any]]:
        operation = OPERATIONS.get(method)
        if operation is None:
            raise AttributeError(method)

        def call(**params: Any) -> dict[str, Any]:
            self.calls.append({"operation": operation, "params": wire_value(params)})
            queue = self.answers.get(operation) or []
            answer = queue.pop(0) if queue else None
            if answer is not None:
                raise answer
            return {}

        return call


class MemoryLogger:
    """Keeps each line as the default logger would write it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def debug(self, msg: str, fields: LogFields | None = None) -> None:
        self.lines.append(log_line("debug", msg, fields))

    def info(self, msg: str, fields: LogFields | None = None) -> None:
        self.lines.append(log_line("info", msg, fields))

    def warning(self, msg: str, fields: LogFields | None = None) -> None:
        self.lines.append(log_line("warn", msg, fields))

    def error(self, msg: str, fields: LogFields | None = None) -> None:
        self.lines.append(log_line("error", msg, fields))


def sqs_record(message_id: str, body: str, receive_count: int = 1, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "messageId": message_id,
        "receiptHandle": f"rh-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": str(receive_count), "SentTimestamp": "1700000000000"},
        "messageAttributes": {},
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:work",
    }
    record.update(extra)
    return record

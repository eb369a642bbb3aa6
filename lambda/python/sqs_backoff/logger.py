"""Where the runtime writes its decisions: one JSON object per line (lambda/runtime/logger.ts).

Every line the runtime writes goes through this module, the same `{"level","msg",...fields}` lines
as the Node runtime's.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Protocol

from .iso_time import iso_time
from .js import stringify

_environ = os.environ

LogFields = dict[str, Any]

_LEVELS = {"debug": 10, "info": 20, "warn": 30, "error": 40}


class BackoffLogger(Protocol):
    """Anything with these four methods; `fields` is a dict of JSON values (None: left out)."""

    def debug(self, msg: str, fields: LogFields | None = None) -> None: ...
    def info(self, msg: str, fields: LogFields | None = None) -> None: ...
    def warning(self, msg: str, fields: LogFields | None = None) -> None: ...
    def error(self, msg: str, fields: LogFields | None = None) -> None: ...


def log_line(level: str, msg: str, fields: LogFields | None) -> str:
    """`JSON.stringify({ level, msg, ...fields })`, fields that are None left out as undefined ones are."""
    line: dict[str, Any] = {"level": level, "msg": msg}
    if fields:
        for key, value in fields.items():
            if value is not None:
                line[key] = value
            elif key in line:
                del line[key]
    return stringify(line)


def invocation_ids(request_id: Any, trace_header: str | None = None) -> dict[str, str]:
    """`{requestId, traceId}` of the current invocation (lambda/runtime/invocationIds.ts): the
    trace id is the `Root` of `_X_AMZN_TRACE_ID`, which Lambda sets for each invocation."""
    header = trace_header
    if header is None:
        try:
            header = _environ["_X_AMZN_TRACE_ID"]  # set in Lambda: no Mapping.get frame, no KeyError
        except KeyError:
            header = None
    ids: dict[str, str] = {}
    if isinstance(request_id, str) and request_id != "":
        ids["requestId"] = request_id
    trace_id = _trace_id_of(header) if header else None
    if trace_id:
        ids["traceId"] = trace_id
    return ids


#: The last header and its trace id: a warm function sees a new header each time, but parses it once.
_last_trace: list[str] = ["", ""]


def _trace_id_of(header: str) -> str:
    """The `Root` of a trace header; the whole header without one."""
    if header != _last_trace[0]:
        root = header.startswith("Root=")
        start = 0 if root else header.find(";Root=") + 1
        if start == 0 and not root:
            trace_id = header
        else:
            end = header.find(";", start)
            trace_id = header[start + len("Root=") : end if end >= 0 else None]
        _last_trace[0], _last_trace[1] = header, trace_id
    return _last_trace[1]


class JsonLogger:
    """The default logger: JSON lines on stdout (stderr for errors), `{"level","msg","timestamp",
    "requestId","traceId",...fields}`. Debug lines (one per successful record) are off unless
    Lambda's `AWS_LAMBDA_LOG_LEVEL` is DEBUG or TRACE."""

    def __init__(self, level: str | None = None) -> None:
        normalized = (level if level is not None else os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "info").lower()
        self._threshold = _LEVELS["debug"] if normalized == "trace" else _LEVELS.get(normalized, _LEVELS["info"])
        self._ids: dict[str, str] = {}

    def set_invocation(self, ids: dict[str, str]) -> None:
        """The invocation the following lines belong to (with_backoff sets it as each invocation starts)."""
        self._ids = ids

    def write_line(self, line: str) -> None:
        """Writes a line that is already JSON (an EMF document) on stdout, whatever the level."""
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    @property
    def debug_enabled(self) -> bool:
        """Whether debug lines are written (Lambda log level DEBUG or TRACE)."""
        return self._threshold <= _LEVELS["debug"]

    def debug(self, msg: str, fields: LogFields | None = None) -> None:
        self._write("debug", msg, fields)

    def info(self, msg: str, fields: LogFields | None = None) -> None:
        self._write("info", msg, fields)

    def warning(self, msg: str, fields: LogFields | None = None) -> None:
        self._write("warn", msg, fields)

    def error(self, msg: str, fields: LogFields | None = None) -> None:
        self._write("error", msg, fields)

    def _write(self, level: str, msg: str, fields: LogFields | None) -> None:
        if _LEVELS[level] < self._threshold:
            return
        stream = sys.stderr if level == "error" else sys.stdout
        stamped: LogFields = {"timestamp": iso_time(float(time.time_ns() // 1_000_000)), **self._ids, **(fields or {})}
        stream.write(log_line(level, msg, stamped) + "\n")
        stream.flush()

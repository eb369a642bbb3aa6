"""The deterministic Step Functions execution name of a park (lambda/runtime/executionName.ts)."""

from __future__ import annotations

import re
from typing import Any, Final

from .js import MAX_SAFE_INTEGER, is_safe_integer, to_js_string, well_formed_utf8

#: Step Functions allows 80 characters; this project restricts them to `[A-Za-z0-9-_]`.
MAX_EXECUTION_NAME_LENGTH: Final = 80

_HASH_CHARS: Final = 16
_ALLOWED = re.compile(r"[A-Za-z0-9_-]")
_DISALLOWED_BMP = re.compile(r"[^A-Za-z0-9_\-\U00010000-\U0010FFFF]")
_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")


_READABLE: Final = re.compile(r"[A-Za-z0-9_-]*")
_DISALLOWED_ASCII: Final = re.compile(r"[^A-Za-z0-9_-]")


def _readable(original_message_id: str) -> str:
    """Each UTF-16 unit outside `[A-Za-z0-9-_]` as `_` (an astral character is two units: `__`)."""
    if _READABLE.fullmatch(original_message_id) is not None:
        return original_message_id  # SQS message ids (UUIDs) as they are: a third of the name's cost
    if original_message_id.isascii():
        return _DISALLOWED_ASCII.sub("_", original_message_id)
    return _ASTRAL.sub("__", _DISALLOWED_BMP.sub("_", original_message_id))


_MARK: Final = re.compile(r"[a-z0-9]*")


def execution_name(original_message_id: str, n: int, run: int = 0, mark: str = "") -> str:
    """`<readable id>-<n>-<hash>` (`<readable id>-r<run>-<n>-<hash>` from the second run on; `mark`,
    outage protection's `o<k>` or `h<k>`, before `<n>`)."""
    if not (type(n) is int and 1 <= n <= MAX_SAFE_INTEGER and type(run) is int and 0 <= run <= MAX_SAFE_INTEGER and not mark):
        _check(n, run, mark)
    digest = _sha256(well_formed_utf8(original_message_id)).hexdigest()[:_HASH_CHARS]
    suffix = f"{'r' + str(int(run)) + '-' if run > 0 else ''}{mark + '-' if mark else ''}{int(n)}-{digest}"
    room = MAX_EXECUTION_NAME_LENGTH - len(suffix) - 1
    readable = _readable(original_message_id)[: max(room, 0)]
    return f"{readable}-{suffix}" if readable else suffix


def _check(n: float, run: float, mark: str) -> None:
    if not ((type(n) is int and n <= MAX_SAFE_INTEGER) or is_safe_integer(n)) or n < 1:
        raise ValueError(f"n must be a whole number ≥ 1 (given {to_js_string(n)})")
    if not ((type(run) is int and run <= MAX_SAFE_INTEGER) or is_safe_integer(run)) or run < 0:
        raise ValueError(f"run must be a whole number ≥ 0 (given {to_js_string(run)})")
    if _MARK.fullmatch(mark) is None:
        raise ValueError(f"mark must be lower-case letters and digits (given {mark})")


#: hashlib.sha256 once the first park imported it (hashlib costs 3–8 ms of a cold start).
_SHA256: list[Any] = []


def _sha256(data: bytes) -> Any:
    if not _SHA256:
        import hashlib  # noqa: PLC0415 - parks only

        _SHA256.append(hashlib.sha256)
    return _SHA256[0](data)

"""The deterministic Step Functions execution name of a park (lambda/runtime/executionName.ts)."""

from __future__ import annotations

import re
from typing import Final

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


def execution_name(original_message_id: str, n: int, run: int = 0, mark: str = "") -> str:
    """`<readable id>-<n>-<hash>` (`<readable id>-r<run>-<n>-<hash>` from the second run on; `mark`,
    outage protection's `o<k>` or `h<k>`, before `<n>`)."""
    if not ((type(n) is int and n <= MAX_SAFE_INTEGER) or is_safe_integer(n)) or n < 1:
        raise ValueError(f"n must be a whole number ≥ 1 (given {to_js_string(n)})")
    if not ((type(run) is int and run <= MAX_SAFE_INTEGER) or is_safe_integer(run)) or run < 0:
        raise ValueError(f"run must be a whole number ≥ 0 (given {to_js_string(run)})")
    if re.fullmatch(r"[a-z0-9]*", mark) is None:
        raise ValueError(f"mark must be lower-case letters and digits (given {mark})")
    import hashlib  # noqa: PLC0415 - parks only

    digest = hashlib.sha256(well_formed_utf8(original_message_id)).hexdigest()[:_HASH_CHARS]
    suffix = f"{'r' + str(int(run)) + '-' if run > 0 else ''}{mark + '-' if mark else ''}{int(n)}-{digest}"
    room = MAX_EXECUTION_NAME_LENGTH - len(suffix) - 1
    readable = _readable(original_message_id)[: max(room, 0)]
    return f"{readable}-{suffix}" if readable else suffix

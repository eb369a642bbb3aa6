"""`{name, message}` of anything raised (lambda/runtime/describeError.ts), cut in UTF-16 units."""

from __future__ import annotations

import math
from typing import Any

from .js import utf16_length, utf16_prefix

ErrorFields = dict[str, str]


def aws_error(error: object) -> tuple[str, str] | None:
    """(code, message) of a botocore `ClientError` (or anything shaped like one), else None."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return None
    details: Any = response.get("Error")
    if not isinstance(details, dict) or not isinstance(details.get("Code"), str):
        return None
    message = details.get("Message")
    return details["Code"], message if isinstance(message, str) else ""


def describe_error(error: object, max_chars: float = math.inf) -> ErrorFields:
    """The error's class name (an AWS error's code) and message, the message cut to `max_chars`."""
    aws = aws_error(error)
    if aws is not None:
        name, message = aws
    elif isinstance(error, BaseException):
        name = type(error).__name__
        message = str(error)
    else:
        name = "Error" if isinstance(error, str) else type(error).__name__
        message = str(error)
    return cut_error({"name": name, "message": message}, max_chars)


def cut_error(described: ErrorFields, max_chars: float) -> ErrorFields:
    """`described` with its message cut to at most `max_chars` UTF-16 units, never half a surrogate pair."""
    message = described["message"]
    # Two UTF-16 units per character at most: a short message needs no count.
    if len(message) * 2 <= max_chars or math.isinf(max_chars) or utf16_length(message) <= max_chars:
        return described
    limit = int(max_chars)
    cut = utf16_prefix(message, limit)
    if cut and 0xD800 <= ord(cut[-1]) <= 0xDBFF:
        cut = utf16_prefix(message, limit - 1)
    return {"name": described["name"], "message": cut}

"""Reading and writing the `x-backoff` attribute (lambda/runtime/backoffMetadata.ts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .contract import BACKOFF_ATTRIBUTE
from .iso_time import parse_iso_time
from .js import UNDEFINED, is_finite, is_number, is_safe_integer, parse_json, stringify, to_js_string, utf16_length, utf16_prefix

#: The JSON object carried in `x-backoff` (camelCase keys, as on the wire).
BackoffMetadata = dict[str, Any]


class MetadataReading:
    """What the `x-backoff` attribute of a received message holds."""

    __slots__ = ("metadata", "problem", "status")

    def __init__(
        self, status: Literal["missing", "ok", "corrupt"], metadata: BackoffMetadata | None = None, problem: str | None = None
    ) -> None:
        self.status = status
        self.metadata = metadata
        self.problem = problem


_MISSING = MetadataReading("missing")


def _clip(text: str | None) -> str:
    if text is None:
        return "undefined"
    return utf16_prefix(text, 80) + "…" if utf16_length(text) > 80 else text


def _corrupt(problem: str) -> MetadataReading:
    return MetadataReading("corrupt", problem=f"{BACKOFF_ATTRIBUTE}{problem}")


def _corrupt_field(field: str, expected: str, given: object) -> MetadataReading:
    text = None if given is UNDEFINED else stringify(given)
    return _corrupt(f".{field} must be {expected} (given {_clip(text)})")


def _non_negative(value: object) -> float | None:
    return value if is_number(value) and is_finite(value) and value >= 0 else None  # type: ignore[operator, return-value]


def parse_backoff_metadata(attribute: Mapping[str, Any] | None) -> MetadataReading:
    """Reads `x-backoff` tolerantly: missing is a first attempt, anything malformed is corrupt."""
    if attribute is None:
        return _MISSING
    data_type = attribute.get("dataType", UNDEFINED)
    value = attribute.get("stringValue")
    if not isinstance(data_type, str) or not data_type.startswith("String") or not isinstance(value, str):
        return _corrupt(f" must be a String attribute (given {to_js_string(data_type)})")
    try:
        raw = parse_json(value)
    except (ValueError, RecursionError):
        return _corrupt(f" is not JSON (given {_clip(value)})")
    if not isinstance(raw, dict):
        return _corrupt(f" must be a JSON object (given {_clip(value)})")
    attempt = raw.get("attempt", UNDEFINED)
    if not is_safe_integer(attempt) or attempt < 0:
        return _corrupt_field("attempt", "a whole number ≥ 0", attempt)
    first = raw.get("firstReceivedAt", UNDEFINED)
    if not isinstance(first, str) or not is_finite(parse_iso_time(first)):
        return _corrupt_field("firstReceivedAt", "an ISO-8601 time", first)
    original = raw.get("originalMessageId", UNDEFINED)
    if not isinstance(original, str) or len(original) == 0:
        return _corrupt_field("originalMessageId", "a non-empty string", original)
    last_error = raw.get("lastError")
    metadata: BackoffMetadata = {"attempt": int(attempt), "firstReceivedAt": first, "originalMessageId": original}
    if isinstance(last_error, dict) and isinstance(last_error.get("name"), str) and isinstance(last_error.get("message"), str):
        metadata["lastError"] = {"name": last_error["name"], "message": last_error["message"]}
    last_delay = _non_negative(raw.get("lastDelaySeconds"))
    if last_delay is not None:
        metadata["lastDelaySeconds"] = last_delay
    if raw.get("delaySource") == "handler":
        metadata["delaySource"] = "handler"
    held: Any = raw.get("held")
    if is_safe_integer(held) and held > 0:
        metadata["held"] = int(held)
    if isinstance(raw.get("reason"), str):
        metadata["reason"] = raw["reason"]
    attempts = _non_negative(raw.get("attempts"))
    if attempts is not None:
        metadata["attempts"] = attempts
    if isinstance(raw.get("history"), list):
        metadata["history"] = raw["history"]
    return MetadataReading("ok", metadata=metadata)


_FIELDS = (
    "attempt",
    "firstReceivedAt",
    "originalMessageId",
    "lastError",
    "lastDelaySeconds",
    "delaySource",
    "held",
    "reason",
    "attempts",
    "history",
)


def serialize_backoff_metadata(m: Mapping[str, Any]) -> str:
    """Compact JSON for `x-backoff`: only its fields, in a stable order, absent (or None) ones omitted."""
    return stringify({key: m[key] for key in _FIELDS if m.get(key) is not None})

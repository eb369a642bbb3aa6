"""Sizes as SQS counts them, and fitting a dead-letter copy (lambda/runtime/fitMessage.ts)."""

from __future__ import annotations

from typing import Any, Literal

from .attributes import WireAttributes
from .contract import BACKOFF_ATTRIBUTE
from .js import base64_length, stringify, utf8_length

Fit = Literal["full", "compact", "none"]


def message_bytes(body: str, attributes: WireAttributes) -> int:
    """The size SQS counts: the body plus each attribute's name, data type and value, in bytes."""
    total = utf8_length(body)
    for name, attribute in attributes.items():
        total += utf8_length(name) + utf8_length(attribute["DataType"])
        binary = attribute.get("BinaryValue")
        total += base64_length(binary) if binary is not None else utf8_length(attribute.get("StringValue") or "")
    return total


def message_bytes_over(body: str, attributes: WireAttributes, limit_bytes: int) -> int | None:
    """`message_bytes` when it is over `limit_bytes`, else None (only a message that could pass is measured)."""
    chars = len(body)
    for name, attribute in attributes.items():
        chars += len(name) + len(attribute["DataType"]) + len(attribute.get("BinaryValue") or attribute.get("StringValue") or "")
    if chars * 4 <= limit_bytes:
        return None
    size = message_bytes(body, attributes)
    return size if size > limit_bytes else None


def fit_message(body: str, attributes: WireAttributes, essentials: dict[str, Any], limit_bytes: int) -> Fit:
    """Makes a dead-letter copy fit in `limit_bytes`: `x-backoff` shrinks to `essentials`
    (reason, attempts, originalMessageId), then goes. Body and user attributes are never touched."""
    if message_bytes(body, attributes) <= limit_bytes:
        return "full"
    if BACKOFF_ATTRIBUTE not in attributes:
        return "full"
    compact = {key: essentials.get(key) for key in ("reason", "attempts", "originalMessageId")}
    attributes[BACKOFF_ATTRIBUTE] = {"DataType": "String", "StringValue": stringify(compact)}
    if message_bytes(body, attributes) <= limit_bytes:
        return "compact"
    del attributes[BACKOFF_ATTRIBUTE]
    return "none"

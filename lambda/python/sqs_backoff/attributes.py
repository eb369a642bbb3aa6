"""Message attributes between the Lambda event, the JSON wire shape and boto3 (lambda/runtime/attributes.ts).

Values are copied untouched (a Number keeps its exact text, custom types keep their name), so user
attributes survive every requeue and the dead-letter queue byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .contract import BACKOFF_ATTRIBUTE

#: `{"DataType": …, "StringValue": …}` or `{"DataType": …, "BinaryValue": <base64>}`.
WireAttribute = dict[str, str]
WireAttributes = dict[str, WireAttribute]
EventAttributes = Mapping[str, Mapping[str, Any]]


def user_attributes(all_attributes: EventAttributes | None) -> EventAttributes:
    """The user's attributes of a received message: everything but `x-backoff`."""
    if not all_attributes:
        return {}
    if BACKOFF_ATTRIBUTE not in all_attributes:
        return all_attributes
    return {name: value for name, value in all_attributes.items() if name != BACKOFF_ATTRIBUTE}


def to_wire_attributes(attributes: EventAttributes | None) -> WireAttributes:
    """Lambda-event attributes → the wire shape; `x-backoff` is dropped. A fresh, mutable dict."""
    wire: WireAttributes = {}
    if not attributes:
        return wire
    for name, attribute in attributes.items():
        if name == BACKOFF_ATTRIBUTE:
            continue
        data_type = attribute.get("dataType") or ""
        # Emulators sometimes send the unused value as null; the data type decides which one counts.
        if data_type.startswith("Binary"):
            wire[name] = {"DataType": data_type, "BinaryValue": attribute.get("binaryValue") or ""}
        else:
            wire[name] = {"DataType": data_type, "StringValue": attribute.get("stringValue") or ""}
    return wire


def to_sqs_attributes(wire: WireAttributes) -> dict[str, dict[str, Any]]:
    """Wire attributes → boto3 `send_message` attributes (binary base64 → bytes)."""
    sqs: dict[str, dict[str, Any]] = {}
    for name, attribute in wire.items():
        binary = attribute.get("BinaryValue")
        if binary is not None:
            import base64  # noqa: PLC0415 - only a park or dead-letter of a Binary attribute needs it

            sqs[name] = {"DataType": attribute["DataType"], "BinaryValue": base64.b64decode(binary + "=" * (-len(binary) % 4))}
        else:
            sqs[name] = {"DataType": attribute["DataType"], "StringValue": attribute.get("StringValue")}
    return sqs

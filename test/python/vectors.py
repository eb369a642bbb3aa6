"""Reading the golden vectors of test/vectors (generated from the TypeScript code by scripts/vectors/generate.ts)."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

VECTORS_DIR = Path(__file__).resolve().parents[1] / "vectors"
_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def decode(value: Any) -> Any:
    """Vector JSON → Python: `{"$number": "NaN"}` and friends become floats."""
    if isinstance(value, dict):
        if set(value) == {"$number"}:
            return _SPECIAL[value["$number"]]
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def load(category: str) -> list[Any]:
    with (VECTORS_DIR / f"{category}.json").open(encoding="utf-8") as file:
        data = json.load(file)
    assert data["category"] == category
    return [decode(case) for case in data["cases"]]


def categories() -> list[str]:
    return sorted(path.stem for path in VECTORS_DIR.glob("*.json"))


def same_number(a: Any, b: Any) -> bool:
    """Equal as JavaScript numbers, NaN equal to NaN and −0 told from +0."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    return False


def digest_long(value: Any) -> Any:
    """Strings over 2,000 UTF-16 units as `{"$sha256", "length"}`, as the generator stores them."""
    from sqs_backoff.js import utf16_length, well_formed_utf8

    if isinstance(value, str):
        length = utf16_length(value)
        return {"$sha256": hashlib.sha256(well_formed_utf8(value)).hexdigest(), "length": length} if length > 2000 else value
    if isinstance(value, list):
        return [digest_long(v) for v in value]
    if isinstance(value, dict):
        return {k: digest_long(v) for k, v in value.items()}
    return value


def body_of(holder: dict[str, Any]) -> str:
    """A body stored whole, or as `bodyRepeat: [character, length]`."""
    if "bodyRepeat" in holder:
        char, length = holder["bodyRepeat"]
        return str(char) * int(length)
    return str(holder["body"])

"""
JavaScript semantics the wire depends on, for values that cross from the TypeScript runtime:
`JSON.stringify` (number text, key order, escapes), `Math.round`, `Number(text)`,
`Date.parse`/`toISOString`, and string lengths in UTF-16 units. No TypeScript module of this name:
the Node runtime gets these from the language.
"""

from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring as _encode_basestring
from typing import Any, Final

#: `Number.MAX_SAFE_INTEGER`.
MAX_SAFE_INTEGER: Final = 2**53 - 1

#: `Number.EPSILON`.
EPSILON: Final = 2.0**-52


class _Undefined:
    """JavaScript's `undefined`, where it differs from `null` in a message text."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


def is_number(value: object) -> bool:
    """`typeof value === 'number'` (a bool is not a number)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_finite(value: object) -> bool:
    """`Number.isFinite(value)`: a number, neither NaN nor infinite."""
    if not is_number(value):
        return False
    return math.isfinite(float(value))  # type: ignore[arg-type]


def is_safe_integer(value: object) -> bool:
    """`Number.isSafeInteger(value)`."""
    if not is_number(value):
        return False
    if isinstance(value, int):
        return abs(value) <= MAX_SAFE_INTEGER
    v = float(value)  # type: ignore[arg-type]
    return math.isfinite(v) and v.is_integer() and abs(v) <= MAX_SAFE_INTEGER


def js_round(x: float) -> float:
    """`Math.round`: halves round up (towards +∞), unlike Python's banker's `round`."""
    if not math.isfinite(x):
        return x
    floor = math.floor(x)
    result = floor + 1 if x - floor >= 0.5 else floor
    if result == 0 and (x < 0 or math.copysign(1.0, x) < 0):
        return -0.0
    return float(result)


def js_min(a: float, b: float) -> float:
    """`Math.min(a, b)`: NaN wins, −0 is less than +0."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return a if math.copysign(1.0, a) < 0 else b
    return a if a < b else b


def js_max(a: float, b: float) -> float:
    """`Math.max(a, b)`: NaN wins, +0 is greater than −0."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return a if math.copysign(1.0, a) > 0 else b
    return a if a > b else b


def js_pow(base: float, exponent: float) -> float:
    """`Math.pow`, overflow Infinity rather than an exception. V8's pow is neither libm's nor
    fdlibm's (measured on Node 20: test/vectors/pow.json), and may differ from this one by one ulp;
    the golden vectors show that no rounded delay below 2^53 seconds differs (test_vectors.py)."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf if base > 0 or (float(exponent).is_integer() and exponent % 2 == 0) else -math.inf
    except ValueError:
        return math.nan


def number_text(value: float) -> str:
    """`String(value)` for a number: `3`, `0.00001`, `1e-7`, `1e+21`, `NaN`, `-Infinity`."""
    if type(value) is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(value)
    if type(value) is float and value.is_integer() and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(int(value))  # delays and times: whole numbers as floats
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) <= MAX_SAFE_INTEGER:
            return str(value)
        value = float(value)
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) <= MAX_SAFE_INTEGER:
        return str(int(v))
    sign = "-" if v < 0 else ""
    digits, exponent = _shortest_digits(abs(v))
    k = len(digits)
    n = exponent + k  # the decimal point sits after n digits
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _shortest_digits(v: float) -> tuple[str, int]:
    """The shortest round-tripping digits of `v` > 0 and the power of ten of their last digit."""
    mantissa, _, exp_text = repr(v).partition("e")
    whole, _, fraction = mantissa.partition(".")
    exponent = int(exp_text) if exp_text else 0
    if fraction == "0":
        fraction = ""
    digits = (whole + fraction).lstrip("0")
    exponent -= len(fraction)
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    return stripped, exponent


def to_js_string(value: object) -> str:
    """`${value}` of a JSON value (an object is `[object Object]`, an array its items joined by commas)."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_text(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ",".join("" if item is None or item is UNDEFINED else to_js_string(item) for item in value)
    return "[object Object]"


def to_js_number(value: object) -> float:
    """`Number(value)` for a JSON value."""
    if value is UNDEFINED:
        return math.nan
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if is_number(value):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        return parse_js_number(value)
    if isinstance(value, (list, tuple)):
        return parse_js_number(to_js_string(value))
    return math.nan


_DECIMAL = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Infinity)")
_RADIX = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
_RADIX_DIGITS = {16: re.compile(r"[0-9a-fA-F]+"), 8: re.compile(r"[0-7]+"), 2: re.compile(r"[01]+")}
#: What JavaScript's `trim` and `\s` count as white space.
JS_WHITESPACE: Final = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))


def js_trim(text: str) -> str:
    """`String.prototype.trim`."""
    return text.strip(JS_WHITESPACE)


def parse_js_number(text: str) -> float:
    """`Number(text)`: decimal, `0x`/`0o`/`0b`, `Infinity`; blank is 0; anything else NaN."""
    if text.isdigit() and text.isascii():
        return float(text)  # the usual SQS timestamp or count
    t = js_trim(text)
    if t == "":
        return 0.0
    radix = _RADIX.get(t[:2])
    if radix is not None:
        body = t[2:]
        return float(int(body, radix)) if _RADIX_DIGITS[radix].fullmatch(body) else math.nan
    if not _DECIMAL.fullmatch(t):
        return math.nan
    return float(t.replace("Infinity", "inf"))


# --- JSON ------------------------------------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]{0,9}")


def json_string(text: str) -> str:
    """`JSON.stringify(text)`: non-ASCII kept, lone surrogates escaped as `\\udXXX`."""
    quoted: str = _encode_basestring(text)
    if text.isascii() or _LONE_SURROGATE.search(quoted) is None:
        return quoted
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _is_array_index(key: str) -> bool:
    return _ARRAY_INDEX.fullmatch(key) is not None and int(key) < 2**32 - 1


def _ordered_keys(obj: dict[str, Any]) -> Any:
    """Property order of a JavaScript object: array indexes ascending, then insertion order."""
    if not any(k[:1].isdigit() for k in obj):
        return obj
    indexes = [k for k in obj if _is_array_index(k)]
    if not indexes:
        return list(obj)
    indexes.sort(key=int)
    return indexes + [k for k in obj if not _is_array_index(k)]


def stringify(value: Any) -> str:
    """`JSON.stringify(value)` for JSON-shaped Python values; a `None` member of an object is
    written as `null`, an `UNDEFINED` one is left out."""
    if isinstance(value, str):
        return json_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value) if abs(value) <= MAX_SAFE_INTEGER else number_text(value)
    if isinstance(value, float):
        return number_text(value) if math.isfinite(value) else "null"
    if isinstance(value, dict):
        parts = [f"{json_string(k)}:{stringify(value[k])}" for k in _ordered_keys(value) if value[k] is not UNDEFINED]
        return "{" + ",".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join("null" if v is UNDEFINED else stringify(v) for v in value) + "]"
    raise TypeError(f"cannot serialize {type(value).__name__} as JSON")


def stringify_or_undefined(value: Any) -> str:
    """`JSON.stringify(value) ?? String(value)`: `undefined` for `UNDEFINED`."""
    return "undefined" if value is UNDEFINED else stringify(value)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_int(text: str) -> int | float:
    value = int(text)
    return value if abs(value) <= MAX_SAFE_INTEGER else float(text)


def parse_json(text: str) -> Any:
    """`JSON.parse(text)`: NaN and Infinity are not JSON; large integers become floats."""
    return json.loads(text, parse_constant=_no_constant, parse_int=_parse_int)


# --- UTF-16 lengths ----------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    """`text.length`: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_prefix(text: str, units: int) -> str:
    """`text.slice(0, units)`; may end in half of a surrogate pair, as JavaScript's does."""
    if text.isascii():
        return text[:units]
    out: list[str] = []
    count = 0
    for ch in text:
        if count >= units:
            break
        code = ord(ch)
        if code > 0xFFFF:
            if count + 2 > units:
                out.append(chr(0xD800 + ((code - 0x10000) >> 10)))
                break
            count += 2
        else:
            count += 1
        out.append(ch)
    return "".join(out)


def utf8_length(text: str) -> int:
    """`Buffer.byteLength(text, 'utf8')` (a lone surrogate counts 3, as its replacement does)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def base64_length(text: str) -> int:
    """`Buffer.byteLength(text, 'base64')`: computed from the length, as Node does."""
    n = len(text)
    if n > 0 and text[n - 1] == "=":
        n -= 1
        if n > 1 and text[n - 1] == "=":
            n -= 1
    return (n * 3) >> 2


def well_formed_utf8(text: str) -> bytes:
    """UTF-8 bytes of `text` with lone surrogates as U+FFFD, as Node encodes a string."""
    if text.isascii() or _LONE_SURROGATE.search(text) is None:
        return text.encode("utf-8")
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")

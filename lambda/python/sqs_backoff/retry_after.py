"""The handler's own delay (lambda/runtime/retryAfter.ts): `RetryAfterError`'s wait in whole
seconds, and an HTTP `Retry-After` header read as seconds."""

from __future__ import annotations

import math
import re
import time
from datetime import UTC, datetime
from typing import Final

from .js import is_number, number_text

_DAYS: Final = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_LONG_DAYS: Final = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH: Final = f"({'|'.join(_MONTHS)})"
_TIME: Final = r"(\d{2}):(\d{2}):(\d{2})"
#: RFC 9110 §5.6.7: IMF-fixdate, then the obsolete RFC 850 and asctime forms.
_IMF_FIXDATE: Final = re.compile(rf"{_DAYS}, (\d{{2}}) {_MONTH} (\d{{4}}) {_TIME} GMT", re.ASCII)
_RFC_850: Final = re.compile(rf"{_LONG_DAYS}, (\d{{2}})-{_MONTH}-(\d{{2}}) {_TIME} GMT", re.ASCII)
_ASCTIME: Final = re.compile(rf"{_DAYS} {_MONTH} ([ \d]\d) {_TIME} (\d{{4}})", re.ASCII)
_DIGITS: Final = re.compile(r"\d+", re.ASCII)
_MAX_SAFE: Final = 2**53 - 1


def _now_ms(now: float | datetime | None) -> float:
    if now is None:
        return time.time() * 1000
    return now.timestamp() * 1000 if isinstance(now, datetime) else float(now)


def handler_delay_seconds(retry_after: object, now_ms: float) -> float | str:
    """The whole seconds a `RetryAfterError` asks to wait at `now_ms`, rounded up (never early); a
    string saying why when it asks for nothing usable."""
    if is_number(retry_after):
        value = float(retry_after)  # type: ignore[arg-type]
        if math.isfinite(value) and value >= 0:
            return math.ceil(value)
        return f"retryAfter must be a finite number of seconds ≥ 0 (given {number_text(value)})"
    if isinstance(retry_after, datetime) and retry_after.tzinfo is not None:
        return max(0, math.ceil((retry_after.timestamp() * 1000 - now_ms) / 1000))
    return f"retryAfter must be a number of seconds or a valid Date (given {retry_after})"


def retry_after_from_header(value: str | None, now: float | datetime | None = None) -> int | None:
    """Seconds to wait from an HTTP `Retry-After` value (RFC 9110 §10.2.3): delta-seconds, or an
    HTTP-date counted from `now` (ms since the epoch or a datetime; default: now) and rounded up;
    a date in the past gives 0. None for a missing or malformed value."""
    if not isinstance(value, str):
        return None
    text = value.strip(" \t\n\r\v\f")
    if _DIGITS.fullmatch(text):
        seconds = int(text)
        return seconds if seconds <= _MAX_SAFE else None
    now_ms = _now_ms(now)
    at = _http_date_ms(text, now_ms)
    if at is None:
        return None
    return max(0, math.ceil((at - now_ms) / 1000))


def _http_date_ms(text: str, now_ms: float) -> float | None:
    match = _IMF_FIXDATE.fullmatch(text)
    if match:
        day, month, year_text, hh, mm, ss = match.groups()
        year = int(year_text)
    elif match := _RFC_850.fullmatch(text):
        day, month, year_text, hh, mm, ss = match.groups()
        year = _two_digit_year(int(year_text), now_ms)
    elif match := _ASCTIME.fullmatch(text):
        month, day, hh, mm, ss, year_text = match.groups()
        year = int(year_text)
    else:
        return None
    d, h, m, s = int(day.strip()), int(hh), int(mm), int(ss)
    if d < 1 or h > 23 or m > 59 or s > 60:
        return None
    try:
        # 60: a leap second, folded into the next minute as Date.UTC does.
        at = datetime(year, _MONTHS.index(month) + 1, d, h, m, min(s, 59), tzinfo=UTC)
    except ValueError:
        return None
    return at.timestamp() * 1000 + (1000 if s == 60 else 0)


def _two_digit_year(yy: int, now_ms: float) -> int:
    """RFC 9110: a two-digit year more than 50 years ahead is the most recent past year with those digits."""
    this_year = datetime.fromtimestamp(now_ms / 1000, tz=UTC).year
    year = this_year // 100 * 100 + yy
    return year - 100 if year > this_year + 50 else year

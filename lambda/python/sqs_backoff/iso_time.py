"""`new Date(ms).toISOString()` and `Date.parse` of ISO-8601 text (lambda/runtime/isoTime.ts)."""

from __future__ import annotations

import math
import re

#: The range of a JavaScript Date: ±100,000,000 days around the epoch.
_MAX_TIME = 8.64e15
_MS_PER_DAY = 86_400_000

_last_ms: float = math.nan
_last_text = ""


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) of a day count since 1970-01-01, proleptic Gregorian (H. Hinnant)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    mp = m - 3 if m > 2 else m + 9
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def iso_time(ms: float) -> str:
    """`new Date(ms).toISOString()`; ValueError for NaN and times a Date cannot hold."""
    global _last_ms, _last_text
    if ms == _last_ms:
        return _last_text
    if not math.isfinite(ms) or abs(ms) > _MAX_TIME:
        raise ValueError("Invalid time value")
    t = int(ms)  # towards zero, as TimeClip does
    days, rest = divmod(t, _MS_PER_DAY)
    year, month, day = _civil_from_days(days)
    seconds, millis = divmod(rest, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{'-' if year < 0 else '+'}{abs(year):06d}"
    text = f"{year_text}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"
    _last_ms, _last_text = ms, text
    return text


_ISO = re.compile(
    r"(?P<y>[+-][0-9]{6}|[0-9]{4})(?:-(?P<mo>[0-9][0-9])(?:-(?P<d>[0-9][0-9]))?)?"
    r"(?:T(?P<h>[0-9][0-9]):(?P<mi>[0-9][0-9])(?::(?P<s>[0-9][0-9])(?:\.(?P<f>[0-9]+))?)?(?P<z>Z|[+-][0-9][0-9]:[0-9][0-9])?)?"
)


def parse_iso_time(text: str) -> float:
    """`Date.parse(text)` for the ECMAScript date-time format (a time without zone read as UTC,
    Lambda's time zone); NaN for anything else."""
    match = _ISO.fullmatch(text)
    if match is None or match["y"] == "-000000":
        return math.nan
    year = int(match["y"])
    month = int(match["mo"] or 1)
    day = int(match["d"] or 1)
    hour, minute, second = int(match["h"] or 0), int(match["mi"] or 0), int(match["s"] or 0)
    millis = int((match["f"] or "0")[:3].ljust(3, "0"))
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 59):
        return math.nan
    if hour > 24 or (hour == 24 and (minute or second or millis)):
        return math.nan
    offset = 0
    zone = match["z"]
    if zone and zone != "Z":
        zh, zm = int(zone[1:3]), int(zone[4:6])
        if zh > 23 or zm > 59:
            return math.nan
        offset = (zh * 60 + zm) * 60_000 * (1 if zone[0] == "+" else -1)
    ms = _days_from_civil(year, month, day) * _MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis
    ms -= offset
    return float(ms) if abs(ms) <= _MAX_TIME else math.nan

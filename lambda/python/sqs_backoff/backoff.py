"""
Pure backoff-policy math (lambda/backoff.ts), standard library only. A policy is the same JSON
object the TypeScript side uses (`{"kind": "exponential", "base": 2, "cap": 300}`), all times in
seconds. Delays are whole seconds: computed in floating point, rounded as JavaScript's
`Math.round` does (halves up, not Python's banker's rounding), then clamped to `[0, cap]`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final

from .js import (
    EPSILON,
    UNDEFINED,
    is_finite,
    is_number,
    js_max,
    js_min,
    js_pow,
    js_round,
    stringify_or_undefined,
    to_js_number,
    to_js_string,
)
from .limits import MAX_DELAY_SECONDS, ONE_YEAR_LIMIT, WaitOfRun

__all__ = [
    "MAX_DELAY_SECONDS",
    "POLICY_KINDS",
    "PolicySpec",
    "RandomSource",
    "always_zero_wait",
    "cap_of",
    "delay_seconds",
    "policy_violations",
    "schedule",
    "seeded_random",
    "wait_beyond_limit",
    "worst_case_schedule",
]

#: A backoff policy as plain JSON (see the module docstring).
PolicySpec = Mapping[str, Any]
#: A uniform random number in [0, 1).
RandomSource = Callable[[], float]

POLICY_KINDS: Final = (
    "fixed",
    "exponential",
    "random",
    "full-jitter",
    "equal-jitter",
    "decorrelated-jitter",
    "step-functions",
)

_MASK: Final = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    return (a * b) & _MASK


def seeded_random(seed: float) -> RandomSource:
    """mulberry32, draw for draw the same as `seededRandom` in TypeScript."""
    state = int(seed) & _MASK if math.isfinite(seed) else 0

    def draw() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & _MASK
        t = state
        t = _imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & _MASK)) & _MASK
        return ((t ^ (t >> 14)) & _MASK) / 4294967296

    return draw


def _default_random() -> RandomSource:
    """`random.random`, imported when first needed (a run that never fails never draws)."""
    import random  # noqa: PLC0415

    return random.random


def _value(spec: PolicySpec, key: str, default: float) -> float:
    """`spec[key] ?? default` as a float."""
    value = spec.get(key)
    return default if value is None else float(value)


def cap_of(spec: PolicySpec) -> float:
    """The cap that bounds every delay of this spec, `inf` when there is none."""
    return _value(spec, "maxDelay" if spec.get("kind") == "step-functions" else "cap", math.inf)


def _whole(x: float) -> float:
    return int(x) if math.isfinite(x) and float(x).is_integer() and abs(x) < 2**53 and x != 0 else x if x != 0 else 0


def delay_seconds(spec: PolicySpec, n: int, random: RandomSource | None = None, previous: float | None = None) -> float:
    """The delay, in whole seconds, before retrying after failure `n` (1 after the first failure).

    `previous` is the delay chosen for failure `n − 1`; only `decorrelated-jitter` reads it.
    """
    if (type(n) is not int and (not is_number(n) or not float(n).is_integer())) or n < 1:
        raise ValueError(f"n must be a whole number of failures ≥ 1 (given {to_js_string(n)})")
    draw = _default_random() if random is None else random
    raw = _raw_delay(spec, int(n), draw, previous)
    return _whole(js_min(js_max(js_round(raw), 0.0), cap_of(spec)))


def schedule(spec: PolicySpec, max_attempts: int, random: RandomSource | None = None) -> list[float]:
    """The delays of a whole run: element `i` is the wait after failure `i + 1`."""
    if not is_number(max_attempts) or not float(max_attempts).is_integer() or max_attempts < 1:
        raise ValueError(f"maxAttempts must be a whole number ≥ 1 (given {to_js_string(max_attempts)})")
    draw = _default_random() if random is None else random
    delays: list[float] = []
    previous: float | None = None
    for n in range(1, int(max_attempts)):
        previous = delay_seconds(spec, n, draw, previous)
        delays.append(previous)
    return delays


_ALMOST_ONE: Final = 1 - EPSILON


def worst_case_schedule(spec: PolicySpec, max_attempts: int) -> list[float]:
    """The largest delay each wait of a run can take: the schedule with `r` at its upper end."""
    return schedule(spec, max_attempts, lambda: _ALMOST_ONE)


def wait_beyond_limit(spec: PolicySpec, max_attempts: int, limit_seconds: float = ONE_YEAR_LIMIT.seconds) -> WaitOfRun | None:
    """The first wait of a run that could pass `limit_seconds`, or None when every wait fits."""
    for index, delay in enumerate(worst_case_schedule(spec, max_attempts)):
        if not delay <= limit_seconds:
            return WaitOfRun(index + 1, delay)
    return None


def always_zero_wait(spec: PolicySpec, max_attempts: int) -> WaitOfRun | None:
    """The first wait of a run that is 0 s even at its largest, or None."""
    for index, delay in enumerate(worst_case_schedule(spec, max_attempts)):
        if delay == 0:
            return WaitOfRun(index + 1, 0)
    return None


def _js_less(a: object, b: object) -> bool:
    """`a < b` with JavaScript's coercions."""
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    x, y = to_js_number(a), to_js_number(b)
    return not (math.isnan(x) or math.isnan(y)) and x < y


def _kind_of(spec: object) -> object:
    if isinstance(spec, Mapping):
        return spec.get("kind", UNDEFINED)
    return UNDEFINED


def policy_violations(spec: object) -> list[str]:
    """Everything wrong with a spec, one sentence each, the same sentences as TypeScript's."""
    kind = _kind_of(spec)
    if not isinstance(kind, str) or kind not in POLICY_KINDS:
        return [f"policy.kind must be one of {', '.join(POLICY_KINDS)} (given {stringify_or_undefined(kind)})"]
    assert isinstance(spec, Mapping)
    problems: list[str] = []

    def get(key: str) -> object:
        return spec.get(key, UNDEFINED)

    def seconds(name: str, minimum: int = 0) -> None:
        value = get(name)
        if value is UNDEFINED:
            return
        if not is_finite(value) or value < minimum or value > MAX_DELAY_SECONDS:  # type: ignore[operator]
            problems.append(f"{name} must be between {minimum} and {MAX_DELAY_SECONDS} seconds (one year) (given {to_js_string(value)})")

    def required(name: str) -> None:
        if get(name) is UNDEFINED:
            problems.append(f"{name} is required for the {kind} policy (given undefined)")

    def multiplier(name: str) -> None:
        value = get(name)
        if value is UNDEFINED:
            return
        if not is_finite(value) or value < 1:  # type: ignore[operator]
            problems.append(f"{name} must be a finite number ≥ 1 (given {to_js_string(value)})")

    if kind == "step-functions":
        seconds("interval", 1)
        multiplier("rate")
        seconds("maxDelay", 1)
        jitter = get("jitter")
        if jitter is not UNDEFINED and jitter not in {"FULL", "NONE"}:
            problems.append(f"jitter must be FULL or NONE (given {stringify_or_undefined(jitter)})")
        interval = get("interval")
        interval = 1 if interval is None or interval is UNDEFINED else interval
        max_delay = get("maxDelay")
        if max_delay is not UNDEFINED and _js_less(max_delay, interval):
            problems.append(f"maxDelay must be ≥ interval ({to_js_string(interval)} s) (given {to_js_string(max_delay)})")
        return problems
    if kind == "exponential":
        multiplier("factor")
    elif kind == "fixed":
        seconds("step")
    elif kind == "random":
        seconds("step")
        required("step")
    elif kind == "decorrelated-jitter":
        required("cap")
    seconds("base")
    required("base")
    seconds("cap")
    cap, base = get("cap"), get("base")
    if cap is not UNDEFINED and base is not UNDEFINED and _js_less(cap, base):
        problems.append(f"cap must be ≥ base ({to_js_string(base)} s) (given {to_js_string(cap)})")
    return problems


def _raw_delay(spec: PolicySpec, n: int, random: RandomSource, previous: float | None) -> float:
    kind = spec.get("kind")
    base = _value(spec, "base", math.nan)
    if kind == "fixed":
        return base + n * _value(spec, "step", 0)
    if kind == "exponential":
        return base * js_pow(_value(spec, "factor", 2), n)
    if kind == "random":
        return base + n * _value(spec, "step", math.nan) * random()
    if kind == "full-jitter":
        return random() * js_min(cap_of(spec), base * js_pow(2, n))
    if kind == "equal-jitter":
        v = js_min(cap_of(spec), base * js_pow(2, n))
        return v / 2 + (random() * v) / 2
    if kind == "decorrelated-jitter":
        prev = base if previous is None else float(previous)
        return js_min(_value(spec, "cap", math.nan), base + random() * (3 * prev - base))
    if kind == "step-functions":
        delay = js_min(_value(spec, "interval", 1) * js_pow(_value(spec, "rate", 2), n - 1), cap_of(spec))
        return random() * delay if spec.get("jitter") == "FULL" else delay
    raise ValueError(f"policy.kind must be one of {', '.join(POLICY_KINDS)} (given {stringify_or_undefined(kind)})")

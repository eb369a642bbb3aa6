"""Per-error retry rules and outage protection as they cross the wire (lambda/retryRules.ts):
`BACKOFF_RETRY_RULES` and `BACKOFF_OUTAGE_PROTECTION`, their checks (the same texts) and the rule lookup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from .backoff import policy_violations
from .describe_error import describe_error
from .js import UNDEFINED, is_number, is_safe_integer, stringify_or_undefined
from .limits import MAX_ATTEMPTS

#: A rule: `{"errorNames": [...], "policy": PolicySpec, "maxAttempts"?: int}` (plain JSON, as on the wire).
RetryRuleSpec = dict[str, Any]
#: `{"failureRate": float, "window": int, "probeSeconds": int}`.
OutageProtectionSpec = dict[str, Any]

OUTAGE_DEFAULTS: Final = {"failureRate": 0.9, "window": 20, "probeSeconds": 60}
OUTAGE_WINDOW_MIN: Final = 2
OUTAGE_WINDOW_MAX: Final = 10_000
#: How deep the `__cause__` chain is searched for a rule's error name.
MAX_CAUSE_DEPTH: Final = 8


def _given(value: Any) -> str:
    return stringify_or_undefined(value)


def retry_rules_violations(rules: Any, label: str = "retryRules") -> list[str]:
    """Problems of a list of rules, each naming the rule by its index."""
    if not isinstance(rules, list):
        return [f"{label} must be a list of rules (given {_given(rules)})"]
    problems: list[str] = []
    for i, rule in enumerate(rules):
        name = f"{label}[{i}]"
        if not isinstance(rule, dict):
            problems.append(f"{name} must be an object with errorNames and policy (given {_given(rule)})")
            continue
        names = rule.get("errorNames", UNDEFINED)
        if not isinstance(names, list) or not names or any(not isinstance(n, str) or n.strip() == "" for n in names):
            problems.append(f"{name}.errorNames must be a non-empty list of non-empty error names (given {_given(names)})")
        policy = rule.get("policy", UNDEFINED)
        if not isinstance(policy, dict):
            problems.append(f"{name}.policy must be a policy spec object (given {_given(policy)})")
        else:
            problems.extend(f"{name}.policy: {violation}" for violation in policy_violations(policy))
        most = rule.get("maxAttempts", UNDEFINED)
        if most is not UNDEFINED and (not is_safe_integer(most) or most < MAX_ATTEMPTS.min or most > MAX_ATTEMPTS.max):
            problems.append(
                f"{name}.maxAttempts must be a whole number between {MAX_ATTEMPTS.min} and {MAX_ATTEMPTS.max} (given {_given(most)})"
            )
    return problems


def outage_protection_violations(spec: Any, label: str = "outageProtection") -> list[str]:
    """Problems of an outage protection spec, each naming the field."""
    if not isinstance(spec, dict):
        return [f"{label} must be an object (given {_given(spec)})"]
    rate = spec.get("failureRate", UNDEFINED)
    window = spec.get("window", UNDEFINED)
    probe = spec.get("probeSeconds", UNDEFINED)
    problems: list[str] = []
    if not is_number(rate) or not (0 < rate <= 1):
        problems.append(f"{label}.failureRate must be a number above 0 and at most 1 (given {_given(rate)})")
    if not is_safe_integer(window) or window < OUTAGE_WINDOW_MIN or window > OUTAGE_WINDOW_MAX:
        problems.append(
            f"{label}.window must be a whole number of records between {OUTAGE_WINDOW_MIN} and {OUTAGE_WINDOW_MAX} (given {_given(window)})"
        )
    if not is_safe_integer(probe) or probe < 1:
        problems.append(f"{label}.probeSeconds must be a whole number of seconds ≥ 1 (given {_given(probe)})")
    return problems


def error_names_of(error: object) -> list[str]:
    """The name (as `x-backoff.lastError.name` carries it) of an error and of each in its `__cause__` chain."""
    names: list[str] = []
    seen: set[int] = set()
    current: object = error
    while isinstance(current, BaseException) and id(current) not in seen and len(names) <= MAX_CAUSE_DEPTH:
        seen.add(id(current))
        names.append(describe_error(current)["name"])
        current = current.__cause__
    return names


def match_retry_rule(rules: Sequence[RetryRuleSpec] | None, error: object) -> RetryRuleSpec | None:
    """The first rule naming the error or one of its causes; None when none does."""
    if not rules:
        return None
    names = error_names_of(error)
    for rule in rules:
        if any(name in names for name in rule["errorNames"]):
            return rule
    return None


def attempt_ceiling(max_attempts: int, rules: Sequence[RetryRuleSpec] | None) -> int:
    """The most attempts any failure may get: the crash-loop backstop follows it."""
    most = max_attempts
    for rule in rules or ():
        if isinstance(rule.get("maxAttempts"), int) and rule["maxAttempts"] > most:
            most = rule["maxAttempts"]
    return most


class OutageGuard:
    """The failure rate of the latest handler runs in this execution environment (lambda/runtime/outageGuard.ts)."""

    def __init__(self, spec: OutageProtectionSpec) -> None:
        self.spec = spec
        self._ring: list[bool] = []
        self._next = 0
        self._failures = 0

    def record(self, failed: bool) -> bool:
        """Records a handler run (True: it failed retryably); answers whether the consumer is now in an outage."""
        window = int(self.spec["window"])
        if len(self._ring) < window:
            self._ring.append(failed)
        else:
            if self._ring[self._next]:
                self._failures -= 1
            self._ring[self._next] = failed
            self._next = (self._next + 1) % window
        if failed:
            self._failures += 1
        return self.in_outage

    @property
    def in_outage(self) -> bool:
        return bool(len(self._ring) >= self.spec["window"] and self._failures / len(self._ring) >= self.spec["failureRate"])

    def describe(self) -> str:
        rate = self.spec["failureRate"] * 100
        from .js import number_text  # noqa: PLC0415 - only on a hold

        return (
            f"{self._failures} of the last {len(self._ring)} records failed "
            f"(outage protection from {number_text(rate)} % of {self.spec['window']})"
        )

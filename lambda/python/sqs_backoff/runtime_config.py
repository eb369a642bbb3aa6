"""The runtime's configuration from the `BACKOFF_*` environment (lambda/runtime/runtimeConfig.ts),
with the same problem sentences, word for word, as the Node runtime."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from .backoff import PolicySpec, policy_violations, worst_case_schedule
from .contract import ENV, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES, TRANSPORT_NAMES, TransportName
from .errors import ConfigurationError
from .js import (
    JS_WHITESPACE,
    UNDEFINED,
    is_finite,
    is_number,
    is_safe_integer,
    js_trim,
    number_text,
    parse_js_number,
    parse_json,
    stringify_or_undefined,
)
from .limits import MAX_ATTEMPTS, MAX_RECEIVE_COUNT, LimitNames, Range, WaitOfRun, beyond_limit_message
from .metric_names import namespace_problem
from .retry_rules import OutageProtectionSpec, RetryRuleSpec, outage_protection_violations, retry_rules_violations
from .transports.transport_limits import longest_delay_of, needs_state_machine

#: The transport when the configuration names none: old deployments keep Step Functions.
DEFAULT_TRANSPORT: Final[TransportName] = "step-functions"


class RuntimeConfig:
    """What the runtime needs to decide and act; the construct sets it as environment variables
    (`read_runtime_config`), or give it in code (`with_backoff(config=…)`)."""

    __slots__ = (
        "clamp_retry_after",
        "dead_letter_max_message_bytes",
        "dead_letter_queue_url",
        "max_attempts",
        "max_elapsed_seconds",
        "max_message_bytes",
        "max_receive_count",
        "metrics_namespace",
        "outage_protection",
        "policy",
        "queue_url",
        "retry_rules",
        "state_machine_arn",
        "transport",
        "visibility_fallback",
    )

    def __init__(
        self,
        policy: PolicySpec,
        max_attempts: int,
        max_receive_count: int,
        queue_url: str,
        dead_letter_queue_url: str,
        max_elapsed_seconds: float | None = None,
        state_machine_arn: str | None = None,
        transport: TransportName | None = None,
        visibility_fallback: bool | None = None,
        max_message_bytes: int | None = None,
        dead_letter_max_message_bytes: int | None = None,
        retry_rules: list[RetryRuleSpec] | None = None,
        clamp_retry_after: bool | None = None,
        outage_protection: OutageProtectionSpec | None = None,
        metrics_namespace: str | None = None,
    ) -> None:
        self.policy = policy
        #: Total processing attempts including the first.
        self.max_attempts = max_attempts
        #: The work queue's redrive maxReceiveCount: the crash-loop backstop's threshold.
        self.max_receive_count = max_receive_count
        self.queue_url = queue_url
        self.dead_letter_queue_url = dead_letter_queue_url
        #: Dead-letter when first receipt + elapsed + next delay would pass this; no limit when None.
        self.max_elapsed_seconds = max_elapsed_seconds
        #: Required by the transports that start executions (`step-functions`, `auto` on a standard queue).
        self.state_machine_arn = state_machine_arn
        #: None: `step-functions`.
        self.transport = transport
        #: None: true.
        self.visibility_fallback = visibility_fallback
        #: The work queue's MaximumMessageSize; None: 262,144.
        self.max_message_bytes = max_message_bytes
        #: The dead-letter queue's MaximumMessageSize; None: 262,144.
        self.dead_letter_max_message_bytes = dead_letter_max_message_bytes
        #: Per-error rules: the first naming the error (or a cause) decides its policy and budget; None: none.
        self.retry_rules = retry_rules
        #: Cut a `RetryAfterError` delay the transport cannot carry to its longest wait; None: false.
        self.clamp_retry_after = clamp_retry_after
        #: Hold failing records during an outage without counting the attempt; None: off.
        self.outage_protection = outage_protection
        #: The CloudWatch namespace of the runtime's metrics; None: `SqsBackoff`.
        self.metrics_namespace = metrics_namespace

    def __repr__(self) -> str:
        return "RuntimeConfig(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _CAMEL) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuntimeConfig) and all(getattr(self, n) == getattr(other, n) for n in _CAMEL)

    __hash__ = None  # type: ignore[assignment]


#: snake_case field → the camelCase key of the contract (`ENV`'s attribute names).
_CAMEL: Final = {
    "policy": "policy",
    "max_attempts": "maxAttempts",
    "max_receive_count": "maxReceiveCount",
    "queue_url": "queueUrl",
    "dead_letter_queue_url": "deadLetterQueueUrl",
    "max_elapsed_seconds": "maxElapsedSeconds",
    "state_machine_arn": "stateMachineArn",
    "transport": "transport",
    "visibility_fallback": "visibilityFallback",
    "max_message_bytes": "maxMessageBytes",
    "dead_letter_max_message_bytes": "deadLetterMaxMessageBytes",
    "retry_rules": "retryRules",
    "clamp_retry_after": "clampRetryAfter",
    "outage_protection": "outageProtection",
    "metrics_namespace": "metricsNamespace",
}
_SNAKE: Final = {camel: snake for snake, camel in _CAMEL.items()}


def _env_name(key: str) -> str:
    return str(getattr(ENV, key))


_REFUSED: Any = object()


def read_runtime_config(env: Mapping[str, str] | None = None) -> RuntimeConfig:
    """Reads and validates the configuration from the environment; one `ConfigurationError` lists
    every problem, each naming the variable, the value given and what is allowed."""
    source: Mapping[str, str] = os.environ if env is None else env
    problems: list[str] = []

    def text(key: str, optional: bool = False) -> str | None:
        value = source.get(_env_name(key))
        if value is not None and js_trim(value) != "":
            return js_trim(value)
        if not optional:
            problems.append(f"{_env_name(key)} is required (given {stringify_or_undefined(UNDEFINED if value is None else value)})")
        return None

    def read(key: str, optional: bool, expected: str, parse: Callable[[str], Any]) -> Any:
        value = text(key, optional)
        if value is None:
            return UNDEFINED
        parsed = parse(value)
        if parsed is _REFUSED:
            problems.append(f"{_env_name(key)} must be {expected} (given {stringify_or_undefined(value)})")
            return UNDEFINED
        return parsed

    def number(key: str, optional: bool = False) -> Any:
        def parse(value: str) -> Any:
            n = parse_js_number(value)
            return n if math.isfinite(n) else _REFUSED

        return read(key, optional, "a number", parse)

    def policy(value: str) -> Any:
        try:
            return parse_json(value)
        except (ValueError, RecursionError):
            return _REFUSED

    def transport(value: str) -> Any:
        return value if value in TRANSPORT_NAMES else _REFUSED

    def fallback(value: str) -> Any:
        return True if value == "true" else False if value == "false" else _REFUSED

    raw: dict[str, Any] = {
        "policy": read("policy", False, "a JSON policy spec", policy),
        "maxAttempts": number("maxAttempts"),
        "maxElapsedSeconds": number("maxElapsedSeconds", True),
        "maxReceiveCount": number("maxReceiveCount"),
        "queueUrl": text("queueUrl") or UNDEFINED,
        "deadLetterQueueUrl": text("deadLetterQueueUrl") or UNDEFINED,
        "stateMachineArn": text("stateMachineArn", True) or UNDEFINED,
        "maxMessageBytes": number("maxMessageBytes", True),
        "deadLetterMaxMessageBytes": number("deadLetterMaxMessageBytes", True),
        "metricsNamespace": text("metricsNamespace", True) or UNDEFINED,
        "transport": read("transport", True, f"one of {', '.join(TRANSPORT_NAMES)}", transport),
        "visibilityFallback": read("visibilityFallback", True, "one of true, false", fallback),
        "retryRules": read("retryRules", True, "a JSON list of retry rules", policy),
        "clampRetryAfter": read("clampRetryAfter", True, "one of true, false", fallback),
        "outageProtection": read("outageProtection", True, "a JSON outage protection spec", policy),
    }
    if problems:
        raise _configuration_error(problems)
    return _validate(raw, _env_name)


def validate_runtime_config(config: RuntimeConfig) -> RuntimeConfig:
    """Checks a configuration given in code; problems name `config.<field>`."""
    raw = {camel: UNDEFINED if getattr(config, snake) is None else getattr(config, snake) for snake, camel in _CAMEL.items()}
    return _validate(raw, lambda key: f"config.{_SNAKE[key]}")


def _whole_or_float(value: Any) -> Any:
    if is_number(value) and float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _retry_control_problems(config: dict[str, Any], label: Callable[[str], str], transport: str, fifo: bool) -> list[str]:
    """Problems of `retryRules`, `clampRetryAfter` and `outageProtection` (lambda/runtime/runtimeConfig.ts)."""
    problems: list[str] = []

    def problem(key: str, rule: str) -> None:
        problems.append(f"{label(key)} {rule} (given {stringify_or_undefined(config[key])})")

    if config["retryRules"] is not UNDEFINED:
        problems.extend(retry_rules_violations(config["retryRules"], label("retryRules")))
    clamp = config["clampRetryAfter"]
    if clamp is not UNDEFINED and not isinstance(clamp, bool):
        problem("clampRetryAfter", "must be true or false")
    outage = config["outageProtection"]
    if outage is not UNDEFINED:
        problems.extend(outage_protection_violations(outage, label("outageProtection")))
        if transport == "visibility-timeout" or (transport == "auto" and fifo):
            problems.append(
                f"{label('outageProtection')} needs a transport that requeues a copy (step-functions, sqs-delay, auto on a "
                f"standard queue): a visibility-timeout retry counts every receive as an attempt (given transport {transport})"
            )
    return problems


def _schedule_problems(config: dict[str, Any], label: Callable[[str], str], transport: str, fifo: bool) -> list[str]:
    """Each policy's worst case (the queue's, each rule's) and the probe interval against the transport's longest wait."""
    problems: list[str] = []
    policy = config["policy"]
    outage = config["outageProtection"]
    longest = longest_delay_of(transport, fifo)
    max_attempts = int(config["maxAttempts"])

    def fits(spec: PolicySpec, attempts: int, policy_label: str, attempts_label: str) -> None:
        for index, delay in enumerate(worst_case_schedule(spec, attempts)):
            if not delay <= longest.seconds:
                names = LimitNames("a cap", attempts_label)
                message = beyond_limit_message(WaitOfRun(index + 1, delay), attempts, names, longest)
                problems.append(f"{policy_label} (transport {transport}): {message}")
                break

    fits(policy, max_attempts, label("policy"), label("maxAttempts"))
    rules = config["retryRules"]
    for i, rule in enumerate([] if rules is UNDEFINED else rules):
        attempts = int(rule.get("maxAttempts", max_attempts))
        fits(rule["policy"], attempts, f"{label('retryRules')}[{i}].policy", f"{label('retryRules')}[{i}].maxAttempts")
    probe = None if outage is UNDEFINED else outage["probeSeconds"]
    if probe is not None and probe > longest.seconds:
        problems.append(
            f"{label('outageProtection')}.probeSeconds must be at most {longest.seconds}, the longest wait of transport "
            f"{transport} (given {number_text(probe)})"
        )
    return problems


def _optional_rules(config: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with `visibilityFallback` and `metricsNamespace`, when given."""
    rules: list[tuple[str, str]] = []
    fallback = config["visibilityFallback"]
    if fallback is not UNDEFINED and not isinstance(fallback, bool):
        rules.append(("visibilityFallback", "must be true or false"))
    namespace = config["metricsNamespace"]
    rule = None if namespace is UNDEFINED else namespace_problem(namespace) if isinstance(namespace, str) else "must be a string"
    if rule is not None:
        rules.append(("metricsNamespace", rule))
    return rules


def _validate(config: dict[str, Any], label: Callable[[str], str]) -> RuntimeConfig:
    problems: list[str] = []

    def problem(key: str, rule: str) -> None:
        problems.append(f"{label(key)} {rule} (given {stringify_or_undefined(config[key])})")

    def whole_number(key: str, limits: Range, unit: str = "") -> None:
        value = config[key]
        if not is_safe_integer(value) or value < limits.min or value > limits.max:
            problem(key, f"must be a whole number {unit}from {limits.min} to {limits.max}")

    policy = config["policy"]
    if not isinstance(policy, (dict, list)):
        problem("policy", "must be a policy spec object")
    else:
        problems.extend(f"{label('policy')}: {violation}" for violation in policy_violations(policy))
    whole_number("maxAttempts", MAX_ATTEMPTS)
    elapsed = config["maxElapsedSeconds"]
    if elapsed is not UNDEFINED and (not is_finite(elapsed) or elapsed <= 0):
        problem("maxElapsedSeconds", "must be a number of seconds > 0")
    whole_number("maxReceiveCount", MAX_RECEIVE_COUNT)
    for key in ("maxMessageBytes", "deadLetterMaxMessageBytes"):
        if config[key] is not UNDEFINED:
            whole_number(key, Range(MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES), "of bytes ")
    for key in ("queueUrl", "deadLetterQueueUrl"):
        if not is_http_url(config[key]):
            problem(key, "must be an http(s) queue URL")
    transport = DEFAULT_TRANSPORT if config["transport"] is UNDEFINED else config["transport"]
    if transport not in TRANSPORT_NAMES:
        problem("transport", f"must be one of {', '.join(TRANSPORT_NAMES)}")
    for key, rule in _optional_rules(config):
        problem(key, rule)
    queue_url = config["queueUrl"]
    fifo = isinstance(queue_url, str) and queue_url.endswith(".fifo")
    if transport == "sqs-delay" and fifo:
        problems.append(
            f"{label('transport')} sqs-delay cannot delay a message of a FIFO queue (SQS takes DelaySeconds per message "
            f"on standard queues only; given queue {stringify_or_undefined(queue_url)}): use visibility-timeout"
        )
    needed = not problems and needs_state_machine(transport, fifo)
    arn = config["stateMachineArn"]
    if arn is UNDEFINED:
        if needed:
            problem("stateMachineArn", f"is required by transport {transport}")
    elif not isinstance(arn, str) or _STATE_MACHINE_ARN.fullmatch(arn) is None:
        problem("stateMachineArn", "must be a state machine ARN, arn:<partition>:states:<region>:<account>:stateMachine:<name>")
    problems.extend(_retry_control_problems(config, label, transport, fifo))
    if not problems:
        problems.extend(_schedule_problems(config, label, transport, fifo))
    if problems:
        raise _configuration_error(problems)
    values: dict[str, Any] = {_SNAKE[key]: None if value is UNDEFINED else _whole_or_float(value) for key, value in config.items()}
    values["policy"] = policy
    return RuntimeConfig(**values)


_NOT_SPACE_OR_COLON = f"[^:{re.escape(JS_WHITESPACE)}]"
_STATE_MACHINE_ARN: Final = re.compile(
    rf"arn:[A-Za-z0-9_-]+:states:[A-Za-z0-9_-]*:[0-9]*:stateMachine:{_NOT_SPACE_OR_COLON}+(?::{_NOT_SPACE_OR_COLON}+)?"
)
_FORBIDDEN_HOST = set(" #%/:<>?@[\\]^|\t\n\r\x00")


def is_http_url(value: object) -> bool:
    """Whether WHATWG `new URL(value)` parses and its protocol is http: or https: (the parts of that
    parser a queue URL can reach)."""
    if not isinstance(value, str):
        return False
    text = value.strip("".join(chr(c) for c in range(0x21))).replace("\t", "").replace("\n", "").replace("\r", "")
    match = re.match(r"(?i)(https?):", text)
    if match is None:
        return False
    rest = text[match.end() :].lstrip("/\\")
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return re.fullmatch(r"\[[0-9A-Fa-f:.]+\](?::[0-9]*)?", host) is not None
    host, _, port = host.partition(":")
    if port and (not port.isdigit() or not port.isascii() or int(port) > 65535):
        return False
    return host != "" and not (set(host) & _FORBIDDEN_HOST)


def _configuration_error(problems: list[str]) -> ConfigurationError:
    return ConfigurationError(f"Invalid sqs-backoff runtime configuration: {'; '.join(problems)}")

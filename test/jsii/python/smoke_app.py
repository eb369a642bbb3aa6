"""A Python CDK app on the cdk-sqs-backoff wheel: the smoke test of the jsii package.

Two queues: Orders, a FIFO queue on RetryTransport.visibility_timeout() consumed by an existing
Node.js function, and Payments, whose Python consumer the construct builds with the sqs_backoff
layer from the wheel (no Node.js bundling, no Docker).

Synthesizes to the folder given as argv[1] and writes what each invalid prop raised to
argv[1]/errors.json, so that test/jsii/pythonSmoke.test.ts can assert on both from TypeScript.
"""

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

started = time.perf_counter()
import aws_cdk as cdk  # noqa: E402
import cdk_sqs_backoff as backoff  # noqa: E402
from aws_cdk import aws_lambda as lambda_  # noqa: E402
from aws_cdk import aws_sns as sns  # noqa: E402

imported = time.perf_counter()


def node_function(stack: cdk.Stack, construct_id: str) -> lambda_.Function:
    """An existing Node.js function of the user's app, as BackoffConsumer.from_function takes it."""
    return lambda_.Function(
        stack,
        construct_id,
        runtime=lambda_.Runtime.NODEJS_22_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({ batchItemFailures: [] });"),
        timeout=cdk.Duration.seconds(20),
    )


def build(app: cdk.App) -> None:
    stack = cdk.Stack(app, "PythonSmoke")
    existing = node_function(stack, "ExistingConsumer")
    backoff.BackoffQueue(
        stack,
        "Orders",
        consumer=backoff.BackoffConsumer.from_function(existing),
        policy=backoff.BackoffPolicy.exponential(base=cdk.Duration.seconds(2), cap=cdk.Duration.minutes(5)),
        max_attempts=6,
        queue_props=backoff.BackoffWorkQueueProps(fifo=True),
        transport=backoff.RetryTransport.visibility_timeout(),
        alarm_topic=sns.Topic(stack, "Ops"),
    )
    backoff.BackoffQueue(
        stack,
        "Payments",
        consumer=backoff.BackoffConsumer.python(
            code=lambda_.Code.from_asset(str(Path(__file__).parent / "consumer")),
            handler="orders.handler",
        ),
    )


def invalid_props() -> dict[str, dict[str, str]]:
    """What each invalid prop raises: its Python type and message."""
    stack = cdk.Stack(cdk.App(), "Invalid")
    fn = node_function(stack, "Fn")
    cases: dict[str, Callable[[], object]] = {
        "maxAttempts": lambda: backoff.BackoffQueue(stack, "TooMany", consumer=backoff.BackoffConsumer.from_function(fn), max_attempts=0),
        "factor": lambda: backoff.BackoffPolicy.exponential(base=cdk.Duration.seconds(1), factor=0.5),
        "spec.cap": lambda: backoff.BackoffPolicy.from_spec(kind=backoff.PolicyKind.FULL_JITTER, base=10, cap=5),
    }
    raised: dict[str, dict[str, str]] = {}
    for name, build_invalid in cases.items():
        try:
            build_invalid()
        except Exception as error:  # noqa: BLE001 - the type is what the test records
            raised[name] = {"type": type(error).__name__, "message": str(error)}
    return raised


def policy_facts() -> dict[str, object]:
    """What crosses the boundary: the spec struct, enums, static members, a seeded schedule."""
    policy = backoff.BackoffPolicy.step_functions(interval=cdk.Duration.seconds(2), rate=3, jitter=backoff.JitterStrategy.FULL)
    return {
        "kind": policy.spec.kind.name,
        "jitter": policy.spec.jitter.name if policy.spec.jitter else None,
        "interval": policy.spec.interval,
        "maxAttemptsLimit": backoff.BackoffPolicy.MAX_ATTEMPTS_LIMIT,
        "seededSchedule": policy.schedule(4, backoff.SeededRandom(7)),
    }


def main() -> None:
    out = Path(sys.argv[1])
    app = cdk.App(outdir=str(out))
    build(app)
    app.synth()
    synthesized = time.perf_counter()
    facts = {
        "errors": invalid_props(),
        "policy": policy_facts(),
        "seconds": {"import": imported - started, "synth": synthesized - imported},
    }
    (out / "facts.json").write_text(json.dumps(facts, indent=2))


main()

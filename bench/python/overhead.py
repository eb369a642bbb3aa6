"""Per-record overhead of sqs_backoff's with_backoff against Powertools for AWS Lambda (Python)
BatchProcessor + process_partial_response, and the import time of each; run by
bench/python/measure-python.ts (`npm run bench`), which prints the JSON this writes on stdout.

The same shapes as the TypeScript rows (bench/overhead): the same records (sqs-event.ts), a no-op
handler that raises for the failing share of records, batches of each size, the two runtimes
warmed up, then timed interleaved in alternating order in one process (worker.ts);
ours parks failures with each delay transport through stub clients (every call answers at once)
and the default logger with its lines discarded (Powertools writes no line per failure either).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from sqs_backoff import JsonLogger, RuntimeConfig, with_backoff


class Stub:
    """Answers every AWS call at once."""

    def send_message(self, **_: Any) -> dict[str, Any]:
        return {}

    def change_message_visibility(self, **_: Any) -> dict[str, Any]:
        return {}

    def start_execution(self, **_: Any) -> dict[str, Any]:
        return {}


class Silent(JsonLogger):
    """The default logger at Lambda's default level (no line per processed record), its lines
    discarded: Powertools writes none either."""

    def _write(self, level: str, msg: str, fields: Any) -> None:
        pass


class Context:
    function_name = "bench"
    aws_request_id = "request-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


class Failure(Exception):
    pass


def event(size: int, fail_share: float) -> tuple[dict[str, Any], set[str]]:
    """The records of bench/overhead/sqs-event.ts, field for field: first deliveries of a small JSON
    body, every `1 / fail_share`-th failing."""
    every = round(1 / fail_share) if fail_share else 0
    records = [
        {
            "messageId": f"0b9f3c2e-5d1a-4c7e-9a4b-{i:012x}",
            "receiptHandle": f"AQEBbenchReceiptHandle{i}",
            "body": json.dumps({"id": f"order-{i}", "sku": "SKU-0042", "quantity": 1}, separators=(",", ":")),
            "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": "1763934000000",
                "SenderId": "AIDAIEXAMPLEEXAMPLE",
                "ApproximateFirstReceiveTimestamp": "1763934000012",
            },
            "messageAttributes": {},
            "md5OfBody": "0c9bd3b3e0d6f1c5bd3a4f1e5c2a7b90",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:bench-work",
            "awsRegion": "us-east-1",
        }
        for i in range(size)
    ]
    failing = {r["messageId"] for i, r in enumerate(records) if every and i % every == 0}
    return {"Records": records}, failing


def ours(failing: set[str], transport: str) -> Any:
    def no_op_handler(message: Any, ctx: Any) -> None:
        if message.message_id in failing:
            raise Failure("boom")

    stub = Stub()
    config = RuntimeConfig(
        policy={"kind": "exponential", "base": 2, "cap": 300},
        max_attempts=5,
        max_receive_count=10,
        queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/bench-work",
        dead_letter_queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/bench-dlq",
        state_machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:bench-retry",
        transport=transport,  # type: ignore[arg-type]
    )
    # Metrics on, as the TypeScript bench: the invocation's EMF line is built and serialized as in
    # Lambda, then kept instead of written, as the silent logger drops the decision lines.
    return with_backoff(
        no_op_handler,
        config=config,
        clients={"sqs": stub, "sfn": stub},
        logger=Silent(),
        write_metrics=_keep_metrics_line,
    )


_last_metrics_line: list[str] = [""]


def _keep_metrics_line(line: str) -> None:
    _last_metrics_line[0] = line


def powertools(failing: set[str]) -> Any:
    processor = BatchProcessor(event_type=EventType.SQS)

    def no_op_handler(record: Any) -> None:
        if record.message_id in failing:
            raise Failure("boom")

    return lambda ev, ctx: process_partial_response(event=ev, record_handler=no_op_handler, processor=processor, context=ctx)


def per_record_us(handler: Any, ev: dict[str, Any], invocations: int, records: int) -> float:
    context = Context()
    start = time.process_time()
    for _ in range(invocations):
        handler(ev, context)
    return (time.process_time() - start) * 1e6 / records


def overhead(sizes: list[int], shares: list[float], transports: list[str], rounds: int, per_sample: int) -> list[dict[str, Any]]:
    rows = []
    for transport in transports:
        for share in shares:
            for size in sizes:
                ev, failing = event(size, share)
                a, b = ours(failing, transport), powertools(failing)
                assert len(a(ev, Context())["batchItemFailures"]) == (len(failing) if transport == "visibility-timeout" else 0)
                assert len(b(ev, Context())["batchItemFailures"]) == len(failing)
                invocations = max(1, -(-per_sample // size))
                ours_us, theirs_us = [], []
                # As bench/overhead/worker.ts: warmed up first, then interleaved in alternating order.
                for _ in range(3):
                    per_record_us(a, ev, invocations, invocations * size)
                    per_record_us(b, ev, invocations, invocations * size)
                for round_ in range(rounds):
                    if round_ % 2 == 0:
                        ours_us.append(per_record_us(a, ev, invocations, invocations * size))
                        theirs_us.append(per_record_us(b, ev, invocations, invocations * size))
                    else:
                        theirs_us.append(per_record_us(b, ev, invocations, invocations * size))
                        ours_us.append(per_record_us(a, ev, invocations, invocations * size))
                o, p = statistics.median(ours_us), statistics.median(theirs_us)
                rows.append({"transport": transport, "failShare": share, "size": size, "oursUs": o, "powertoolsUs": p, "ratio": o / p})
    return rows


IMPORTS = {
    "sqs_backoff": "import sqs_backoff",
    "powertools": "from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response",
}


def import_ms(runs: int) -> dict[str, float]:
    """Median CPU milliseconds of each import in a fresh interpreter, the two alternating (a first,
    unmeasured round compiles and caches the bytecode)."""
    samples: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for round_ in range(runs + 1):
        for name, statement in IMPORTS.items():
            code = f"import time\nt = time.process_time()\n{statement}\nprint((time.process_time() - t) * 1000)"
            ms = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            if round_ > 0:
                samples[name].append(ms)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    # Lambda sets the invocation's trace header in the environment before each invocation, traced
    # or not; the runtime reads it into every log and metrics line.
    os.environ["_X_AMZN_TRACE_ID"] = "Root=1-6755a1c0-2f9a3b4c5d6e7f8091a2b3c4;Parent=53995c3f42cd8ad8;Sampled=0"
    rounds, per_sample, import_runs = (int(arg) for arg in sys.argv[1:4])
    transports = sys.argv[4].split(",")
    rows = overhead([10, 1000], [0.0, 0.1], transports, rounds, per_sample)
    imports = import_ms(import_runs)
    json.dump({"python": sys.version.split()[0], "overhead": rows, "importMs": imports}, sys.stdout)


if __name__ == "__main__":
    main()

"""What one invocation did, aggregated for CloudWatch as Embedded Metric Format lines
(lambda/runtime/metrics.ts): the same lines, byte for byte, as the Node runtime's."""

from __future__ import annotations

from typing import Any, Final

from .js import stringify
from .metric_names import DIMENSION, METRIC, VALUES_PER_METRIC

#: (name, split, unit, distribution) in the order the lines list them.
_LAYOUT: Final = (
    (METRIC.processed, "queue", "Count", False),
    (METRIC.recovered, "queue", "Count", False),
    (METRIC.attempt, "queue", "None", True),
    (METRIC.time_to_success, "queue", "Milliseconds", True),
    (METRIC.park_failed, "queue", "Count", False),
    (METRIC.dead_letter_failed, "queue", "Count", False),
    (METRIC.held, "queue", "Count", False),
    (METRIC.parked, "transport", "Count", False),
    (METRIC.park_delay, "transport", "Seconds", True),
    (METRIC.dead_lettered, "reason", "Count", False),
    (METRIC.fallback, "fallbackCause", "Count", False),
)
_UNIT: Final = {name: unit for name, _split, unit, _distribution in _LAYOUT}
_SPLITS: Final = ("queue", "transport", "reason", "fallbackCause")
_DIMENSION_OF: Final = {"transport": DIMENSION.transport, "reason": DIMENSION.reason, "fallbackCause": DIMENSION.fallback_cause}
#: Counts always written for the queue, zeros included: an alarm then sees a datapoint.
_ALWAYS: Final = (METRIC.processed, METRIC.recovered, METRIC.park_failed, METRIC.dead_letter_failed)

Slice = tuple[str, list[tuple[str, Any]]]


def _js_sort_key(value: str) -> list[int]:
    """JavaScript's default sort compares UTF-16 code units."""
    return list(value.encode("utf-16-be"))


class InvocationMetrics:
    """Fed by the record processor's outcomes; written at the end of the invocation (`lines`)."""

    __slots__ = ("_data", "_first")

    def __init__(self) -> None:
        #: split → dimension value ("" for the queue) → metric → count, or {value: count}.
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        #: Messages processed on their first attempt: nearly all, so a plain count (folded into
        #: `_data` only when the invocation did anything else).
        self._first = 0

    def processed(self, attempt: float, since_first_ms: float) -> None:
        """A message processed on its `attempt`-th attempt; `since_first_ms` from its first receipt, for a retried one."""
        if attempt == 1:
            self._first += 1
            return
        self._count("queue", "", METRIC.processed)
        self._observe("queue", "", METRIC.attempt, attempt)
        if attempt <= 1:
            return
        self._count("queue", "", METRIC.recovered)
        self._observe("queue", "", METRIC.time_to_success, max(0.0, float(_js_round(since_first_ms))))

    def parked(self, transport: str, delay_seconds: float, fallback: str | None) -> None:
        self._count("transport", transport, METRIC.parked)
        self._observe("transport", transport, METRIC.park_delay, delay_seconds)
        if fallback is not None:
            self._count("fallbackCause", fallback, METRIC.fallback)

    def park_failed(self) -> None:
        self._count("queue", "", METRIC.park_failed)

    def dead_lettered(self, reason: str) -> None:
        self._count("reason", reason, METRIC.dead_lettered)

    def held(self) -> None:
        """A failing record outage protection held (parked without counting the attempt)."""
        self._count("queue", "", METRIC.held)

    def dead_letter_failed(self) -> None:
        self._count("queue", "", METRIC.dead_letter_failed)

    @property
    def empty(self) -> bool:
        return not self._data and self._first == 0

    def lines(self, namespace: str, queue_name: str, request_id: str | None, trace_id: str | None, timestamp: float) -> list[str]:
        """The EMF lines: one in the common case; a further line per further transport, reason or
        fallback cause, or per 100 more distinct values of a distribution."""
        if not self._data and self._first > 0:
            return [_first_attempts_line(namespace, queue_name, request_id, trace_id, timestamp, self._first)]
        self._fold_first_attempts()
        slices = [_slices_of(split, self._data.get(split)) for split in _SPLITS]
        count = max(1, *(len(s) for s in slices))
        out: list[str] = []
        for i in range(count):
            present = [(split, slices[s][i]) for s, split in enumerate(_SPLITS) if i < len(slices[s])]
            out.append(stringify(_document(namespace, queue_name, request_id, trace_id, timestamp, present)))
        return out

    def _fold_first_attempts(self) -> None:
        first, self._first = self._first, 0
        if first == 0:
            return
        queue = self._bucket("queue", "")
        queue[METRIC.processed] = queue.get(METRIC.processed, 0) + first
        attempts: dict[float, int] = queue.setdefault(METRIC.attempt, {})
        attempts[1] = attempts.get(1, 0) + first

    def _bucket(self, split: str, value: str) -> dict[str, Any]:
        return self._data.setdefault(split, {}).setdefault(value, {})

    def _count(self, split: str, value: str, name: str) -> None:
        metrics = self._bucket(split, value)
        metrics[name] = metrics.get(name, 0) + 1

    def _observe(self, split: str, value: str, name: str, sample: float) -> None:
        histogram: dict[float, int] = self._bucket(split, value).setdefault(name, {})
        histogram[sample] = histogram.get(sample, 0) + 1


_FIRST_ATTEMPTS_METRICS: Final = (METRIC.processed, METRIC.recovered, METRIC.attempt, METRIC.park_failed, METRIC.dead_letter_failed)
#: (namespace, queue name) → the line's head up to its timestamp and after it, as the general path writes them.
_first_attempts_heads: dict[tuple[str, str], str] = {}


def _first_attempts_line(
    namespace: str, queue_name: str, request_id: str | None, trace_id: str | None, timestamp: float, n: int
) -> str:
    """The line of nearly every invocation (only first attempts, nothing else): the general path's
    bytes, concatenated from a head cached per namespace and queue."""
    head = _first_attempts_heads.get((namespace, queue_name))
    if head is None:
        directive = {
            "Namespace": namespace,
            "Dimensions": [[DIMENSION.queue]],
            "Metrics": [{"Name": name, "Unit": _UNIT[name]} for name in _FIRST_ATTEMPTS_METRICS],
        }
        head = _first_attempts_heads[(namespace, queue_name)] = (
            f',"CloudWatchMetrics":[{stringify(directive)}]}},"{DIMENSION.queue}":{stringify(queue_name)}'
        )
    ids = ("" if request_id is None else f',"requestId":{stringify(request_id)}') + (
        "" if trace_id is None else f',"traceId":{stringify(trace_id)}'
    )
    return (
        f'{{"_aws":{{"Timestamp":{stringify(timestamp)}{head}{ids}'
        f',"{METRIC.processed}":{n},"{METRIC.recovered}":0'
        f',"{METRIC.attempt}":{{"Values":[1],"Counts":[{n}],"Max":1,"Min":1,"Count":{n},"Sum":{n}}}'
        f',"{METRIC.park_failed}":0,"{METRIC.dead_letter_failed}":0}}'
    )


def _js_round(x: float) -> float:
    from .js import js_round  # noqa: PLC0415 - only retried successes need it

    return js_round(x)


def _slices_of(split: str, by_value: dict[str, dict[str, Any]] | None) -> list[Slice]:
    if split == "queue" and by_value is None:
        by_value = {"": {}}
    if by_value is None:
        return []
    slices: list[Slice] = []
    for value in sorted(by_value, key=_js_sort_key):
        samples = by_value[value]
        chunks: list[Slice] = [(value, [])]
        for name, of, _unit, distribution in _LAYOUT:
            if of != split:
                continue
            sample = samples.get(name)
            if not distribution:
                if sample is not None or (split == "queue" and name in _ALWAYS):
                    chunks[0][1].append((name, sample if sample is not None else 0))
                continue
            if sample is None:
                continue
            for i, histogram in enumerate(_histograms_of(sample)):
                if i >= len(chunks):
                    chunks.append((value, []))
                chunks[i][1].append((name, histogram))
        slices.extend(chunks)
    return slices


def _histograms_of(samples: dict[float, int]) -> list[dict[str, Any]]:
    values = sorted(samples)
    out: list[dict[str, Any]] = []
    for start in range(0, len(values), VALUES_PER_METRIC):
        chunk = values[start : start + VALUES_PER_METRIC]
        counts = [samples[v] for v in chunk]
        total = 0.0
        for v, c in zip(chunk, counts, strict=True):
            total += v * c
        out.append({"Values": chunk, "Counts": counts, "Max": chunk[-1], "Min": chunk[0], "Count": sum(counts), "Sum": total})
    return out


def _document(
    namespace: str, queue_name: str, request_id: str | None, trace_id: str | None, timestamp: float, present: list[tuple[str, Slice]]
) -> dict[str, Any]:
    directives = []
    for split, (_value, metrics) in present:
        if not metrics:
            continue
        dimensions = [[DIMENSION.queue]] if split == "queue" else [[DIMENSION.queue], [DIMENSION.queue, _DIMENSION_OF[split]]]
        definitions = [{"Name": n, "Unit": _UNIT[n]} for n, _ in metrics]
        directives.append({"Namespace": namespace, "Dimensions": dimensions, "Metrics": definitions})
    root: dict[str, Any] = {"_aws": {"Timestamp": timestamp, "CloudWatchMetrics": directives}, DIMENSION.queue: queue_name}
    for split, (value, _metrics) in present:
        if split != "queue":
            root[_DIMENSION_OF[split]] = value
    if request_id is not None:
        root["requestId"] = request_id
    if trace_id is not None:
        root["traceId"] = trace_id
    for _split, (_value, metrics) in present:
        for name, value in metrics:
            root[name] = value
    return root

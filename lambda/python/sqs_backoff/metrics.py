"""What one invocation did, aggregated for CloudWatch as Embedded Metric Format lines
(lambda/runtime/metrics.ts): the same lines, byte for byte, as the Node runtime's, built the same way
(each line written as a string, its directives and queue dimension from a head cached per shape)."""

from __future__ import annotations

from typing import Any, Final

from .js import json_string, number_text, stringify
from .metric_names import DIMENSION, METRIC, VALUES_PER_METRIC

_UNIT: Final = {
    METRIC.processed: "Count",
    METRIC.recovered: "Count",
    METRIC.attempt: "None",
    METRIC.time_to_success: "Milliseconds",
    METRIC.park_failed: "Count",
    METRIC.dead_letter_failed: "Count",
    METRIC.parked: "Count",
    METRIC.park_delay: "Seconds",
    METRIC.dead_lettered: "Count",
    METRIC.fallback: "Count",
    METRIC.held: "Count",
}
_SPLITS: Final = ("transport", "reason", "fallbackCause")
_DIMENSION_OF: Final = {"transport": DIMENSION.transport, "reason": DIMENSION.reason, "fallbackCause": DIMENSION.fallback_cause}
#: Each split's count and (for `transport`) its distribution, in the order the lines list them.
_SPLIT_METRICS: Final = {
    "transport": (METRIC.parked, METRIC.park_delay),
    "reason": (METRIC.dead_lettered,),
    "fallbackCause": (METRIC.fallback,),
}
#: The shape bit of a line that writes `Held` (bits 1–256 are the queue's and the splits' metrics).
_HELD_SHAPE: Final = 512
#: The shape of a line of first attempts only: the queue's counts and Attempt.
_FIRST_ATTEMPTS_SHAPE: Final = 3

Histogram = dict[float, int]


class _SplitSamples:
    """One split value's samples: a count and, for transports, the delays."""

    __slots__ = ("count", "values")

    def __init__(self) -> None:
        self.count = 0
        self.values: Histogram | None = None


#: One line's part of a split: its dimension member, and the count and/or histogram of one value.
_Cell = tuple[str, int | None, str | None]


class InvocationMetrics:
    """Fed by the record processor's outcomes; written at the end of the invocation (`lines`). The
    queue's counts are plain fields, as nearly every invocation has nothing else."""

    # Class-level defaults rather than __slots__ and an __init__: one is made per invocation, and
    # nearly every invocation sets only `_processed` and `_first` (a third of the making cost).
    _processed = 0
    _recovered = 0
    _park_failed = 0
    _dead_letter_failed = 0
    #: Outage protection's holds; written only when there were any, so other lines keep their bytes.
    _held = 0
    #: Messages processed on their first attempt: nearly all, so a count rather than a map entry.
    _first = 0
    #: Later attempts' numbers.
    _later: Histogram | None = None
    _times: Histogram | None = None
    #: Per split, per dimension value; each created on the split's first park or dead letter.
    _splits: dict[str, dict[str, _SplitSamples]] | None = None

    def processed(self, attempt: float, since_first_ms: float) -> None:
        """A message processed on its `attempt`-th attempt; `since_first_ms` from its first receipt, for a retried one."""
        self._processed += 1
        if attempt == 1:
            self._first += 1
            return
        later = self._later
        if later is None:
            later = self._later = {}
        _add(later, attempt)
        if attempt < 1:
            return
        self._recovered += 1
        times = self._times
        if times is None:
            times = self._times = {}
        _add(times, max(0.0, float(_js_round(since_first_ms))))

    def first_attempts(self, n: int) -> None:
        """`n` messages processed on their first attempt (the record processor counts them in bulk)."""
        self._processed += n
        self._first += n

    def parked(self, transport: str, delay_seconds: float, fallback: str | None) -> None:
        """A retry arranged by `transport` after `delay_seconds`; `fallback` when Step Functions could not take it."""
        samples = self._samples("transport", transport)
        values = samples.values
        if values is None:
            values = samples.values = {}
        values[delay_seconds] = values.get(delay_seconds, 0) + 1
        if fallback is not None:
            self._samples("fallbackCause", fallback)

    def park_failed(self) -> None:
        self._park_failed += 1

    def dead_lettered(self, reason: str) -> None:
        self._samples("reason", reason)

    def held(self) -> None:
        """A failing record outage protection held (parked without counting the attempt)."""
        self._held += 1

    def dead_letter_failed(self) -> None:
        self._dead_letter_failed += 1

    def lines(self, namespace: str, queue_name: str, request_id: str | None, trace_id: str | None, timestamp: float) -> list[str]:
        """The EMF lines: none when nothing was recorded, one in the common case; a further line per
        further transport, reason or fallback cause, or per 100 more distinct values of a
        distribution. Line `i` takes the `i`-th histogram of each distribution and the `i`-th cell of each split."""
        n = self._first
        if self._later is None and self._splits is None and self._held == 0 and self._park_failed == 0 and self._dead_letter_failed == 0:
            if n == 0:
                return []
            ids = _ids(request_id, trace_id)
            # Nearly every invocation: first attempts processed, nothing else (the general path's bytes).
            head = _heads_of(namespace, queue_name).get(_FIRST_ATTEMPTS_SHAPE) or _cache_head(namespace, queue_name, _FIRST_ATTEMPTS_SHAPE)
            return [
                f'{{"_aws":{{"Timestamp":{number_text(timestamp)}{head}{ids},"Processed":{n},"Recovered":0'
                f',"Attempt":{_first_attempts(n)},"ParkFailed":0,"DeadLetterFailed":0}}'
            ]
        ids = _ids(request_id, trace_id)
        if self._later is None and self._times is None and _one_value_each(self._splits):
            return [self._one_line(namespace, queue_name, ids, timestamp)]
        return self._lines(namespace, queue_name, ids, timestamp)

    def _lines(self, namespace: str, queue_name: str, ids: str, timestamp: float) -> list[str]:
        """`lines` in general."""
        n = self._first
        attempts = ([_first_attempts(n)] if n > 0 else []) if self._later is None else _histograms(self._all_attempts())
        times = [] if self._times is None else _histograms(self._times)
        splits = self._splits
        #: (split index, its cells) of the splits this invocation has.
        cells: list[tuple[int, list[_Cell]]] = []
        if splits is not None:
            cells = [(s, _split_cells(split, by_value)) for s, split in enumerate(_SPLITS) if (by_value := splits.get(split)) is not None]
        stamp = number_text(timestamp)
        heads = _heads_of(namespace, queue_name)
        out: list[str] = []
        i = 0
        more = True
        while more:
            shape = 0
            metrics = ""
            if i == 0:
                shape = 1
                metrics = f',"Processed":{self._processed},"Recovered":{self._recovered}'
            if i < len(attempts):
                shape |= 2
                metrics += f',"Attempt":{attempts[i]}'
            if i < len(times):
                shape |= 4
                metrics += f',"TimeToSuccess":{times[i]}'
            if i == 0:
                metrics += f',"ParkFailed":{self._park_failed},"DeadLetterFailed":{self._dead_letter_failed}'
                if self._held > 0:
                    shape |= _HELD_SHAPE
                    metrics += f',"Held":{self._held}'
            more = i + 1 < len(attempts) or i + 1 < len(times)
            dimensions = ""
            for s, split_cells in cells:
                if i >= len(split_cells):
                    continue
                dimension, count, values = split_cells[i]
                more = more or i + 1 < len(split_cells)
                names = _SPLIT_METRICS[_SPLITS[s]]
                dimensions += dimension
                if count is not None:
                    shape |= 8 << (2 * s)
                    metrics += f',"{names[0]}":{count}'
                if values is not None:
                    shape |= 16 << (2 * s)
                    metrics += f',"{names[1]}":{values}'
            head = heads.get(shape) or _cache_head(namespace, queue_name, shape)
            out.append(f'{{"_aws":{{"Timestamp":{stamp}{head}{dimensions}{ids}{metrics}}}')
            i += 1
        return out

    def _one_line(self, namespace: str, queue_name: str, ids: str, timestamp: float) -> str:
        """`lines` of an invocation whose parks, dead letters and fallbacks each had one dimension
        value and no retried message succeeded (so one line): the general path's bytes, written straight."""
        n = self._first
        shape = 3 if n > 0 else 1
        metrics = f',"Processed":{self._processed},"Recovered":{self._recovered}'
        if n > 0:
            metrics += f',"Attempt":{_first_attempts(n)}'
        metrics += f',"ParkFailed":{self._park_failed},"DeadLetterFailed":{self._dead_letter_failed}'
        if self._held > 0:
            shape |= _HELD_SHAPE
            metrics += f',"Held":{self._held}'
        dimensions = ""
        splits = self._splits
        if splits is not None:
            for s, split in enumerate(_SPLITS):
                by_value = splits.get(split)
                if by_value is None:
                    continue
                for value, samples in by_value.items():
                    names = _SPLIT_METRICS[split]
                    dimensions += _DIMENSION_MEMBERS.get((split, value)) or _dimension_member(split, value)
                    shape |= 8 << (2 * s)
                    metrics += f',"{names[0]}":{samples.count}'
                    if samples.values is not None:
                        shape |= 16 << (2 * s)
                        metrics += f',"{names[1]}":{_histograms(samples.values)[0]}'
        head = _heads_of(namespace, queue_name).get(shape) or _cache_head(namespace, queue_name, shape)
        return f'{{"_aws":{{"Timestamp":{number_text(timestamp)}{head}{dimensions}{ids}{metrics}}}'

    def _all_attempts(self) -> Histogram:
        """Every attempt number seen, first attempts included."""
        every: Histogram = {1: self._first} if self._first > 0 else {}
        for attempt, count in (self._later or {}).items():
            every[attempt] = every.get(attempt, 0) + count
        return every

    def _samples(self, split: str, value: str) -> _SplitSamples:
        splits = self._splits
        if splits is None:
            splits = self._splits = {}
        by_value = splits.get(split)
        if by_value is None:
            by_value = splits[split] = {}
        samples = by_value.get(value)
        if samples is None:
            samples = by_value[value] = _SplitSamples()
        samples.count += 1
        return samples


def _add(histogram: Histogram, sample: float) -> None:
    histogram[sample] = histogram.get(sample, 0) + 1


def _js_round(x: float) -> float:
    from .js import js_round  # noqa: PLC0415 - only retried successes need it

    return js_round(x)


def _js_sort_key(value: str) -> list[int]:
    """JavaScript's default sort compares UTF-16 code units."""
    return list(value.encode("utf-16-be", "surrogatepass"))


def _split_cells(split: str, by_value: dict[str, _SplitSamples]) -> list[_Cell]:
    """A split's cells in dimension-value order; a value with over 100 distinct delays takes several (its count in the first)."""
    cells: list[_Cell] = []
    for value in by_value if len(by_value) == 1 else sorted(by_value, key=_js_sort_key):
        samples = by_value[value]
        dimension = _DIMENSION_MEMBERS.get((split, value)) or _dimension_member(split, value)
        if samples.values is None:
            cells.append((dimension, samples.count, None))
            continue
        for i, histogram in enumerate(_histograms(samples.values)):
            cells.append((dimension, samples.count if i == 0 else None, histogram))
    return cells


#: `,"<Dimension>":"<value>"` by (split, value): a few transports, reasons and causes.
_DIMENSION_MEMBERS: dict[tuple[str, str], str] = {}


def _dimension_member(split: str, value: str) -> str:
    member = _DIMENSION_MEMBERS[(split, value)] = f',"{_DIMENSION_OF[split]}":{json_string(value)}'
    return member


def _ids(request_id: str | None, trace_id: str | None) -> str:
    return ("" if request_id is None else f',"requestId":{json_string(request_id)}') + (
        "" if trace_id is None else f',"traceId":{json_string(trace_id)}'
    )


def _one_value_each(splits: dict[str, dict[str, _SplitSamples]] | None) -> bool:
    """Whether each split has at most one dimension value, with at most 100 distinct delays."""
    if splits is None:
        return True
    for by_value in splits.values():
        if len(by_value) > 1:
            return False
        for samples in by_value.values():
            if samples.values is not None and len(samples.values) > VALUES_PER_METRIC:
                return False
    return True


def _first_attempts(n: int) -> str:
    """The Attempt histogram of `n` messages processed on their first attempt (`_single(1, n)`'s bytes)."""
    return f'{{"Values":[1],"Counts":[{n}],"Max":1,"Min":1,"Count":{n},"Sum":{n}}}'


def _single(value: float, count: int) -> str:
    v = number_text(value)
    return f'{{"Values":[{v}],"Counts":[{count}],"Max":{v},"Min":{v},"Count":{count},"Sum":{number_text(value * count)}}}'


def _histograms(samples: Histogram) -> list[str]:
    """A distribution as JSON histograms of at most 100 distinct values each, values ascending."""
    if len(samples) == 1:
        ((value, count),) = samples.items()
        return [_single(value, count)]
    values = sorted(samples)
    out: list[str] = []
    for start in range(0, len(values), VALUES_PER_METRIC):
        chunk = values[start : start + VALUES_PER_METRIC]
        counts = [samples[v] for v in chunk]
        total = 0.0
        count = 0
        for v, c in zip(chunk, counts, strict=True):
            total += v * c
            count += c
        texts = [number_text(v) for v in chunk]
        out.append(
            f'{{"Values":[{",".join(texts)}],"Counts":[{",".join(map(str, counts))}],"Max":{texts[-1]},"Min":{texts[0]},'
            f'"Count":{count},"Sum":{number_text(total)}}}'
        )
    return out


#: (namespace, queue name) → the line heads by shape: the same few in every invocation.
_heads: dict[tuple[str, str], dict[int, str]] = {}


def _heads_of(namespace: str, queue_name: str) -> dict[int, str]:
    last = _last_heads
    if last[0] == namespace and last[1] == queue_name:
        found: dict[int, str] = last[2]
        return found
    heads = _heads.get((namespace, queue_name))
    if heads is None:
        heads = _heads[(namespace, queue_name)] = {}
    _last_heads[:] = [namespace, queue_name, heads]
    return heads


#: The heads last asked for: one function writes for one queue.
_last_heads: list[Any] = ["", "", {}]


def _cache_head(namespace: str, queue_name: str, shape: int) -> str:
    head = _heads_of(namespace, queue_name)[shape] = _head(namespace, queue_name, shape)
    return head


def _head(namespace: str, queue_name: str, shape: int) -> str:
    """A line's directives and queue dimension, by its `shape`: bit 0 the queue's counts, 1 Attempt,
    2 TimeToSuccess, then two per split (its count, its histogram), 512 Held."""
    queue: list[str] = []
    if shape & 1:
        queue += [METRIC.processed, METRIC.recovered]
    if shape & 2:
        queue.append(METRIC.attempt)
    if shape & 4:
        queue.append(METRIC.time_to_success)
    if shape & 1:
        queue += [METRIC.park_failed, METRIC.dead_letter_failed]
    if shape & _HELD_SHAPE:
        queue.append(METRIC.held)
    parts = [_directive(namespace, None, queue)] if queue else []
    for s, split in enumerate(_SPLITS):
        names = [name for i, name in enumerate(_SPLIT_METRICS[split]) if shape & (8 << (2 * s + i))]
        if names:
            parts.append(_directive(namespace, split, names))
    return f',"CloudWatchMetrics":[{",".join(parts)}]}},"{DIMENSION.queue}":{json_string(queue_name)}'


def _directive(namespace: str, split: str | None, names: list[str]) -> str:
    """A directive's JSON. Split metrics are also written per queue alone: their totals, for alarms and `status`."""
    dimensions = [[DIMENSION.queue]] if split is None else [[DIMENSION.queue], [DIMENSION.queue, _DIMENSION_OF[split]]]
    return stringify({"Namespace": namespace, "Dimensions": dimensions, "Metrics": [{"Name": n, "Unit": _UNIT[n]} for n in names]})

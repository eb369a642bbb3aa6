"""Puts lambda/python on the path, as the Lambda layer does (/opt/python)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lambda" / "python"))


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Prints how many vectors of each category ran."""
    from test_vectors import COUNTS, POW_ULP_DIFFERENCES

    counts = dict(COUNTS)
    try:
        from test_scenarios import COUNTS as SCENARIO_COUNTS

        counts.update(SCENARIO_COUNTS)
    except ImportError:
        pass
    if counts:
        write = terminalreporter.write_line  # type: ignore[attr-defined]
        write("golden vectors run per category: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if POW_ULP_DIFFERENCES:
            write(f"Math.pow vectors one ulp from V8 (libm's pow): {POW_ULP_DIFFERENCES['pow']}")

"""The one timing rule of the benches: the median wall time of `runs` calls, and the last call's result."""
from __future__ import annotations

import statistics
import time


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def median_seconds(fn, runs: int) -> float:
    return timed(fn, runs)[0]

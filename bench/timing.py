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


def alternated(first, second, runs: int) -> tuple[float, float]:
    """Median wall times of two calls measured in turns (first/second, then second/first ...), so a
    machine whose speed drifts from minute to minute weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(runs):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for i in order:
            start = time.perf_counter()
            (first, second)[i]()
            times[i].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])

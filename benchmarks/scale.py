"""Bench sizes and three-round statistics shared by the scale benchmarks."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

# CI (and a quick look) sets HEADSUP_BENCH_SIZE=tiny (as benchmarks/common.py reads it;
# HEADSUP_BENCH_TINY=1 still works): one small size, so no bench rots.
FULL_SIZES = (1_000, 10_000, 100_000)
TINY_SIZES = (200,)
ROUNDS = 3


def sizes() -> tuple[int, ...]:
    """Return the picture sizes to measure at."""
    if os.environ.get("HEADSUP_BENCH_TINY") or os.environ.get("HEADSUP_BENCH_SIZE") == "tiny":
        return TINY_SIZES
    chosen = os.environ.get("HEADSUP_BENCH_SIZES")  # e.g. "1000,10000" for one look
    return tuple(int(s) for s in chosen.split(",")) if chosen else FULL_SIZES


def repeats(size: int, small: int = 20) -> int:
    """Return calls per round: fewer at 100k, where each naive call takes a second."""
    return max(3, small * 10_000 // max(size, 10_000))


def rounds(
    action: Callable[[], Any], count: int, before: Callable[[], None] | None = None
) -> list[float]:
    """Return the median milliseconds of `action` in each of three rounds of `count` calls."""
    medians = []
    for _ in range(ROUNDS):
        samples = []
        for _ in range(count):
            if before:
                before()
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(samples))
    return medians


def summary(medians: list[float]) -> dict[str, float]:
    """Return the median of the round medians and their spread (max - min)."""
    return {"value": statistics.median(medians), "spread": max(medians) - min(medians)}

"""Spread per-record work over the machine's cores for large data sets.

Workers are forked, so they inherit everything already loaded (catalogue, templates,
records) and only results travel back. Small data sets stay in-process: forking
costs more than it saves there, and tests keep a single process."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 300
_shared: Any = None


def _run(job: tuple[Callable[[Any, Sequence[Any]], list[Any]], int, int]) -> list[Any]:
    fn, start, stop = job
    shared, items = _shared
    return fn(shared, items[start:stop])


def pmap(fn: Callable[[Any, Sequence[T]], list[R]], items: Sequence[T], shared: Any, min_items: int = MIN_ITEMS) -> list[R]:
    """fn(shared, chunk) -> results, over contiguous chunks; results keep the input order.
    `fn` must be a module-level function; `shared` and the items may be anything: workers
    inherit them and are sent only index ranges, so nothing is pickled on the way out.
    The parent works on the first chunk itself while forked workers take the rest, so
    only their share of the results is pickled back."""
    global _shared
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), 8)
    size = -(-len(items) // workers) or 1
    starts = list(range(0, len(items), size))
    if len(items) < min_items or len(starts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return fn(shared, items)
    _shared = (shared, items)
    try:
        with multiprocessing.get_context("fork").Pool(len(starts) - 1) as pool:
            pending = pool.map_async(_run, [(fn, i, i + size) for i in starts[1:]])
            first = fn(shared, items[:size])
            rest = pending.get()
    finally:
        _shared = None
    return first + [r for part in rest for r in part]

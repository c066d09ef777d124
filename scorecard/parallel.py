"""Spread per-record work over the machine's cores for large data sets.

Workers are forked, so they inherit everything already loaded (catalogue, templates,
records, the items themselves) and are sent only index ranges; only results travel
back. Small data sets stay in-process: forking costs more than it saves there, and
tests keep a single process unless they ask otherwise."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 300
_shared: Any = None


def _run(job: tuple[Callable[[Any, Sequence[Any]], list[Any]], int, int]) -> list[Any]:
    fn, start, stop = job
    shared, items = _shared
    return fn(shared, items[start:stop])


def workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, 8) if "fork" in multiprocessing.get_all_start_methods() else 1


def pmap(fn: Callable[[Any, Sequence[T]], list[R]], items: Sequence[T], shared: Any,
         min_items: int = MIN_ITEMS, pieces: Optional[int] = None) -> list[R]:
    """fn(shared, chunk) -> results, over contiguous chunks; results keep the input order.
    `fn` must be a module-level function.

    By default there is one chunk per worker and the parent works the first itself, so
    only the others' results are pickled back: best when results are large (records).
    With `pieces`, the items are cut into that many chunks handed out as workers free
    up while the parent waits: best when results are small and chunks cost unequal
    amounts (pages, where one chunk also renders the site-wide files)."""
    global _shared
    n = workers()
    if len(items) < min_items or n < 2 or len(items) < 2:
        return fn(shared, items)
    size = -(-len(items) // (pieces or n))
    ranges = [(fn, i, i + size) for i in range(0, len(items), size)]
    _shared = (shared, items)
    try:
        with multiprocessing.get_context("fork").Pool(n if pieces else len(ranges) - 1) as pool:
            if pieces:
                parts = pool.map(_run, ranges, chunksize=1)
            else:
                pending = pool.map_async(_run, ranges[1:], chunksize=1)
                parts = [fn(shared, items[:size]), *pending.get()]
    finally:
        _shared = None
    return [r for part in parts for r in part]

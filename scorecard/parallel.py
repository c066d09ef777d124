"""Spread per-record work over the machine's cores for large data sets.

Workers are forked, so they inherit everything already loaded (catalogue, templates,
records, the items themselves) and are sent only index ranges; only results travel
back. Small data sets stay in-process: forking costs more than it saves there, and
tests keep a single process unless they ask otherwise.

Batch work also runs with the cyclic garbage collector paused (`collector_paused`)."""

from __future__ import annotations

import gc
import multiprocessing
import os
from contextlib import contextmanager
from multiprocessing.reduction import ForkingPickler
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 300
QUEUED_MAX_BYTES = 16 * 1024  # well under a socket pair's buffer, so queueing never blocks
_shared: Any = None


def _run(job: tuple[Callable[[Any, Sequence[Any]], list[Any]], int, int]) -> list[Any]:
    fn, start, stop = job
    shared, items = _shared
    return fn(shared, items[start:stop])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch, in this process and the workers
    it forks. Records, scores and pages are trees of objects that reference counting
    frees, but the collector kept re-scanning every record held for the next step: it
    was a third of a 10,000-model build's CPU time. A whole 1,000-model build leaves
    a few hundred cyclic objects behind, so memory does not grow for want of it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, 8) if "fork" in multiprocessing.get_all_start_methods() else 1


def pmap(fn: Callable[[Any, Sequence[T]], list[R]], items: Sequence[T], shared: Any, min_items: int = MIN_ITEMS) -> list[R]:
    """fn(shared, chunk) -> results, over one contiguous chunk per worker; results keep
    the input order. `fn` must be a module-level function. The parent works the first
    chunk itself, so only the others' results are pickled back."""
    global _shared
    n = workers()
    if len(items) < min_items or n < 2 or len(items) < 2:
        return fn(shared, items)
    size = -(-len(items) // n)
    ranges = [(fn, i, i + size) for i in range(size, len(items), size)]
    _shared = (shared, items)
    try:
        with multiprocessing.get_context("fork").Pool(len(ranges)) as pool:
            pending = pool.map_async(_run, ranges, chunksize=1)
            parts = [fn(shared, items[:size]), *pending.get()]
    finally:
        _shared = None
    return [r for part in parts for r in part]


class Team:
    """Forked workers that keep their own state from one step to the next.

    `pmap` hands every result back to the parent. In a site build each record becomes a
    score and then pages, and pickling scores back cost as much as computing them. In a
    team each member owns one share of the records from parsing to written pages, and
    between steps only small summaries travel. Member 0 is the calling process.
    With one member nothing is forked and every step runs in-process, so the same code
    serves small data sets and tests."""

    def __init__(self, size: int, state: dict[str, Any]) -> None:
        """`state` starts every member's state; members inherit it when forked (no pickling)."""
        self.size = size if size > 1 and "fork" in multiprocessing.get_all_start_methods() else 1
        self.state = dict(state)
        self._members: list[tuple[Any, Any]] = []
        self._pending = 0  # jobs sent whose results are not yet received
        ctx = multiprocessing.get_context("fork")
        for index in range(1, self.size):
            parent_end, child_end = ctx.Pipe()
            proc = ctx.Process(target=_member, args=(child_end, index, dict(state)), daemon=True)
            proc.start()
            child_end.close()
            self._members.append((proc, parent_end))

    def step(self, fn: Callable[[dict[str, Any], int, Any], R], args: Sequence[Any]) -> list[R]:
        """fn(state, member index, args[index]) in every member at once; results in member order."""
        self.send(fn, args)
        return [self.own(fn, args[0]), *self.receive()]

    def send(self, fn: Callable[[dict[str, Any], int, Any], Any], args: Sequence[Any]) -> None:
        """Queue fn(state, index, args[index]) in every member but this one. Members run
        their queue in order, so a second job can be sent before the first one's results
        are received, and they go straight on while this process reads those results.

        A job queued behind another must be small: its member reads it only when done
        with the earlier job, whose results it cannot hand back while this process is
        still blocked sending. That would hang both, so it is refused instead; pass
        large data with the first job and keep it in the member's state."""
        payloads = [ForkingPickler.dumps((fn, arg)) for arg in args[1:]]
        if self._pending and max(map(len, payloads), default=0) > QUEUED_MAX_BYTES:
            raise ValueError(f"a queued job's arguments are over {QUEUED_MAX_BYTES} bytes: send them with the first job")
        for (_, conn), payload in zip(self._members, payloads):
            conn.send_bytes(payload)
        self._pending += 1

    def own(self, fn: Callable[[dict[str, Any], int, Any], R], arg: Any) -> R:
        """This process's part of a job (member 0)."""
        try:
            return fn(self.state, 0, arg)
        except BaseException:
            self._stop()
            raise

    def receive(self) -> list[Any]:
        """The other members' results of their oldest job not yet received, in member order.
        On a failure every member is stopped before the error is raised, so none is still
        writing while the caller cleans up."""
        results = []
        for index, (proc, conn) in enumerate(self._members, start=1):
            try:
                ok, value = conn.recv()
            except EOFError:
                self._stop()
                raise RuntimeError(f"build worker {index} died (exit code {proc.exitcode})") from None
            if not ok:
                self._stop()
                raise RuntimeError(f"build worker {index} failed:\n{value}")
            results.append(value)
        self._pending -= 1
        return results

    def close(self) -> None:
        for proc, conn in self._members:
            try:
                conn.send(None)
            except OSError:
                pass
            proc.join(timeout=2)
            if proc.is_alive():
                proc.terminate()
            conn.close()
        self._members = []

    def _stop(self) -> None:
        for proc, conn in self._members:
            proc.terminate()
            proc.join()
            conn.close()
        self._members = []

    def __enter__(self) -> "Team":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _member(conn: Any, index: int, state: dict[str, Any]) -> None:
    import traceback

    try:
        while (job := conn.recv()) is not None:
            fn, arg = job
            try:
                conn.send((True, fn(state, index, arg)))
            except Exception:
                conn.send((False, traceback.format_exc()))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        os._exit(0)  # a forked copy: never run the parent's exit handlers or free its heap

"""Reading ahead on a thread: the next chunks are parsed while the current one is summed.

pyarrow parses and numpy sums with the GIL released, so a reader thread that fills a
small bounded queue lets both cores work: `prefetch` runs an iterator on its own
thread and hands on its items, and its exception at the end, in the same order. The
queue's depth bounds the memory: at most ``depth`` items wait, one is being made and
one is being used.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

from .._background import Background

__all__ = ["Background", "prefetch"]

T = TypeVar("T")

_DONE = object()


def prefetch(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Yield the items of an iterator that runs ahead on its own thread.

    Parameters
    ----------
    items : iterator
        Any iterator (a generator is closed on its thread when iteration stops early).
    depth : int, default 2
        Most items made and not yet taken.

    Yields
    ------
    object
        The items, in order; an exception raised by `items` is raised here, after the
        items made before it.

    Examples
    --------
    >>> list(prefetch(iter(range(5))))
    [0, 1, 2, 3, 4]
    """
    box: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object, error: BaseException | None = None) -> None:
        while not stop.is_set():
            try:
                box.put((item, error), timeout=0.05)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for item in items:
                put(item)
                if stop.is_set():
                    break
            else:
                put(_DONE)
        except BaseException as e:  # handed to the consumer, raised there
            put(_DONE, e)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=work, name="relindex-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, error = box.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()

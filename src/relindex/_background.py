"""A function run on its own thread, its value or exception collected once.

The loader overlaps work that releases the GIL (reading and parsing a table with
pyarrow, hashing bytes, sorting id hashes with numpy) with the validation that holds
it; the events readers count lines while they parse. Each of them starts one
`Background` and waits on its `result` where the value is needed, so the value and any
error are the same as when the function runs inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Background"]

T = TypeVar("T")


class Background(Generic[T]):
    """A function run on its own thread; `result` waits for it and returns or raises.

    Examples
    --------
    >>> Background(lambda: 6 * 7).result()
    42
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn,), daemon=True,
                                        name="relindex-background")
        self._thread.start()

    def _run(self, fn: Callable[[], T]) -> None:
        try:
            self._value = fn()
        except BaseException as e:  # raised by result()
            self._error = e

    def wait(self) -> None:
        """Wait for the function to end, whatever its outcome (kept for `result`)."""
        self._thread.join()

    def result(self) -> T:
        """Wait for the function; its value, or its exception raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

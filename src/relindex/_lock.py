"""An exclusive lock on a file, held through a lock file beside it.

Writers that read a file, change it and write it back (``relindex extract
--append``) take this lock first, so two of them never interleave: the second
waits, and says so through `on_wait`, until the first has renamed its new file
into place. The lock is an advisory ``fcntl.flock`` on ``.NAME.lock`` in the
same folder; the lock file itself is left in place (removing it would let a
third writer lock a different file), and the kernel releases the lock when the
process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import InputFileError

__all__ = ["exclusive_lock", "lock_path"]


def lock_path(target: Path) -> Path:
    """The lock file of `target`: ``.NAME.lock`` in the same folder."""
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive_lock(target: Path, *, on_wait: Callable[[str], None] | None = None
                   ) -> Iterator[bool]:
    """Hold an exclusive lock on `target` for the duration of the ``with`` block.

    Parameters
    ----------
    target : Path
        The file to be changed; its folder must exist.
    on_wait : callable, optional
        Called with a one-line message when another process holds the lock
        and this one has to wait.

    Yields
    ------
    bool
        Whether this process had to wait for the lock.

    Raises
    ------
    InputFileError
        If the target is not a regular file or a new path (`relindex._output.check_output`),
        or the lock file cannot be created (missing folder, no permission).
    """
    import fcntl

    from ._output import check_output

    check_output(target)  # a device, FIFO, folder or symlink: refused before any lock file
    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as e:
        raise InputFileError(f"lock file cannot be created ({e.strerror})", path=path,
                             fix="check that the folder exists and is writable") from None
    waited = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waited = True
            if on_wait is not None:
                on_wait(f"waiting for another writer of {target} to finish (lock {path.name})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield waited
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

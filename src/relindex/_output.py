"""Writing output files: checked targets, atomic replacement, no temporary file left behind.

Every file relindex writes goes through `atomic_write`:

1. `check_output` refuses a target that is not a regular file or a new path (a
   directory, a device such as ``/dev/null``, a FIFO, a socket, a symlink, a path
   under a file) *before* anything is created beside it: no lock file, no
   temporary file;
2. temporary files a killed earlier write left beside the target (``.NAME.PID.*.tmp``
   whose process is gone) are removed;
3. the data goes to a new temporary file in the same folder, is flushed to disk and
   renamed over the target; SIGTERM during the write raises `SystemExit`, so the
   temporary file is removed before the process ends.

OS errors (no space, read-only folder, permission) become an `InputFileError`
naming the file and the fix.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputFileError

__all__ = ["atomic_write", "check_output", "stale_temporary_files", "terminate_cleanly"]


def check_output(path: str | Path) -> Path:
    """Refuse an output path that is not a regular file or a new file in an existing folder.

    Parameters
    ----------
    path : str or Path
        Where a result is to be written.

    Returns
    -------
    Path

    Raises
    ------
    InputFileError
        For an empty path or one with a NUL character, a directory, a symlink, a
        device, FIFO or socket, a path whose folder is missing or is a file.
    """
    text = str(path)
    if not text or "\x00" in text:
        raise InputFileError("is not a usable output path", path=repr(text),
                             fix="name a file, e.g. out.csv")
    p = Path(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise InputFileError(f"cannot be written ({e.strerror})", path=p,
                             fix="name a file in an existing, writable folder") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise InputFileError(
                "is a symlink; relindex replaces files atomically and would replace the link",
                path=p, fix=f"write to the link's target ({os.path.realpath(p)}) or to a new "
                "file name")
        if stat.S_ISDIR(st.st_mode):
            raise InputFileError("is a folder, not a file to write", path=p,
                                 fix=f"name a file inside it, e.g. {p / 'out.csv'}")
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError("is not a regular file (a device, FIFO or socket)", path=p,
                                 fix="write to a regular file (use standard output to "
                                 "stream: leave out --out)")
    parent = p.parent
    while True:  # the first folder on the way up that exists must be a folder
        try:
            pst = os.stat(parent)
            break
        except FileNotFoundError:
            if parent == parent.parent:
                break
            parent = parent.parent
        except OSError as e:
            raise InputFileError(f"cannot be written: its folder {parent} is unreadable "
                                 f"({e.strerror})", path=p,
                                 fix="name a file in a readable, writable folder") from None
    if not stat.S_ISDIR(pst.st_mode):
        raise InputFileError(f"cannot be written: {parent} is not a folder", path=p,
                             fix="name a file in an existing folder (a path under a file "
                             "is not one)")
    return p


_TMP = re.compile(r"\.(?P<pid>[0-9]+)\.[^.]+\.tmp\Z")


def stale_temporary_files(path: Path) -> list[Path]:
    """Temporary files beside `path` left by `atomic_write` runs whose process is gone.

    Parameters
    ----------
    path : Path
        The target of the writes.

    Returns
    -------
    list of Path
        ``.NAME.PID.XXXX.tmp`` files in the target's folder whose ``PID`` is not a
        running process (a write in progress in another process is never listed).
    """
    prefix = f".{path.name}."
    out = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    for name in names:
        if not name.startswith(prefix):
            continue
        m = _TMP.fullmatch(name[len(prefix) - 1:])
        if m is not None and not _alive(int(m.group("pid"))):
            out.append(path.parent / name)
    return sorted(out)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes one file at a time: an old temporary is stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into `SystemExit` while held (main thread only), so cleanups run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def atomic_write(path: str | Path, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write a file atomically: to a temporary file beside it, then rename into place.

    `data` is the whole content, or an iterable of its pieces written as they come (a
    large output is never held whole).

    An interrupted write leaves the old file intact and no temporary file (SIGTERM
    included; after SIGKILL the next write removes it). The new file keeps the old
    file's permission bits (a new file gets ``0o666`` less the umask, as ``open``
    would).

    Raises
    ------
    InputFileError
        When the target is refused by `check_output`, or the write fails (no space,
        no permission).
    """
    p = check_output(path)
    pieces = [data] if isinstance(data, str | bytes) else data
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _write_error(p, e) from None
    for old in stale_temporary_files(p):
        with contextlib.suppress(OSError):
            old.unlink()
    try:
        mode = stat.S_IMODE(os.stat(p).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    with terminate_cleanly():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.{os.getpid()}.", suffix=".tmp",
                                       dir=p.parent)
        except OSError as e:
            raise _write_error(p, e) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                for piece in pieces:
                    fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, p)
        except BaseException as e:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(e, OSError):
                raise _write_error(p, e) from None
            raise


def _write_error(p: Path, e: OSError) -> InputFileError:
    import errno

    fix = {errno.ENOSPC: "free disk space, or write elsewhere",
           errno.EDQUOT: "free disk space (quota), or write elsewhere"}.get(
        e.errno or 0, "name a file in an existing folder you can write to")
    return InputFileError(f"cannot be written ({e.strerror or e})", path=p, fix=fix)


def _umask() -> int:
    """Return the process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

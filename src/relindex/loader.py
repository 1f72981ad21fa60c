"""Read files into plain Python data: TOML, CSV and text, with clear errors.

This module only parses. It turns a file into dicts, lists and strings and
hands them on; the pydantic models in `relindex.models` do the checking,
and `validation_error` turns their complaints into a
`relindex.errors.RelindexError` that names the file, the key and the fix.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import (
    CatalogueError,
    InputFileError,
    LimitExceededError,
    PathOutsideError,
    RelindexError,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "atomic_write",
    "decode_text",
    "parse_toml",
    "read_bytes",
    "read_csv",
    "read_text",
    "read_toml",
    "resolve_inside",
    "validation_error",
]

DEFAULT_MAX_BYTES = 20_000_000
"""Largest input file read by default (20 MB); pass ``max_bytes`` to change it."""


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "file",
               inside: Path | None = None) -> bytes:
    """Read a file's bytes, refusing missing, unreadable, oversized or non-regular files.

    At most ``max_bytes + 1`` bytes are ever read, so a file that reports a small size
    but has no end (``/proc`` files, a device reached through a symlink) or that grows
    while it is read cannot exhaust memory. FIFOs, devices and sockets are refused
    before they are opened, so reading never blocks.

    With `inside` (the folder the file must lie in), the file actually opened is
    checked, not only its name: after opening, the path is resolved again and must lie
    inside `inside` and name the very file opened (same device and inode). A symlink
    swapped in between the check of a path and its opening therefore cannot make
    relindex read a file outside the folder.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputFileError(
            f"{what} not found", path=path, fix="check the path (relative paths are resolved "
            "against the folder of the file that names them)"
        ) from None
    except OSError as e:
        raise InputFileError(f"{what} cannot be read ({e.strerror})", path=path) from e
    except ValueError:  # an embedded NUL character
        raise InputFileError(f"{what} path contains a NUL character", path=path,
                             fix="correct the path") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{what} is a directory, not a file", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"{what} is not a regular file (a FIFO, device or socket)",
                             path=path, fix="point to a regular file")
    if st.st_size > max_bytes:
        raise _too_big(what, path, st.st_size, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            opened = os.fstat(fh.fileno())
            if not stat.S_ISREG(opened.st_mode):  # swapped since the stat
                raise InputFileError(f"{what} is not a regular file", path=path)
            if inside is not None:
                _check_opened(path, opened, inside, what)
            data = _read_at_most(fh, max(max_bytes, 0) + 1)
    except OSError as e:
        raise InputFileError(f"{what} cannot be read ({e.strerror})", path=path) from e
    if len(data) > max_bytes:
        raise _too_big(what, path, None, max_bytes)
    return data


_CHUNK = 1 << 20


def _read_at_most(fh: Any, limit: int) -> bytes:
    """Read until end of file or `limit` bytes, in chunks (a huge limit allocates nothing)."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        part = fh.read(min(_CHUNK, limit - got))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _check_opened(path: Path, opened: os.stat_result, inside: Path, what: str) -> None:
    """Refuse an opened file that is not the file its path names inside `inside` now."""
    try:
        real_base = inside.resolve()
        real = path.resolve(strict=True)
        now = os.stat(real, follow_symlinks=False)
    except (OSError, RuntimeError):
        now = None
        real = real_base = None  # type: ignore[assignment]
    same = now is not None and (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
    if not same or not (real == real_base or real_base in real.parents):
        raise PathOutsideError(
            f"{what} changed while it was opened: the file read is not the one inside the "
            f"catalogue's folder {inside}",
            path=path,
            fix="do not replace files or symlinks in the catalogue's folder while relindex "
            "reads it",
        )


def _too_big(what: str, path: Path, size: int | None, max_bytes: int) -> LimitExceededError:
    got = f"{size:,} bytes" if size is not None else "longer than its reported size"
    return LimitExceededError(
        f"{what} is {got}, over the limit of {max_bytes:,} bytes",
        path=path,
        fix="pass a larger max_bytes (CLI: --max-bytes) if the file is meant to be this big",
    )


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file (a leading byte-order mark is dropped)."""
    return decode_text(read_bytes(path, max_bytes=max_bytes, what=what), path, what)


def decode_text(data: bytes, path: Path, what: str = "file") -> str:
    """Decode bytes already read as UTF-8 text (a leading byte-order mark is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputFileError(
            f"{what} is not valid UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r})",
            path=path,
            fix="save the file as UTF-8",
        ) from None


def read_toml(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "TOML file"
) -> dict[str, Any]:
    """Parse a TOML file into a dict, naming the file and position of a syntax error."""
    return parse_toml(read_bytes(path, max_bytes=max_bytes, what=what), path, what)


def parse_toml(data: bytes, path: Path, what: str = "TOML file") -> dict[str, Any]:
    """Parse TOML bytes already read, naming the file and position of a syntax error."""
    text = decode_text(data, path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(
            f"is not valid TOML ({e})", path=path, fix="correct the TOML syntax at that line"
        ) from None
    except RecursionError:
        raise InputFileError(
            "is nested too deeply to parse", path=path, fix="flatten the nesting"
        ) from None
    except ValueError as e:  # e.g. an integer over Python's 4300-digit conversion limit
        raise InputFileError(
            f"is not valid TOML ({e})", path=path, fix="correct the value"
        ) from None


def read_csv(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, str]]:
    """Parse a CSV file with a header row into a list of row dicts."""
    text = read_text(path, max_bytes=max_bytes, what="CSV table")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise InputFileError(f"is not a valid CSV table ({e})", path=path) from None
    return rows


def resolve_inside(
    base: Path, relative: str, *, key: str, origin: Path, allow_outside: bool = False
) -> Path:
    """Resolve `relative` against `base`, refusing paths that lead outside `base`.

    Parameters
    ----------
    base : Path
        The folder that paths must stay in (the catalogue's folder).
    relative : str
        The path as written in the file.
    key : str
        The key it was written under, for the error message.
    origin : Path
        The file it was written in, for the error message.
    allow_outside : bool
        Accept absolute paths, ``..`` and symlinks that lead outside `base`.

    Raises
    ------
    PathOutsideError
        When the resolved path is not inside `base` and `allow_outside` is false.
    """
    if "\x00" in relative:
        raise InputFileError("must not contain a NUL character", path=origin, key=key,
                             value=relative, fix="correct the path")
    raw = Path(relative)
    target = raw if raw.is_absolute() else base / raw
    if allow_outside:
        return target
    try:
        real_base = base.resolve()
        real = target.resolve()
    except (OSError, RuntimeError) as e:  # 3.11 raises RuntimeError on a symlink loop
        raise InputFileError(
            f"cannot be resolved ({e.strerror if isinstance(e, OSError) else e})",
            path=origin, key=key, value=relative, fix="correct the path or the symlinks on it",
        ) from None
    if not raw.is_absolute() and (real == real_base or real_base in real.parents):
        return target
    raise PathOutsideError(
        "leads outside the catalogue's folder " + str(real_base),
        path=origin,
        key=key,
        value=relative,
        fix="keep sources and tables inside the catalogue's folder, or pass "
        "allow_outside=True (CLI: --allow-outside) if you trust this catalogue",
    )


_HINTS = {
    "missing": "add the key",
    "extra_forbidden": "remove the key or correct its spelling (see the TOML reference)",
    "literal_error": "use one of the allowed values",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "string_type": "write a quoted string",
    "string_pattern_mismatch": "use letters, digits, '_', '-' and '.' only",
    "greater_than": "use a larger value",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "less_than": "use a smaller value",
    "finite_number": "write a finite number",
    "dict_type": "write a table ([section] or {key = value})",
    "tuple_type": "write an array [ ... ]",
}


def _loc(loc: Sequence[int | str], data: Any) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            # name array items by their id where they have one
            ident = None
            if isinstance(node, list) and 0 <= item < len(node) and isinstance(node[item], dict):
                ident = node[item].get("id")
            label = ident if isinstance(ident, str) else item
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label}]"]
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(p for p in parts if p)


def validation_error(
    exc: ValidationError, path: Path, data: Any, *, kind: type[RelindexError] = CatalogueError
) -> RelindexError:
    """Turn a pydantic ``ValidationError`` into a relindex error naming file, key and fix.

    The first problem is the message; the count of further problems is added,
    and all of them are listed on the error's ``problems`` attribute.
    """
    problems = []
    for err in exc.errors(include_url=False):
        loc = [x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-"))]
        key = _loc(loc, data) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        problems.append((key, msg, value, _HINTS.get(err["type"], "see the TOML reference")))
    key, msg, value, fix = problems[0]
    more = f" ({len(problems) - 1} more problem(s) in this file)" if len(problems) > 1 else ""
    show_value = not isinstance(value, dict | list)
    if show_value:
        error = kind(msg + more, path=path, key=key, value=value, fix=fix)
    else:
        error = kind(msg + more, path=path, key=key, fix=fix)
    error.problems = problems  # type: ignore[attr-defined]
    return error


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file atomically: to a temporary file beside it, then rename into place.

    An interrupted write leaves the old file intact. The new file keeps the old
    file's permission bits (a new file gets ``0o666`` less the umask, as ``open`` would).
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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

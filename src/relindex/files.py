"""Read files into plain Python data: TOML, CSV and text, with clear errors.

This module only parses. It turns a file into dicts, lists and strings and
hands them on; the pydantic models in `relindex.models` do the checking,
and `validation_error` turns their complaints into a
`relindex.errors.RelindexError` that names the file, the key and the fix.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from .errors import (
    CatalogueError,
    InputFileError,
    LimitExceededError,
    PathOutsideError,
    RelindexError,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_MAX_BYTES",
    "atomic_write",
    "decode_text",
    "parse_toml",
    "read_bytes",
    "read_csv",
    "read_into",
    "read_text",
    "read_toml",
    "resolve_inside",
    "validation_error",
]

_Data = TypeVar("_Data", bytes, bytes | memoryview)

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
    return _read_checked(path, max_bytes, what, inside, _read_at_most)


def read_into(path: Path, allocate: Callable[[int], Any], *,
              max_bytes: int = DEFAULT_MAX_BYTES, what: str = "file",
              inside: Path | None = None) -> bytes | memoryview:
    """Read a file's bytes as `read_bytes` does (the same checks), into memory of `allocate`.

    `allocate(n)` returns a writable buffer of n bytes (``pyarrow.allocate_buffer``: the
    memory of the pool that parses the bytes, taken from the system in large pages where
    it can). Returns a view of the bytes read; a file that grows past its reported size
    is read on in chunks and joined, as `read_bytes` does.
    """
    def read(fh: Any, limit: int, first: int) -> bytes | memoryview:
        want = min(first, limit)
        view = memoryview(allocate(want)).cast("B")
        got = 0
        while got < want:
            n = fh.readinto(view[got:])
            if not n:
                return view[:got]  # the whole file
            got += n
        return view.tobytes() + _read_at_most(fh, limit - got)

    return _read_checked(path, max_bytes, what, inside, read)


def _read_checked(path: Path, max_bytes: int, what: str, inside: Path | None,
                  read: Callable[[Any, int, int], _Data]) -> _Data:
    """The checks of `read_bytes` around `read(file, limit, first)` (see `_read_at_most`)."""
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
            data = read(fh, max(max_bytes, 0) + 1, opened.st_size + 1)
    except OSError as e:
        raise InputFileError(f"{what} cannot be read ({e.strerror})", path=path) from e
    if len(data) > max_bytes:
        raise _too_big(what, path, None, max_bytes)
    return data


_CHUNK = 1 << 20


def _read_at_most(fh: Any, limit: int, first: int = 0) -> bytes:
    """Read until end of file or `limit` bytes, in chunks (a huge limit allocates nothing).

    The first read asks for `first` bytes (the size the file reports, plus one): a file
    that keeps that size is read in one piece, with no copy to join the chunks.
    """
    parts: list[bytes] = []
    got = 0
    if first > 0:
        part = fh.read(min(first, limit))
        if len(part) < min(first, limit):  # the whole file
            return bytes(part)
        parts.append(part)
        got = len(part)
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


def _toml_parser() -> tuple[Any, type[Exception]]:
    """The TOML parser: ``tomli`` of a TOML 1.0 release when installed, else ``tomllib``.

    ``tomli`` 2.1 and 2.2 are the parser of the standard library's ``tomllib``, the same
    code compiled (``pip install 'relindex[fast]'``): the same documents, values and error
    messages, about twice as fast. From 2.3 on it reads TOML 1.1, which accepts documents
    that ``tomllib`` refuses, so a catalogue would read differently with the extra
    installed: those releases, and any without a version, are passed over.
    """
    try:
        import tomli
    except ImportError:
        pass
    else:
        if getattr(tomli, "__version__", "").split(".")[:2] in (["2", "1"], ["2", "2"]):
            return tomli, tomli.TOMLDecodeError
    import tomllib

    return tomllib, tomllib.TOMLDecodeError


_TOML: tuple[Any, type[Exception]] | None = None
"""The parser chosen by `_toml_parser` and its error class, once it is first asked for."""


def toml_parser() -> tuple[Any, type[Exception]]:
    """The TOML parser module relindex reads with, and its decode error (chosen once)."""
    global _TOML
    if _TOML is None:
        _TOML = _toml_parser()
    return _TOML


def parse_toml(data: bytes, path: Path, what: str = "TOML file") -> dict[str, Any]:
    """Parse TOML bytes already read, naming the file and position of a syntax error.

    The parser is `toml_parser`'s: ``tomli`` 2.1 or 2.2 (compiled) when installed,
    ``tomllib`` otherwise, with the same results.
    """
    text = decode_text(data, path, what)
    check_toml_shape(text, path)
    parser, decode_error = toml_parser()
    try:
        result: dict[str, Any] = parser.loads(text)
        return result
    except decode_error as e:
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


#: Deepest nesting of arrays and inline tables a TOML file may have.
MAX_TOML_NESTING = 64
#: Most parts of one dotted key (``a.b.c`` has 3) or table header.
MAX_TOML_KEY_PARTS = 32
#: Longest key (one part, bare or quoted), in characters.
MAX_TOML_KEY_CHARS = 1024

_TOML_SKIP = re.compile(
    r'(?=["\'#])(?:"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"?|\'[^\'\n]*\'?'
    r"|#[^\n]*)")


def check_toml_shape(text: str, path: Path) -> None:
    """Refuse TOML text nested too deeply or with over-long keys, before parsing it.

    The parser's time and memory grow faster than the file with the nesting of
    arrays and inline tables and the number of parts of a dotted key. A scan of
    the bytes with numpy finds the files that might break a bound (a line with
    many dots, a long word, deep brackets); only those are scanned again with
    strings and comments blanked out, which decides. Bounds: `MAX_TOML_NESTING`,
    `MAX_TOML_KEY_PARTS`, and `MAX_TOML_KEY_CHARS` for bare words (keys, numbers).
    (Nesting hidden from the first scan by brackets inside strings is caught by
    the parser's own recursion limit, which `parse_toml` reports the same way.)

    Raises
    ------
    InputFileError
        Naming the bound.
    """
    import numpy as np

    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)
    if _shape_risky(raw):
        bare = _TOML_SKIP.sub("s", text)
        problem = _shape_problem(np.frombuffer(bare.encode("utf-8", "surrogatepass"), np.uint8))
        if problem is not None:
            rule, fix = problem
            raise InputFileError(rule, path=path, fix=fix)


def _long_word(b: NDArray[np.uint8]) -> bool:
    """Whether `b` holds a run of more than `MAX_TOML_KEY_CHARS` bare-word bytes.

    A bare word (``A-Z a-z 0-9 _ -``) holds no space and no line end, so when no
    stretch between those is that long, no word is (the usual case, decided by two
    comparisons); otherwise the runs of word bytes themselves are measured.
    """
    import numpy as np

    if _longest_run(np.flatnonzero((b == 0x20) | (b == 0x0A)), b.size) <= MAX_TOML_KEY_CHARS:
        return False
    word = ((b >= 0x30) & (b <= 0x39)) | ((b | 0x20) >= 0x61) & ((b | 0x20) <= 0x7A) | (
        b == 0x5F) | (b == 0x2D)
    return _longest_run(np.flatnonzero(~word), b.size) > MAX_TOML_KEY_CHARS


def _longest_run(stops: NDArray[np.intp], size: int) -> int:
    """The longest stretch of ``range(size)`` holding none of the sorted positions `stops`."""
    import numpy as np

    if not stops.size:
        return int(size)
    inner = int(np.diff(stops).max()) - 1 if stops.size > 1 else 0
    return max(int(stops[0]), int(size - 1 - stops[-1]), inner)


def _shape_risky(b: NDArray[np.uint8]) -> bool:
    """Whether bytes with strings left in might break a bound (never False when they do)."""
    import numpy as np

    nl = np.flatnonzero(b == 0x0A)
    dots = np.flatnonzero(b == 0x2E)
    if dots.size >= MAX_TOML_KEY_PARTS - 1 and int(
            np.bincount(np.searchsorted(nl, dots)).max()) >= MAX_TOML_KEY_PARTS - 1:
        return True
    if _long_word(b):
        return True
    opens = (b == 0x5B) | (b == 0x7B)
    at = np.flatnonzero(opens | (b == 0x5D) | (b == 0x7D))
    return at.size > MAX_TOML_NESTING and int(
        np.cumsum(np.where(opens[at], 1, -1)).max()) > MAX_TOML_NESTING


def _shape_problem(b: NDArray[np.uint8]) -> tuple[str, str] | None:
    """The bound broken by TOML bytes whose strings and comments are blanked out."""
    import numpy as np

    if _long_word(b):
        return (f"is not valid TOML (a key or number longer than {MAX_TOML_KEY_CHARS} "
                "characters)",
                "shorten the key")
    opens = (b == 0x5B) | (b == 0x7B)  # [ {
    closes = (b == 0x5D) | (b == 0x7D)  # ] }
    seps = np.flatnonzero(opens | closes | (b == 0x3D) | (b == 0x2C) | (b == 0x0A))  # = , \n
    dots = np.flatnonzero(b == 0x2E)
    if dots.size >= MAX_TOML_KEY_PARTS and int(
            np.bincount(np.searchsorted(seps, dots)).max()) >= MAX_TOML_KEY_PARTS:
        return (f"has a dotted key of more than {MAX_TOML_KEY_PARTS} parts",
                "use fewer levels of keys")
    at = np.flatnonzero(opens | closes)
    if at.size > MAX_TOML_NESTING and int(
            np.cumsum(np.where(opens[at], 1, -1)).max()) > MAX_TOML_NESTING:
        return (f"nests arrays or tables deeper than {MAX_TOML_NESTING} levels",
                "flatten the nesting")
    return None


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

    The first problem is the message; the next ten are listed after it, with the count
    of the rest, and all of them are on the error's ``problems`` attribute.
    """
    problems = []
    for err in exc.errors(include_url=False):
        loc = [x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-"))]
        key = _loc(loc, data) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        fix = err.get("ctx", {}).get("fix") or _HINTS.get(err["type"], "see the TOML reference")
        problems.append((key, msg, value, fix))
    key, msg, value, fix = problems[0]
    more = ""
    if len(problems) > 1:  # every problem at once, so a new catalogue is fixed in one pass
        shown = "; ".join(f"{k}: {m}" for k, m, _, _ in problems[1:11])
        rest = f"; and {len(problems) - 11} more" if len(problems) > 11 else ""
        more = f" ({len(problems) - 1} more problem(s) in this file: {shown}{rest})"
    show_value = not isinstance(value, dict | list)
    if show_value:
        error = kind(msg + more, path=path, key=key, value=value, fix=fix)
    else:
        error = kind(msg + more, path=path, key=key, fix=fix)
    error.problems = problems  # type: ignore[attr-defined]
    return error


def atomic_write(path: Path, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write a file atomically, refusing a target that is not a regular file or a new path.

    See `relindex._output.atomic_write`: the target is checked before anything is
    created beside it, temporary files of killed earlier writes are removed, and
    SIGTERM during the write removes the temporary file.
    """
    from ._output import atomic_write as write

    write(path, data)

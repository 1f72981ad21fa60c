"""Appending draft entries to a ledger without losing any.

`append_to_ledger` takes an exclusive lock beside the ledger
(`relindex._lock.exclusive_lock`), re-reads the ledger under the lock,
numbers the new entries after the highest ``SOURCE-cand-NNNN`` id already there,
and writes old bytes plus new entries atomically
(`relindex.files.atomic_write`). So concurrent appenders queue instead of
overwriting each other. The temporary file of the write is removed on every
exit path that runs code (an exception, Ctrl-C, SIGTERM); one left by a
writer that was killed outright is removed, and reported, by the next append.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._lock import exclusive_lock
from .._output import terminate_cleanly
from ..errors import InputFileError, LimitExceededError
from ..files import DEFAULT_MAX_BYTES, atomic_write, read_bytes
from .candidate import Candidate
from .lexicon import Lexicon
from .toml_writer import candidates_to_toml, draft_id

__all__ = ["AppendResult", "append_to_ledger", "stale_temporary_files"]



@dataclass(frozen=True, slots=True)
class AppendResult:
    """What an append did.

    Parameters
    ----------
    path : Path
        The ledger.
    first_id : int
        Number of the first new ``SOURCE-cand-NNNN`` id.
    count : int
        Entries appended.
    waited : bool
        Whether another writer held the lock first.
    removed : tuple of Path
        Stale temporary files of killed writers that were removed.
    """

    path: Path
    first_id: int
    count: int
    waited: bool
    removed: tuple[Path, ...] = ()


def stale_temporary_files(path: Path) -> list[Path]:
    """Temporary files that `relindex.files.atomic_write` leaves beside `path` when killed.

    Parameters
    ----------
    path : Path
        The file written atomically.

    Returns
    -------
    list of Path
        ``.NAME.*.tmp`` files in the same folder, sorted.
    """
    return sorted(path.parent.glob(f".{glob_escape(path.name)}.*.tmp"))


def glob_escape(name: str) -> str:
    """Escape glob metacharacters in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)




def _next_id(raw: bytes, path: Path, source: str) -> int:
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputFileError(f"ledger is not valid UTF-8 (byte {e.start})", path=path,
                             fix="save the ledger as UTF-8") from None
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as e:
        raise InputFileError(f"is not valid TOML ({e})", path=path,
                             fix="correct the ledger before appending to it") from None
    entries = doc.get("evidence", [])
    ids = [e.get("id") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    pattern = re.compile(re.escape(draft_id(source, 0)[:-4]) + r"([0-9]{1,9})")
    numbers = [int(m.group(1)) for i in ids if isinstance(i, str)
               for m in [pattern.fullmatch(i)] if m is not None]
    return max(numbers, default=0) + 1


def append_to_ledger(
    path: str | Path,
    candidates: Sequence[Candidate],
    source: str,
    *,
    text: str,
    lexicon: Lexicon | None = None,
    event_types: Mapping[str, Mapping[str, Any]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_wait: Callable[[str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> AppendResult:
    """Append candidates to a ledger as draft entries, under a lock, atomically.

    The existing content is kept byte for byte; the new entries follow it
    (see `relindex.extract.candidates_to_toml`), numbered after the highest
    ``SOURCE-cand-NNNN`` id of that source in the ledger as it is when the
    lock is held (see `relindex.extract.toml_writer.draft_id`).

    Parameters
    ----------
    path : str or Path
        The ledger; created when missing (its folder must exist).
    candidates : sequence of Candidate
        From ``extract(text)``.
    source : str
        The source id written into every entry.
    text : str
        The text the candidates come from.
    lexicon : Lexicon, optional
        As for `candidates_to_toml`.
    event_types : mapping, optional
        The catalogue's ``[event_types]``, as for `candidates_to_toml`.
    max_bytes : int, default 20_000_000
        Largest ledger read.
    on_wait : callable, optional
        Called with a one-line message when another writer holds the lock.
    on_note : callable, optional
        Called with a one-line message for each stale temporary file removed.

    Returns
    -------
    AppendResult

    Raises
    ------
    InputFileError
        If the ledger's folder does not exist, the ledger is not a regular
        file, not UTF-8 or not TOML, or the lock file cannot be created.
    LimitExceededError
        If the ledger is larger than `max_bytes`.
    """
    p = Path(path)
    if not p.parent.is_dir():
        raise InputFileError("folder of the ledger does not exist", path=p,
                             fix=f"create {p.parent} first, or append to a ledger in an "
                             "existing folder")
    with terminate_cleanly(), exclusive_lock(p, on_wait=on_wait) as waited:
        removed: list[Path] = []
        for tmp in stale_temporary_files(p):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
                if on_note is not None:
                    on_note(f"removed {tmp.name}, left by an interrupted write of {p.name}")
        old = read_bytes(p, max_bytes=max_bytes, what="ledger") if p.exists() else b""
        first = _next_id(old, p, source) if old else 1
        new = candidates_to_toml(candidates, source, text=text, first_id=first, lexicon=lexicon,
                                 event_types=event_types)
        count = new.count("\n[[evidence]]\n")
        sep = b"" if not old or old.endswith(b"\n") else b"\n"
        data = old + sep + new.encode("utf-8")
        if len(data) > max_bytes:  # every data command would refuse the ledger afterwards
            raise LimitExceededError(
                f"ledger would grow to {len(data):,} bytes, over the limit of {max_bytes:,} "
                "that relindex reads", path=p,
                fix="start a new ledger file (list it in the catalogue's evidence), or pass a "
                "larger max_bytes (CLI: --max-bytes) to every command that reads it")
        atomic_write(p, data)
    return AppendResult(p, first, count, waited, tuple(removed))

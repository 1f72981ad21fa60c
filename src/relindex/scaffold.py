"""A new catalogue from a template, and what of it is still a placeholder.

`init` writes a minimal valid catalogue (``relindex init DIR``): the catalogue, its
sources and ledger (a dyad) or its data table (a composite), with every required
field present. Each value the user must replace is marked ``FILL IN`` (in the value,
or in a comment beside a number); the scaffold loads and scores as written, and
`placeholders` (the ``placeholder`` rule of ``relindex check``) names every marker
left, by file, line and key.

Examples
--------
>>> import tempfile, relindex
>>> from relindex.scaffold import init, placeholders
>>> folder = tempfile.mkdtemp()
>>> written = init(folder, "dyad")
>>> sorted(p.name for p in written)
['evidence.toml', 'indicators.toml', 'source.txt', 'sources.toml']
>>> relindex.score(folder).headline.period
2024
>>> len(placeholders(relindex.load(folder))) > 0
True
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputFileError, RelindexError

if TYPE_CHECKING:  # relindex init and relindex --help load no catalogue
    from .dataset import Dataset

__all__ = ["MARKER", "TEMPLATES", "Placeholder", "init", "placeholders"]

TEMPLATES: dict[str, str] = {
    "dyad": "cooperation versus friction of one pair of actors, from quoted sources",
    "composite": "a composite index of several countries, from a data table",
}
"""The templates `init` writes, with what each is for."""

MARKER = "FILL IN"
"""The text that marks a value still to be replaced."""

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+)\s*=")
_ID = re.compile(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True)
class Placeholder:
    """A ``FILL IN`` marker left in a catalogue's files."""

    path: Path
    line: int
    """1-based line number."""
    key: str
    """The TOML key of the line (``dimensions.trade.rationale``; ``evidence[trade-2023].quote``
    in an array of tables, by the entry's id), or ``""`` in a text file."""
    text: str
    """What the marker asks for."""


def _template_files(template: str) -> list[tuple[str, bytes]]:
    from importlib import resources  # only when a template is written: not at start-up

    root = resources.files("relindex") / "data" / "templates" / template
    return sorted((f.name, f.read_bytes()) for f in root.iterdir() if f.is_file())


def init(folder: str | os.PathLike[str], template: str = "dyad") -> tuple[Path, ...]:
    """Write a new catalogue from a template into `folder`.

    Parameters
    ----------
    folder : str or PathLike
        Where to write (created if missing). Files already there are never overwritten.
    template : {"dyad", "composite"}, default "dyad"
        See `TEMPLATES`.

    Returns
    -------
    tuple of Path
        The files written.

    Raises
    ------
    RelindexError
        For an unknown template.
    InputFileError
        When a file of the template exists in `folder` already, or `folder` cannot be
        written.
    """
    from ._output import atomic_write

    if template not in TEMPLATES:
        raise RelindexError("is not a template", key="template", value=template,
                            fix="use one of " + ", ".join(TEMPLATES))
    dest = Path(folder)
    files = _template_files(template)
    clash = [name for name, _ in files if (dest / name).exists()]
    if clash:
        raise InputFileError(f"already holds {', '.join(clash)}", path=dest,
                             fix="choose an empty or new folder (init never overwrites)")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputFileError(f"cannot be created ({e.strerror})", path=dest,
                             fix="choose a folder you can write to") from None
    for name, data in files:
        atomic_write(dest / name, data)
    return tuple(dest / name for name, _ in files)


def _scan(path: Path, text: str) -> list[Placeholder]:
    out = []
    header = ""
    counts: dict[str, int] = {}
    toml = path.suffix == ".toml"
    for n, line in enumerate(text.splitlines(), 1):
        if toml and (m := _HEADER.match(line)):
            header = m.group(2)
            if m.group(1) == "[[":  # an array of tables: its entries by position, then id
                counts[header] = counts.get(header, -1) + 1
                header = f"{m.group(2)}[{counts[header]}]"
        elif toml and "[" in header and (i := _ID.match(line)):
            header = f"{header[:header.rindex('[')]}[{i.group(1)}]"
        if MARKER not in line or (toml and line.lstrip().startswith("#")):
            continue
        key = ""
        if toml and (k := _KEY.match(line)):
            key = f"{header}.{k.group(1)}" if header else k.group(1)
        asks = line[line.index(MARKER) + len(MARKER):].lstrip(": ").rstrip().rstrip("\"'")
        out.append(Placeholder(path, n, key, asks.strip()))
    return out


def placeholders(ds: Dataset) -> list[Placeholder]:
    """Every ``FILL IN`` marker left in the files a dataset was read from.

    Parameters
    ----------
    ds : Dataset

    Returns
    -------
    list of Placeholder
        In file order, then line order.
    """
    out: list[Placeholder] = []
    seen = set()
    for path in ds.files:
        if path in seen or path.suffix not in (".toml", ".txt", ".md", ".csv"):
            continue
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if MARKER in text:
            out.extend(_scan(path, text))
    return out

"""The catalogue drafts are meant for: its event types, its actors, its sources, its lexicon.

Only ``indicators.toml`` and its sources file are read (through the bounded
reader), not the ledgers, so a ledger holding unreviewed drafts does not stop
the next extraction.

Examples
--------
>>> t = read_target()
>>> t.id, t.actors, t.shipped
('russia-china', ('RU', 'CN'), True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import read_toml

__all__ = ["LEXICON_NAME", "Target", "read_target", "source_id_for"]

LEXICON_NAME = "event_lexicon.toml"
"""A lexicon of this name beside a catalogue extends the shipped one for that catalogue."""

_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]+")


@dataclass(frozen=True)
class Target:
    """What extraction needs to know of a catalogue.

    Parameters
    ----------
    path : Path
        Its ``indicators.toml``.
    id : str
        ``[catalogue].id`` (or the folder's name).
    shipped : bool
        Whether it is the catalogue shipped with relindex (the default).
    event_types : mapping
        Its ``[event_types]``, id to table.
    actors : tuple of str
        ``[catalogue].actors`` and the actors of its ``[entities]``, in order, each once.
    sources : mapping of str to Path
        Source id to the resolved path of its text file.
    lexicon : Path or None
        An ``event_lexicon.toml`` beside the catalogue, which extends the shipped lexicon.
    """

    path: Path
    id: str
    shipped: bool
    event_types: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    actors: tuple[str, ...] = ()
    sources: Mapping[str, Path] = field(default_factory=dict)
    lexicon: Path | None = None


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    return value if isinstance(value, dict) else {}


def _actors(data: Mapping[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    lists = [_table(data, "catalogue").get("actors", [])] + [
        e.get("actors", []) for e in _table(data, "entities").values() if isinstance(e, dict)]
    for codes in lists:
        for c in codes if isinstance(codes, list) else []:
            if isinstance(c, str) and c not in found:
                found.append(c)
    return tuple(found)


def _sources(path: Path, data: Mapping[str, Any]) -> dict[str, Path]:
    rel = _table(data, "catalogue").get("sources")
    if not isinstance(rel, str):
        return {}
    src_path = (path.parent / rel).resolve()
    if not src_path.is_file():
        return {}
    table = _table(read_toml(src_path, what="sources"), "sources")
    return {str(k): (src_path.parent / v["file"]).resolve() for k, v in table.items()
            if isinstance(v, dict) and isinstance(v.get("file"), str)}


def read_target(path: str | Path | None = None) -> Target:
    """Read what extraction needs of a catalogue.

    Parameters
    ----------
    path : str or Path, optional
        ``indicators.toml`` or its folder; default: the shipped catalogue.

    Returns
    -------
    Target

    Raises
    ------
    InputFileError
        If the catalogue (or its sources file) cannot be read or is not TOML.
    """
    from ..dataset import default_catalogue_path

    shipped = default_catalogue_path()
    p = Path(path) if path is not None else shipped
    if p.is_dir():
        p = p / "indicators.toml"
    data = read_toml(p, what="catalogue")
    cat_id = _table(data, "catalogue").get("id")
    lex = p.parent / LEXICON_NAME
    return Target(
        path=p,
        id=cat_id if isinstance(cat_id, str) else p.parent.name,
        shipped=p.resolve() == shipped.resolve(),
        event_types={str(k): v for k, v in _table(data, "event_types").items()
                     if isinstance(v, dict)},
        actors=_actors(data),
        sources=_sources(p, data),
        lexicon=lex if lex.is_file() else None,
    )


def source_id_for(document: str | Path, target: Target | None = None) -> str:
    """The source id of a document: the catalogue's id for that file, else its file name.

    Parameters
    ----------
    document : str or Path
        The document's path.
    target : Target, optional
        The catalogue; a source whose ``file`` is this document gives its id.

    Returns
    -------
    str
        A valid evidence id (``Kenya-Uganda-2024`` for ``Kenya Uganda 2024.txt``).

    Examples
    --------
    >>> source_id_for("notes/Kenya Uganda 2024.txt")
    'Kenya-Uganda-2024'
    """
    doc = Path(document)
    if target is not None:
        resolved = doc.resolve()
        for sid, f in target.sources.items():
            if f == resolved:
                return sid
    stem = _NOT_ID.sub("-", doc.stem).strip("-._")[:80]
    return stem or "source"

"""Drafts: ledger entries proposed by ``relindex extract`` and not yet reviewed.

A draft is an ``[[evidence]]`` entry whose ``exclude`` reason starts with
`DRAFT_PREFIX`; it stays in the ledger without counting. `draft_todo` names
what the analyst must still fill in. This module sits below both the dataset
(which sets drafts aside when it loads a ledger) and the extractor (which
writes them), and imports neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DRAFT_PREFIX", "draft_todo"]

DRAFT_PREFIX = "draft:"
"""How the ``exclude`` reason of an unreviewed entry begins."""


def draft_todo(entry: Mapping[str, Any], event_types: Mapping[str, Any] | None = None
               ) -> list[str]:
    """The fields of a draft ledger entry that the analyst must still fill in.

    Parameters
    ----------
    entry : mapping
        One ``[[evidence]]`` table, as parsed from TOML.
    event_types : mapping, optional
        The catalogue's ``[event_types]`` (id to table); when given, an
        ``event_type`` outside it is named too.

    Returns
    -------
    list of str
        Phrases such as ``"indicator"``, ``"period"``, ``"value and unit, or
        event_type"``; empty when nothing is missing.

    Examples
    --------
    >>> draft_todo({"indicator": "", "period": "2023", "value": 5.0, "unit": "%"})
    ['indicator']
    """
    todo: list[str] = []
    if not entry.get("indicator"):
        todo.append("indicator")
    if not entry.get("period"):
        todo.append("period")
    if entry.get("value") is None and entry.get("event_type") is None:
        todo.append("value and unit, or event_type")
    elif entry.get("value") is not None and not entry.get("unit"):
        todo.append("unit")
    et = entry.get("event_type")
    if event_types is not None and et is not None and et not in event_types:
        todo.append(f"event_type ({et!r} is not in the catalogue's [event_types]: declare it "
                    "or choose another)")
    return todo

"""Drafts: ledger entries proposed by ``relindex extract`` and not yet reviewed.

A draft is an ``[[evidence]]`` entry whose ``exclude`` reason starts with
`DRAFT_PREFIX`; it stays in the ledger without counting. `draft_todo` names
what the analyst must still fill in. This module sits below both the dataset
(which sets drafts aside when it loads a ledger) and the extractor (which
writes them), and imports neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["DRAFT_PREFIX", "draft_todo", "drafts_advice"]

DRAFT_PREFIX = "draft:"
"""How the ``exclude`` reason of an unreviewed entry begins."""


def drafts_advice(drafts: Sequence[Any]) -> str:
    """What to do about unreviewed drafts: how many, in which ledgers, and how to review.

    Parameters
    ----------
    drafts : sequence of Draft
        A dataset's ``drafts`` (each with a ``path``).

    Returns
    -------
    str
        ``""`` when there are none.
    """
    if not drafts:
        return ""
    files = sorted({d.path.name for d in drafts})
    n = len(drafts)
    return (f"{n} unreviewed draft{'s' if n != 1 else ''} in {', '.join(files)} "
            f"{'do' if n != 1 else 'does'} not count: review each (fill in what "
            "'relindex check' lists, then delete its 'exclude = \"draft: ...\"' line)")


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

"""TOML writing: candidates as draft ``[[evidence]]`` entries for a ledger.

Every entry is marked as a draft with ``exclude = "draft: ..."``, which
keeps it in the ledger without counting it, and names what the analyst
must fill in (`draft_todo`). Event types are the catalogue's own where it
has them (by id, else by CAMEO code); a type the catalogue lacks is written
with a ``# new event type`` comment naming the choices.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..drafts import DRAFT_PREFIX, draft_todo
from ..files import read_toml
from .candidate import Candidate
from .lexicon import Lexicon, load_lexicon

__all__ = [
    "DRAFT_PREFIX",
    "candidates_to_toml",
    "catalogue_event_types",
    "draft_id",
    "draft_todo",
    "toml_string",
]

_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]+")
_TOML_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
                 '"': '\\"', "\\": "\\\\"}


def toml_string(value: str) -> str:
    r"""Quote a str as a TOML basic string.

    Backslashes, double quotes and control characters are escaped; every
    other character, unicode included, is written as itself.

    Parameters
    ----------
    value : str

    Returns
    -------
    str
        The TOML string literal, quotes included.

    Raises
    ------
    ValueError
        If `value` holds a lone surrogate, which no TOML string can hold.

    Examples
    --------
    >>> print(toml_string('say "hi"\\n'))
    "say \"hi\"\\n"
    """
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"a TOML string cannot hold the lone surrogate U+{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def catalogue_event_types(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The ``[event_types]`` table of a catalogue file, as plain dicts.

    Only that table is read (through `relindex.files.read_toml`), so a
    ledger holding unreviewed drafts does not stop the next extraction.

    Parameters
    ----------
    path : str or Path, optional
        ``indicators.toml`` or its folder; default: the shipped catalogue.

    Returns
    -------
    dict
        Event type id to its table (``name``, ``polarity``, ``cameo``, ...).

    Raises
    ------
    InputFileError
        If the file cannot be read or is not TOML.
    """
    if path is None:
        from ..dataset import default_catalogue_path

        p = default_catalogue_path()
    else:
        p = Path(path)
        if p.is_dir():
            p = p / "indicators.toml"
    data = read_toml(p, what="catalogue")
    table = data.get("event_types", {})
    if not isinstance(table, dict):
        return {}
    return {str(k): v for k, v in table.items() if isinstance(v, dict)}


def _event_type_line(c: Candidate, lex: Lexicon,
                     event_types: Mapping[str, Mapping[str, Any]] | None) -> list[str]:
    """The ``event_type`` line of an event entry, with a comment when it is not the catalogue's."""
    lex_id = c.event_type or ""
    if event_types is None or lex_id in event_types:
        return [f"event_type = {toml_string(lex_id)}"]
    cameo = next((e.cameo for e in lex.events if e.id == lex_id), None)
    same = [k for k, v in event_types.items() if cameo is not None and v.get("cameo") == cameo]
    if same:
        note = (f"# event type from the catalogue by CAMEO {cameo} (lexicon type {lex_id!r})"
                + (f"; alternatives: {', '.join(same[1:])}" if len(same) > 1 else ""))
        return [note, f"event_type = {toml_string(same[0])}"]
    choices = ", ".join(sorted(event_types)) or "none declared"
    return [f"# new event type: {lex_id!r} is not in the catalogue's [event_types]; declare it "
            f"there or choose one of: {choices}",
            f"event_type = {toml_string(lex_id)}"]


def draft_id(source: str, n: int) -> str:
    """The id of the `n`-th draft from a source: ``SOURCE-cand-NNNN``.

    The source id leads, so drafts from two documents never share an id,
    whichever ledger they go to. Characters an evidence id cannot hold become
    ``-``, and a long source id is cut so the id stays within 120 characters.

    Examples
    --------
    >>> draft_id("kenya-uganda", 3), draft_id("new source", 12)
    ('kenya-uganda-cand-0003', 'new-source-cand-0012')
    """
    head = _NOT_ID.sub("-", source).strip("-._")[:100] or "source"
    return f"{head}-cand-{n:04d}"


def candidates_to_toml(
    candidates: Iterable[Candidate],
    source: str,
    *,
    text: str | None = None,
    first_id: int = 1,
    lexicon: Lexicon | None = None,
    event_types: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """Write candidates as draft ``[[evidence]]`` ledger entries.

    Each entry has ``id`` (``SOURCE-cand-0001``, ..., unique across documents
    and ledgers as long as source ids are), ``indicator = ""`` and, when
    unknown, ``period = ""`` for the analyst to fill, then ``source``,
    ``quote``, ``value``, ``unit``, ``qualifier`` (mapped to the ledger's
    vocabulary: ``approximately`` -> ``about``), ``event_type``, ``actors``
    and ``exclude = "draft: not reviewed (fill in ...)"``, which keeps the
    entry from counting until the analyst deletes that line. Keys whose
    value is None are left out (TOML has no null). A comment above each
    entry gives the candidate's kind, match and polarity. Dates are context,
    not evidence: they are not written (their period is in the other
    entries).

    Parameters
    ----------
    candidates : iterable of Candidate
        From `extract`.
    source : str
        The source id written into every entry.
    text : str, optional
        The text the candidates were extracted from. When given, each
        ``quote`` is the whole enclosing sentence (an exact substring of
        `text`), so the analyst sees the context; otherwise it is the match.
    first_id : int, default 1
        Number of the first id.
    lexicon : Lexicon, optional
        The lexicon whose ``qualifiers`` table maps a written qualifier to
        the ledger's, and whose CAMEO codes map event types to the
        catalogue's; default: the shipped lexicon.
    event_types : mapping, optional
        The catalogue's ``[event_types]`` (see `catalogue_event_types`).
        When given, an event's type is the catalogue's type of the same id,
        else of the same CAMEO code, else the lexicon's id marked with a
        ``# new event type`` comment.

    Returns
    -------
    str
        TOML text; ``tomllib.loads`` reads it back.

    Raises
    ------
    ValueError
        If `text` is given but a candidate's span does not hold its quote in
        it (the candidates come from another text).

    Examples
    --------
    >>> import tomllib
    >>> from relindex.extract import extract
    >>> t = "Trade rose 5% in 2023."
    >>> doc = tomllib.loads(candidates_to_toml(extract(t), "src1", text=t))
    >>> [(e["quote"], e["value"], e["period"]) for e in doc["evidence"]]
    [('Trade rose 5% in 2023.', 5.0, '2023')]
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    lines = [
        f"# Candidate evidence for source {toml_string(source)}, proposed by relindex.extract.",
        "# Drafts: each entry is excluded until reviewed. Fill in `indicator` (and `period`",
        "# where empty), check every value against the quote, set `credibility`, then delete",
        "# its `exclude` line; delete the entries that do not belong in the ledger.",
    ]
    qual_map = dict(lex.qualifiers)
    n = first_id
    for c in candidates:
        if text is not None:
            a, b = c.span
            if not (0 <= a <= b <= len(text)) or text[a:b] != c.quote:
                raise ValueError(
                    f"candidate {n} ({c.quote!r}) does not match the text at {c.span}: "
                    "pass the text the candidates were extracted from"
                )
        if c.kind == "date":
            continue
        quote = text[c.sentence[0]:c.sentence[1]] if text is not None else c.quote
        note = f"{c.kind} {toml_string(c.quote)}"
        if c.polarity:
            note += f", {c.polarity}"
        if c.plover:
            note += f", PLOVER {c.plover}"
        if c.negated:
            note += ", NEGATED: the sentence says it did not happen"
        if c.forecast:
            note += ", FORECAST: the sentence says it may or will happen"
        entry: list[str] = [f"id = {toml_string(draft_id(source, n))}", 'indicator = ""',
                            f"source = {toml_string(source)}", f"quote = {toml_string(quote)}"]
        if c.value is not None:
            entry.append(f"value = {_toml_float(c.value)}")
        if c.unit is not None:
            entry.append(f"unit = {toml_string(c.unit)}")
        entry.append(f"period = {toml_string(c.period or '')}")
        if c.qualifier is not None:
            canon = qual_map.get(c.qualifier, c.qualifier)
            entry.append(f"qualifier = {toml_string(canon)}")
        if c.event_type is not None:
            entry += _event_type_line(c, lex, event_types)
        entry.append("actors = [" + ", ".join(toml_string(a) for a in c.actors) + "]")
        todo = draft_todo({"indicator": "", "period": c.period or "", "value": c.value,
                           "unit": c.unit, "event_type": c.event_type})
        why = {"negated": "negated mention, ", "forecast": "forecast, not an act, "}.get(
            c.mode, "") if c.kind == "event" else ""
        entry.append("exclude = " + toml_string(
            f"{DRAFT_PREFIX} not reviewed ({why}fill in {', '.join(todo)}; check the value and "
            "period against the quote; set credibility)"))
        lines += ["", f"# {note} (chars {c.span[0]}-{c.span[1]})", "[[evidence]]", *entry]
        n += 1
    return "\n".join(lines) + "\n"

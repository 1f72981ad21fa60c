"""How relindex writes numbers, quantities, flags and the legend, for the terminal and the docs.

One place for each of these facts: the command line (`relindex.cli`), the notebook
reprs and the docs site's generated pages all format through it, so a number, a flag or
a legend reads the same wherever it is shown. Each flag of a period has a short label
(the note column of a table) and a sentence (``PeriodResult.flag_messages``, built by
`relindex.scoring.results` from `FLAG_WORDS`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["DASH", "FLAG_WORDS", "FlagWords", "flag_label", "flag_message", "legend_sentences",
           "num", "quantity", "written"]

DASH = "\u2014"
"""What a missing value reads as."""

#: Units that read as a label before the number ("severity 12"), not after it.
_LABEL_UNITS = {"severity", "share", "score", "index"}


def num(x: float | None, digits: int = 3, signed: bool = False) -> str:
    """A number for a table, to ``digits`` decimals; a dash when missing.

    Examples
    --------
    >>> num(0.46234), num(-0.1, signed=True), num(None), num(float("nan"))
    ('0.462', '-0.100', '—', '—')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return DASH
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def written(x: float) -> str:
    """A value as a source writes it: no trailing zeros (``repr`` beyond 1e15).

    Examples
    --------
    >>> written(240.0), written(0.125), written(2e20)
    ('240', '0.125', '2e+20')
    """
    return f"{x:g}" if abs(x) < 1e15 else repr(x)


def quantity(x: float | None, unit: str) -> str:
    """A value with its unit as a reader says it; a dash when missing.

    Examples
    --------
    >>> quantity(1, "events"), quantity(3, "events"), quantity(22, "%"), quantity(12, "severity")
    ('1 event', '3 events', '22%', 'severity 12')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return DASH
    v = written(x)
    u = unit.strip()
    if not u:
        return v
    if u == "%":
        return f"{v}%"
    if u.lower() in _LABEL_UNITS:
        return f"{u} {v}"
    if x == 1 and re.fullmatch(r"[a-z]+s", u) and u not in ("bps",):
        u = u[:-2] if u.endswith("oes") else u[:-1]
    return f"{v} {u}"


def legend_sentences(kind: str, headline_min_coverage: float,
                     headline_min_sources: int, *, events: bool = True) -> list[str]:
    """What the scales, coverage, carried values, estimates and sources mean, one a sentence.

    The terminal legend and the docs' legend both start from these. A composite index
    has one side, so its headline rule speaks of the index, not of each side.

    Parameters
    ----------
    kind : {"cooperation-friction", "composite"}
    headline_min_coverage : float
    headline_min_sources : int
    events : bool, default True
        Whether the catalogue has event indicators; without them the legend says
        nothing of event estimates.

    Returns
    -------
    list of str
    """
    sources = "source" if headline_min_sources == 1 else "sources"
    if kind == "composite":
        out = ["The index and its dimensions are scores in [0, 1], 1 the best; a "
               "contribution is a dimension's share of the index.",
               "Coverage is the share of the declared weight with evidence in the period.",
               f"A period is eligible as headline when its coverage is at least "
               f"{headline_min_coverage:g} and the index rests on at least "
               f"{headline_min_sources} {sources} (a table is one source)."]
    else:
        out = ["Cooperation and friction are scores in [0, 1] against declared goalposts; "
               "the net index is cooperation minus friction, in [-1, 1]: 0 means the two "
               "sides score the same on their own scales, not a neutral relationship.",
               "Coverage is the share of a side's declared weight with evidence in the "
               "period.",
               f"A period is eligible as headline when every coverage is at least "
               f"{headline_min_coverage:g} and each side rests on at least "
               f"{headline_min_sources} {sources}."]
    if not events:
        return [*out, "A carried value (from an earlier period) fills a value but counts "
                "toward no coverage."]
    out += ["A carried value (from an earlier period) and an event estimate without events "
            "of its own fill a value but count toward no coverage.",
            "Event indicators are estimates from whole counts of events, with 90% intervals; "
            "grades weigh evidence, never scale it."]
    return out


@dataclass(frozen=True)
class FlagWords:
    """How one flag of a period reads: a short label and a sentence, both templates.

    Fields in braces are filled by `flag_label` and `flag_message` (``str.format``).
    """

    label: str
    """A few words for the note column of a one-line-per-period table."""
    sentence: str
    """What the flag means for the period (``PeriodResult.flag_messages``)."""


FLAG_WORDS: dict[str, FlagWords] = {
    "below_coverage": FlagWords(
        "{side} coverage {coverage:.2f} < {threshold:g}",
        "coverage below the headline threshold {threshold:g} ({low}): never the headline; "
        "read with care"),
    "carried": FlagWords("carried", "carried from an earlier period: {carried}"),
    "no_index": FlagWords(
        "no index", "no index: a side or a required dimension is missing"),
    "no_friction_evidence": FlagWords(
        "no friction evidence",
        "no friction evidence in the sources: the net index lies in [{low:+.3f}, "
        "{high:+.3f}], over the friction side's range 0-1"),
    "no_cooperation_evidence": FlagWords(
        "no cooperation evidence",
        "no cooperation evidence in the sources: the net index lies in [{low:+.3f}, "
        "{high:+.3f}], over the cooperation side's range 0-1"),
    "few_sources": FlagWords(
        "few sources",
        "{subject} rests on fewer than {need} {sources} ({few}): never the headline "
        "(index.headline_min_sources)"),
    "rests_on_one_source": FlagWords(
        "rests on one source",
        "rests on one source: without {who} the index changes sign; read it as that "
        "document's reading"),
}
"""The words of each flag code of ``PeriodResult.flags``. The label of ``below_coverage``
is written once per side under the threshold; the others are fixed words."""


def flag_label(code: str, **fields: Any) -> str:
    """The short label of a flag, its fields filled.

    Examples
    --------
    >>> flag_label("few_sources"), flag_label("below_coverage", side="friction",
    ...                                       coverage=0.25, threshold=0.5)
    ('few sources', 'friction coverage 0.25 < 0.5')
    """
    return FLAG_WORDS[code].label.format(**fields)


def flag_message(code: str, **fields: Any) -> str:
    """The sentence of a flag, its fields filled.

    Examples
    --------
    >>> flag_message("carried", carried="trade.volume from 2022")
    'carried from an earlier period: trade.volume from 2022'
    """
    return FLAG_WORDS[code].sentence.format(**fields)

"""What the CLI says about the numbers: why a value is missing, what a flag means, legends.

The words of each flag come from `relindex.text.FLAG_WORDS`: its short label in a
table's note column, its sentence (``PeriodResult.flag_messages``) under a breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text import flag_label


@dataclass(frozen=True)
class Thresholds:
    """The coverage rules of a catalogue, read once from its dataset."""

    headline: float = 0.5
    """``index.headline_min_coverage``."""
    sides: dict[str, float | None] = field(default_factory=dict)
    """Each side's (or the composite index's) ``min_coverage``."""
    dimensions: dict[str, float | None] = field(default_factory=dict)
    """Each dimension's ``min_coverage``, by id, at every depth."""
    min_sources: int = 2
    """``index.headline_min_sources``."""
    events: bool = True
    """Whether the catalogue has an event indicator (the legend speaks of them only then)."""

    @classmethod
    def of(cls, ds: Any) -> Thresholds:
        """Read the thresholds of a loaded dataset."""
        idx = ds.catalogue.index
        sides: dict[str, float | None] = (
            {"index": idx.min_coverage} if idx.kind == "composite" else
            {"cooperation": idx.cooperation.min_coverage,
             "friction": idx.friction.min_coverage})
        dims: dict[str, float | None] = {}

        def walk(d: dict[str, Any]) -> None:
            for did, dim in d.items():
                dims[did] = dim.min_coverage
                kinds.update(i.kind for i in dim.indicators.values())
                walk(dim.dimensions)

        kinds: set[str] = set()
        walk(ds.catalogue.dimensions)
        return cls(float(idx.headline_min_coverage), sides, dims,
                   int(idx.headline_min_sources), "event" in kinds)


def why_missing(p: Any, th: Thresholds) -> str:
    """Why a period has no net index; '' when it has one.

    'no friction evidence', 'cooperation coverage 0.12 below its minimum 0.5'.
    """
    if p.index is not None:
        return ""
    reasons = []
    for side, cov in p.coverage.items():
        value = p.index if side == "index" else getattr(p, side)
        if value is not None:
            continue
        least = th.sides.get(side)
        if cov == 0:
            reasons.append("no evidence" if side == "index" else f"no {side} evidence")
        elif least is not None and cov < least:
            reasons.append(f"{side} coverage {cov:.2f} below its minimum {least:g}")
        else:
            reasons.append(f"no {side} score")
    return "; ".join(reasons) or "a side is missing"


def row_note(p: Any, th: Thresholds) -> str:
    """The note column of a period in a one-line-per-period table.

    Why the index is missing, else the label of each flag (one per side for low coverage).
    """
    why = why_missing(p, th)
    if why:
        bounds = getattr(p, "interval", None)
        return why + ("" if bounds is None else
                      f" (index within [{bounds[0]:+.2f}, {bounds[1]:+.2f}])")
    marks: list[str] = []
    for code in p.flags:
        if code == "below_coverage":
            marks += [flag_label(code, side=side, coverage=cov, threshold=th.headline)
                      for side, cov in p.coverage.items() if cov < th.headline]
        else:
            marks.append(flag_label(code))
    return ", ".join(marks)


def period_notes(p: Any) -> list[str]:
    """What a reader should know about a period: the sentence of each of its flags.

    A period with no index, coverage under the headline threshold or a carried value is
    always flagged (``no_index`` or a side's ``no_*_evidence``, ``below_coverage``,
    ``carried``), so the flags' sentences say all of it.
    """
    return list(dict.fromkeys(p.flag_messages))


def dimension_note(d: Any, th: Thresholds) -> str:
    """The note column of a dimension row.

    Why its score is missing, or that it holds carried values, event estimates for a
    period without events of its own, or has low coverage.
    """
    if d.score is None:
        least = th.dimensions.get(d.id)
        if d.coverage == 0:
            return "no evidence"
        if least is not None and d.coverage < least:
            return f"below coverage {least:g}"
        return "missing"
    marks = []
    if any(i.carried for i in d.indicators):
        marks.append(flag_label("carried"))
    if any(i.status == "estimated" for i in d.indicators):
        marks.append("estimated, no events")
    if d.coverage < th.headline:
        marks.append("low coverage")
    return ", ".join(marks)


def indicator_note(i: Any) -> str:
    """The status of an indicator's value, in words."""
    if i.status == "carried":
        return f"carried from {i.carried_from}"
    if i.status == "missing":
        return "no evidence"
    if i.status == "zero":
        return "no event in an observed span"
    if i.status == "estimated":
        return "estimated: no events of its own this period"
    if not getattr(i, "counted", True):
        return f"{i.status}, too few sources to count toward coverage"
    return i.status


def legend(kind: str, th: Thresholds, *, grades: bool = False, bands: bool = False,
           data: bool = True, ranks: bool = False) -> str:
    """The short legend that ends a table."""
    from ..text import legend_sentences

    lines = ["Legend:"]
    lines += [f"  {x}" for x in legend_sentences(kind, th.headline, th.min_sources,
                                                     events=th.events)]
    if kind != "composite":
        lines.append("  contribution = signed share of the index (friction negative).")
    lines.append("  carried = a value carried forward from an earlier period; "
                 "\u2014 = missing (the reason is given).")
    if ranks:
        lines.append("  rank = among the entities in the period, 1 the highest index (ties "
                     "share a rank).")
    if grades:
        lines.append("  grade = source reliability A-F and credibility 1-6 (Admiralty code; "
                     "A and 1 the best).")
    if bands:
        lines.append("  [a, b] = the 5-95% interval over the declared uncertainties.")
    if data:
        lines.append("  data = the first 12 hex digits of the SHA-256 of every input file.")
    return "\n".join(lines)

"""Charts of a scored index: the series over time and the contributions in one period.

Needs the optional ``plot`` extra (``pip install 'relindex[plot]'``);
matplotlib is imported inside the functions, so ``import relindex`` stays fast
and works without it. The figures are built on `matplotlib.figure.Figure`
directly (no ``pyplot`` state, no GUI backend), so they are safe in servers and
in the documentation build, which embeds them in the page as SVG with
`to_svg`.

Examples
--------
>>> import relindex
>>> from relindex import plot
>>> result = relindex.score("tests/fixtures/mini")
>>> svg = plot.to_svg(plot.series(result))
>>> svg.startswith("<svg")
True
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import _figure
from ._figure import save, to_svg
from .errors import RelindexError
from .result import Result
from .text import flag_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .dataset import Dataset
    from .scoring import Model

__all__ = ["COLOURS", "KINDS", "MAX_BARS", "contributions", "figure", "save", "sensitivity",
           "series", "to_svg"]

KINDS = ("series", "contributions")
"""The kinds of chart `figure` draws."""

COLOURS = {"index": "#222222", "cooperation": "#0072B2", "friction": "#D55E00",
           "other": "#999999"}
"""Okabe-Ito colours, distinguishable with the common colour-vision deficiencies (grey:
the dimensions a contributions chart adds into one bar)."""

MAX_BARS = 30
"""Most bars in a contributions chart; past it the smallest are added into the last bar."""


def _matplotlib() -> Any:
    """Check that matplotlib is installed, or say how to install it."""
    return _figure._figure_class()


def _result(data: Result | Model | Dataset | str | Path | None) -> Result:
    if isinstance(data, Result):
        return data
    from .scoring import score

    return score(data)


def _text(s: str) -> str:
    """Label text shown literally: a ``$`` must not start matplotlib's mathtext."""
    return s.replace("\\", "\\\\").replace("$", r"\$")


def _value(x: float | None) -> float | None:
    """Return a result's number, with NaN (no value) as None."""
    if x is None or math.isnan(x):
        return None
    return float(x)


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


FillStyle = Literal["full", "left", "right", "bottom", "top", "none"]

CAVEATS: dict[str, tuple[FillStyle, str]] = {
    "below_coverage": ("none", "hollow: coverage below the headline threshold"),
    "few_sources": ("left", "half-filled (left): " + flag_label("few_sources")),
    "carried": ("bottom", "half-filled (bottom): a value carried from an earlier period"),
}
"""How a period's caveat draws its markers: flag code to (matplotlib fill style, legend
text). A period with several caveats takes the first that applies, in this order."""


def _caveat(flags: tuple[str, ...]) -> str | None:
    """The caveat a period's markers show (None: drawn solid)."""
    return next((c for c in CAVEATS if c in flags), None)


def _marked_line(ax: Any, years: list[int], values: list[float], flags: list[str | None],
                 *, colour: str, marker: str, label: str, width: float = 1.5) -> None:
    """A line over every period, solid markers where clean, caveat markers elsewhere."""
    ax.plot(years, values, color=colour, linewidth=width, label=label)
    for style in [None, *CAVEATS]:
        pts = [(y, v) for y, v, f in zip(years, values, flags, strict=True)
               if f == style and not math.isnan(v)]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], linestyle="none", marker=marker,
                    color=colour, markersize=6 if style is None else 7,
                    fillstyle="full" if style is None else CAVEATS[style][0],
                    markerfacecoloralt="white", label="_nolegend_")


def _caveat_legend(ax: Any, used: set[str]) -> list[Any]:
    """Legend handles: the labelled lines of `ax`, then one grey marker per caveat used."""
    from matplotlib.lines import Line2D

    handles = [h for h in ax.get_lines() if not str(h.get_label()).startswith("_")]
    for code, (style, text) in CAVEATS.items():
        if code in used:
            handles.append(Line2D([], [], linestyle="none", marker="o", color="#555555",
                                  fillstyle=style, markerfacecoloralt="white", label=text))
    return handles


def series(data: Result | Model | Dataset | str | Path | None = None, *,
           title: str | None = None, uncertainty: Any = None) -> Figure:
    """Draw the net index, cooperation and friction over the scored periods.

    A composite index (``[index] kind = "composite"``) has one series: the index, in
    [0, 1], named after the catalogue, with no cooperation, friction or net index.

    Parameters
    ----------
    data : Result, Model, Dataset, str or Path, optional
        A scored result, or anything `relindex.score` accepts (default:
        the shipped catalogue).
    title : str, optional
        Default: the catalogue's name.
    uncertainty : SensitivityResult or dict, optional
        The outcome of `relindex.analyse` (or its ``to_dict()``): shades the 90% band
        (5th-95th percentile) of the net index (of a composite: the index), and draws its
        median.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; periods without a value show as gaps (with the range the net index
        can take where a side has no evidence), below-coverage, few-sources and
        carried periods as hollow or half-filled markers (`CAVEATS`), the headline
        period as a vertical line. Labels sit in the legend under the axes, never
        over a point. A notebook shows the figure as it is returned.
    """
    _matplotlib()
    result = _result(data)
    if len(result.entities) > 1:
        return _entities_series(result, title)
    periods = list(result.periods)
    years = [p.period for p in periods]
    flags = [_caveat(p.flags) for p in periods]
    composite = result.kind == "composite"

    def vals(attr: str) -> list[float]:
        return [math.nan if (v := _value(getattr(p, attr))) is None else v for p in periods]

    fig = _figure.new_figure(7.5, 4.4)
    ax = fig.add_subplot()
    if composite:
        noun = "index"
        label = f"index: {_text(result.name)}, in [0, 1]" if result.name else "index, in [0, 1]"
    else:
        noun, label = "net index", "net index = cooperation \u2212 friction"
        ax.axhline(0.0, color="#999999", linewidth=0.8)
        _marked_line(ax, years, vals("cooperation"), flags, colour=COLOURS["cooperation"],
                     marker="o", label="cooperation")
        if any(_value(p.friction) is not None for p in periods):
            _marked_line(ax, years, vals("friction"), flags, colour=COLOURS["friction"],
                         marker="s", label="friction")
    if uncertainty is not None:
        _band(ax, years, uncertainty, noun)
    _marked_line(ax, years, vals("index"), flags, colour=COLOURS["index"], marker="D",
                 width=2.2, label=label)
    gaps = [(p.period, *p.interval) for p in periods if p.index is None and p.interval]
    if gaps:
        ax.vlines([g[0] for g in gaps], [g[1] for g in gaps], [g[2] for g in gaps],
                  color=COLOURS["index"], linestyles="dotted", linewidth=1.6,
                  label=f"{noun} range where a side has no evidence")
    head = result.headline
    if head is not None and _value(head.index) is not None:
        ax.axvline(head.period, color="#888888", linestyle=":", linewidth=1,
                   label=f"headline {head.period}: "
                   + (f"{head.index:.3f}" if composite else f"{head.index:+.3f}"))
    ax.set_ylim(-0.05 if composite else -1.05, 1.05)
    _period_axes(ax, years, "index" if composite else "score",
                 title if title is not None else _title(result))
    handles = _caveat_legend(ax, {f for f in flags if f is not None})
    handles += [c for c in ax.collections if not str(c.get_label()).startswith("_")]
    fig.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False,
               ncols=1 if composite else 2)
    return fig


def _title(result: Result) -> str:
    """The catalogue's name, and the weights where the result is re-weighted."""
    if not result.reweighted:
        return result.name
    return (f"{result.name}\nre-weighted: "
            + ", ".join(f"{k} = {v:g}" for k, v in result.reweighted.items()))


def _band(ax: Any, years: list[int], uncertainty: Any, noun: str = "net index") -> None:
    """The `noun`'s 90% band (shaded) and median (dotted) from an analysis."""
    band = {p["period"]: p.get("index") or {} for p in _plain(uncertainty)["periods"]}

    def q(key: str) -> list[float]:
        return [math.nan if band.get(y, {}).get(key) is None else float(band[y][key])
                for y in years]

    ax.fill_between(years, q("p05"), q("p95"), color=COLOURS["index"], alpha=0.15,
                    linewidth=0, label=f"{noun}, 90% band (5th-95th percentile)")
    ax.plot(years, q("median"), color=COLOURS["index"], linestyle=":", linewidth=1.2,
            label=f"{noun}, median of the analysis")


def _period_axes(ax: Any, years: list[int], ylabel: str, title: str) -> None:
    """Period ticks (slanted when many), axis labels, a light grid and the title."""
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45 if len(years) > 8 else 0)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("period")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(_text(title), fontsize=11)


def _entities_series(result: Result, title: str | None) -> Figure:
    """One line per entity: the index over the periods, caveated periods hollow."""
    years = list(result.years)
    fig = _figure.new_figure(7.5, 4.4)
    ax = fig.add_subplot()
    composite = result.kind == "composite"
    if not composite:
        ax.axhline(0.0, color="#999999", linewidth=0.8)
    used: set[str] = set()
    colours = [f"C{k % 10}" for k in range(len(result.entities))]
    for e, colour in zip(result.entities, colours, strict=True):
        periods = result.entity(e).periods
        flags = [_caveat(p.flags) for p in periods]
        used.update(f for f in flags if f is not None)
        _marked_line(ax, years, [math.nan if p.index is None else p.index for p in periods],
                     flags, colour=colour, marker="o",
                     label=_text(result.entity_names.get(e, e)))
    ax.set_ylim(-0.05 if composite else -1.05, 1.05)
    _period_axes(ax, years, "index", title if title is not None else _title(result))
    fig.legend(handles=_caveat_legend(ax, used), loc="outside lower center", fontsize=8,
               frameon=False, ncols=3)
    return fig


def _has_carried(d: Any) -> bool:
    return any(i.carried for x in d.walk() for i in x.indicators)


def _bars(dims: list[Any]) -> tuple[list[str], list[float | None], list[bool], list[str], int]:
    """Names, contributions, carried flags and colours of the bars; how many were added up.

    At most `MAX_BARS` bars: past that, the dimensions of smallest absolute contribution
    (a missing one counts as 0) are added into one last bar.
    """
    contrib = [_value(d.contribution) for d in dims]
    keep: list[int] = list(range(len(dims)))
    rest: list[int] = []
    if len(dims) > MAX_BARS:
        size = [abs(c or 0.0) for c in contrib]
        top = sorted(sorted(keep, key=lambda k: -size[k])[:MAX_BARS - 1])
        chosen = set(top)
        keep, rest = top, [k for k in keep if k not in chosen]
    names = [dims[k].name for k in keep]
    values: list[float | None] = [contrib[k] for k in keep]
    carried = [_has_carried(dims[k]) for k in keep]
    colours = [COLOURS["friction"] if dims[k].polarity == "friction" else COLOURS["cooperation"]
               for k in keep]
    if rest:
        names.append(f"{len(rest)} other dimensions")
        values.append(math.fsum(contrib[k] or 0.0 for k in rest))
        carried.append(any(_has_carried(dims[k]) for k in rest))
        colours.append(COLOURS["other"])
    return names, values, carried, colours, len(rest)


def contributions(data: Result | Model | Dataset | str | Path | None = None, *,
                  period: int | None = None, title: str | None = None) -> Figure:
    """Each top-level dimension's signed contribution to the net index in one period.

    Of a composite index: each dimension's share of the index, which they add up to.

    Parameters
    ----------
    data : Result, Model, Dataset, str or Path, optional
        As for `series`.
    period : int, optional
        Default: the headline period.
    title : str, optional
        Default: names the period, its net index and its caveats.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars, cooperation to the right, friction to the left; the
        bars add up to the net index, shown as a vertical line. A dimension resting
        on values carried from an earlier period is hatched and says so. Past
        `MAX_BARS` dimensions, the ``MAX_BARS - 1`` of largest absolute contribution
        are drawn (in catalogue order) and the others are added into one last grey
        bar, which the legend names: the chart's cost stays linear in the catalogue.

    Raises
    ------
    RelindexError
        When the period is not scored, or there is no headline and no period is given.
    """
    from matplotlib.patches import Patch

    _matplotlib()
    result = _result(data)
    p = _one_period(result, period)
    names, contrib, carried, colours, rest = _bars(list(p.dimensions))
    vals = [0.0 if c is None else c for c in contrib]
    fig = _figure.new_figure(7.5, 1.3 + 0.45 * max(len(names), 2))
    ax = fig.add_subplot()
    pos = list(range(len(names)))[::-1]
    bars = ax.barh(pos, vals, color=colours, height=0.6, edgecolor="white")
    for bar, v, c, k in zip(bars, vals, contrib, carried, strict=True):
        if k:
            bar.set_hatch("///")
        label = "no value" if c is None else f"{v:+.3f}"
        ax.annotate(label, (v, bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points", xytext=(4 if v >= 0 else -4, 0),
                    ha="left" if v >= 0 else "right", va="center", fontsize=8)
    ax.set_yticks(pos)
    ax.set_yticklabels([_text(n) for n in names])
    ax.axvline(0.0, color="#999999", linewidth=0.8)
    net = _value(p.index)
    noun, sign = ("index", "") if result.kind == "composite" else ("net index", "+")
    handles: list[Any] = []
    if net is not None:
        handles.append(ax.axvline(net, color=COLOURS["index"], linestyle="--", linewidth=1.5,
                                  label=f"{noun} {net:{sign}.3f}"))
    if any(carried):
        handles.append(Patch(facecolor="#bbbbbb", hatch="///", edgecolor="white",
                             label="hatched: includes values carried from an earlier period"))
    if rest:
        handles.append(Patch(facecolor=COLOURS["other"], edgecolor="white", label=(
            f"last bar: the {rest} dimensions of smallest |contribution| added together "
            f"(the {MAX_BARS - 1} largest drawn apart)")))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False,
                   ncols=1 if rest else 2)
    lim = max([abs(v) for v in vals] + [abs(net or 0.0), 0.1]) * 1.6
    ax.set_xlim(-lim, lim)
    ax.set_xlabel(f"contribution to the {noun}")
    ax.grid(axis="x", alpha=0.3)
    head = "" if net is None else f": {noun} {net:{sign}.3f}"
    notes = [c.replace("_", " ") for c in p.flags]
    head += f" ({', '.join(notes)})" if notes else ""
    ax.set_title(_text(title) if title is not None else f"Contributions, {p.period}{head}",
                 fontsize=11)
    return fig


def _one_period(result: Result, period: int | None) -> Any:
    """The period a one-entity chart draws: `period`, or the headline."""
    if len(result.entities) > 1:
        raise RelindexError("needs one entity: the result has several", key="entity",
                            fix="pass result.entity(ID) (CLI: --entity ID)")
    if period is None:
        if result.headline is None:
            raise RelindexError("no period qualifies as the headline", key="period",
                                fix="pass period=YEAR")
        return result.headline
    try:
        return result.period(period)
    except (KeyError, RelindexError):
        raise RelindexError("is not a scored period", key="period", value=period,
                            fix="choose one of " + ", ".join(
                                str(q.period) for q in result.periods)) from None


def sensitivity(uncertainty: Any, *, title: str | None = None, limit: int | None = None,
                kind: Literal["cooperation-friction", "composite"] = "cooperation-friction"
                ) -> Figure:
    """First-order and total Sobol' indices of the headline net index, per input group.

    Parameters
    ----------
    uncertainty : SensitivityResult or dict
        The outcome of `relindex.analyse` (or its ``to_dict()``),
        whose ``sobol`` rows hold ``input``, ``first_order``, ``total_order`` and
        their ``*_ci`` intervals.
    title : str, optional
    limit : int, optional
        Show only this many input groups, those with the largest total index.
    kind : {"cooperation-friction", "composite"}, default "cooperation-friction"
        The catalogue's ``[index] kind``: the labels name the net index, or (composite)
        the index.

    Returns
    -------
    matplotlib.figure.Figure
        Paired horizontal bars, largest total index first, with the bootstrap
        intervals as whiskers where given.
    """
    _matplotlib()
    data = _plain(uncertainty)
    rows = sorted(data["sobol"], key=lambda r: -(r.get("total_order") or 0.0))
    if limit is not None:
        rows = rows[:limit]

    def v(x: Any) -> float:
        return float("nan") if x is None else float(x)

    fig = _figure.new_figure(7.5, 1.0 + 0.32 * max(len(rows), 2))
    ax = fig.add_subplot()
    n = len(rows)
    pos = [n - 1 - i for i in range(n)]
    for key, off, colour, name in (("first_order", 0.18, COLOURS["cooperation"], "first order"),
                                   ("total_order", -0.18, COLOURS["friction"], "total")):
        vals = [v(r.get(key)) for r in rows]
        err = None
        cis = [r.get(f"{key}_ci") for r in rows]
        if all(c is not None and None not in c for c in cis):
            err = [[max(x - c[0], 0.0) for x, c in zip(vals, cis, strict=True)],
                   [max(c[1] - x, 0.0) for x, c in zip(vals, cis, strict=True)]]
        ax.barh([p + off for p in pos], vals, height=0.34, color=colour, label=name,
                xerr=err, error_kw={"elinewidth": 0.8, "ecolor": "#555555"})
    ax.set_yticks(pos)
    ax.set_yticklabels([_text(str(r["input"])) for r in rows], fontsize=8)
    ax.axvline(0.0, color="#999999", linewidth=0.8)
    ax.set_xlim(min(-0.02, *(v(r.get("first_order")) for r in rows if r.get("first_order")
                             is not None)) if rows else -0.02, 1.0)
    noun = "index" if kind == "composite" else "net index"
    ax.set_xlabel(f"Sobol' index of the headline {noun}")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    head = data.get("headline_period")
    ax.set_title(_text(title) if title is not None else f"Sensitivity of the {noun}, {head}",
                 fontsize=11)
    return fig


def figure(data: Result | Model | Dataset | str | Path | None = None, *,
           kind: Literal["series", "contributions"] = "series",
           period: int | None = None) -> Figure:
    """Draw one of the `KINDS` of chart (``series`` or ``contributions``)."""
    if kind == "series":
        return series(data)
    if kind == "contributions":
        return contributions(data, period=period)
    raise RelindexError("is not a kind of chart", key="kind", value=kind,
                        fix=f"use one of {', '.join(KINDS)}")

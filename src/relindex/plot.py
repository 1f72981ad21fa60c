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

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputFileError, MissingExtraError, RelindexError
from .result import Result

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .dataset import Dataset
    from .scoring import Model

__all__ = ["COLOURS", "KINDS", "contributions", "figure", "save", "sensitivity", "series",
           "to_svg"]

KINDS = ("series", "contributions")
"""The kinds of chart `figure` draws."""

COLOURS = {"index": "#222222", "cooperation": "#0072B2", "friction": "#D55E00"}
"""Okabe-Ito colours, distinguishable with the common colour-vision deficiencies."""

_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


def _matplotlib() -> Any:
    """Import matplotlib's Figure class, or say how to install it."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtraError("matplotlib is not installed",
                                fix="pip install 'relindex[plot]'") from None
    return Figure


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


def series(data: Result | Model | Dataset | str | Path | None = None, *,
           title: str | None = None, uncertainty: Any = None) -> Figure:
    """Draw the net index, cooperation and friction over the scored periods.

    Parameters
    ----------
    data : Result, Model, Dataset, str or Path, optional
        A scored result, or anything `relindex.score` accepts (default:
        the shipped catalogue).
    title : str, optional
        Default: the catalogue's name.
    uncertainty : SensitivityResult or dict, optional
        The outcome of `relindex.sensitivity.analyse` (or its ``to_dict()``):
        draws the 5th-95th percentile band of the net index, and its median.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; periods without a value show as gaps, the headline period is
        marked.
    """
    Figure = _matplotlib()
    result = _result(data)
    if len(result.entities) > 1:
        return _entities_series(Figure, result, title)
    years = [p.period for p in result.periods]

    def vals(attr: str) -> list[float]:
        out = []
        for p in result.periods:
            v = _value(getattr(p, attr))
            out.append(float("nan") if v is None else v)
        return out

    fig = Figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.add_subplot()
    ax.axhline(0.0, color="#999999", linewidth=0.8)
    ax.plot(years, vals("cooperation"), marker="o", color=COLOURS["cooperation"],
            label="cooperation")
    if any(_value(p.friction) is not None for p in result.periods):
        ax.plot(years, vals("friction"), marker="s", color=COLOURS["friction"],
                label="friction")
    if uncertainty is not None:
        band = {p["period"]: p.get("index") or {} for p in _plain(uncertainty)["periods"]}

        def q(key: str) -> list[float]:
            return [float("nan") if band.get(y, {}).get(key) is None else float(band[y][key])
                    for y in years]

        ax.fill_between(years, q("p05"), q("p95"), color=COLOURS["index"], alpha=0.12,
                        linewidth=0, label="net index, 5th-95th percentile")
        ax.plot(years, q("median"), color=COLOURS["index"], linestyle=":", linewidth=1.2,
                label="net index, median")
    ax.plot(years, vals("index"), marker="D", linewidth=2.2, color=COLOURS["index"],
            label="net index = cooperation \u2212 friction")
    head = result.headline
    if head is not None and _value(head.index) is not None:
        ax.axvline(head.period, color="#bbbbbb", linestyle=":", linewidth=1)
        ax.annotate(f"headline {head.period}: {head.index:+.3f}",
                    (head.period, head.index), textcoords="offset points", xytext=(-8, 10),
                    ha="right", fontsize=9)
    ax.set_ylim(-1.05, 1.05)
    _period_axes(ax, years, "score", title if title is not None else result.name)
    ax.legend(loc="lower left", fontsize=8, frameon=False, ncols=3)
    return fig


def _period_axes(ax: Any, years: list[int], ylabel: str, title: str) -> None:
    """Period ticks (slanted when many), axis labels, a light grid and the title."""
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45 if len(years) > 8 else 0)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("period")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(_text(title), fontsize=11)


def _entities_series(Figure: Any, result: Result, title: str | None) -> Figure:
    """One line per entity: the index over the periods (a comparison chart)."""
    years = list(result.years)
    fig = Figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.add_subplot()
    composite = result.kind == "composite"
    if not composite:
        ax.axhline(0.0, color="#999999", linewidth=0.8)
    for e in result.entities:
        vals = [float("nan") if p.index is None else p.index
                for p in result.entity(e).periods]
        ax.plot(years, vals, marker="o", linewidth=1.5,
                label=_text(result.entity_names.get(e, e)))
    ax.set_ylim(-0.05 if composite else -1.05, 1.05)
    _period_axes(ax, years, "index", title if title is not None else result.name)
    ax.legend(loc="best", fontsize=8, frameon=False, ncols=2)
    return fig


def contributions(data: Result | Model | Dataset | str | Path | None = None, *,
                  period: int | None = None, title: str | None = None) -> Figure:
    """Each top-level dimension's signed contribution to the net index in one period.

    Parameters
    ----------
    data : Result, Model, Dataset, str or Path, optional
        As for `series`.
    period : int, optional
        Default: the headline period.
    title : str, optional
        Default: names the period and its net index.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars, cooperation to the right, friction to the left; the
        bars add up to the net index, shown as a vertical line.

    Raises
    ------
    RelindexError
        When the period is not scored, or there is no headline and no period is given.
    """
    Figure = _matplotlib()
    result = _result(data)
    if len(result.entities) > 1:
        raise RelindexError("needs one entity: the result has several", key="entity",
                            fix="pass result.entity(ID) (CLI: --entity ID)")
    if period is None:
        p = result.headline
        if p is None:
            raise RelindexError("no period qualifies as the headline", key="period",
                                fix="pass period=YEAR")
    else:
        try:
            p = result.period(period)
        except (KeyError, RelindexError):
            raise RelindexError("is not a scored period", key="period", value=period,
                                fix="choose one of " + ", ".join(
                                    str(q.period) for q in result.periods)) from None
    dims = list(p.dimensions)
    names = [_text(d.name) for d in dims]
    contrib = [_value(d.contribution) for d in dims]
    vals = [0.0 if c is None else c for c in contrib]
    colours = [COLOURS["friction"] if d.polarity == "friction" else COLOURS["cooperation"]
               for d in dims]
    fig = Figure(figsize=(7.5, 0.9 + 0.45 * max(len(dims), 2)), layout="constrained")
    ax = fig.add_subplot()
    pos = list(range(len(dims)))[::-1]
    bars = ax.barh(pos, vals, color=colours, height=0.6)
    for bar, v, c in zip(bars, vals, contrib, strict=True):
        label = "no value" if c is None else f"{v:+.3f}"
        ax.annotate(label, (v, bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points", xytext=(4 if v >= 0 else -4, 0),
                    ha="left" if v >= 0 else "right", va="center", fontsize=8)
    ax.set_yticks(pos)
    ax.set_yticklabels(names)
    ax.axvline(0.0, color="#999999", linewidth=0.8)
    net = _value(p.index)
    if net is not None:
        ax.axvline(net, color=COLOURS["index"], linestyle="--", linewidth=1.5,
                   label=f"net index {net:+.3f}")
        ax.legend(loc="best", fontsize=8, frameon=False)
    lim = max([abs(v) for v in vals] + [abs(net or 0.0), 0.1]) * 1.35
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("contribution to the net index")
    ax.grid(axis="x", alpha=0.3)
    head = "" if net is None else f": net index {net:+.3f}"
    ax.set_title(_text(title) if title is not None else f"Contributions, {p.period}{head}",
                 fontsize=11)
    return fig


def sensitivity(uncertainty: Any, *, title: str | None = None,
                limit: int | None = None) -> Figure:
    """First-order and total Sobol' indices of the headline net index, per input group.

    Parameters
    ----------
    uncertainty : SensitivityResult or dict
        The outcome of `relindex.sensitivity.analyse` (or its ``to_dict()``),
        whose ``sobol`` rows hold ``input``, ``first_order``, ``total_order`` and
        their ``*_ci`` intervals.
    title : str, optional
    limit : int, optional
        Show only this many input groups, those with the largest total index.

    Returns
    -------
    matplotlib.figure.Figure
        Paired horizontal bars, largest total index first, with the bootstrap
        intervals as whiskers where given.
    """
    Figure = _matplotlib()
    data = _plain(uncertainty)
    rows = sorted(data["sobol"], key=lambda r: -(r.get("total_order") or 0.0))
    if limit is not None:
        rows = rows[:limit]

    def v(x: Any) -> float:
        return float("nan") if x is None else float(x)

    fig = Figure(figsize=(7.5, 1.0 + 0.32 * max(len(rows), 2)), layout="constrained")
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
    ax.set_xlabel("Sobol' index of the headline net index")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    head = data.get("headline_period")
    ax.set_title(_text(title) if title is not None else f"Sensitivity of the net index, {head}",
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


def _render(fig: Figure, fmt: str, salt: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    rc: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": salt}
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else "figure")
    return buf.getvalue()


def to_svg(fig: Figure, *, label: str = "chart", salt: str | None = None) -> str:
    """Render the figure as an SVG element ready to sit inline in an HTML page.

    The XML prolog and doctype are dropped; the fixed width and height become a
    ``viewBox`` scaled to the container; text stays text (``svg.fonttype =
    'none'``), escaped by matplotlib; element ids are prefixed with `salt`
    (default: the label), so two charts can share a page.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    label : str
        Accessible name of the chart (``aria-label``).
    salt : str, optional
        Prefix of the element ids (default: `label`).
    """
    import html

    text = _render(fig, "svg", salt if salt is not None else label).decode("utf-8")
    text = text[text.index("<svg"):]
    head_end = text.index(">")
    head = text[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head += (f' role="img" aria-label="{html.escape(label, quote=True)}"'
             ' style="width:100%;height:auto" preserveAspectRatio="xMidYMid meet"')
    body = text[head_end:]
    # element ids ("figure_1", "axes_1", clip paths) prefixed, so charts can share a page
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", salt if salt is not None else label) or "chart"
    body = re.sub(r'(\sid=")|(url\(#)|(href="#)', lambda m: m.group(0) + f"{prefix}-", body)
    # no blank lines, so the element survives as one raw HTML block in Markdown
    return "\n".join(line for line in (head + body).splitlines() if line.strip())


def save(fig: Figure, path: str | Path, format: str | None = None) -> Path:
    """Write the figure to `path` atomically, as `format` or as its suffix says.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
    format : {"svg", "png", "pdf"}, optional
        Default: from the suffix of `path` (``.svg``, ``.png`` or ``.pdf``).

    Raises
    ------
    RelindexError
        For another format or suffix, or a format that contradicts the suffix.
    """
    from .loader import atomic_write

    out = Path(path)
    by_suffix = _FORMATS.get(out.suffix.lower())
    if format is not None:
        if format not in _FORMATS.values():
            raise RelindexError("is not a format relindex can draw", key="format",
                                value=format, fix="use svg, png or pdf")
        if by_suffix is not None and by_suffix != format:
            raise RelindexError(f"contradicts the file name's suffix {out.suffix!r}",
                                key="format", value=format,
                                fix=f"name the file *.{format}, or leave the format out")
    fmt = format or by_suffix
    if fmt is None:
        raise RelindexError("has a suffix relindex cannot draw", key="path", value=str(out),
                            fix="end the file name in .svg, .png or .pdf, or pass a format")
    if out.is_dir():
        raise InputFileError("is a folder, not a file to write", path=out,
                             fix=f"name a file inside it, e.g. {out / ('index.' + fmt)}")
    data = _render(fig, fmt, out.stem)
    try:
        atomic_write(out, data)
    except OSError as e:
        raise InputFileError(f"cannot be written ({e.strerror or e})", path=out,
                             fix="name a file in an existing, writable folder (a path under "
                             "a file is not one)") from None
    return out

"""Short reprs and the notebook HTML of relindex's objects (private).

A repr is one or a few lines that say what an object is and its main numbers; the
full data is in ``to_dict`` and ``to_frame``. The HTML of a result carries every
period's flags, with their meanings in the cell's title and a legend under the table,
so a caveat is never lost on the way from the command line to a notebook.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .audit import AuditResult
    from .change import Change
    from .compare import Comparison
    from .dataset import Dataset
    from .result import PeriodResult, Result
    from .scoring import Model
    from .sensitivity import SensitivityResult


def _fmt(x: float | None, digits: int = 3, sign: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def dataset_repr(ds: Dataset) -> str:
    """``<relindex.Dataset 'id': N records, ...>``: counts, not contents."""
    cat = ds.catalogue.catalogue
    drafts = f" ({len(ds.drafts)} unreviewed drafts)" if ds.drafts else ""
    k = len(ds.tables)
    tables = f", {k} table{'' if k == 1 else 's'} ({sum(len(t) for t in ds.tables)} rows)"
    n = len(ds.entities)
    return (f"<relindex.Dataset {cat.id!r}: {n} entit{'y' if n == 1 else 'ies'}, "
            f"{len(ds.sources)} sources, {len(ds.ledger)} ledger records{drafts}"
            f"{tables if ds.tables else ''}; {ds.path}>")


def model_repr(model: Model) -> str:
    """``<relindex.Model 'id': E entities x P periods x L indicators>``."""
    cat = model.dataset.catalogue.catalogue
    span = f"{model.periods[0]}-{model.periods[-1]}" if model.periods else "no periods"
    n = len(model.entities)
    return (f"<relindex.Model {cat.id!r}: {n} entit{'y' if n == 1 else 'ies'} x "
            f"{len(model.periods)} periods ({span}) x {model.n_leaves} indicators>")


def sensitivity_repr(res: SensitivityResult) -> str:
    """The headline band and the most influential input."""
    head = ""
    for p in res.periods:
        if p["period"] == res.headline_period and p.get("entity", res.entity) == res.entity:
            s = p["index"]
            head = (f"; {res.headline_period} index median {_fmt(s['median'], sign=True)}, "
                    f"90% [{_fmt(s['p05'], sign=True)}, {_fmt(s['p95'], sign=True)}]")
            break
    top = max(res.sobol, key=lambda s: s["total_order"] or 0.0, default=None)
    lead = "" if top is None else (f"; largest total-order Sobol' index "
                                   f"{top['input']!r} {_fmt(top['total_order'], 2)}")
    return (f"<relindex.SensitivityResult: {res.samples} base samples, seed {res.seed}"
            f"{head}{lead}>")


def change_repr(ch: Change) -> str:
    """The change and its three effects."""
    k = ch.by_kind()
    who = f" {ch.entity}" if ch.entity else ""
    return (f"<relindex.Change{who} {ch.start}->{ch.end}: {_fmt(ch.change, sign=True)} = value "
            f"{_fmt(k['value'], sign=True)} + composition {_fmt(k['composition'], sign=True)}"
            f" + weight {_fmt(k['weight'], sign=True)}>")


def audit_repr(res: AuditResult) -> str:
    """Passed or not, and the findings by severity."""
    counts = {s: sum(1 for f in res.findings if f.severity == s and not f.accepted)
              for s in ("error", "warning", "info")}
    accepted = sum(1 for f in res.findings if f.accepted)
    parts = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    return (f"<relindex.AuditResult: {'passed' if res.passed else 'FAILED'}; {parts}"
            f"{f', {accepted} accepted' if accepted else ''}>")


def comparison_repr(c: Comparison) -> str:
    """The two labels and the largest difference."""
    diffs = [r for r in c.rows if r["difference"] is not None]
    big = max(diffs, key=lambda r: abs(r["difference"]), default=None)
    most = "" if big is None else (f"; largest difference {_fmt(big['difference'], sign=True)}"
                                   f" ({big['entity']}, {big['period']})")
    return (f"<relindex.Comparison {c.label_a!r} vs {c.label_b!r}: {len(c.rows)} rows{most}>")


# ---------------------------------------------------------------------- HTML
_STYLE = ("<style>.relindex-flagged td{font-style:italic;color:#8a4b00}"
          ".relindex-head td{font-weight:bold}</style>")


def _flag_cell(pr: PeriodResult) -> str:
    e = html.escape
    if not pr.flags:
        return "<td></td>"
    title = "&#10;".join(e(f"{c}: {m}") for c, m in zip(pr.flags, pr.flag_messages,
                                                          strict=True))
    return f'<td title="{title}">&#9888; {e(", ".join(pr.flags))}</td>'


def _legend(periods: list[PeriodResult]) -> str:
    seen: dict[str, str] = {}
    for pr in periods:
        for c, m in zip(pr.flags, pr.flag_messages, strict=True):
            seen.setdefault(c, m)
    if not seen:
        return ""
    items = "".join(f"<li><code>{html.escape(c)}</code>: {html.escape(m)}</li>"
                    for c, m in seen.items())
    return f"<p>Flags (hover a cell for each period's detail):</p><ul>{items}</ul>"


def result_html(result: Result) -> str:
    """The notebook view of a result: every period with its flags, then the dimensions."""
    e = html.escape
    title = (f"<b>{e(result.name)}</b> (relindex {e(result.version)}, digest "
             f"<code>{e(result.digest[:12])}</code>)")
    if result.reweighted:
        title += (" <b>re-weighted</b>, not the catalogue's weights: " +
                  e(", ".join(f"{k} = {v:g}" for k, v in result.reweighted.items())))
    if len(result.entities) > 1:
        return _panel_html(result, title)
    composite = result.kind == "composite"
    periods = list(result.periods)
    rows = []
    for pr in periods:
        cls = "relindex-head" if pr.headline else ("relindex-flagged" if pr.flags else "")
        mark = " (headline)" if pr.headline else ""
        sides = "" if composite else f"<td>{_fmt(pr.cooperation)}</td><td>{_fmt(pr.friction)}</td>"
        span = "" if pr.interval is None else (f"[{_fmt(pr.interval[0], sign=True)}, "
                                               f"{_fmt(pr.interval[1], sign=True)}]")
        cov = min(pr.coverage.values()) if pr.coverage else math.nan
        rows.append(f'<tr class="{cls}"><td>{pr.period}{mark}</td>'
                    f"<td>{_fmt(pr.index, sign=not composite)}</td>{sides}"
                    f"<td>{_fmt(cov, 2)}</td><td>{span}</td>{_flag_cell(pr)}</tr>")
    side_head = "" if composite else "<th>cooperation</th><th>friction</th>"
    out = [_STYLE, f"<div>{title}<table><thead><tr><th>period</th><th>index</th>{side_head}"
           "<th>coverage</th><th>interval</th><th>flags</th></tr></thead><tbody>",
           "".join(rows), "</tbody></table>", _legend(periods)]
    head = result.headline
    if head is not None:
        dims = "".join(
            f"<tr><td>{e(d.name)}</td><td>{e(d.polarity)}</td><td>{_fmt(d.score)}</td>"
            f"<td>{_fmt(d.weight)}</td><td>{d.coverage:.2f}</td>"
            f"<td>{_fmt(d.contribution, sign=True)}</td></tr>" for d in head.dimensions)
        out.append(f"<p>Dimensions, {head.period}:</p><table><thead><tr><th>dimension</th>"
                   "<th>side</th><th>score</th><th>weight</th><th>coverage</th>"
                   f"<th>contribution</th></tr></thead><tbody>{dims}</tbody></table>")
    out.append("</div>")
    return "".join(out)


def _panel_html(result: Result, title: str) -> str:
    """Several entities: the ranked table of the latest headline period, with flags."""
    e = html.escape
    year = result.headline_period
    rows = []
    ranked: list[PeriodResult] = []
    if year is not None:
        p = result.years.index(year)
        ranked = sorted((result._period_obj(r, p) for r in result._rows),
                        key=lambda x: (x.rank is None, x.rank or 0, x.entity or ""))
        for x in ranked:
            cls = "relindex-flagged" if x.flags else ""
            rows.append(f'<tr class="{cls}"><td>{x.rank or "—"}</td><td>{e(x.entity or "")}'
                        f"</td><td>{_fmt(x.index)}</td>{_flag_cell(x)}</tr>")
    return (f"{_STYLE}<div>{title}, {year}<table><thead><tr><th>rank</th><th>entity</th>"
            f"<th>index</th><th>flags</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table>{_legend(ranked)}</div>")

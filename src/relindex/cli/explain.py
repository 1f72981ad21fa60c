"""``relindex explain``: the whole breakdown, down to the evidence quotes."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

from ._format import (
    common,
    emit_json,
    emit_json_stream,
    load_dataset,
    num,
    print_notes,
    quantity,
    safe,
    table,
    write_csv,
)
from ._options import add_selection, add_uncertainty, add_weights
from ._words import Thresholds, indicator_note, legend, period_notes
from .score import band_of, headline_text, scored

#: The columns of ``relindex explain --format csv``: one row per indicator and period.
CSV_COLUMNS = ["entity", "period", "dimension", "path", "indicator", "name", "unit",
               "polarity", "raw", "estimate", "estimate_low", "estimate_high", "transformed",
               "normalized", "interval_low", "interval_high", "weight", "nominal_weight",
               "contribution", "status", "carried_from", "n_observations", "n_events",
               "n_sources", "evidence",
               "dimension_score", "dimension_weight", "dimension_coverage",
               "dimension_contribution", "index"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("explain", help="the whole breakdown, down to the evidence quotes",
                       description="For a period (default: the headline): each dimension, "
                       "each indicator's raw, transformed and normalised value, weight and "
                       "contribution, the quotes behind it, and how conflicting records were "
                       "reconciled.")
    common(p, formats=("text", "json", "csv"))
    add_selection(p)
    add_weights(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the 5-95%% interval of each index (Monte Carlo)")
    p.add_argument("--from", dest="start", type=int, metavar="YEAR",
                   help="with --to: split the change of the index from YEAR into value, "
                   "composition and weight effects per indicator")
    p.add_argument("--to", dest="end", type=int, metavar="YEAR",
                   help="with --from: the later period of the change")
    add_uncertainty(p)
    return p


def _quote(ds: Any, rid: str) -> dict[str, Any]:
    r = ds.record(rid)
    e = r.evidence
    return {"id": rid, "source": e.source, "quote": e.quote,
            "span": list(r.span) if r.span else None, "period": e.period,
            "value": e.value, "unit": e.unit, "qualifier": e.qualifier,
            "event_type": e.event_type, "grade": f"{r.reliability}{e.credibility}",
            "citation": r.citation}


def _years(text: str) -> tuple[int, int] | None:
    import re

    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text or "")]
    return (min(years), max(years)) if years else None


def excluded_for(ds: Any, result: Any, chosen: list[Any]) -> list[Any]:
    """The excluded records that concern the chosen periods (and entities).

    A record concerns a period when its stated period overlaps it; records with no
    readable period, and rows of data tables, concern every period.
    """
    if len(chosen) == len(result.years) * len(result.entities):
        return list(result.excluded)
    only = ds.entity_ids[0] if len(ds.entity_ids) == 1 else None
    wanted = {(p.entity or result.entities[0], p.period) for p in chosen}
    out = []
    for x in result.excluded:
        try:
            ev = ds.record(x.id).evidence
        except (KeyError, LookupError, ValueError):
            out.append(x)
            continue
        span = _years(str(ev.period))
        ent = ev.entity or only or result.entities[0]
        if span is None or any(e == ent and span[0] <= y <= span[1] for e, y in wanted):
            out.append(x)
    return out


def csv_records(result: Any, chosen: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """One row per indicator and period (the columns of `CSV_COLUMNS`), one at a time."""
    for p in chosen:
        for top in p.dimensions:
            for d in top.walk():
                path = d.id if d is top else f"{top.id}/{d.id}"
                for i in d.indicators:
                    yield {
                        "entity": p.entity or result.entities[0], "period": p.period,
                        "dimension": d.id, "path": path, "indicator": i.id, "name": i.name,
                        "unit": i.unit, "polarity": i.polarity, "raw": i.raw,
                        "estimate": i.estimate, "estimate_low": i.estimate_low,
                        "estimate_high": i.estimate_high,
                        "transformed": i.transformed, "normalized": i.normalized,
                        "interval_low": None if i.interval is None else i.interval[0],
                        "interval_high": None if i.interval is None else i.interval[1],
                        "weight": i.weight, "nominal_weight": i.nominal_weight,
                        "contribution": i.contribution, "status": i.status,
                        "carried_from": i.carried_from, "n_observations": i.n_observations,
                        "n_events": i.n_events, "n_sources": i.n_sources,
                        "evidence": list(i.evidence), "dimension_score": d.score,
                        "dimension_weight": d.weight, "dimension_coverage": d.coverage,
                        "dimension_contribution": d.contribution, "index": p.index}


def run_change(args: argparse.Namespace) -> int:
    """``explain --from A --to B``: where the change of the index comes from."""
    from ..change import decompose
    from ..errors import RelindexError
    from ..scoring import build_model

    if args.start is None or args.end is None:
        given, missing = ("--to", "--from") if args.start is None else ("--from", "--to")
        year = args.end if args.start is None else args.start
        span = f"--from YEAR --to {year}" if args.start is None else f"--from {year} --to YEAR"
        raise RelindexError(f"needs {missing} as well (the change between two periods)",
                            key=given, value=year, fix=f"pass {span}")
    for opt in ("period", "all_periods", "uncertainty", "all_entities"):
        if getattr(args, opt, None):
            raise RelindexError("cannot be combined with --from/--to",
                                key="--" + opt.replace("_", "-"), fix="pass one or the other")
    ch = decompose(build_model(load_dataset(args)), args.start, args.end, entity=args.entity)
    if args.format == "json":
        emit_json(ch.to_dict())
        return 0
    if args.format == "csv":
        write_csv([{"from": ch.start, "to": ch.end, **e} for e in ch.effects],
                  ["from", "to", "indicator", "dimension", "kind", "effect"])
        return 0
    who = f" ({safe(ch.entity)})" if ch.entity else ""
    print(f"Change of the net index{who} from {ch.start} to {ch.end}: {ch.change:+.3f}")
    kinds = ch.by_kind()
    print(f"  value effects {kinds['value']:+.3f} (indicators that moved), composition "
          f"{kinds['composition']:+.3f} (indicators present in one period only), weight "
          f"{kinds['weight']:+.3f} (renormalised weights)")
    print()
    rows = [[safe(e["indicator"]), safe(e["dimension"] or ""), e["kind"], num(e["effect"], 4,
                                                                              signed=True)]
            for e in ch.effects]
    print(table(rows, ["indicator", "dimension", "kind", "effect"]))
    print(f"\nThe effects add up to {sum(e['effect'] for e in ch.effects):+.6f}, the change.")
    if ch.p_increase is not None:
        verdict = ("the change exceeds its noise" if ch.exceeds_noise else
                   "the change does not exceed its noise: read the two periods as alike")
        print(f"Probability that the index rose: {ch.p_increase:.2f} ({ch.draws} joint draws "
              f"of the evidence of both periods); {verdict}.")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    if getattr(args, "start", None) is not None or getattr(args, "end", None) is not None:
        return run_change(args)
    ds, result, chosen, bands, every = scored(args)
    print_notes(result.notes, args)
    excluded = excluded_for(ds, result, chosen)
    if args.format == "csv":
        write_csv(csv_records(result, chosen), CSV_COLUMNS)
        return 0
    if args.format == "json":
        _emit_json(ds, result, chosen, bands, every, excluded)
        return 0
    th = Thresholds.of(ds)
    for p in chosen:
        _print_period(ds, result, p, band_of(bands, p), th)
    if excluded:
        years = sorted({p.period for p in chosen})
        which = (f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}")
        print(f"Records that do not count ({len(excluded)}; those whose stated period "
              f"includes {which}, and undated ones):")
        for e in excluded:
            print(f"  {e.id} ({e.indicator}): {safe(e.reason)}")
        print()
    print(legend(result.kind, th, grades=True, bands=bands is not None, data=False))
    return 0


def _same_cell(result: Any, x: Any, p: Any) -> bool:
    """Whether a fact or conflict `x` belongs to period result `p`."""
    only = result.entities[0]
    return bool(x.period == p.period and (x.entity or only) == (p.entity or only))


def _emit_json(ds: Any, result: Any, chosen: Iterable[Any], bands: Any, every: bool,
               excluded: list[Any]) -> None:
    """The JSON of the chosen periods, with quotes, facts and conflicts, one period at a time."""
    from collections import defaultdict

    only = result.entities[0]
    facts, conflicts = defaultdict(list), defaultdict(list)
    for f in result.facts:
        facts[(f.entity or only, f.period)].append(f)
    for c in result.conflicts:
        conflicts[(c.entity or only, c.period)].append(c)

    def one(p: Any) -> dict[str, Any]:
        d = p.to_dict()
        for dim in _walk_dicts(d["dimensions"]):
            for ind in dim["indicators"]:
                ind["quotes"] = [_quote(ds, rid) for rid in ind["evidence"]]
        cell = (p.entity or only, p.period)
        d["facts"] = [f.to_dict() for f in facts.get(cell, ())]
        d["conflicts"] = [c.to_dict() for c in conflicts.get(cell, ())]
        if every:
            d["entity"], d["rank"] = p.entity or only, p.rank
        if bands is not None:
            u = band_of(bands, p)
            d["uncertainty"] = {k: u[k] for k in ("index", "cooperation", "friction")}
        d.update(version=result.version, digest=result.digest)
        return d

    emit_json_stream({"periods": map(one, chosen), "excluded": [e.to_dict() for e in excluded],
                      "notes": list(result.notes), "severity_scale": result.severity_scale})


def _print_period(ds: Any, result: Any, p: Any, band: Any, th: Thresholds) -> None:
    """One period as text: headline, dimensions with indicators and quotes, facts."""
    from ._words import dimension_note

    composite = result.kind == "composite"
    many = len(result.entities) > 1
    wrap = textwrap.TextWrapper(width=100, initial_indent="        ", subsequent_indent="        ")
    print(headline_text(p, band, composite=composite, entity=p.entity if many else None))
    for n in period_notes(p):
        print(f"  {safe(n)}")
    for top in p.dimensions:
        for d in top.walk():
            why = dimension_note(d, th)
            print(f"\n  [{d.polarity}] {safe(d.name)} ({d.id}, {d.aggregation}): score "
                  f"{num(d.score)}, weight {num(d.weight)}, coverage {d.coverage:.2f}, "
                  f"contribution {num(d.contribution, signed=not composite)}"
                  + (f" ({why})" if why else ""))
            for i in d.indicators:
                print(f"    - {safe(i.name)} ({i.id}): {value_text(i)}, "
                      f"transformed {num(i.transformed, 4)}, normalised "
                      f"{num(i.normalized)}{band_text(i.interval)}, weight "
                      f"{num(i.weight)}, contribution "
                      f"{num(i.contribution, 4, signed=not composite)} "
                      f"[{indicator_note(i)}]")
                for rid in i.evidence:
                    q = _quote(ds, rid)
                    print(wrap.fill(f"{rid} ({q['source']}, {q['period']}, grade "
                                    f"{q['grade']}): \u201c{safe(q['quote'])}\u201d"))
    _print_reconciliation(result, p)
    print()


def _print_reconciliation(result: Any, p: Any) -> None:
    """The period's conflicting records and reconciled facts, as text."""
    pc = [c for c in result.conflicts if _same_cell(result, c, p)]
    if pc:
        print("\n  Conflicting records (one value counts):")
        for c in pc:
            print(f"    {c.indicator} ({c.entity}, {c.period}): combine = '{c.rule}' uses "
                  f"{c.used} = {c.value:g}")
            for r in c.records:
                print(f"      - {r['id']}: {r['value']:g}: {safe(r['role'])}")
    pf = [f for f in result.facts if _same_cell(result, f, p)]
    if pf:
        print("\n  Reconciled facts:")
        for f in pf:
            print(f"    {f.fact} ({f.indicator}, {f.period}): used {f.used} = {f.value:g}, "
                  f"interval [{f.low:g}, {f.high:g}], spread {f.spread[0]:g}-"
                  f"{f.spread[1]:g}")
            print(f"      rule: {safe(f.rule)}")
            for a in f.alternatives:
                val = "event" if a["value"] is None else (
                    f"{'' if a['qualifier'] == 'exact' else a['qualifier'] + ' '}"
                    f"{a['value']:g}")
                print(f"      - {a['id']} ({a['source']}, {a['period']}): {val}, weight "
                      f"{a['weight']:.2f}: {a['role']}")


def band_text(band: tuple[float, float] | None) -> str:
    """' [0.095, 0.321]' for an interval, '' for none."""
    return "" if band is None else f" [{band[0]:.3f}, {band[1]:.3f}]"


def value_text(i: Any) -> str:
    """What an indicator's value rests on: whole events and sources, raw and estimate.

    'events 1 of 13 (2 sources), raw 5.76%; estimate 15.0% [7.12%, 24.1%] (90%)' for an
    event share, 'raw 244.8 USD bn [232.56, 257.04]' for a number.
    """
    if i.n_events is None:
        lo, hi = i.estimate_low, i.estimate_high
        band = "" if lo is None or hi is None or lo == hi else f" [{lo:.4g}, {hi:.4g}]"
        return f"raw {quantity(i.raw, i.unit)}{band}"
    src = f"{i.n_sources} source" + ("" if i.n_sources == 1 else "s")
    if i.n_kind is not None:
        events = f"{i.n_kind} of {i.n_events} coded events ({src})"
    else:
        events = f"{i.n_events} event" + ("" if i.n_events == 1 else "s") + f" ({src})"
    raw = "" if i.raw is None else f", raw {quantity(round(i.raw, 4), i.unit)}"
    est = quantity(None if i.estimate is None else round(i.estimate, 4), i.unit)
    band = ("" if i.estimate_low is None or i.estimate_high is None else
            f" [{i.estimate_low:.4g}, {i.estimate_high:.4g}] (90%)")
    return f"{events}{raw}; estimate {est}{band}"


def _walk_dicts(dims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for d in dims:
        out.append(d)
        out.extend(_walk_dicts(d.get("dimensions", [])))
    return out

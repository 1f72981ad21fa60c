"""``relindex explain``: the whole breakdown, down to the evidence quotes."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from ._format import common, emit_json, num, safe
from .score import add_selection, band_of, headline_text, scored


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("explain", help="the whole breakdown, down to the evidence quotes",
                       description="For a period (default: the headline): each dimension, "
                       "each indicator's raw, transformed and normalised value, weight and "
                       "contribution, the quotes behind it, and how conflicting records were "
                       "reconciled.")
    common(p)
    add_selection(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the 5-95%% interval of each index (Monte Carlo)")
    from .sensitivity import add_options

    add_options(p)
    return p


def _quote(ds: Any, rid: str) -> dict[str, Any]:
    r = ds.record(rid)
    e = r.evidence
    return {"id": rid, "source": e.source, "quote": e.quote,
            "span": list(r.span) if r.span else None, "period": e.period,
            "value": e.value, "unit": e.unit, "qualifier": e.qualifier,
            "event_type": e.event_type, "grade": f"{r.reliability}{e.credibility}",
            "citation": r.citation}


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    ds, result, chosen, bands, every = scored(args)
    many = len(result.entities) > 1
    only = result.entities[0]

    def mine(x: Any, p: Any) -> bool:
        return x.period == p.period and (x.entity or only) == (p.entity or only)

    if args.format == "json":
        out = []
        for p in chosen:
            d = p.to_dict()
            for dim in _walk_dicts(d["dimensions"]):
                for ind in dim["indicators"]:
                    ind["quotes"] = [_quote(ds, rid) for rid in ind["evidence"]]
            d["facts"] = [f.to_dict() for f in result.facts if mine(f, p)]
            d["conflicts"] = [c.to_dict() for c in result.conflicts if mine(c, p)]
            if every:
                d["entity"], d["rank"] = p.entity or only, p.rank
            if bands is not None:
                u = band_of(bands, p)
                d["uncertainty"] = {k: u[k] for k in ("index", "cooperation", "friction")}
            d.update(version=result.version, digest=result.digest)
            out.append(d)
        emit_json({"periods": out, "excluded": [e.to_dict() for e in result.excluded],
                   "notes": list(result.notes), "severity_scale": result.severity_scale})
        return 0
    wrap = textwrap.TextWrapper(width=100, initial_indent="        ", subsequent_indent="        ")
    composite = result.kind == "composite"
    for p in chosen:
        band = band_of(bands, p)
        print(headline_text(p, band, composite=composite, entity=p.entity if many else None))
        for top in p.dimensions:
            for d in top.walk():
                print(f"\n  [{d.polarity}] {safe(d.name)} ({d.id}, {d.aggregation}): score "
                      f"{num(d.score)}, weight {num(d.weight)}, coverage {d.coverage:.2f}, "
                      f"contribution {num(d.contribution, signed=True)}")
                for i in d.indicators:
                    carried = f", carried from {i.carried_from}" if i.carried else ""
                    print(f"    - {safe(i.name)} ({i.id}): raw {num(i.raw, 4)} {safe(i.unit)}, "
                          f"transformed {num(i.transformed, 4)}, normalised "
                          f"{num(i.normalized)}, weight {num(i.weight)}, contribution "
                          f"{num(i.contribution, 4, signed=True)} [{i.status}{carried}]")
                    for rid in i.evidence:
                        q = _quote(ds, rid)
                        print(wrap.fill(f"{rid} ({q['source']}, {q['period']}, grade "
                                        f"{q['grade']}): \u201c{safe(q['quote'])}\u201d"))
        pc = [c for c in result.conflicts if mine(c, p)]
        if pc:
            print("\n  Conflicting records (one value counts):")
            for c in pc:
                print(f"    {c.indicator} ({c.entity}, {c.period}): combine = '{c.rule}' uses "
                      f"{c.used} = {c.value:g}")
                for r in c.records:
                    print(f"      - {r['id']}: {r['value']:g}: {safe(r['role'])}")
        pf = [f for f in result.facts if mine(f, p)]
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
        print()
    if result.excluded:
        print(f"Records that do not count ({len(result.excluded)}):")
        for e in result.excluded:
            print(f"  {e.id} ({e.indicator}): {safe(e.reason)}")
    for note in result.notes:
        print(f"note: {safe(note)}")
    return 0


def _walk_dicts(dims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for d in dims:
        out.append(d)
        out.extend(_walk_dicts(d.get("dimensions", [])))
    return out

"""``relindex evidence``: the evidence ledger, with what counts and what does not."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from ._format import (
    common,
    emit_json_stream,
    load_dataset,
    nothing_matches,
    safe,
    table,
    write_csv,
)

#: The columns of ``relindex evidence --format csv`` (``span`` as two columns, ``actors``
#: joined by ``;``).
CSV_COLUMNS = ["id", "entity", "indicator", "source", "period", "value", "unit", "qualifier",
               "event_type", "actors", "reliability", "credibility", "weight", "fact",
               "counted", "role", "excluded", "span_start", "span_end", "occurrences",
               "citation", "quote"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("evidence", help="list the evidence ledger",
                       description="List every evidence record with its quote, source, span, "
                       "value and period, and why a record does not count.")
    common(p, formats=("text", "json", "csv"))
    p.add_argument("--indicator", metavar="ID", help="only records of this indicator")
    p.add_argument("--entity", "-e", metavar="ID", help="only records of this entity")
    p.add_argument("--period", metavar="YEAR", type=int,
                   help="only records whose stated period includes this year")
    return p


def records(ds: Any, excluded: dict[str, str], roles: dict[str, str]
            ) -> Iterator[dict[str, Any]]:
    """The ledger as plain data (the documented JSON shape, plus grading and status).

    One record at a time: a command writing them out holds one row, not the table.
    """
    only = ds.entity_ids[0] if len(ds.entity_ids) == 1 else None
    for r in ds.iter_records():
        e = r.evidence
        counted = e.id not in excluded
        yield {
            "id": e.id, "indicator": e.indicator, "source": e.source, "quote": e.quote,
            "span": list(r.span) if r.span else None,
            "occurrences": len(r.occurrences),
            "value": e.value, "value_inferred": e.value_inferred, "unit": e.unit,
            "qualifier": e.qualifier,
            "event_type": e.event_type, "period": e.period,
            "period_inferred": e.period_inferred, "actors": list(e.actors),
            "reliability": r.reliability, "credibility": e.credibility,
            "weight": r.weight, "fact": e.fact, "citation": r.citation,
            "counted": counted, "excluded": excluded.get(e.id),
            "role": roles.get(e.id, "used" if counted else None),
            "entity": e.entity or only,
        }


def _filtered(ds: Any, args: argparse.Namespace, rows: Iterator[dict[str, Any]]
              ) -> Iterator[dict[str, Any]]:
    """The rows the --indicator, --entity and --period options keep (checked first)."""
    from ..errors import RelindexError

    if args.indicator and args.indicator not in ds.indicators:
        raise RelindexError("is not an indicator or series of the catalogue",
                            key="--indicator", value=args.indicator,
                            fix="choose one of " + ", ".join(list(ds.indicators)[:20]))
    if args.entity and args.entity not in ds.entity_ids:
        raise RelindexError("is not an entity of the catalogue", key="--entity",
                            value=args.entity, fix="choose one of " + ", ".join(ds.entity_ids[:20]))
    from .explain import _years

    for r in rows:
        if args.indicator and r["indicator"] != args.indicator:
            continue
        if args.entity and r["entity"] != args.entity:
            continue
        if args.period is not None and not ((y := _years(str(r["period"]))) is not None
                                            and y[0] <= args.period <= y[1]):
            continue
        yield r


def _csv_row(r: dict[str, Any]) -> dict[str, Any]:
    r["span_start"], r["span_end"] = r["span"] if r["span"] else (None, None)
    return r


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    import itertools

    from ..scoring import build_model

    ds = load_dataset(args)
    model = build_model(ds)
    excluded = {x.id: x.reason for x in model.excluded}
    stream = _filtered(ds, args, records(ds, excluded, model.roles))
    first = next(stream, None)
    if first is None:
        asked = " ".join(f"--{k} {v}" for k, v in (("indicator", args.indicator),
                                                  ("entity", args.entity),
                                                  ("period", args.period)) if v is not None)
        if asked:
            return nothing_matches(f"no evidence record matches {asked}",
                                   "Run 'relindex evidence' without filters to see the ledger.")
        from ..drafts import drafts_advice

        return nothing_matches("the catalogue has no evidence record",
                               (drafts_advice(ds.drafts) or "add [[evidence]] entries to its "
                                "ledger, or rows to its tables") + ".")
    every = itertools.chain([first], stream)
    if args.format == "json":
        emit_json_stream(every)
        return 0
    if args.format == "csv":
        write_csv(map(_csv_row, every), CSV_COLUMNS)
        return 0
    rows = list(every)
    body = []
    for r in rows:
        what = (f"{r['qualifier'] + ' ' if r['qualifier'] != 'exact' else ''}{r['value']:g} "
                f"{r['unit']}" + (" (inferred)" if r["value_inferred"] else "")
                if r["value"] is not None else f"event: {r['event_type']}")
        body.append([r["id"], r["indicator"], r["period"], safe(what),
                     f"{r['reliability']}{r['credibility']}",
                     r["role"] if r["counted"] else "excluded"])
    print(table(body, ["id", "indicator", "period", "value", "grade", "role"]))
    n_out = sum(1 for r in rows if not r["counted"])
    print(f"\n{plural(len(rows), 'record')}: {len(rows) - n_out} count, {n_out} do not"
          + (":" if n_out else "."))
    for r in rows:
        if not r["counted"]:
            print(f"  {r['id']}: {safe(r['excluded'])}")
    print("\nLegend:\n  grade = source reliability A-F and credibility 1-6 (Admiralty code; A "
          "and 1 the best).\n  role = what a counted record does: used, corroborates another, "
          "an alternative not used, a lower bound, or superseded.")
    return 0


def plural(n: int, word: str) -> str:
    """'1 record', '2 records'."""
    return f"{n} {word}" + ("" if n == 1 else "s")

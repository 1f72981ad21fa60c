"""``relindex score``: the headline index and a dimension table."""

from __future__ import annotations

import argparse
from typing import Any

from ._format import common, emit_json, load_dataset, num, safe, table


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("score", help="headline index and a dimension table",
                       description="Score the catalogue: the headline period (latest with "
                       "enough coverage) or --period YEAR, or every period.")
    common(p)
    p.add_argument("--period", type=int, metavar="YEAR", help="score this period")
    p.add_argument("--all-periods", action="store_true", help="every period, oldest first")
    return p


def select(result: Any, args: argparse.Namespace) -> list[Any]:
    """The periods the options ask for."""
    from ..errors import RelindexError

    if args.all_periods:
        return list(result.periods)
    if args.period is not None:
        try:
            return [result.period(args.period)]
        except KeyError:
            years = [p.period for p in result.periods]
            raise RelindexError(
                f"is not a scored period (scored: {years[0]}-{years[-1]})",
                key="--period", value=args.period, fix="choose a year in that span",
            ) from None
    if result.headline is None:
        raise RelindexError("no period qualifies as the headline",
                            fix="pass --period YEAR or --all-periods, or lower "
                            "index.headline_min_coverage in the catalogue")
    return [result.headline]


def period_text(p: Any) -> str:
    """A period's index and its dimension table."""
    fr = num(p.friction) if p.friction is not None else "absent"
    cov = ", ".join(f"{k} {v:.2f}" for k, v in p.coverage.items())
    head = " (headline)" if p.headline else ""
    lines = [f"Period {p.period}{head}: index {num(p.index, signed=True)} = cooperation "
             f"{num(p.cooperation)} - friction {fr}   (coverage: {cov})", ""]
    rows = []
    for top in p.dimensions:
        for d in top.walk():
            indent = "  " if d is not top else ""
            rows.append([indent + safe(d.id), d.polarity, num(d.score), num(d.weight),
                         f"{d.coverage:.2f}", num(d.contribution, signed=True)])
    lines.append(table(rows, ["dimension", "side", "score", "weight", "coverage",
                              "contribution"]))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..scoring import score

    result = score(load_dataset(args))
    chosen = select(result, args)
    if args.format == "json":
        data = [p.to_dict() for p in chosen]
        meta = {"version": result.version, "digest": result.digest,
                "catalogue": result.catalogue}
        for d in data:
            d.update(meta)
        emit_json(data if args.all_periods else data[0])
        return 0
    print(f"{safe(result.name)}  (relindex {result.version}, data {result.digest[:12]})")
    for p in chosen:
        print()
        print(period_text(p))
    for note in result.notes:
        print(f"note: {safe(note)}")
    return 0

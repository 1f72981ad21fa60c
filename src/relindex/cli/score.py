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
    p.add_argument("--uncertainty", action="store_true",
                   help="add the 5-95%% interval of each index (Monte Carlo; see "
                   "'relindex sensitivity')")
    from .sensitivity import add_options

    add_options(p)
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


def interval(band: dict[str, Any] | None, key: str) -> str:
    """' [p05, p95]' for a value when an uncertainty band is given."""
    if band is None or band.get(key) is None or band[key].get("p05") is None:
        return ""
    b = band[key]
    signed = key == "index"
    return f" [{num(b['p05'], signed=signed)}, {num(b['p95'], signed=signed)}]"


def period_text(p: Any, band: dict[str, Any] | None = None) -> str:
    """A period's index and its dimension table (with 5-95% intervals when given)."""
    fr = (num(p.friction) + interval(band, "friction")) if p.friction is not None else "absent"
    cov = ", ".join(f"{k} {v:.2f}" for k, v in p.coverage.items())
    head = " (headline)" if p.headline else ""
    lines = [f"Period {p.period}{head}: index {num(p.index, signed=True)}"
             f"{interval(band, 'index')} = cooperation {num(p.cooperation)}"
             f"{interval(band, 'cooperation')} - friction {fr}   (coverage: {cov})"]
    if band is not None and band["index"].get("p_positive") is not None:
        lines.append(f"  P(index > 0) = {band['index']['p_positive']:.2f} over "
                     "the declared uncertainties (5-95% intervals in brackets)")
    lines.append("")
    rows = []
    for top in p.dimensions:
        for d in top.walk():
            indent = "  " if d is not top else ""
            rows.append([indent + safe(d.id), d.polarity, num(d.score), num(d.weight),
                         f"{d.coverage:.2f}", num(d.contribution, signed=True)])
    lines.append(table(rows, ["dimension", "side", "score", "weight", "coverage",
                              "contribution"]))
    return "\n".join(lines)


def scored(args: argparse.Namespace) -> tuple[Any, Any, list[Any], Any]:
    """Load and score; the periods asked for; with --uncertainty, the Monte Carlo bands."""
    from ..scoring import score

    ds = load_dataset(args)
    result = score(ds)
    chosen = select(result, args)
    bands = None
    if args.uncertainty:
        from .sensitivity import analyse

        bands = analyse(args, ds)
    return ds, result, chosen, bands


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    _, result, chosen, bands = scored(args)
    if args.format == "json":
        data = [p.to_dict() for p in chosen]
        meta = {"version": result.version, "digest": result.digest,
                "catalogue": result.catalogue}
        for d in data:
            d.update(meta)
            if bands is not None:
                u = bands.period(d["period"])
                d["uncertainty"] = {k: u[k] for k in ("index", "cooperation", "friction")}
                d["uncertainty"].update(samples=bands.samples, seed=bands.seed)
        emit_json(data if args.all_periods else data[0])
        return 0
    print(f"{safe(result.name)}  (relindex {result.version}, data {result.digest[:12]})")
    for p in chosen:
        print()
        print(period_text(p, None if bands is None else bands.period(p.period)))
    for note in result.notes:
        print(f"note: {safe(note)}")
    return 0

"""``relindex score``: the headline index and a dimension table."""

from __future__ import annotations

import argparse
from typing import Any

from ._format import common, emit_json, load_dataset, num, safe, table


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("score", help="headline index and a dimension table",
                       description="Score the catalogue: the headline period (latest with "
                       "enough coverage) or --period YEAR, or every period. With several "
                       "entities (dyads or countries): --entity ID for one, or a ranked table "
                       "of all (--all-entities, the default when there are several).")
    common(p, formats=("text", "json", "csv"))
    add_selection(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the 5-95%% interval of each index (Monte Carlo; see "
                   "'relindex sensitivity')")
    from .sensitivity import add_options

    add_options(p)
    return p


def add_selection(p: argparse.ArgumentParser, *, periods: bool = True) -> None:
    """The --period, --all-periods, --entity and --all-entities options."""
    if periods:
        p.add_argument("--period", type=int, metavar="YEAR", help="this period")
        p.add_argument("--all-periods", action="store_true", help="every period, oldest first")
    p.add_argument("--entity", "-e", metavar="ID",
                   help="one entity (dyad or country) of a catalogue that has several")
    p.add_argument("--all-entities", action="store_true",
                   help="every entity, ranked per period (the default when there are several)")


def entity_scope(result: Any, args: argparse.Namespace) -> tuple[Any, bool]:
    """The result narrowed to --entity, and whether every entity is shown."""
    from ..errors import RelindexError

    if getattr(args, "entity", None) is not None and getattr(args, "all_entities", False):
        raise RelindexError("cannot be combined with --all-entities", key="--entity",
                            value=args.entity, fix="pass one of the two")
    if getattr(args, "entity", None) is not None:
        if args.entity not in result.entities:
            shown = ", ".join(result.entities[:12]) + (
                " ..." if len(result.entities) > 12 else "")
            raise RelindexError("is not an entity of the catalogue", key="--entity",
                                value=args.entity, fix=f"choose one of {shown}")
        return result.entity(args.entity), False
    many = len(result.entities) > 1
    return result, many or bool(getattr(args, "all_entities", False))


def select(result: Any, args: argparse.Namespace, *, all_entities: bool = False) -> list[Any]:
    """The periods the options ask for (of every entity in `result` with `all_entities`)."""
    from ..errors import RelindexError

    if args.all_periods and args.period is not None:
        raise RelindexError("cannot be combined with --all-periods", key="--period",
                            value=args.period, fix="pass one of the two")
    if args.all_periods:
        return list(result.periods)
    if args.period is not None:
        if args.period not in result.years:
            years = result.years
            raise RelindexError(
                f"is not a scored period (scored: {years[0]}-{years[-1]})",
                key="--period", value=args.period, fix="choose a year in that span",
            )
        if all_entities:
            return [result.period(args.period, e) if len(result.entities) > 1
                    else result.period(args.period) for e in result.entities]
        return [result.period(args.period)]
    year = result.headline_period
    if year is None:
        raise RelindexError("no period qualifies as the headline",
                            fix="pass --period YEAR or --all-periods, or lower "
                            "index.headline_min_coverage in the catalogue")
    if all_entities:
        return [result.period(year, e) if len(result.entities) > 1 else result.period(year)
                for e in result.entities]
    return [result.headline]


def interval(band: dict[str, Any] | None, key: str) -> str:
    """' [p05, p95]' for a value when an uncertainty band is given."""
    if band is None or band.get(key) is None or band[key].get("p05") is None:
        return ""
    b = band[key]
    signed = key == "index"
    return f" [{num(b['p05'], signed=signed)}, {num(b['p95'], signed=signed)}]"


def headline_text(p: Any, band: dict[str, Any] | None = None, *, composite: bool = False,
                  entity: str | None = None) -> str:
    """The one line that states a period's index (and its sides)."""
    head = " (headline)" if p.headline else ""
    who = f"{safe(entity)}, " if entity else ""
    cov = ", ".join(f"{k} {v:.2f}" for k, v in p.coverage.items())
    if composite:
        return (f"{who}Period {p.period}{head}: index {num(p.index)}{interval(band, 'index')}"
                f"   (coverage: {cov})")
    fr = (num(p.friction) + interval(band, "friction")) if p.friction is not None else "absent"
    return (f"{who}Period {p.period}{head}: index {num(p.index, signed=True)}"
            f"{interval(band, 'index')} = cooperation {num(p.cooperation)}"
            f"{interval(band, 'cooperation')} - friction {fr}   (coverage: {cov})")


def period_text(p: Any, band: dict[str, Any] | None = None, *, composite: bool = False,
                entity: str | None = None) -> str:
    """A period's index and its dimension table (with 5-95% intervals when given)."""
    lines = [headline_text(p, band, composite=composite, entity=entity)]
    if band is not None and band["index"].get("p_positive") is not None and not composite:
        lines.append(f"  P(index > 0) = {band['index']['p_positive']:.2f} over "
                     "the declared uncertainties (5-95% intervals in brackets)")
    lines.append("")
    rows = []
    for top in p.dimensions:
        for d in top.walk():
            indent = "  " if d is not top else ""
            side = [] if composite else [d.polarity]
            rows.append([indent + safe(d.id), *side, num(d.score), num(d.weight),
                         f"{d.coverage:.2f}", num(d.contribution, signed=not composite)])
    head = ["dimension", *([] if composite else ["side"]), "score", "weight", "coverage",
            "contribution"]
    lines.append(table(rows, head))
    return "\n".join(lines)


def ranked_text(result: Any, chosen: list[Any]) -> str:
    """Ranked tables of entities, one per period."""
    composite = result.kind == "composite"
    by_year: dict[int, list[Any]] = {}
    for p in chosen:
        by_year.setdefault(p.period, []).append(p)
    out = []
    names = result.entity_names
    for year in sorted(by_year):
        ps = sorted(by_year[year], key=lambda x: (x.rank is None, x.rank or 0, x.entity or ""))
        rows = []
        for x in ps:
            ent = x.entity or result.entities[0]
            sides = [] if composite else [num(x.cooperation), num(x.friction)]
            rows.append([str(x.rank) if x.rank else "—", safe(ent),
                         safe(names.get(ent, ent))[:40], num(x.index, signed=not composite),
                         *sides, f"{min(x.coverage.values()):.2f}",
                         ",".join(x.flags)])
        head = ["rank", "entity", "name", "index",
                *([] if composite else ["cooperation", "friction"]), "coverage", "flags"]
        out.append(f"Period {year}: {len(ps)} entities, ranked by index\n\n"
                   + table(rows, head))
    return "\n\n".join(out)


def csv_rows(result: Any, chosen: list[Any]) -> str:
    """The long table (entity, period, index, ..., every dimension) of the chosen periods."""
    import csv
    import io

    wanted = {(p.entity or result.entities[0], p.period) for p in chosen}
    rows = [r for r in result.to_records() if (r["entity"], r["period"]) in wanted]
    buf = io.StringIO()
    if not rows:
        return ""
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(rows[0]))
    for r in rows:
        w.writerow(["" if v is None else (";".join(v) if isinstance(v, list) else
                                          (repr(v) if isinstance(v, float) else v))
                    for v in r.values()])
    return buf.getvalue()


def scored(args: argparse.Namespace) -> tuple[Any, Any, list[Any], Any, bool]:
    """Load and score; the periods asked for; with --uncertainty, the Monte Carlo bands."""
    from ..scoring import score

    ds = load_dataset(args)
    full = score(ds)
    result, every = entity_scope(full, args)
    chosen = select(result, args, all_entities=every)
    bands = None
    if getattr(args, "uncertainty", False):
        from .sensitivity import analyse

        bands = analyse(args, ds)
    return ds, result, chosen, bands, every


def band_of(bands: Any, p: Any) -> Any:
    """The uncertainty band of one period (of its entity)."""
    if bands is None:
        return None
    return bands.period(p.period, p.entity)


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    _, result, chosen, bands, every = scored(args)
    if args.format == "csv":
        import sys

        sys.stdout.write(csv_rows(result, chosen))
        return 0
    if args.format == "json":
        data = []
        meta = {"version": result.version, "digest": result.digest,
                "catalogue": result.catalogue}
        for p in chosen:
            d = p.to_dict()
            if every:
                d["entity"] = p.entity or result.entities[0]
                d["rank"] = p.rank if len(result.entities) > 1 else (
                    1 if p.index is not None else None)
            d.update(meta)
            if bands is not None:
                u = band_of(bands, p)
                d["uncertainty"] = {k: u[k] for k in ("index", "cooperation", "friction")}
                d["uncertainty"].update(samples=bands.samples, seed=bands.seed)
            data.append(d)
        emit_json(data if (args.all_periods or every) else data[0])
        return 0
    print(f"{safe(result.name)}  (relindex {result.version}, data {result.digest[:12]})")
    composite = result.kind == "composite"
    if every and len(result.entities) > 1:
        print()
        print(ranked_text(result, chosen))
    else:
        for p in chosen:
            print()
            print(period_text(p, band_of(bands, p), composite=composite))
    for note in result.notes:
        print(f"note: {safe(note)}")
    return 0

"""``relindex score``: the headline index and a dimension table."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from ._format import (
    common,
    emit_json,
    emit_json_stream,
    load_dataset,
    num,
    print_notes,
    refuse,
    safe,
    table,
)
from ._options import add_selection, add_uncertainty, add_weights
from ._words import Thresholds, dimension_note, legend, period_notes


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("score", help="headline index and a dimension table",
                       description="Score the catalogue: the headline period (latest with "
                       "enough coverage) or --period YEAR, or every period. With several "
                       "entities (dyads or countries): --entity ID for one, or a ranked table "
                       "of all (--all-entities, the default when there are several).")
    common(p, formats=("text", "json", "csv"))
    add_selection(p)
    add_weights(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the 5-95%% interval of each index (Monte Carlo; see "
                   "'relindex sensitivity'); not with --format csv")
    add_uncertainty(p)
    return p


def weight_options(args: argparse.Namespace) -> dict[str, float]:
    """The weights asked for by --weights FILE and --weight ID=W (in that order)."""
    out: dict[str, float] = {}
    if not getattr(args, "weights", None) and not getattr(args, "weight", None):
        return out  # the catalogue's weights: the weight rules are not imported
    from ..weights import parse_weight_option, read_weights

    if getattr(args, "weights", None):
        out.update(read_weights(args.weights))
    for item in getattr(args, "weight", None) or []:
        key, w = parse_weight_option(item)
        out[key] = w
    return out


def check_weight_ids(model: Any, args: argparse.Namespace) -> None:
    """Refuse a --weight ID that the model lacks, naming the option (not a weights file)."""
    from ..compare import _unknown_weight_id, weight_slots
    from ..weights import parse_weight_option

    slots = weight_slots(model)
    for item in getattr(args, "weight", None) or []:
        key, _ = parse_weight_option(item)
        if key not in slots:
            raise _unknown_weight_id(model, key, slots, where=f"--weight {key}")


def check_uncertainty_options(args: argparse.Namespace) -> None:
    """Refuse Monte Carlo options given without --uncertainty, and CSV with it."""
    if getattr(args, "uncertainty", False):
        if getattr(args, "format", "text") == "csv":
            refuse("--uncertainty", "--format csv (use --format json)")
        return
    for opt in ("samples", "seed", "weight_range", "max_samples"):
        if getattr(args, opt, None) is not None:
            from ..errors import RelindexError

            raise RelindexError("has no effect without --uncertainty",
                                key="--" + opt.replace("_", "-"), value=getattr(args, opt),
                                fix="add --uncertainty, or leave the option out")


def entity_scope(result: Any, args: argparse.Namespace) -> tuple[Any, bool]:
    """The result narrowed to --entity, and whether every entity is shown."""
    from ..errors import RelindexError

    if getattr(args, "entity", None) is not None and getattr(args, "all_entities", False):
        refuse("--entity", "--all-entities", args.entity)
    if getattr(args, "entity", None) is not None:
        if args.entity not in result.entities:
            shown = ", ".join(result.entities[:12]) + (
                " ..." if len(result.entities) > 12 else "")
            raise RelindexError("is not an entity of the catalogue", key="--entity",
                                value=args.entity, fix=f"choose one of {shown}")
        return result.entity(args.entity), False
    many = len(result.entities) > 1
    return result, many or bool(getattr(args, "all_entities", False))


class EveryPeriod:
    """Every period of a result, as a collection built as it is walked (none kept).

    ``--all-periods`` over many entities writes them one at a time instead of holding
    every period's breakdown at once.
    """

    def __init__(self, result: Any) -> None:
        self.result = result

    def __len__(self) -> int:
        return len(self.result.entities) * len(self.result.years)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.result.each_period())


def select(result: Any, args: argparse.Namespace, *, all_entities: bool = False) -> list[Any]:
    """The periods the options ask for (of every entity in `result` with `all_entities`)."""
    from ..errors import RelindexError

    if args.all_periods and args.period is not None:
        refuse("--period", "--all-periods", args.period)
    if args.all_periods:
        return EveryPeriod(result)  # type: ignore[return-value]
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
        drafts = [n for n in result.notes if "unreviewed draft" in n]
        few = "too few sources" if result.kind == "composite" else "too few sources on a side"
        fix = (f"pass --period YEAR or --all-periods (the notes say why: coverage, or {few}), "
               "or lower index.headline_min_coverage or index.headline_min_sources in the "
               "catalogue, with a reason")
        raise RelindexError("no period qualifies as the headline",
                            fix=f"{drafts[0]}; or {fix}" if drafts else fix)
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


def period_text(p: Any, th: Thresholds, band: dict[str, Any] | None = None, *,
                composite: bool = False, entity: str | None = None) -> str:
    """A period's index, what to know about it, and its dimension table.

    With 5-95% intervals when `band` is given.
    """
    lines = [headline_text(p, band, composite=composite, entity=entity)]
    lines += [f"  {safe(n)}" for n in period_notes(p)]
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
                         f"{d.coverage:.2f}", num(d.contribution, signed=not composite),
                         dimension_note(d, th)])
    head = ["dimension", *([] if composite else ["side"]), "score", "weight", "coverage",
            "contribution", "note"]
    lines.append(table(rows, head))
    return "\n".join(lines)


def summary_text(chosen: list[Any], th: Thresholds, *, composite: bool = False) -> str:
    """One line per period: the index, both sides, the smaller coverage and a note."""
    from ._words import row_note

    rows = []
    for p in chosen:
        sides = [] if composite else [num(p.cooperation), num(p.friction)]
        rows.append([str(p.period) + (" *" if p.headline else ""),
                     num(p.index, signed=not composite), *sides,
                     f"{min(p.coverage.values()):.2f}", row_note(p, th)])
    head = ["period", "index", *([] if composite else ["cooperation", "friction"]),
            "coverage", "note"]
    return table(rows, head) + "\n* the headline period"


def ranked_text(result: Any, chosen: list[Any], th: Thresholds) -> str:
    """Ranked tables of entities, one per period, with why an index is missing."""
    from ._words import row_note

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
                         row_note(x, th)])
        head = ["rank", "entity", "name", "index",
                *([] if composite else ["cooperation", "friction"]), "coverage", "note"]
        out.append(f"Period {year}: {len(ps)} entities, ranked by index\n\n"
                   + table(rows, head))
    return "\n\n".join(out)


def csv_rows(result: Any, chosen: list[Any]) -> str:
    """The long table (entity, period, index, ..., every dimension) of the chosen periods."""
    import csv
    import io

    from ._format import cell

    wanted = {(p.entity or result.entities[0], p.period) for p in chosen}
    rows = [r for r in result.to_records() if (r["entity"], r["period"]) in wanted]
    buf = io.StringIO()
    if not rows:
        return ""
    w = csv.writer(buf, lineterminator="\n")
    extra = ["reweighted"] if result.reweighted else []
    w.writerow(list(rows[0]) + extra)
    mark = [reweighted_text(result)] if extra else []
    for r in rows:
        w.writerow([cell(v) for v in r.values()] + mark)
    return buf.getvalue()


def reweighted_text(result: Any) -> str:
    """The weights a re-weighted result uses instead of the catalogue's: ``id=w; ...``."""
    return "; ".join(f"{k}={v:g}" for k, v in result.reweighted.items())


def scored(args: argparse.Namespace) -> tuple[Any, Any, list[Any], Any, bool]:
    """Load and score (under --weight/--weights); the periods asked for; the bands.

    The Monte Carlo bands only with --uncertainty.
    """
    from ..scoring import build_model, score

    check_uncertainty_options(args)
    ds = load_dataset(args)
    model = build_model(ds)
    weights = weight_options(args)
    if weights:
        from ..compare import with_weights

        check_weight_ids(model, args)
        model = with_weights(model, weights, path=getattr(args, "weights", None))
    full = score(model)
    result, every = entity_scope(full, args)
    chosen = select(result, args, all_entities=every)
    bands = None
    if getattr(args, "uncertainty", False):
        from .sensitivity import analyse

        bands = analyse(args, model)
    return ds, result, chosen, bands, every


def band_of(bands: Any, p: Any) -> Any:
    """The uncertainty band of one period (of its entity)."""
    if bands is None:
        return None
    return bands.period(p.period, p.entity)



def json_rows(result: Any, chosen: Iterable[Any], bands: Any, *,
              every: bool) -> Iterator[dict[str, Any]]:
    """The JSON object of each chosen period, built as it is written (none kept).

    Parameters
    ----------
    result : Result
        The scored result (narrowed to ``--entity`` when given).
    chosen : iterable of PeriodResult
        The periods to write, in order.
    bands : Bands or None
        The Monte Carlo bands (with ``--uncertainty``).
    every : bool
        Whether every entity is shown (each object then names its entity and rank).

    Yields
    ------
    dict
        The ``relindex score --format json`` object of one period.
    """
    meta: dict[str, Any] = {"version": result.version, "digest": result.digest,
                            "catalogue": result.catalogue}
    if result.reweighted:
        meta["reweighted"] = dict(result.reweighted)
    many = len(result.entities) > 1
    for p in chosen:
        d = p.to_dict()
        if every:
            d["entity"] = p.entity or result.entities[0]
            d["rank"] = p.rank if many else (1 if p.index is not None else None)
        d.update(meta)
        if bands is not None:
            u = band_of(bands, p)
            d["uncertainty"] = {k: u[k] for k in ("index", "cooperation", "friction")}
            d["uncertainty"].update(samples=bands.samples, seed=bands.seed)
        yield d


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    ds, result, chosen, bands, every = scored(args)
    print_notes(result.notes, args)
    if args.format == "csv":
        import sys

        sys.stdout.write(csv_rows(result, chosen))
        return 0
    if args.format == "json":
        rows = json_rows(result, chosen, bands, every=every)
        if args.all_periods or every:
            emit_json_stream(rows)  # one period's dict at a time, not the whole list
        else:
            emit_json(next(rows))
        return 0
    th = Thresholds.of(ds)
    print(f"{safe(result.name)}  (relindex {result.version}, data {result.digest[:12]})")
    if result.reweighted:
        print(f"RE-WEIGHTED, not the catalogue's weights: {safe(reweighted_text(result))}")
    composite = result.kind == "composite"
    if every and len(result.entities) > 1:
        print()
        print(ranked_text(result, chosen, th))
    else:
        if len(chosen) > 1:
            print()
            print(summary_text(chosen, th, composite=composite))
        for p in chosen:
            print()
            print(period_text(p, th, band_of(bands, p), composite=composite))
            if p.headline:
                print(grades_text(ds, p))
    print()
    print(legend(result.kind, th, bands=bands is not None, grades=True,
                 ranks=every and len(result.entities) > 1))
    return 0


def grades_text(ds: Any, p: Any) -> str:
    """The grades of the evidence behind a period: how many records from each grade."""
    ids = {rid for top in p.dimensions for d in top.walk() for i in d.indicators
           for rid in i.evidence}
    counts: dict[str, int] = {}
    for rid in ids:
        rec = ds.record(rid)
        counts[rec.reliability] = counts.get(rec.reliability, 0) + 1
    parts = ", ".join(f"{g} {counts[g]}" for g in sorted(counts))
    return (f"\nEvidence behind {p.period}: {len(ids)} record(s), by source grade: {parts} "
            f"(relindex explain --period {p.period} lists them)")

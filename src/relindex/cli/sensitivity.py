"""``relindex sensitivity``: Monte Carlo uncertainty and Sobol' sensitivity."""

from __future__ import annotations

import argparse
from typing import Any

from ._format import common, emit_json, load_dataset, num, print_notes, safe, table, write_csv
from ._options import DEFAULT_SEED, add_selection, add_uncertainty

#: The columns of ``relindex sensitivity --format csv``: one row per entity and period.
CSV_COLUMNS = ["entity", "period", *(f"{q}_{k}" for q in ("index", "cooperation", "friction")
                                     for k in ("point", "median", "p05", "p95", "mean", "sd")),
               "p_positive", "share_missing", "samples", "seed"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "sensitivity", help="uncertainty bands and Sobol' indices",
        description="Monte Carlo over the declared uncertain inputs (weights, aggregation, "
        "normalisation, evidence values, low-graded sources): for each period the median, "
        "5-95% interval and P(index > 0); first-order and total Sobol' indices of the "
        f"headline net index with bootstrap intervals. The seed is {DEFAULT_SEED} unless "
        "--seed is given, so two runs agree. --format csv gives the bands per period "
        "(the Sobol' indices are in --format json).")
    common(p, formats=("text", "json", "csv"))
    add_uncertainty(p)
    add_selection(p, periods=False)
    return p


def _refuse_entity_with_all(args: argparse.Namespace) -> str | None:
    """The --entity asked for, refused together with --all-entities."""
    from ..errors import RelindexError

    entity = getattr(args, "entity", None)
    if entity is not None and getattr(args, "all_entities", False):
        raise RelindexError("cannot be combined with --all-entities", key="--entity",
                            value=entity, fix="pass one of the two")
    return entity


def analyse(args: argparse.Namespace, ds: Any) -> Any:
    """Run the analysis the options ask for (on a dataset or a built model)."""
    from ..sensitivity import DEFAULT_MAX_SAMPLES, _check_samples, analyse

    entity = _refuse_entity_with_all(args)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    options = {} if args.weight_range is None else {"weight_range": args.weight_range}
    max_samples = args.max_samples or DEFAULT_MAX_SAMPLES
    if args.samples is not None:  # refused under the option's own name
        _check_samples(args.samples, max_samples, key="--samples", limit="--max-samples")
    return analyse(ds, options, samples=args.samples, seed=seed, max_samples=max_samples,
                   progress=args.format == "text", entity=entity)


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..scoring import build_model

    ds = load_dataset(args)
    _refuse_entity_with_all(args)
    model = build_model(ds)
    res = analyse(args, model)
    print_notes(res.notes, args)
    if args.format == "json":
        emit_json(res.to_dict())
        return 0
    if args.format == "csv":
        write_csv(csv_records(res, ds), CSV_COLUMNS)
        return 0
    how = "" if args.seed is not None else "; --seed N for another draw"
    print(f"Uncertainty: {res.samples} quasi-random samples (seed {res.seed}{how}); "
          f"{res.n_evaluations:,} model runs in all")
    rows = []
    many = any("entity" in p for p in res.periods)
    why = reasons(model)
    composite = model.kind == "composite"
    for p in res.periods:
        i = p["index"]
        share = i.get("share_missing")
        note = why.get((p.get("entity"), p["period"]), "") or (
            f"missing in {100 * share:.0f}% of samples" if share else "")
        signed = not composite
        rows.append([*([safe(p["entity"])] if many else []), str(p["period"]),
                     num(p["point"]["index"], signed=signed), num(i["median"], signed=signed),
                     f"[{num(i['p05'], signed=signed)}, {num(i['p95'], signed=signed)}]",
                     *([] if composite else [num(i["p_positive"], 2),
                                             num(p["cooperation"]["median"]),
                                             num(p["friction"]["median"])]), note])
    print(table(rows, [*(["entity"] if many else []), "period", "index", "median", "5-95%",
                       *([] if composite else ["P(>0)", "coop median", "fric median"]),
                       "note"]))
    if res.ranks:
        print(f"\nRank of each entity in {res.headline_period} (median and 5-95% interval "
              "over the samples):")
        rows = [[safe(r["entity"]), str(r["nominal_rank"] or "—"), num(r["median_rank"], 1),
                 f"[{num(r['p05'], 1)}, {num(r['p95'], 1)}]"]
                for r in sorted(res.ranks, key=lambda r: (r["nominal_rank"] is None,
                                                          r["nominal_rank"] or 0))]
        print(table(rows, ["entity", "rank", "median rank", "5-95%"]))
    index = "index" if composite else "net index"
    what = (f"{res.headline_period} {index} of {res.entity}" if res.entity else
            f"{res.headline_period} mean absolute rank shift" if res.ranks else
            f"{res.headline_period} {index}")
    print(f"\nSobol' indices of the {what} (95% bootstrap intervals):")
    rows = []
    for s in sorted(res.sobol, key=lambda s: -(s["total_order"] or 0)):
        rows.append([safe(s["input"]), num(s["first_order"]),
                     f"[{num(s['first_order_ci'][0])}, {num(s['first_order_ci'][1])}]",
                     num(s["total_order"]),
                     f"[{num(s['total_order_ci'][0])}, {num(s['total_order_ci'][1])}]"])
    print(table(rows, ["input group", "first order", "95% CI", "total", "95% CI"]))
    print(f"\nRank of each dimension's contribution in {res.headline_period}:")
    rows = [[r["dimension"], str(r["nominal_rank"] + 1 if r["nominal_rank"] is not None
                                 else "—"),
             str(r["modal_rank"] + 1), f"{100 * r['modal_frequency']:.0f}%"]
            for r in res.rank_stability]
    print(table(rows, ["dimension", "rank", "modal rank", "of samples"]))
    scale = ("index = the composite index, in [0, 1]; median and 5-95% interval over the "
             "samples." if composite else
             "index = cooperation - friction, in [-1, 1]; median and 5-95% interval over the "
             "samples; P(>0) = share of samples with a positive index.")
    print(f"\nLegend:\n  {scale}\n  Sobol' first order = share of the output's variance "
          "due to the input group alone; total = with its interactions.")
    return 0


def reasons(model: Any) -> dict[tuple[str | None, int], str]:
    """Why each period's point index is missing, by (entity or None, period)."""
    from ..scoring import score
    from ._words import Thresholds, why_missing

    result = score(model, leave_one_out=False)  # coverage and values; no rescoring per source
    th = Thresholds.of(model.dataset)
    return {(p.entity, p.period): why_missing(p, th) for p in result.periods}


def csv_records(res: Any, ds: Any) -> list[dict[str, Any]]:
    """One row per entity and period: point value and summaries of each quantity."""
    only = ds.entity_ids[0] if len(ds.entity_ids) == 1 else None
    rows = []
    for p in res.periods:
        row: dict[str, Any] = {"entity": p.get("entity", only), "period": p["period"],
                               "samples": res.samples, "seed": res.seed}
        for q in ("index", "cooperation", "friction"):
            summary = p.get(q) or {}
            row[f"{q}_point"] = (p.get("point") or {}).get(q)
            for k in ("median", "p05", "p95", "mean", "sd"):
                row[f"{q}_{k}"] = summary.get(k)
        row["p_positive"] = (p.get("index") or {}).get("p_positive")
        row["share_missing"] = (p.get("index") or {}).get("share_missing")
        rows.append(row)
    return rows

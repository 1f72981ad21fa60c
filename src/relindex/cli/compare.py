"""``relindex compare``: two catalogues, or one under other weights, period by period."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._format import (
    add_verbose,
    emit_json,
    max_bytes,
    nothing_matches,
    num,
    print_notes,
    refuse,
    safe,
    table,
    write_csv,
)


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "compare", help="compare two catalogues, or other weights, period by period",
        description="Score A and B and print, per period (and entity), both indices, the "
        "difference B - A and the rank changes. A and B are catalogues (indicators.toml or "
        "its folder); B may instead be a weights file (TOML with a [weights] table of "
        "dimension or indicator id = weight), meaning A under those weights. With one "
        "argument that is a weights file, A is the shipped catalogue; with one catalogue, "
        "B is it under --weight options.")
    p.add_argument("a", metavar="A", nargs="?", default=None,
                   help="the first catalogue (default: the shipped one)")
    p.add_argument("b", metavar="B", nargs="?", default=None,
                   help="the second catalogue, or a weights file")
    from ._options import add_selection, add_weights

    add_weights(p)
    add_selection(p)
    p.add_argument("--format", "-f", choices=("text", "json", "csv"), default="text",
                   help="output format")
    p.add_argument("--allow-outside", action="store_true",
                   help="accept source and table paths outside the catalogue's folder")
    p.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="largest input file to read (default 20,000,000)")
    add_verbose(p)
    return p


def _load(path: Any, args: argparse.Namespace) -> Any:
    from ..dataset import load
    from ..scoring import build_model

    return build_model(load(path, allow_outside=args.allow_outside, max_bytes=max_bytes(args)))


def comparison(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """The comparison the arguments ask for, and the coverage rules of A and B."""
    from ..compare import compare, is_weights_file
    from ..errors import InputFileError, RelindexError
    from .score import weight_options

    a, b = args.a, args.b
    for given, what in ((a, "A"), (b, "B")):
        if given is not None and not Path(given).exists():
            raise InputFileError(f"is not found (argument {what}: a catalogue, its folder, "
                                 "or a weights file)", path=given,
                                 fix="check the path")
    if a is not None and b is None and is_weights_file(a):
        a, b = None, a
    wfile = None
    if b is not None and is_weights_file(b):
        if args.weights:
            refuse("--weights", "a weights file as B", args.weights)
        wfile, b = b, None
    chosen = weight_options(args)
    if b is None and wfile is None and not chosen:
        raise RelindexError("needs something to compare with", key="B",
                            fix="pass a second catalogue, a weights file, or --weight ID=W")
    model_a = _load(a, args)
    model_b = None if b is None else _load(b, args)
    if wfile is not None:
        from ..compare import read_weights

        chosen = {**read_weights(wfile), **chosen}
    from ._words import Thresholds
    from .score import check_weight_ids

    if chosen:
        check_weight_ids(model_a if model_b is None else model_b, args)
    label_b = None
    if model_b is None:
        label_b = ", ".join(f"{k}={v:g}" for k, v in weight_options(args).items()) or None
        if wfile is not None:
            label_b = _label(wfile) + (f" + {label_b}" if label_b else "")
    c = compare(model_a, model_b, weights=chosen or None, label_b=label_b)
    th_a = Thresholds.of(model_a.dataset)
    return c, th_a, th_a if model_b is None else Thresholds.of(model_b.dataset)


def _label(path: Any) -> str:
    """A weights file's ``name``, or its file name."""
    from pathlib import Path

    from ..weights import read_weights_file

    name = read_weights_file(path).get("name")
    return f"{name} ({Path(path).name})" if isinstance(name, str) and name else Path(path).name


def why(c: Any, r: dict[str, Any], th_a: Any, th_b: Any) -> str:
    """Why a row's index A or B is missing ('' when both are there)."""
    from ._words import why_missing

    out = []
    for side, res, th in (("A", c.a, th_a), ("B", c.b, th_b)):
        if r[f"index_{side.lower()}"] is not None:
            continue
        try:
            ent = r["entity"] if len(res.entities) > 1 else None
            text = why_missing(res.period(r["period"], ent), th)
        except (KeyError, ValueError):
            text = "not scored"
        out.append((side, text))
    if len(out) == 2 and out[0][1] == out[1][1]:
        return out[0][1]
    return "; ".join(f"{side}: {text}" for side, text in out)


def _rows(c: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
    from ..errors import RelindexError

    rows = c.to_records()
    if args.entity is not None and args.all_entities:
        refuse("--entity", "--all-entities", args.entity)
    if args.period is not None and args.all_periods:
        refuse("--period", "--all-periods", args.period)
    if args.entity is not None:
        known = sorted({r["entity"] for r in rows})
        if args.entity not in known:
            raise RelindexError("is not an entity of the catalogues", key="--entity",
                                value=args.entity, fix="choose one of " + ", ".join(known[:12]))
        rows = [r for r in rows if r["entity"] == args.entity]
    if args.period is not None:
        rows = [r for r in rows if r["period"] == args.period]
    return rows


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..compare import COLUMNS

    c, th_a, th_b = comparison(args)
    print_notes(dict.fromkeys([*c.a.notes, *c.b.notes]), args)
    rows = _rows(c, args)
    if not rows:
        return nothing_matches(f"no period {args.period} in either catalogue",
                               "Leave --period out to see every period.")
    if args.format == "json":
        data = c.to_dict()
        data["rows"] = rows
        emit_json(data)
        return 0
    if args.format == "csv":
        write_csv(rows, list(COLUMNS))
        return 0
    many = len({r["entity"] for r in rows}) > 1
    print(f"A: {safe(c.label_a)} (data {c.a.digest[:12]})")
    print(f"B: {safe(c.label_b)} (data {c.b.digest[:12]})")
    print()
    body = []
    for r in rows:
        change = r["rank_change"]
        body.append([*([safe(r["entity"])] if many else []), str(r["period"]),
                     num(r["index_a"], signed=True), num(r["index_b"], signed=True),
                     num(r["difference"], signed=True),
                     "—" if r["rank_a"] is None else str(r["rank_a"]),
                     "—" if r["rank_b"] is None else str(r["rank_b"]),
                     "—" if change is None else ("0" if change == 0 else f"{change:+d}"),
                     safe(why(c, r, th_a, th_b))])
    print(table(body, [*(["entity"] if many else []), "period", "index A", "index B",
                       "B - A", "rank A", "rank B", "change", "note"]))
    among = "the entities in the period" if many else "the periods"
    sys.stdout.write(
        "\nLegend:\n  index = cooperation - friction, in [-1, 1] (for a composite index, in "
        "[0, 1]); \u2014 = missing (see 'relindex score').\n"
        f"  rank = among {among}, 1 the highest index; change = rank B - rank A "
        "(negative: B ranks it higher).\n")
    return 0

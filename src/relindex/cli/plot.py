"""``relindex plot``: draw the index over time, or the contributions in one period."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._format import add_verbose, load_dataset, print_notes, refuse, rel, safe


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("plot", help="draw a chart (needs the 'plot' extra)",
                       description="Draw the net index with cooperation and friction over "
                       "time (--kind series), or each dimension's contribution in one period "
                       "(--kind contributions). The format follows the file name (.svg, "
                       ".png or .pdf) or --format. Needs matplotlib: pip install "
                       "'relindex[plot]'.")
    p.add_argument("--out", "-o", required=True, metavar="FILE",
                   help="file to write (.svg, .png or .pdf)")
    p.add_argument("--format", "-f", choices=("svg", "png", "pdf"), default=None,
                   help="image format (default: from the --out suffix)")
    p.add_argument("--kind", "-k", choices=("series", "contributions"), default="series",
                   help="which chart (default: series)")
    p.add_argument("--period", type=int, metavar="YEAR",
                   help="contributions: this period (default: the headline)")
    p.add_argument("--catalogue", "-c", metavar="PATH", default=None,
                   help="catalogue file (indicators.toml) or its folder; default: the shipped "
                   "Russia-China dataset")
    p.add_argument("--allow-outside", action="store_true",
                   help="accept source and table paths outside the catalogue's folder")
    p.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="largest input file to read (default 20,000,000)")
    add_verbose(p)
    from ._options import add_selection

    add_selection(p, periods=False)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from .. import plot
    from ..scoring import score

    plot._matplotlib()  # a missing extra fails before any loading
    from .score import entity_scope

    if args.period is not None and args.kind == "series":
        refuse("--period", "--kind series (the series chart shows every period)", args.period)
    full = score(load_dataset(args))
    print_notes(full.notes, args)
    result, _ = entity_scope(full, args)
    out = plot.save(plot.figure(result, kind=args.kind, period=args.period), args.out,
                    format=args.format)
    print(f"relindex plot: wrote {safe(rel(out))}", file=sys.stderr)
    return 0

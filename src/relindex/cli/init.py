"""``relindex init``: a new catalogue from a template, every field to fill marked."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    from ..scaffold import TEMPLATES

    p = sub.add_parser(
        "init", help="write a new catalogue from a template",
        description="Write a minimal valid catalogue into DIR: indicators.toml with its "
        "sources and evidence ledger (dyad), or with a data table (composite). Every value "
        "to replace is marked FILL IN; 'relindex check' lists those left. Existing files "
        "are never overwritten.",
        epilog="templates: " + "; ".join(f"{k}: {v}" for k, v in TEMPLATES.items()))
    p.add_argument("folder", metavar="DIR", help="the folder to write (created if missing)")
    p.add_argument("-t", "--template", choices=sorted(TEMPLATES), default="dyad",
                   help="what kind of index (default: dyad)")
    return p


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..scaffold import MARKER, init
    from ._format import safe

    written = init(args.folder, args.template)
    for path in written:
        print(safe(str(path)))
    folder = safe(str(args.folder))
    print(f"wrote a {args.template} catalogue: replace every {MARKER} marker, then run "
          f"'relindex check -c {folder}' (it lists the markers left) and "
          f"'relindex score -c {folder}'", file=sys.stderr)
    return 0

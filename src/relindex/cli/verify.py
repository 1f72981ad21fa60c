"""``relindex verify``: check every quote against its source document."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._format import common, emit_json, load_dataset, safe, shown_path


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser("verify", help="check every quote against its source",
                       description="Look for every evidence quote in its source document "
                       "(whitespace, quote marks and dashes normalised). Exit 0 only when "
                       "all are found.")
    common(p)
    return p


def _nothing_verified(ds: Any, as_json: bool) -> int:
    """No quote to check: say why on stderr (drafts, tables only, an empty ledger); exit 1."""
    from ..drafts import drafts_advice

    if ds.drafts:
        why = "every ledger record is an unreviewed draft: " + drafts_advice(ds.drafts)
    elif ds.tables:
        why = ("the catalogue's data come from tables, which carry no quotes; add ledger "
               "records with quotes to verify")
    else:
        why = "the ledgers hold no evidence record; add [[evidence]] entries with quotes"
    if as_json:
        emit_json({"ok": False, "checked": 0, "not_found": 0, "records": [], "reason": why})
    print(f"relindex: nothing verified: {safe(why)}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    ds = load_dataset(args, verify=False)
    checks = ds.verify()
    base = ds.path.parent

    def rel(path: Any) -> str:
        return shown_path(path, base)

    if not checks:
        return _nothing_verified(ds, args.format == "json")
    bad = [c for c in checks if not c.found]
    repeated = [c for c in checks if len(c.spans) > 1]
    if args.format == "json":
        emit_json({
            "ok": not bad, "checked": len(checks), "not_found": len(bad),
            "records": [{"id": c.id, "source": c.source, "file": rel(c.file), "found": c.found,
                         "spans": [list(s) for s in c.spans]} for c in checks],
        })
        return 1 if bad else 0
    for c in bad:
        quote = ds.record(c.id).evidence.quote
        print(f"NOT FOUND  {c.id}: quote {safe(repr(quote))} is not in {safe(rel(c.file))}")
    if args.verbose:
        for c in repeated:
            print(f"relindex: note: repeated {c.id}: quote occurs {len(c.spans)} times in "
                  f"{safe(rel(c.file))} (a repeated passage; the first occurrence is cited)",
                  file=sys.stderr)
    elif repeated:
        n, files = len(repeated), len({c.file for c in repeated})
        where = "its source" if n == 1 else (
            "their source" if files == 1 else f"their sources ({files} files)")
        print(f"relindex: note: {n} {'quote occurs' if n == 1 else 'quotes occur'} more than "
              f"once in {where}: the first occurrence is cited (-v lists them)", file=sys.stderr)
    print(f"{len(checks) - len(bad)} of {len(checks)} quotes found in their sources"
          + ("" if not bad else f"; {len(bad)} not found"))
    return 1 if bad else 0

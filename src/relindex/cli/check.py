"""``relindex check``: the method's own audit, with findings a catalogue may accept."""

from __future__ import annotations

import argparse
from typing import Any

from ._format import common, emit_json, load_dataset, safe, table


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "check", help="audit the method: correlations, alpha, goalposts, constructs, tags",
        description="Audit the catalogue (OECD/JRC Handbook step 4 and more): correlations "
        "of the indicators (possible double counting, opposites in one dimension), "
        "Cronbach's alpha per dimension, goalposts without a basis, one construct on both "
        "sides, tagged or forecast-like records counted as events, periods below coverage. "
        "Exit 0 when no unaccepted error remains, 1 otherwise.")
    common(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..audit import audit

    res = audit(load_dataset(args))
    if args.format == "json":
        emit_json(res.to_dict())
        return 0 if res.passed else 1
    rows = [[f.severity + (" (accepted)" if f.accepted else ""), safe(f.rule), safe(f.where),
             safe(f.message + (f" Accepted: {f.reason}" if f.accepted else ""))]
            for f in res.findings]
    if rows:
        print(table(rows, ["severity", "rule", "where", "finding"]))
    errors = sum(1 for f in res.findings if f.severity == "error" and not f.accepted)
    acc = sum(1 for f in res.findings if f.accepted)
    print(f"\n{len(res.findings)} finding(s): {errors} unaccepted error(s), {acc} accepted; "
          + ("check passed" if res.passed else "check failed"))
    return 0 if res.passed else 1

"""``relindex coverage``: sentences with numbers or events that no evidence cites."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterator
from typing import Any

from ._format import common, emit_json, load_dataset, safe


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "coverage", help="list sentences with numbers or events that no evidence cites",
        description="For each source, every sentence that holds a number, a date or an event "
        "word and is cited by no evidence record nor listed (with its reason) in the "
        "omissions file. Exit 0 only when nothing is left uncited.")
    common(p)
    p.add_argument("--show-omitted", action="store_true",
                   help="also list the sentences deliberately left out, with their reasons")
    return p


def report(ds: Any) -> Any:
    """The citation report of a loaded dataset: what no record cites."""
    from ..uncited import citation_report

    texts = {sid: doc.text for sid, doc in ds.sources.items()}
    omitted = [(om.source, span, om.reason) for om, spans in ds.omissions for span in spans]
    return citation_report(texts, _cited(ds), omitted)


def _cited(ds: Any) -> Iterator[tuple[str, tuple[int, int]]]:
    """(source, span) of every quote's occurrences, each shared set of spans once."""
    done: set[int] = set()
    for r in ds.ledger:
        if r.citation is None and id(r.occurrences) not in done:
            done.add(id(r.occurrences))
            for span in r.occurrences:
                yield r.evidence.source, span


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    ds = load_dataset(args)
    rep = report(ds)
    if args.format == "json":
        data = rep.to_dict()
        if args.show_omitted:
            data["omitted"] = [{"source": om.source, "quote": om.quote, "reason": om.reason}
                               for om, _ in ds.omissions]
        emit_json(data)
        return 0 if rep.complete else 1
    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    for sid, c in rep.sources.items():
        print(f"{sid}: {c.n_sentences_relevant} relevant sentences, {c.n_cited} cited, "
              f"{c.n_omitted} omitted with a reason, {len(c.uncited)} uncited")
        for s in c.uncited:
            why = safe(", ".join(s.why_relevant))
            print(wrap.fill(f"UNCITED [{s.span[0]}:{s.span[1]}] {safe(s.text)} ({why})"))
    if args.show_omitted:
        print("\nDeliberately left out:")
        for om, _ in ds.omissions:
            print(wrap.fill(f"{om.source}: \u201c{safe(om.quote)}\u201d: {safe(om.reason)}"))
    print(f"\n{rep.n_uncited} relevant sentence(s) uncited" if not rep.complete
          else "\nEvery relevant sentence is cited by the ledger or omitted with a reason.")
    return 0 if rep.complete else 1

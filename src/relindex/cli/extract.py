"""``relindex extract``: propose candidate evidence from a new document."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ._format import common, emit_json, load_dataset, safe, table


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "extract", help="propose candidate evidence from a document",
        description="Read a text file and propose candidate evidence: money amounts, "
        "percentages, counts, dates and periods, and cooperation or friction events from the "
        "event lexicon, with the actors named near them. Every quote is an exact span of the "
        "input. With --recall, measure how many of the catalogue's numeric ledger facts the "
        "extractor proposes from its own sources.")
    common(p, formats=("text", "json", "toml"))
    p.add_argument("file", nargs="?", help="the document (UTF-8 text)")
    p.add_argument("--source", default="new-source", metavar="ID",
                   help="source id written into TOML entries (default: new-source)")
    p.add_argument("--lexicon", metavar="PATH", help="event lexicon TOML (default: shipped)")
    p.add_argument("--append", metavar="LEDGER",
                   help="append the TOML entries to this file (atomically; existing content "
                   "kept byte for byte). Fill in each entry's indicator before loading it.")
    p.add_argument("--recall", action="store_true",
                   help="report recall against the catalogue's ledger instead")
    return p


def _recall(args: argparse.Namespace) -> int:
    from ..extract import extract, recall

    ds = load_dataset(args)
    cands = {sid: extract(doc.text) for sid, doc in ds.sources.items()}
    recs = [(r.evidence.source, r.evidence.quote, r.evidence.value) for r in ds.records
            if r.citation is None and r.evidence.value is not None]
    rep = recall(cands, recs, texts={sid: d.text for sid, d in ds.sources.items()})
    if args.format == "json":
        emit_json(rep.to_dict())
        return 0
    print(f"Recall of numeric ledger facts: {rep.found} of {rep.total} proposed "
          f"({100 * (rep.recall or 0):.1f}%)")
    for m in rep.missed:
        d = m.to_dict()
        print(f"  missed: {safe(str(d))}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..errors import RelindexError

    if args.recall:
        return _recall(args)
    if not args.file:
        raise RelindexError("needs a FILE to read (or --recall)", key="relindex extract",
                            fix="pass the path of a UTF-8 text file")
    from ..extract import candidates_to_toml, extract, load_lexicon, read_text
    from ._format import max_bytes as limit

    max_bytes = limit(args)
    text = read_text(args.file, max_bytes=max_bytes)
    lexicon = load_lexicon(args.lexicon) if args.lexicon else None
    cands = extract(text, lexicon=lexicon, source=args.source, max_chars=max_bytes)
    if args.append:
        return _append(Path(args.append), cands, args.source, text, lexicon)
    if args.format == "json":
        emit_json([c.to_dict() for c in cands])
        return 0
    if args.format == "toml":
        print(candidates_to_toml(cands, args.source, text=text, lexicon=lexicon), end="")
        return 0
    rows = [[c.kind, safe(c.quote), "" if c.value is None else f"{c.value:g}", c.unit or "",
             c.period or "", c.event_type or "", ",".join(c.actors)] for c in cands]
    print(table(rows, ["kind", "quote", "value", "unit", "period", "event", "actors"]))
    print(f"\n{len(cands)} candidates; --format toml gives ready-to-edit ledger entries")
    return 0


def _append(path: Path, cands: list[Any], source: str, text: str, lexicon: Any) -> int:
    from ..extract import candidates_to_toml
    from ..loader import atomic_write, read_bytes, read_toml

    old = b""
    first = 1
    if path.exists():
        old = read_bytes(path, what="ledger")
        read_toml(path, what="ledger")  # refuse to append to a file that is not TOML
        ids = [int(m) for m in re.findall(rb'id\s*=\s*"cand-(\d+)"', old)]
        first = max(ids, default=0) + 1
    new = candidates_to_toml(cands, source, text=text, first_id=first, lexicon=lexicon)
    sep = b"" if not old or old.endswith(b"\n") else b"\n"
    atomic_write(path, old + sep + new.encode("utf-8"))
    print(f"appended {len(cands)} candidate(s) to {path} (ids from cand-{first:04d})")
    return 0

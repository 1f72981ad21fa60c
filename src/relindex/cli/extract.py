"""``relindex extract``: propose candidate evidence from a new document."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._format import common, emit_json, load_dataset, safe, table


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "extract", help="propose candidate evidence from a document",
        description="Read a text file and propose candidate evidence: money amounts, "
        "percentages, multiples, counts, dates and periods, and events (who did what to whom, "
        "one per clause, with polarity and mode: act, negated or forecast). Every quote is an "
        "exact span of the input. Drafts are for the catalogue of -c (default: the shipped "
        "one, said on stderr): its event types, and events naming at least one of its actors. "
        "An event_lexicon.toml beside the catalogue extends the shipped lexicon. With --recall, "
        "measure how many of the catalogue's numeric ledger facts the extractor proposes from "
        "its own sources (facts whose value is inferred from their quote's words, not stated "
        "in it, are listed apart).")
    common(p, formats=("text", "json", "toml"))
    p.add_argument("file", nargs="?", help="the document (UTF-8 text, a regular file)")
    p.add_argument("--source", default=None, metavar="ID",
                   help="source id written into TOML entries (default: the catalogue's id for "
                   "this file, else the file's name); draft ids start with it")
    p.add_argument("--lexicon", metavar="PATH",
                   help="event lexicon TOML, used instead of the shipped one")
    p.add_argument("--append", metavar="LEDGER",
                   help="append the entries to this ledger as drafts (under a lock, "
                   "atomically; existing content kept byte for byte). Each draft is excluded "
                   "until reviewed; its exclude line names the fields to fill in.")
    p.add_argument("--recall", action="store_true",
                   help="report recall against the catalogue's ledger instead")
    return p


def _recall(args: argparse.Namespace) -> int:
    from ..extract import extract, recall

    ds = load_dataset(args)
    cands = {sid: extract(doc.text, max_chars=max(len(doc.text), 1))
             for sid, doc in ds.sources.items()}
    # a value inferred from the quote's words ('a positive balance': over 0) is no figure
    # the extractor could propose: it is listed apart, not counted as missed
    quoted = [r.evidence for r in ds.records
              if r.citation is None and r.evidence.value is not None]
    recs = [(e.source, e.quote, e.value) for e in quoted if not e.value_inferred]
    rep = recall(cands, recs, texts={sid: d.text for sid, d in ds.sources.items()},
                 inferred=[e.id for e in quoted if e.value_inferred])
    if args.format == "json":
        emit_json(rep.to_dict())
        return 0
    if args.format == "toml":
        from ..errors import RelindexError

        raise RelindexError("has no TOML form", key="--recall", value="toml",
                            fix="use --format text or --format json")
    share = "n/a" if rep.recall is None else f"{100 * rep.recall:.1f}%"
    print(f"Recall of numeric ledger facts: {rep.found} of {rep.total} proposed ({share})")
    if rep.inferred:
        one = len(rep.inferred) == 1
        print(f"{len(rep.inferred)} value{'' if one else 's'} inferred, not stated in "
              f"{'its quote' if one else 'their quotes'}: {safe(', '.join(rep.inferred))}")
    for m in rep.missed:
        value = "" if m.value is None else f" = {m.value:g}"
        print(f"  missed [{safe(m.source)}] {safe(m.quote)!s}{value}: {m.reason}")
    return 0


def _note(message: str) -> None:
    print(f"relindex: {safe(message)}", file=sys.stderr, flush=True)


def _lexicon(args: argparse.Namespace, target: Any) -> Any:
    """The lexicon: --lexicon, else the shipped one extended by the catalogue's own."""
    from ..extract import load_lexicon

    if args.lexicon:
        return load_lexicon(args.lexicon)
    if target.lexicon is not None:
        return load_lexicon().extended_by(load_lexicon(target.lexicon, extension=True))
    return None


def _actor_scope(target: Any, lexicon: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    """The catalogue's actors the extractor can tag, and those it cannot.

    The extractor tags states by ISO 3166-1 alpha-2 code and other actors by the codes of
    the lexicon's ``[actors]``. A catalogue whose actors are all outside those (the
    scaffold's placeholders, or alpha-3 codes) filters nothing: every event is kept, and
    the note on stderr says why.
    """
    from ..extract import load_lexicon

    known = {code for _, code in (lexicon if lexicon is not None else load_lexicon()).actors}
    tagged = frozenset(a for a in target.actors if a in known)
    return tagged, tuple(a for a in target.actors if a not in known)


def _kept(c: Any, actors: frozenset[str]) -> bool:
    """Whether a candidate is for the catalogue: not an event naming none of its actors."""
    return c.kind != "event" or not actors or bool(set(c.actors) & actors)


def _say_target(args: argparse.Namespace, target: Any, set_aside: int,
                untagged: tuple[str, ...] = ()) -> None:
    """Say once, on stderr, which catalogue the drafts are for and what was set aside."""
    tagged = [a for a in target.actors if a not in untagged]
    _note(f"drafts for catalogue {target.id!r}"
          + (" (the shipped one; -c PATH for another)" if target.shipped else "")
          + f": its {len(target.event_types)} event types"
          + (f", events naming {', '.join(tagged)}" if tagged else "")
          + (", events between any two actors" if target.actors and not tagged else "")
          + (f", lexicon extended by {target.lexicon.name}" if target.lexicon and not
             args.lexicon else "")
          + (f"; set aside {set_aside} event{'s' if set_aside != 1 else ''} naming none of "
             "its actors" if set_aside else "")
          + (f"; {', '.join(untagged)} {'is not a code' if len(untagged) == 1 else 'are not codes'}"
             " the extractor tags (it tags states by ISO 3166-1 alpha-2 code, e.g. BO, CL; "
             "other actors by the codes of event_lexicon.toml's [actors])" if untagged else ""))


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from ..errors import RelindexError

    if args.recall:
        return _recall(args)
    if not args.file:
        raise RelindexError("needs a FILE to read (or --recall)", key="relindex extract",
                            fix="pass the path of a UTF-8 text file")
    from ..extract import append_to_ledger, candidates_to_toml, extract, read_text
    from ..extract.target import read_target, source_id_for
    from ..extract.toml_writer import draft_id
    from ._format import max_bytes as limit

    max_bytes = limit(args)
    text = read_text(args.file, max_bytes=max_bytes)
    target = read_target(args.catalogue)
    lexicon = _lexicon(args, target)
    source = args.source if args.source is not None else source_id_for(args.file, target)
    found = extract(text, lexicon=lexicon, source=source, max_chars=max(len(text), 1))
    actors, untagged = _actor_scope(target, lexicon)
    cands = [c for c in found if _kept(c, actors)]
    if args.append:
        res = append_to_ledger(args.append, cands, source, text=text, lexicon=lexicon,
                               event_types=target.event_types, max_bytes=max_bytes,
                               on_wait=_note, on_note=_note)
        _say_target(args, target, len(found) - len(cands), untagged)
        _note(f"extract: appended {res.count} draft entr{'y' if res.count == 1 else 'ies'} to "
              f"{res.path} (ids from {draft_id(source, res.first_id)})")
        return 0
    _say_target(args, target, len(found) - len(cands), untagged)
    if args.format == "json":
        emit_json([c.to_dict() for c in cands])
        return 0
    if args.format == "toml":
        print(candidates_to_toml(cands, source, text=text, lexicon=lexicon,
                                 event_types=target.event_types), end="")
        return 0
    rows = [[c.kind, safe(c.quote), "" if c.value is None else f"{c.value:g}", c.unit or "",
             c.period or "", (c.event_type or "") + ("" if c.mode == "act" or c.kind != "event"
                                                     else f" ({c.mode})"),
             "-".join(c.actors) if c.kind == "event" else ",".join(c.actors)] for c in cands]
    print(table(rows, ["kind", "quote", "value", "unit", "period", "event", "actors"]))
    print(f"\n{len(cands)} candidates; --format toml gives draft ledger entries")
    return 0

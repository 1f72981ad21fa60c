"""Shared helpers of the CLI: common options, loading, safe text, tables, JSON output."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..text import num, quantity

__all__ = ["num", "quantity"]  # re-exported for the commands; written in relindex.text

# Every character that could move the cursor, start a line or reorder text on a terminal:
# C0 and C1 controls (newline and tab included), every format character (category Cf:
# bidi marks, embeddings, overrides and isolates, zero-width characters, the BOM, tag
# characters) and the line and paragraph separators (Zl, Zp). tests/test_safe_output.py
# checks this class against unicodedata over every code point.
_FORMAT = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CONTROL = re.compile(f"[\x00-\x1f{_FORMAT}]")
_JSON_RAW = re.compile(f"[{_FORMAT}]")  # json.dumps escapes C0 inside strings itself


def _escape(ch: str) -> str:
    if ch in "\n\t":
        return " "  # whitespace: a quote matches its source across it, so a space is faithful
    o = ord(ch)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def safe(text: str) -> str:
    r"""Make user text safe to print on one terminal line.

    Newlines and tabs become spaces; every other control, format (bidi, zero-width) and
    line- or paragraph-separator character is shown as an escape (``\x1b``,
    ``\u202e``), so document text, names and quotes can neither drive the terminal nor
    start a line of their own.
    """
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def common(p: argparse.ArgumentParser, *, formats: tuple[str, ...] = ("text", "json")) -> None:
    """Options every data command takes."""
    p.add_argument("--catalogue", "-c", metavar="PATH", default=None,
                   help="catalogue file (indicators.toml) or its folder; default: the shipped "
                   "Russia-China dataset")
    p.add_argument("--format", "-f", choices=formats, default="text", help="output format")
    p.add_argument("--allow-outside", action="store_true",
                   help="accept source and table paths outside the catalogue's folder")
    p.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="largest input file to read (default 20,000,000)")
    add_verbose(p)


def add_verbose(p: argparse.ArgumentParser) -> None:
    """The -v/--verbose option: also print the notes that restate what was declared."""
    p.add_argument("--verbose", "-v", action="store_true",
                   help="also print notes about what the catalogue declares (weights "
                   "normalised to 1, ...) and list every repeated passage")


def load_dataset(args: argparse.Namespace, *, verify: bool = True) -> Any:
    """Load the dataset named by the common options."""
    from ..dataset import load

    return load(args.catalogue, verify=verify, allow_outside=args.allow_outside,
                max_bytes=max_bytes(args))


def max_bytes(args: argparse.Namespace) -> int:
    """The --max-bytes limit (the library default when not given)."""
    from ..errors import RelindexError
    from ..files import DEFAULT_MAX_BYTES

    if args.max_bytes is None:
        return DEFAULT_MAX_BYTES
    if args.max_bytes < 0:
        raise RelindexError("must be a number of bytes >= 0", key="--max-bytes",
                            value=args.max_bytes, fix="pass e.g. --max-bytes 50000000")
    return int(args.max_bytes)


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def _json_escape(m: re.Match[str]) -> str:
    o = ord(m.group())
    if o < 0x10000:
        return f"\\u{o:04x}"
    o -= 0x10000
    return f"\\u{0xd800 + (o >> 10):04x}\\u{0xdc00 + (o & 0x3ff):04x}"


def emit_json(data: Any) -> None:
    r"""Print data as JSON (NaN and infinities become null).

    Non-ASCII text stays as it is, except control, format (bidi, zero-width) and
    separator characters, which are written as ``\uXXXX`` escapes: the data stays
    exact, and a terminal showing the JSON is not driven by it.
    """
    sys.stdout.write(_dumps(data) + "\n")


def _dumps(data: Any, indent: str = "") -> str:
    """The JSON of `data` as `emit_json` writes it, each line after the first indented."""
    import json  # only the commands writing JSON pay for it

    text = _JSON_RAW.sub(_json_escape, json.dumps(_clean(data), indent=2, ensure_ascii=False))
    return text.replace("\n", "\n" + indent) if indent else text


def emit_json_stream(data: dict[str, Any] | Iterator[Any]) -> None:
    """Print JSON as `emit_json` does, writing iterators item by item (byte for byte the same).

    `data` is an iterator (written as a JSON list) or a dict whose values may be
    iterators: only one item at a time is held, so a command writing many rows holds one.
    """
    write = sys.stdout.write
    if isinstance(data, Iterator):
        _stream_list(data, "")
        write("\n")
        return
    if not data:
        write("{}\n")
        return
    write("{")
    for n, (key, value) in enumerate(data.items()):
        write(("\n  " if n == 0 else ",\n  ") + _dumps(key) + ": ")
        if isinstance(value, Iterator):
            _stream_list(value, "  ")
        else:
            write(_dumps(value, "  "))
    write("\n}\n")


def _stream_list(items: Iterator[Any], indent: str) -> None:
    """Write a JSON list item by item, as ``json.dumps(list(items), indent=2)`` would."""
    write = sys.stdout.write
    first = True
    for item in items:
        write(("[\n" if first else ",\n") + indent + "  " + _dumps(item, indent + "  "))
        first = False
    write("[]" if first else "\n" + indent + "]")


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table with aligned columns."""
    cells = [header, *rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def rel(path: str | Path) -> str:
    """A path shown relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


#: Notes that restate what the catalogue declared, shown only with --verbose.
_DECLARED = (
    re.compile(r"^weights of \S+ children add up to \S+; normalised to 1$"),
    re.compile(r"^weights changed from the catalogue's: "),
)


def declared(note: str) -> bool:
    """Whether a note only restates what the catalogue declared (weights that do not sum to 1)."""
    return any(rx.match(note) for rx in _DECLARED)


def print_notes(notes: Any, args: argparse.Namespace | None = None) -> None:
    """Print notes on stderr, each once; those restating declarations only with --verbose."""
    verbose = bool(getattr(args, "verbose", False))
    seen: set[str] = set()
    for note in notes:
        if note in seen or (declared(note) and not verbose):
            continue
        seen.add(note)
        print(f"relindex: note: {safe(note)}", file=sys.stderr)


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> None:
    """Print rows as CSV with a header: missing values empty, lists joined by ';'.

    `rows` may be an iterator: each row is written as it comes (give `columns` then).
    """
    import csv

    if columns is None:
        rows = list(rows)
        columns = list(rows[0]) if rows else []
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([cell(r.get(c)) for c in columns])


def cell(v: Any) -> Any:
    """One CSV cell: '' for None and NaN, lists joined by ';', floats in full precision."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return repr(v)
    return v


def nothing_matches(what: str, fix: str) -> int:
    """Say on stderr that a filter matched nothing; the exit status 1."""
    print(f"relindex: {what}. {fix}", file=sys.stderr)
    return 1


def shown_path(path: str | Path, base: str | Path | None = None) -> str:
    """A path relative to `base` (the catalogue's folder) or the working directory.

    Absolute when inside neither.
    """
    p = Path(path).resolve()
    for root in ([Path(base)] if base is not None else []) + [Path.cwd()]:
        try:
            return str(p.relative_to(root.resolve()))
        except ValueError:
            continue
    return str(p)


def refuse(option: str, other: str, value: Any = None) -> None:
    """Raise the error of two options that cannot be combined."""
    from ..errors import RelindexError

    raise RelindexError(f"cannot be combined with {other}", key=option,
                        **({} if value is None else {"value": value}),
                        fix="pass one of the two")



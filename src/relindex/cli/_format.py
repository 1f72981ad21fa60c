"""Shared helpers of the CLI: common options, loading, safe text, tables, JSON output."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Escape terminal control characters and bidi overrides; newlines and tabs stay.

    Document text must never drive the terminal.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


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


def load_dataset(args: argparse.Namespace, *, verify: bool = True) -> Any:
    """Load the dataset named by the common options."""
    from ..dataset import load

    return load(args.catalogue, verify=verify, allow_outside=args.allow_outside,
                max_bytes=max_bytes(args))


def max_bytes(args: argparse.Namespace) -> int:
    """The --max-bytes limit (the library default when not given)."""
    from ..errors import RelindexError
    from ..loader import DEFAULT_MAX_BYTES

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


def emit_json(data: Any) -> None:
    """Print data as JSON (NaN and infinities become null)."""
    sys.stdout.write(json.dumps(_clean(data), indent=2, ensure_ascii=False) + "\n")


def num(x: float | None, digits: int = 3, signed: bool = False) -> str:
    """Format a number, a dash when missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


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

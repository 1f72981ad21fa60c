"""Grown input shapes and work counters for the hostile cost tests (no time measured).

`lines_run` counts the lines of relindex's own code a call executes (a loop over the
catalogue inside a loop over the catalogue shows as a square); `peak_bytes` is the peak
of memory traced by ``tracemalloc`` during a call. `wide_catalogue` writes a catalogue of
many one-indicator dimensions and its long table.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any


def lines_run(fn: Callable[[], Any], under: str | None = None) -> int:
    """Lines executed in files under `under` while `fn` runs (its result is dropped).

    `under` defaults to the folder of the relindex package imported.
    """
    import relindex

    under = under or str(Path(relindex.__file__).parent)
    count = 0
    inside: dict[str, bool] = {}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        hit = inside.get(name)
        if hit is None:
            hit = inside[name] = name.startswith(under)
        return local if hit else None

    old = sys.gettrace()
    sys.settrace(call)
    try:
        fn()
    finally:
        sys.settrace(old)
    return count


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak bytes traced by ``tracemalloc`` while `fn` runs (its result is dropped)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def wide_catalogue(folder: Path, n_dims: int, *, entities: int = 2, periods: int = 3) -> Path:
    """A catalogue of `n_dims` dimensions of one indicator each and its long CSV table."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[catalogue]", 'id = "wide"', 'name = "Wide"',
             'tables = [{file = "panel.csv", citation = "synthetic"}]', "",
             "[index]", "headline_min_coverage = 0.0", "headline_min_sources = 1",
             'headline_min_sources_reason = "one synthetic table"', ""]
    rows = ["id,entity,indicator,period,value,unit"]
    for d in range(n_dims):
        lines += [f"[dimensions.d{d}]", f'name = "D{d}"', 'polarity = "cooperation"',
                  'rationale = "x"', "", f"[dimensions.d{d}.indicators.i{d}]",
                  f'name = "I{d}"', 'unit = "points"',
                  'normalisation = {method = "goalposts", min = 0, max = 100}',
                  'rationale = "x"', ""]
        for e in range(entities):
            for p in range(periods):
                value = (37 * d + 11 * e + 5 * p) % 101
                rows.append(f"E{e}-{2000 + p}-i{d},E{e},i{d},{2000 + p},{value},points")
    (folder / "indicators.toml").write_text("\n".join(lines), encoding="utf-8")
    (folder / "panel.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def quoted_catalogue(folder: Path, text: str, quote: str) -> Path:
    """A one-indicator catalogue whose one source is `text` and whose one record quotes `quote`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    (folder / "sources.toml").write_text(
        '[sources.doc]\nfile = "doc.txt"\ntitle = "A document"\ndate = "2023-12"\n'
        'reliability = "B"\nreliability_reason = "test"\n', encoding="utf-8")
    (folder / "evidence.toml").write_text(
        f'[[evidence]]\nid = "e1"\nindicator = "share"\nsource = "doc"\nquote = {quote!r}\n'
        'period = "2023"\nvalue = 1\nunit = "%"\n', encoding="utf-8")
    (folder / "indicators.toml").write_text(
        '[catalogue]\nid = "q"\nname = "Quoted"\nsources = "sources.toml"\n'
        'evidence = ["evidence.toml"]\n\n[index]\nheadline_min_sources = 1\n'
        'headline_min_sources_reason = "one document"\n\n[dimensions.trade]\nname = "Trade"\n'
        'polarity = "cooperation"\nrationale = "test"\n\n[dimensions.trade.indicators.share]\n'
        'name = "Share"\nunit = "%"\n'
        'normalisation = { method = "goalposts", min = 0, max = 100 }\nrationale = "test"\n',
        encoding="utf-8")
    return folder

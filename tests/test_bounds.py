"""Cost follows size: inputs of growing shape, with the work or memory counted.

* Records citing one quote that occurs very often share one tuple of its spans (not a
  copy per record), so memory does not grow with the number of records that cite it.
* The docs' source pages mark a quote's occurrences in one sweep: the comparisons grow
  like n log n in the occurrences, not n squared.
* A period year such as ``"9999"`` cannot stretch the scored span (and every array of
  the model and of the sensitivity analysis) to thousands of periods: years outside
  1800-2200 are refused unless ``[index] periods`` declares the span.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import relindex
from _util import edit
from relindex.errors import ScoringError

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def _catalogue_citing(folder: Path, n_records: int, n_occurrences: int) -> Path:
    """The mini catalogue plus a source of `n_occurrences` "a"s cited by `n_records` records."""
    shutil.copytree(MINI, folder)
    (folder / "many.txt").write_text("a " * n_occurrences, encoding="utf-8")
    with open(folder / "sources.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[sources.many]\nfile = "many.txt"\ntitle = "Many"\ndate = "2023"\n'
                 'reliability = "B"\nreliability_reason = "t"\n')
    with open(folder / "evidence.toml", "a", encoding="utf-8") as fh:
        for k in range(n_records):
            fh.write(f'\n[[evidence]]\nid = "a-{k}"\nindicator = "share"\nsource = "many"\n'
                     f'quote = "a"\nperiod = "2021"\nvalue = 40\nunit = "%"\n')
    return folder


def _load_peak(folder: Path) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        ds = relindex.load(folder)
        return ds, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_records_citing_one_frequent_quote_share_its_spans(tmp_path: Path) -> None:
    """20 records citing a quote found 20,000 times store its spans once, in one tuple."""
    ds = relindex.load(_catalogue_citing(tmp_path / "c", 20, 20_000))
    recs = [r for r in ds.records if r.evidence.source == "many"]
    assert len(recs) == 20 and all(len(r.occurrences) == 20_000 for r in recs)
    assert len({id(r.occurrences) for r in recs}) == 1
    distinct = {id(r.occurrences): len(r.occurrences) for r in ds.ledger}
    assert sum(distinct.values()) < 20_000 + 100  # spans stored: once for the frequent quote


def test_load_memory_does_not_grow_with_the_records_citing_a_frequent_quote(tmp_path: Path
                                                                            ) -> None:
    """Peak memory of loading 1 or 20 records citing a quote found 20,000 times is alike."""
    _, one = _load_peak(_catalogue_citing(tmp_path / "one", 1, 20_000))
    _, twenty = _load_peak(_catalogue_citing(tmp_path / "twenty", 20, 20_000))
    assert twenty < 1.5 * one, (one, twenty)


def _hooks() -> Any:
    spec = importlib.util.spec_from_file_location("relindex_docs_hooks_bounds",
                                                  ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class _Pos(int):
    """A text position that counts the comparisons made with it."""

    calls = 0

    def _count(self) -> None:
        _Pos.calls += 1

    def __lt__(self, other: object) -> bool:
        self._count()
        return int(self) < int(other)  # type: ignore[call-overload]

    def __le__(self, other: object) -> bool:
        self._count()
        return int(self) <= int(other)  # type: ignore[call-overload]

    def __gt__(self, other: object) -> bool:
        self._count()
        return int(self) > int(other)  # type: ignore[call-overload]

    def __ge__(self, other: object) -> bool:
        self._count()
        return int(self) >= int(other)  # type: ignore[call-overload]

    def __hash__(self) -> int:
        return int.__hash__(self)

    def __eq__(self, other: object) -> bool:
        return int(self) == other


def _highlight_work(hooks: Any, n: int) -> int:
    text = "a " * n
    occ = [(_Pos(2 * k), _Pos(2 * k + 1)) for k in range(n)]
    _Pos.calls = 0
    html = hooks.highlight(text, [("r", occ)], lambda rid: f"#{rid}")
    assert html.count("relindex-quote-mark") == n
    return _Pos.calls


def test_highlighting_a_quote_is_not_quadratic_in_its_occurrences() -> None:
    """Four times the occurrences costs well under sixteen times the comparisons."""
    hooks = _hooks()
    small, large = _highlight_work(hooks, 300), _highlight_work(hooks, 1200)
    assert large < 7 * small, (small, large)


def test_a_far_year_is_refused_unless_the_span_is_declared(tmp_path: Path) -> None:
    """A record of "9999" is an error naming it; with [index] periods it is left out."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    edit(folder / "evidence.toml", 'period = "2021"', 'period = "9999"')
    with pytest.raises(ScoringError) as info:
        relindex.score(folder)
    msg = str(info.value)
    assert "evidence[vol-2021].period" in msg and "'9999'" in msg and "[index] periods" in msg
    edit(folder / "indicators.toml", "[index]\n",
         '[index]\nperiods = "2021/2023"\n')
    result = relindex.score(folder)
    assert [p.period for p in result.periods] == [2021, 2022, 2023]


def test_a_far_year_in_a_table_is_refused_naming_the_row(tmp_path: Path) -> None:
    """A table row of year 1066 is an error naming the row."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "t.csv").write_text("id,indicator,period,value,unit\nt-1,share,1066,5,%\n",
                                  encoding="utf-8")
    edit(folder / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\ntables = [{file = "t.csv", citation = "c"}]')
    with pytest.raises(ScoringError) as info:
        relindex.score(folder)
    assert "row 2.period" in str(info.value) and "t.csv" in str(info.value)

"""Cost that follows the size of the input: shapes grow, the work counted stays linear."""

from __future__ import annotations

from pathlib import Path

import pytest

from relindex.quotes import _Normalised, smallest_period


class _Counted(str):
    """A text that counts the characters its searches may have to compare."""

    work = 0

    def find(self, sub: str, *args: object) -> int:  # type: ignore[override]
        start = int(args[0]) if args else 0  # type: ignore[call-overload]
        hit = super().find(sub, *args)  # type: ignore[arg-type]
        _Counted.work += (len(self) if hit < 0 else hit + len(sub)) - start
        return hit

    def startswith(self, sub: object, *args: object) -> bool:  # type: ignore[override]
        _Counted.work += len(sub)  # type: ignore[arg-type]
        return super().startswith(sub, *args)  # type: ignore[arg-type]


@pytest.mark.parametrize("quote_len", [10, 100, 1_000, 5_000])
def test_quote_search_is_linear_in_the_source_whatever_the_quote(quote_len: int) -> None:
    """A periodic quote in a periodic source: work ~ source length, not occurrences x quote."""
    n = 200_000
    for unit in ("a", "ab", "abc "):
        s = _Normalised(unit * (n // len(unit)))
        s.norm = _Counted(s.norm)
        _Counted.work = 0
        quote = (unit * quote_len)[:quote_len]
        spans = s.find(quote)
        assert spans and spans[0][0] == 0
        assert _Counted.work <= 4 * (len(s.norm) + quote_len), (unit, quote_len)


def test_smallest_period() -> None:
    """The period used to step between overlapping matches."""
    assert [smallest_period(q) for q in ("a", "aaaa", "abab", "aabaa", "abc")] == \
        [1, 1, 2, 3, 3]


def test_period_only_for_a_quote_found_more_than_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A quote absent or found once needs no period; one found again uses it (same spans)."""
    import relindex.quotes as quotes

    periods: list[str] = []
    real = quotes.smallest_period

    def counted(q: str) -> int:
        periods.append(q)
        return real(q)

    monkeypatch.setattr(quotes, "smallest_period", counted)
    s = _Normalised("one abab two ababab three")
    assert list(s.find("one")) == [(0, 3)]
    assert list(s.find("four")) == []
    assert periods == []
    assert list(s.find("abab")) == [(4, 8), (13, 17), (15, 19)]
    assert periods == ["abab"]


def test_indicators_are_built_once_and_read_only() -> None:
    """Dataset.indicators is one read-only mapping, not a dict rebuilt per call."""
    from relindex import load

    ds = load(Path(__file__).parent / "fixtures" / "mini")
    assert ds.indicators is ds.indicators
    with pytest.raises(TypeError):
        ds.indicators["x"] = None  # type: ignore[index]

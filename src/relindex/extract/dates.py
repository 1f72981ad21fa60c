"""Dates: years, months, quarters, halves and ranges, and the date that governs a match.

Periods are written as the ledger writes them: ``"2023"``, ``"2023-05"``,
``"2023-01/2023-11"``, ``"2014/2019"``. `period_for` picks, for a number or
an event, the date of its own clause: a sentence is cut into clauses at
commas, semicolons, colons, brackets and dashes; a clause that opens with
``which``, ``who``, ``compared with``, ``up from``, ``although``, ``but``,
``since`` ... (or sits in brackets) keeps its dates to itself, and a
semicolon or a spaced dash starts a new scope altogether.

Examples
--------
>>> from relindex.extract import extract
>>> t = ("In 2019, China and Russia, which first held drills in 2005, "
...      "conducted a joint air patrol.")
>>> [(c.quote, c.period) for c in extract(t) if c.kind == "event"]
[('joint air patrol', '2019')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ._match import Mask, Match

__all__ = [
    "MONTH_NUMBERS", "DateMatch", "Periods", "Scopes", "find_dates", "has_year", "period_for",
    "resolve_months",
]

_HAS_YEAR = re.compile(r"(?:1[89]|20|21)[0-9]{2}")


def has_year(win: str) -> bool:
    """Whether a window holds a year-like number (1800-2199)."""
    return _HAS_YEAR.search(win) is not None


MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
"""The month names as a regular-expression alternation, for every pattern that names a month."""
_MONTH_ALT = (
    MONTHS + "|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)


def _m(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})(?![A-Za-z])"


def _y(name: str) -> str:
    return (rf"(?<![\w.,$€£₹₽])(?P<{name}>19[0-9]{{2}}|20[0-9]{{2}}|2100)"
            r"(?![\w%]|[.,][0-9])")


_S = r"\s{1,3}"
_TO = r"(?i:to|and|until|till|through|thru)"
_DASH = r"\s?[-–—]\s?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month_range", re.compile(
        rf"(?i:from|between){_S}{_m('m1')}(?:{_S}{_y('y1')})?{_S}{_TO}{_S}{_m('m2')}"
        rf"(?:,?{_S}{_y('y2')})?(?:,?{_S}(?i:of{_S})?{_y('y3')})?")),
    ("month_range", re.compile(
        rf"{_m('m1')}(?:{_S}{_y('y1')})?(?:{_DASH}|{_S}(?i:to|through|until){_S}){_m('m2')},?{_S}"
        rf"(?:(?i:of){_S})?{_y('y2')}")),
    ("half", re.compile(
        rf"(?i:(?P<h>first|second|1st|2nd){_S}half){_S}(?:(?i:of){_S})?{_y('y1')}")),
    ("quarter", re.compile(
        rf"(?i:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th){_S}quarter){_S}"
        rf"(?:(?i:of){_S})?{_y('y1')}")),
    ("hq", re.compile(rf"\b(?P<hq>[HQ][1-4]){_S}?{_y('y1')}")),
    ("year_range", re.compile(rf"(?i:from|between){_S}{_y('y1')}{_S}{_TO}{_S}{_y('y2')}")),
    ("year_range", re.compile(
        rf"{_y('y1')}[-–—](?P<y2>(?:19|20)?[0-9]{{2}})(?![\w%]|[.,][0-9])")),
    ("since", re.compile(rf"(?i:since){_S}(?:{_m('m1')}{_S})?{_y('y1')}")),
    ("month_year", re.compile(
        rf"{_m('m1')}{_S}(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?,?{_S}{_y('y1')}")),
    ("month_year", re.compile(
        rf"(?<![0-9])(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?{_S}{_m('m1')},?{_S}{_y('y1')}")),
    ("month_year", re.compile(rf"{_m('m1')},?{_S}(?:(?i:of){_S})?{_y('y1')}")),
    ("decade", re.compile(r"(?<![\w.,$€£])(?P<dec>(?:1[89]|20)[0-9]0)s(?![\w])")),
    ("year", re.compile(_y("y1"))),
)


def _month(raw: str | None) -> int | None:
    if raw is None:
        return None
    return MONTH_NUMBERS.get(raw.rstrip(".").lower())


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass(slots=True)
class DateMatch:
    """A date or period found in a window (offsets in the window)."""

    start: int
    end: int
    period: str | None
    year: int | None  # a year stated in the match, for later resolution
    months: tuple[int, int] | None = None  # an unresolved month range


def _date_from_match(kind: str, m: re.Match[str]) -> DateMatch | None:
    """Turn a date match into a period, or None when the match is not a valid date."""
    g = m.groupdict()
    s, e = m.span()
    if kind == "year":
        y = int(g["y1"])
        return DateMatch(s, e, str(y), y)
    if kind == "decade":
        d = int(g["dec"])
        return DateMatch(s, e, f"{d}/{d + 9}", d)
    if kind == "month_year":
        mo = _month(g["m1"])
        y = int(g["y1"])
        day = g.get("d")
        if mo is None or (day is not None and not 1 <= int(day) <= 31):
            return None
        return DateMatch(s, e, _ym(y, mo), y)
    if kind == "since":
        y = int(g["y1"])
        return DateMatch(s, e, None, y)  # open-ended: no closed period to give
    if kind == "year_range":
        y1 = int(g["y1"])
        raw2 = g["y2"]
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        if y2 <= y1:
            return None
        return DateMatch(s, e, f"{y1}/{y2}", y1)
    if kind in ("half", "quarter", "hq"):
        y = int(g["y1"])
        if kind == "hq":
            letter, digit = g["hq"][0], int(g["hq"][1])
            if letter == "H" and digit > 2:
                return None
            part, n = ("half" if letter == "H" else "quarter"), digit
        else:
            word = (g.get("h") or g.get("q") or "").lower()
            part = kind
            n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                 "fourth": 4, "4th": 4}[word]
        length = 6 if part == "half" else 3
        m1 = (n - 1) * length + 1
        return DateMatch(s, e, f"{_ym(y, m1)}/{_ym(y, m1 + length - 1)}", y)
    # month ranges
    mo1, mo2 = _month(g["m1"]), _month(g["m2"])
    if mo1 is None or mo2 is None:
        return None
    raw1, raw2, raw3 = g.get("y1"), g.get("y2"), g.get("y3")
    first = int(raw1) if raw1 else None
    second = int(raw2) if raw2 else (int(raw3) if raw3 else None)
    if first is None and second is None:
        return DateMatch(s, e, None, None, (mo1, mo2))
    if first is None and second is not None:
        first = second if mo1 <= mo2 else second - 1
    elif second is None and first is not None:
        second = first if mo2 >= mo1 else first + 1
    if first is None or second is None or (second, mo2) < (first, mo1):
        return None
    return DateMatch(s, e, f"{_ym(first, mo1)}/{_ym(second, mo2)}", first)


def resolve_months(months: tuple[int, int], year: int) -> str:
    """The period of a month range without a year (``from January to May``) in `year`."""
    m1, m2 = months
    y2 = year if m2 >= m1 else year + 1
    return f"{_ym(year, m1)}/{_ym(y2, m2)}"


_MODEL_BEFORE = re.compile(
    r"(?i:[0-9]|dozen|hundred|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
    r"|thirty|forty|fifty)\s(?:[A-Z][\w-]{0,30}\s){1,3}\Z")
"""A count's number and capitalised names before digits (``a dozen Indian Mirage``): the digits
are a model number."""
_PLURAL_AFTER = re.compile(r"\s[a-z]{2,30}s(?![\w’'-])")


def find_dates(win: str, mask: Mask, *, has_year: bool) -> list[DateMatch]:
    """Dates and periods in a window, in order; claims their characters.

    Parameters
    ----------
    win : str
        The window of text.
    mask : Mask
        Characters already claimed (numbers); a date may not overlap them.
    has_year : bool
        Whether the window holds a year-like number; without one only
        ``from January to November`` can match.

    Returns
    -------
    list of DateMatch
    """
    out: list[DateMatch] = []
    # without a year-like number only "from January to November" can match
    for kind, pattern in _DATE_PATTERNS if has_year else _DATE_PATTERNS[:1]:
        for m in pattern.finditer(win):
            s, e = m.span()
            if not mask.free(s, e):
                continue
            d = _date_from_match(kind, m)
            if d is None or (kind == "year" and _MODEL_BEFORE.search(win, max(0, s - 30), s)
                             and _PLURAL_AFTER.match(win, e)):
                continue  # "a dozen Indian Mirage 2000 jets": a model number, not a year
            mask.claim(s, e)
            out.append(d)
    out.sort(key=lambda d: d.start)
    return out


# ----------------------------------------------------------------------------- clauses

_CUT = re.compile(r"[,;:()\[\]]|\s[—–-]\s|[—–]")
_NEW_SCOPE = frozenset(";")
_PRIVATE_START = re.compile(
    r"\s{0,3}(?i:which|who|whose|whom|compared|up\sfrom|down\sfrom|than|unlike|since|versus"
    r"|against|although|though|whereas|but|while|including|according|from)\b")


@dataclass(frozen=True, slots=True)
class Scopes:
    """The clauses of a window: for each, its span, its scope and whether it is private.

    A private clause (a relative clause, a comparison, a concession, a
    bracket) keeps its dates to itself; a public one lends them to every
    clause of its scope. Scopes are separated by semicolons and spaced dashes.
    """

    spans: tuple[tuple[int, int, int, bool], ...]
    """``(start, end, scope, private)`` of each clause, in order."""
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """The start of each clause, for a binary search (`locate` costs log of the clauses)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(a for a, _, _, _ in self.spans))

    @classmethod
    def of(cls, win: str) -> Scopes:
        """Cut a window into clauses."""
        spans: list[tuple[int, int, int, bool]] = []
        start, scope, private = 0, 0, False
        for m in _CUT.finditer(win):
            spans.append((start, m.start(), scope, private))
            cut = m.group()
            if cut == ";" or cut.strip() in ("—", "–", "-"):
                scope += 1
            start = m.end()
            private = cut in "([" or _PRIVATE_START.match(win, start) is not None
            if cut in ")]":
                private = _PRIVATE_START.match(win, start) is not None
        spans.append((start, len(win), scope, private))
        return cls(tuple(spans))

    def locate(self, pos: int) -> tuple[int, int, bool]:
        """``(clause number, scope, private)`` of the clause holding `pos`.

        A position in no clause (on a cut) belongs to the last clause. The clauses are
        in order and do not overlap, so only the last one starting at or before `pos`
        may hold it.
        """
        k = bisect_right(self.starts, pos) - 1
        if k >= 0:
            _, b, scope, private = self.spans[k]
            if pos < b or (pos == b and k == len(self.spans) - 1):
                return k, scope, private
        return len(self.spans) - 1, self.spans[-1][2], self.spans[-1][3]

    def visible(self, m: Match, d: DateMatch) -> bool:
        """Whether date `d` may govern match `m`: same clause, or a public clause in scope."""
        km, sm, _ = self.locate(m.start)
        kd, sd, pd = self.locate(d.start)
        return kd == km or (sd == sm and not pd)


def period_for(c: Match, dates: list[DateMatch], blockers: list[Match],
               scopes: Scopes | None = None) -> str | None:
    """The period of the date that governs a match.

    Only dates visible from the match's clause count (see `Scopes`). For an
    event: a date in its own clause, else the nearest visible one. For a
    number: the visible date that follows closely (within 40 characters, no
    other number in between: "$52.1 billion in 2021"), else the nearest
    visible date before it ("In 2022, ... $81 billion"). An open-ended date
    ("since 2018") has no period, so a match it governs gets None too.

    Parameters
    ----------
    c : Match
        The number or event.
    dates : list of DateMatch
        The window's dates, in order.
    blockers : list of Match
        The window's numbers: a number between `c` and a following date
        keeps that date from `c`.
    scopes : Scopes, optional
        The window's clauses; default: every date is visible.

    Returns
    -------
    str or None
    """
    return Periods(dates, blockers, scopes).period(c)


class Periods:
    """The dates of a window, indexed so that `period_for` costs a few binary searches.

    Built once per window; `period` gives each match the period `period_for` documents.
    The dates are in order and do not overlap, so the visible dates that follow or
    precede a match, and the nearest, are found by bisecting two sorted lists: the dates
    of the match's own clause and the dates of the public clauses of its scope.
    """

    def __init__(self, dates: list[DateMatch], blockers: list[Match],
                 scopes: Scopes | None = None) -> None:
        self._scopes = scopes
        self._all = dates
        self._clause: dict[int, list[DateMatch]] = {}
        self._public: dict[int, list[DateMatch]] = {}
        if scopes is not None:
            for d in dates:
                k, scope, private = scopes.locate(d.start)
                self._clause.setdefault(k, []).append(d)
                if not private:
                    self._public.setdefault(scope, []).append(d)
        ordered = sorted(blockers, key=lambda x: x.start)
        self._block_starts = [x.start for x in ordered]
        self._block_ends = [x.end for x in ordered]
        for n in range(len(ordered) - 2, -1, -1):  # the least end from each blocker on
            self._block_ends[n] = min(self._block_ends[n], self._block_ends[n + 1])

    def period(self, c: Match) -> str | None:
        """The period of the date that governs `c` (see `period_for`)."""
        if self._scopes is None:
            own, public = self._all, []
        else:
            k, scope, _ = self._scopes.locate(c.start)
            own, public = self._clause.get(k, []), self._public.get(scope, [])
        if c.kind == "event":
            near = _nearest(own or public, c)
            return near.period if near is not None else None
        after = [d for d in (_first_from(own, c.end), _first_from(public, c.end)) if d]
        if after:
            d = min(after, key=lambda d: d.start)
            if d.start - c.end <= 40 and not self._blocked(c.end, d.start):
                return d.period
        before = [d for d in (_last_to(own, c.start), _last_to(public, c.start)) if d]
        return max(before, key=lambda d: d.start).period if before else None

    def _blocked(self, a: int, b: int) -> bool:
        """Whether a number lies wholly in ``[a, b]``."""
        n = bisect_left(self._block_starts, a)
        return n < len(self._block_ends) and self._block_ends[n] <= b


def _first_from(dates: list[DateMatch], pos: int) -> DateMatch | None:
    """The first date starting at or after `pos`."""
    n = bisect_left(dates, pos, key=lambda d: d.start)
    return dates[n] if n < len(dates) else None


def _last_to(dates: list[DateMatch], pos: int) -> DateMatch | None:
    """The last date ending at or before `pos`."""
    n = bisect_right(dates, pos, key=lambda d: d.end)
    return dates[n - 1] if n else None


def _nearest(dates: list[DateMatch], c: Match) -> DateMatch | None:
    """The date nearest `c`, the earlier on a tie; dates in order and not overlapping."""
    n = bisect_right(dates, c.start, key=lambda d: d.end)  # the first ending after c starts
    return min(dates[max(0, n - 1):n + 1],
               key=lambda d: max(d.start - c.end, c.start - d.end, 0), default=None)

r"""Ranges of two numbers written with a dash or ``to``: both ends, each with the range's units.

The conventions (``tests/extract_passages/README.md``): a range written with a hyphen or a
dash between two numbers (``2,000-3,000 troops``, ``$2-3 billion``, ``10-15%``) gives two
facts. The low end is the number with the signs written before it (``$2``, ``10``,
``2,000``), its value taking the scale word, currency and unit of the high end (``$2`` -> 2,
``USD bn``); the high end is read as usual, a currency sign written only before the low end
included (``3 billion`` -> 3, ``USD bn``). Money and percentages joined by ``to`` (``$2 to
$3 billion``, ``10 to 15 per cent``) and by ``and`` after ``between`` (``between $2 and $3
billion``) are read the same way; counts joined by ``to`` or ``and`` are read in
`relindex.extract.counts`.

A range is read only when its value is sure. Years and dates are left to
`relindex.extract.dates` (``2019-2021``, ``2019-20``, ``12-14 March``, ``29 to 30 January``);
scores, labels and model numbers (``a 3-1 vote``, ``a 2-3 defeat``, ``Route 12-14``,
``Boeing 737-800``), a dashed low end not below its high end, and chains of dashes
(``1-2-3``) give nothing; a low end whose value cannot be told (``$500,000-1 million``: five
hundred thousand dollars, or million?) gives nothing while the high end is read as usual.

Examples
--------
>>> from relindex.extract import extract
>>> [(c.quote, c.value, c.unit) for c in extract("Donors pledged $2-3 billion.")]
[('$2', 2.0, 'USD bn'), ('3 billion', 3.0, 'USD bn')]
>>> [(c.quote, c.value, c.unit) for c in extract("Prices rose 10-15% in May.")][:2]
[('10', 10.0, '%'), ('15%', 15.0, '%')]
>>> [(c.quote, c.kind) for c in extract("A 3-1 vote and the 2019-2021 plan.")]
[('2019-2021', 'date')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ._match import Mask, Match
from .counts import _coordinated_end, _walk_to_noun
from .dates import MONTHS
from .lexicon import Lexicon
from .numbers import (
    _CUR_PREFIX,
    _CUR_WORDS,
    _DIGITS_BODY,
    _SCALE_WORD,
    _TIMES_AFTER,
    _currency,
    _is_plain_year,
    _money_scale,
    _plain_float,
    number_value,
    qualifier,
)

__all__ = ["claim_space_grouped", "ranges"]

_SCALE = rf"(?:{_SCALE_WORD}|(?i:[bmkt])(?![A-Za-z]))"
_RANGE = re.compile(
    rf"(?:(?P<between>(?i:between))\s)?(?:{_CUR_PREFIX.replace('(?P<cur>', '(?P<cur1>')}\s?)?"
    rf"(?<![\w.,’'\-–—/])(?P<lo>{_DIGITS_BODY})(?P<s1>\s?{_SCALE})?"
    r"(?P<sep>[-–—]|\sto\s|\sand\s)"
    rf"(?:{_CUR_PREFIX.replace('(?P<cur>', '(?P<cur2>')}\s?)?"
    rf"(?P<hi>{_DIGITS_BODY})(?P<s2>[\s-]?{_SCALE})?")
"""Two numbers joined by a dash, ``to`` or ``and``, each with its currency sign and scale."""
_PERCENT_AFTER = re.compile(
    r"\s?(?P<unit>%|(?i:per\s?cent|percent|pct|percentage\spoints?)(?![A-Za-z])|pc(?![A-Za-z]))")
_WORDS_AFTER = re.compile(rf"\s{{1,2}}{_CUR_WORDS}")
_MONTH = rf"(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![\w’'-])"
_MONTH_AFTER = re.compile(rf"\s{_MONTH}")
_MONTH_BEFORE = re.compile(rf"{_MONTH}\.?\s\Z")
_CHAIN_AFTER = re.compile(r"[-–—/][0-9]")
_SCORE_AFTER = re.compile(
    r"\s(?i:votes?|win|wins|victory|defeat|loss|draw|score|scoreline|margin|majority|decision"
    r"|verdict|ruling|split|result|lead|tie|deadlock|record|ratio|time|hours)(?![\w’'-])")
"""What follows a score or a time, not a quantity (``a 3-1 vote``, ``a 2-3 defeat``)."""
_LABEL_BEFORE = re.compile(
    r"(?i:(?<![\w’'])(?:articles?|sections?|chapters?|paragraphs?|paras?\.?|resolutions?|rules?"
    r"|annex(?:es)?|clauses?|items?|points?|routes?|highways?|roads?|phases?|blocks?|gates?"
    r"|camps?|sectors?|flights?|pages?|pp\.?|p\.|tables?|figures?|boxes|nos?\.?|numbers?"
    r"|lines?|units?|levels?|stages?|rounds?|kilometres?|km|miles?|markers?|posts?|pillars?)"
    r"\s\Z)")
"""A label before a number (``Resolution 1701-1702``, ``pages 12-14``): a name, no quantity."""
_NAME_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]{0,30}\s\Z")
_SENTENCE_OPENS = re.compile(r"(?:\A|[.!?:;\"“(]\s{1,3})\Z")
"""A capitalised word before a number is a name (``Boeing 737-800``) unless it opens the
sentence (``In 2,000-3,000 villages``)."""
_COUNT_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9, "mn": 10**6, "m": 10**6,
                 "bn": 10**9, "lakh": 10**5, "crore": 10**7}


@dataclass(frozen=True, slots=True)
class _Ends:
    """The two numbers of a range: their values as written and their scale words."""

    lo: Decimal
    hi: Decimal
    s1: str | None
    s2: str | None
    dash: bool


def _unit_of(m: re.Match[str], win: str) -> tuple[str, str, int] | None:
    """What the range counts: ``("money", code, end)``, ``("percent", unit, end)`` or None."""
    cur1, cur2 = m.group("cur1"), m.group("cur2")
    if cur1 or cur2:
        codes = {_currency(c) for c in (cur1, cur2) if c}
        return ("money", codes.pop(), m.end()) if len(codes) == 1 else None
    pct = _PERCENT_AFTER.match(win, m.end())
    if pct is not None and not m.group("s2"):
        unit = "pp" if pct.group("unit").lower().startswith("percentage") else "%"
        return "percent", unit, pct.end()
    words = _WORDS_AFTER.match(win, m.end())
    if words is not None:
        return "money", _currency(words.group("cur")), words.end()
    return None


def _silent(m: re.Match[str], win: str, ends: _Ends, lex: Lexicon) -> bool | None:
    """True when the range is no quantity (claimed, read as nothing); None when it is no range.

    None: a year or a date (left to the date patterns), ``and`` without ``between``, a
    chain of dashes. True: a score, a label or a name before it (not a state or a capital,
    ``in Kenya 2,000-3,000 troops``), a dashed range whose low end is not below its high end.
    """
    lo_at = m.start("lo")
    sep = m.group("sep").strip()
    signed = bool(m.group("cur1"))  # "$1950-2000"; not "in 2017 to $4.4 billion"
    if not signed and (_is_plain_year(m.group("lo")) or _is_plain_year(m.group("hi"))
                       or _MONTH_AFTER.match(win, m.end("hi"))
                       or _MONTH_BEFORE.search(win, max(0, lo_at - 12), lo_at)):
        return None
    if (sep == "and") != bool(m.group("between")):
        return None
    if not ends.dash:  # "gave $5 to 300 farmers", "Rs 5 crore to 300 farmers": no range
        hi_units = m.group("cur2") or m.group("s2") or _PERCENT_AFTER.match(win, m.end()) or (
            _WORDS_AFTER.match(win, m.end()))
        return False if hi_units and not (m.group("s1") and not m.group("s2")) else None
    if _CHAIN_AFTER.match(win, m.end("hi")) or (lo_at > 0 and win[lo_at - 1] in "-–—/"):
        return True
    if ends.lo <= 0 or _SCORE_AFTER.match(win, m.end("hi")):
        return True
    if m.group("cur1") is not None:
        return False
    if _LABEL_BEFORE.search(win, max(0, lo_at - 16), lo_at) is not None:
        return True
    name = _NAME_BEFORE.search(win, max(0, lo_at - 32), lo_at)
    return (name is not None and _SENTENCE_OPENS.search(win, 0, name.start()) is None
            and name.group().strip() not in lex.index.actors_by_first)  # "in Kenya 2,000-3,000"


def _values(ends: _Ends, scale_of: dict[str, Decimal]) -> tuple[Decimal, Decimal] | None:
    """The two ends' values, the low end taking the high end's scale; None when unsure."""
    hi_mult = scale_of.get((ends.s2 or "").strip(" -").lower(), Decimal(1)) if ends.s2 else (
        Decimal(1))
    if ends.s1:
        lo_mult = scale_of.get(ends.s1.strip(" -").lower())
        if lo_mult is None:
            return None
    else:
        lo_mult = hi_mult
        if ends.s2 and ends.lo >= 1000:  # "$500,000-1 million": a scale of its own, unsaid
            return None
    lo, hi = ends.lo * lo_mult, ends.hi * hi_mult
    if ends.dash and not lo < hi:
        return None
    if not ends.dash and not (hi / 10 <= lo <= hi * 10):
        return None  # "from $5 to $3 billion" is a change; "$5 to $300 billion" is unsure
    return lo, hi


_MONEY_SCALES = {k: Decimal(v) for k, v in {
    "thousand": 1000, "k": 1000, "million": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12,
    "t": 10**12, "crore": 10**7, "lakh": 10**5, "lakh crore": 10**12}.items()}


def _money(m: re.Match[str], code: str, ends: _Ends, end: int) -> list[Match]:
    """The two ends as money, in the conventions' scale (``$2`` of ``$2-3 billion``: 2 USD bn)."""
    out = []
    lo_start = m.start("cur1") if m.group("cur1") else m.start("lo")
    lo_end = m.end("s1") if m.group("s1") else m.end("lo")
    hi_start = m.start("cur2") if m.group("cur2") else m.start("hi")
    for a, b, num, word in ((lo_start, lo_end, ends.lo, ends.s1 or ends.s2),
                            (hi_start, end, ends.hi, ends.s2)):
        mult, suffix = _money_scale(word)
        out.append(Match(a, b, "money", _plain_float(num * mult), code + suffix))
    return out


def _read(m: re.Match[str], win: str, lex: Lexicon) -> tuple[list[Match], tuple[int, int]] | None:
    """The matches of one range and the span to claim; None when it is left to others."""
    lo_raw, hi_raw = number_value(m.group("lo")), number_value(m.group("hi"))
    if lo_raw is None or hi_raw is None:
        return None
    dash = m.group("sep") in ("-", "–", "—")
    ends = _Ends(lo_raw[0], hi_raw[0], m.group("s1"), m.group("s2"), dash)
    silent = _silent(m, win, ends, lex)
    if silent is None:
        return None
    lo_part = (m.start("cur1") if m.group("cur1") else m.start("lo"),
               m.end("s1") if m.group("s1") else m.end("lo"))
    if silent:
        return [], (lo_part[0], m.end())
    unit = _unit_of(m, win)
    if unit is not None and unit[0] == "money":
        if _values(ends, _MONEY_SCALES) is None:  # the high end alone, unless it has no sign
            return [], (lo_part if m.group("cur2") or not m.group("cur1") else (lo_part[0],
                                                                                 unit[2]))
        found = _money(m, unit[1], ends, unit[2])
        found[0].qualifier = qualifier(win, lo_part[0], lex)
        return found, (lo_part[0], unit[2])
    if unit is not None:  # a percentage: no scale word
        if m.group("s1") or m.group("s2"):
            return [], lo_part
        values = _values(ends, {})
        if values is None:
            return [], lo_part
        return [Match(*lo_part, "percent", _plain_float(values[0]), unit[1],
                      qualifier=qualifier(win, lo_part[0], lex)),
                Match(m.start("hi"), unit[2], "percent", _plain_float(values[1]), unit[1])], (
                    lo_part[0], unit[2])
    return _count(m, win, lex, ends, lo_part) if dash else None


def _count(m: re.Match[str], win: str, lex: Lexicon, ends: _Ends,
           lo_part: tuple[int, int]) -> tuple[list[Match], tuple[int, int]]:
    """A dashed range of a count: both ends with the high end's noun, or nothing.

    ``3-4 times larger`` is a range of multiples (unit ``x``), as ``three times larger`` is a
    multiple; ``3-4 times a year`` counts occurrences (unit ``times``).
    """
    scales = {k: Decimal(v) for k, v in _COUNT_SCALES.items()}
    if any(s and s.strip(" -").lower() not in scales for s in (ends.s1, ends.s2)):
        return [], lo_part
    walk = _walk_to_noun(win, m.end(), lex, quantity=False)
    values = _values(ends, scales)
    if walk.end < 0 or walk.coordinated or walk.partitive or values is None:
        return [], lo_part  # "300-400 were killed": the low end alone says no noun
    if walk.noun == "times" and _TIMES_AFTER.match(win, walk.end):  # "3-4 times larger"
        if ends.s1 or ends.s2:
            return [], (lo_part[0], walk.end)
        return [Match(*lo_part, "multiple", _plain_float(values[0]), "x",
                      qualifier=qualifier(win, lo_part[0], lex)),
                Match(m.start("hi"), walk.end, "multiple", _plain_float(values[1]), "x")], (
                    lo_part[0], walk.end)
    end = _coordinated_end(win, walk.end, lex)
    return [Match(*lo_part, "count", _plain_float(values[0]), walk.noun,
                  qualifier=qualifier(win, lo_part[0], lex)),
            Match(m.start("hi"), end, "count", _plain_float(values[1]), walk.noun)], (
                lo_part[0], end)



_SPACE_GROUPED = re.compile(r"(?<![\w.,])[0-9]{1,3}(?: [0-9]{3})+(?![0-9]|[.,][0-9])")
"""Digits grouped by single spaces (``12 500``), as SI prose writes thousands."""
_DAY_BEFORE = re.compile(rf"(?:{MONTHS})\s\Z")


def claim_space_grouped(win: str, mask: Mask) -> None:
    """Claim numbers grouped by spaces, so that no pattern reads one group alone.

    ``12 500 troops`` may be twelve thousand five hundred (thousands grouped by a space) or
    two numbers, so it gives no candidate rather than a wrong one: before, it gave "500
    troops", and ``$12 500 million`` gave "$12" (12 USD). A day after its month (``March 5
    100 troops``) is no group.

    Examples
    --------
    >>> from relindex.extract import extract
    >>> [c.quote for c in extract("China sent 12 500 troops and 300 tanks.") if c.kind == "count"]
    ['300 tanks']
    """
    for m in _SPACE_GROUPED.finditer(win):
        if not _DAY_BEFORE.search(win, max(0, m.start() - 12), m.start()):
            mask.claim(m.start(), m.end())


def ranges(win: str, lex: Lexicon, mask: Mask) -> list[Match]:
    """Ranges of money, percentages and counts in a window; claims their characters.

    Parameters
    ----------
    win : str
        One window of text.
    lex : Lexicon
        For qualifiers before the low end and the nouns of counts.
    mask : Mask
        The characters already claimed. A range read claims both ends; a range that is no
        quantity (a score, a label) claims its whole span; a range whose low end is unsure
        claims the low end alone, so no later pattern reads it with a value not stated.

    Returns
    -------
    list of Match
        Two matches per range read, the low end first.
    """
    out: list[Match] = []
    if not any(c.isdigit() for c in win):
        return out
    for m in _RANGE.finditer(win):
        read = _read(m, win, lex)
        if read is None:
            continue
        found, (a, b) = read
        if not mask.free(a, b):
            continue
        mask.claim(a, b)
        out.extend(found)
    return out

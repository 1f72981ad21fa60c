r"""Sums whose currency is written on the first of a series only: ``$5 billion ... and 6 billion``.

The conventions (``tests/extract_passages/README.md``): a sum is money in the currency
written with it. Prose writes the currency once when it lists parallel sums: ``$5.2 billion
in 2023 and 6.1 billion in 2024``, ``exports of €40bn in 2022, 38bn in 2023 and 35bn in
2024``, ``RMB 1.2 trillion last year against 900 billion``. `carry_currency` gives such a
later sum, which `relindex.extract.counts` read as a count with no noun, the currency of the
sum before it: money, its value in the conventions' scale (``6.1 billion`` -> 6.1,
``USD bn``), its span the number with its scale word, as written.

A sum takes the currency only when it is clearly parallel to the one before: in the same
sentence, with a scale word (``billion``, ``bn``, ``m``, ``crore``), nothing between the two
but a time (``in 2023``, ``last year``, ``a year earlier``) and a joining word (``and``, a
comma, ``against``, ``compared with``, ``versus``, ``to`` or ``from``), or a comma or
``and`` and the state of a gapped clause (``Kenya gave $300 million, Uganda 45 million``). A
count with a noun (``$5 billion and 300 troops``) is no sum, and no sum is read across it.

Examples
--------
>>> from relindex.extract import extract
>>> text = "Exports reached $5.2 billion in 2023 and 6.1 billion in 2024."
>>> [(c.quote, c.value, c.unit) for c in extract(text) if c.kind == "money"]
[('$5.2 billion', 5.2, 'USD bn'), ('6.1 billion', 6.1, 'USD bn')]
"""

from __future__ import annotations

import re

from ._match import Mask, Match
from .dates import MONTHS
from .lexicon import Lexicon
from .numbers import _money_scale, _plain_float, number_value, qualifier

__all__ = ["carry_currency"]

_MONTH = f"(?:{MONTHS})"
_TIME = (
    rf"(?:(?:in|by|during|for)\s(?:(?:fiscal\s|FY\s?)?(?:19|20)[0-9]{{2}}(?:[-–/][0-9]{{2,4}})?"
    rf"|{_MONTH}(?:\s(?:19|20)[0-9]{{2}})?|the\s(?:first|second|third|fourth|last)\s(?:half"
    r"|quarter)(?:\sof\s(?:19|20)[0-9]{2})?|the\sprevious\s(?:year|month|quarter))"
    r"|(?:last|this|next|the\sprevious|the\sfollowing)\s(?:year|month|quarter)"
    r"|(?:a|one|the)\s(?:year|month|quarter|decade)\s(?:earlier|before|ago|later))")
"""A time after or before a sum (``in 2023``, ``in fiscal 2022``, ``last year``)."""
_JOIN = (r"(?:,?\s(?:and|against|versus|vs\.?|to|from|compared\s(?:with|to)|(?:up|down)"
         r"\sfrom|as\sagainst|while|but|(?:and\s)?then)\s|,\s)")
"""What joins two parallel sums: a comma, ``and``, ``against``, ``compared with``, ``to``."""
_GAP = (rf"(?:,?\s{_TIME})?(?:\s?\((?:19|20)[0-9]{{2}}\))?(?:{_JOIN}(?:{_TIME},?\s)?"
        r"|(?:,\s(?:and\s|while\s)?|\s(?:and|while)\s)(?P<actor>[A-Z][\w’'-]{1,30})\s"
        r"(?:[A-Z][\w’'-]{1,30}\s){0,2})(?:(?:about|around|some|roughly|nearly|almost|just"
        r"|only|over|under|more\sthan|less\sthan|at\sleast)\s)?")
"""All that may stand between a sum and the next one of its series: a time and a joining word,
or a state that opens a gapped clause (``Kenya gave $300 million, Uganda 45 million``)."""
_NEXT = re.compile(
    rf"{_GAP}(?<![\w.,])(?P<num>(?:[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,4}}|[0-9]{{1,6}})"
    r"(?:\.[0-9]{1,3})?)(?![0-9])(?P<scale>\s?(?i:trillion|billion|million|thousand"
    r"|lakh\scrore|crore|lakh)|(?:tn|bn|mn|m))(?![\w’'-])")
"""The next sum of a series: the gap, then digits with a scale word (``6.1 billion``, ``38bn``)."""
_ENDS = re.compile(rf"(?:,?\s{_TIME})?(?:\s?[,.;:)]|\s(?:and|against|versus|compared|while"
                   r"|but|from|to|respectively)(?![\w’'-])|\s?\Z)")
"""What may follow a sum nobody read (``from 2.1 billion a year earlier.``): no noun."""


def _names_a_state(word: str, lex: Lexicon) -> bool:
    return any(code in lex.index.states for _, _, code in lex.index.actors_by_first.get(word, ()))


def carry_currency(win: str, numbers: list[Match], mask: Mask, lex: Lexicon) -> None:
    """Give each later sum of a series the currency of the sum before it.

    Parameters
    ----------
    win : str
        The sentence.
    numbers : list of Match
        Its numbers (not dates). After a sum, the next digits with a scale word, with only
        a time and a joining word between (`_GAP`), become money in that sum's currency,
        in place: a count of the number alone (with no unit, or with the noun of a count
        said before the sum, ``300 troops and $5 billion in 2023 and 6 billion in 2024``),
        or a number no pattern took (``up from 2.1 billion a year earlier``, taken when
        nothing but a time or a joining word follows), which is appended and claimed in
        `mask`.
    mask : Mask
        The characters the sentence's matches claimed.
    lex : Lexicon
        For the qualifier of a sum appended (``about 900 billion``).
    """
    by_start = {c.start: c for c in numbers}
    for c in sorted(numbers, key=lambda m: m.start):
        last = c
        while last.kind == "money" and last.unit:
            m = _NEXT.match(win, last.end)
            if m is None:
                break
            s, e = m.start("num"), m.end()
            if m.group("actor") and not _names_a_state(m.group("actor"), lex):
                break
            nxt = by_start.get(s)
            if nxt is not None and (nxt.end != e or nxt.kind != "count"):
                break
            if nxt is None and not (mask.free(s, e) and _ENDS.match(win, e)):
                break
            parsed = number_value(m.group("num"))
            if parsed is None:
                break
            mult, suffix = _money_scale(m.group("scale"))
            value = parsed[0] * mult
            if not suffix and value >= 10**6:
                value, suffix = value / 10**9, " bn"
            if nxt is None:
                mask.claim(s, e)
                nxt = Match(s, e, "count", qualifier=qualifier(win, s, lex))
                numbers.append(nxt)
                by_start[s] = nxt
            nxt.kind, nxt.value = "money", _plain_float(value)
            nxt.unit = last.unit.removesuffix(" bn") + suffix
            last = nxt

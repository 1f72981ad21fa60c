r"""Money in the world's currencies: ISO 4217 codes, names and signs from a shipped table.

``relindex/data/currencies.csv`` holds one row per currency in use (and a few recently
withdrawn codes prose still writes, ``SLL``, ``ZWL``, ``HRK``): its ISO 4217 alphabetic code
and name, the states (ISO 3166-1 alpha-2) that use it, the words prose writes after a
number (``ngultrum``, ``pula``, ``dinars``) and the signs written before it (``Nu``,
``P``, ``K``). The codes, names and states are those of ISO 4217 list one (Table A.1, the
maintenance agency SIX's ``list-one.xml``, as published in the public-domain
``datasets/currency-codes`` package); the prose names and signs were written for relindex
(see ``relindex/data/SOURCES.md``).

`table_money` reads what the hand-written patterns of `relindex.extract.numbers` leave:

- a code before a number (``BWP 4.6 billion``, ``GNF 12,000``); a code that is also a word
  or acronym (``ALL``, ``TOP``, ``COP 28``) only with a scale word after the number;
- a sign made of letters (``Nu 100 billion``, ``P4.6 billion``, ``K 2 million``) only with a
  scale word after the number, or, for a sign of two letters or more, after a word of money
  (``a fee of Nu 500``);
- a name after a number (``100 million pula``, ``5,000 leones``); a name that is also an
  ordinary word (``pound``, ``real``, ``sol``) only with a scale word;
- a name as a hyphenated adjective before a noun (``a 30-dinar exit tax``, ``a 500-euro
  fine``): the sum in the currency itself, per the conventions' money rule.

A name or sign several currencies share (``dinar``, ``franc``, ``K``) takes the currency of
the state the clause names (`shared_currency`), else of the document's pair.

The table is the one place that says which sign, name or code means which currency
(`relindex.extract._currency_table` reads it): the hand-written patterns of
`relindex.extract.numbers` read their currencies from it too, and keep only the forms the
table cannot hold (``U.S. dollars``, ``Kenyan shillings``). Each prose name and sign is
written in ``scripts/currency_table.py``, which rebuilds the CSV.

Examples
--------
>>> from relindex.extract import extract
>>> [(c.quote, c.value, c.unit) for c in extract("Bhutan spent Nu 100 billion on roads.")]
[('Nu 100 billion', 100.0, 'BTN bn')]
>>> [(c.quote, c.value, c.unit) for c in extract("Libya scrapped a 30-dinar exit tax.")]
[('30-dinar', 30.0, 'LYD')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._currency_table import codes_of as _codes
from ._currency_table import currency_table
from ._currency_table import default_code as _default
from ._match import Mask, Match
from .lexicon import Lexicon
from .numbers import (
    _CORE,
    _DIGITS_BODY,
    _SCALE_WORD,
    _money_scale,
    _plain_float,
    number_value,
    qualifier,
)

__all__ = ["shared_currency", "table_money"]

_WORD_CODES = frozenset({"ALL", "TOP", "CUP", "COP", "SOS", "MOP", "BAM", "BOB", "CVE", "SSP",
                         "CRC", "BSD", "AMD", "MGA", "PEN", "GEL", "MAD", "TRY", "IRR", "SAR",
                         "STD", "HRK", "LAK", "DOP", "BIF", "SDG", "SCR", "CDF", "AWG"})
"""Codes that are also English words or common acronyms (``COP 28``, ``ALL 5``, ``IRR``):
read before a number only with a scale word."""
_WORD_NAMES = frozenset({"pound", "pounds", "real", "sol", "colon", "colons", "dram", "drams",
                         "kip", "som", "soms", "lei", "dong", "zig", "tala", "kina", "leu",
                         "lek", "rand", "mark", "marks"})
"""Names that are also ordinary words (``500 pounds of explosives``): read after a number
only with a scale word, never as a hyphenated adjective (``a 500-pound bomb``)."""
_FIXED = frozenset({"dollar", "dollars", "$", "US$", "$US", "€", "£", "¥", "Rs", "R$", "C$"})
"""Names and signs read as one currency whatever the states (the conventions' ``$`` is the US
dollar; relindex's hand-written patterns give the others)."""
_MONEY_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:cost|costs|costing|worth|paid|pay|pays|price|priced|fee|fees|fine|"
    r"fines|fined|tax|taxes|levy|loan|loans|grant|grants|budget|salary|salaries|wages?|"
    r"tariffs?|charge|charges|charged|valued|spend|spent|spending|invest|invested|investment|"
    r"aid|debt|revenue|revenues|earned|earnings)\s(?:[\w’'-]{1,20}\s){0,3}\Z")
"""A word of money shortly before a sum (``a fee of Nu 500``)."""


@dataclass(frozen=True, slots=True)
class _Table:
    states: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]]
    signs: dict[str, tuple[str, ...]]
    pre: re.Pattern[str]
    post: re.Pattern[str]
    post_spelled: re.Pattern[str]
    adjective: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _table() -> _Table:
    """The shipped table, with its patterns (read once)."""
    rows = currency_table()
    states, names, signs = rows.states, rows.names, rows.signs
    num = rf"(?<![\w.,])(?<!\w-)(?P<num>{_DIGITS_BODY})"
    scale = rf"(?P<scale>\s?{_SCALE_WORD})"
    adj = r"(?:(?P<adj>[A-Z][\w’'-]{2,30})\s)?"  # "Malawian kwacha", "Guinean francs"
    cur_pre = rf"(?P<cur>{_alternation([*states, *signs])})"
    cur_post = rf"(?P<cur>{_alternation([*names, *(c for c in states if c not in _WORD_CODES)])})"
    singular = [n for n in names if not n.endswith("s") and n not in _WORD_NAMES
                and " " not in n]
    return _Table(
        states=states,
        names=names,
        signs=signs,
        pre=re.compile(rf"(?<![\w$]){cur_pre}\s?(?P<num>{_DIGITS_BODY})(?![0-9])"
                       rf"(?:[\s-]?(?P<scale>{_SCALE_WORD}))?(?![\w’'])"),
        post=re.compile(rf"{num}{scale}?\s{{1,2}}{adj}{cur_post}(?![\w’'-])"),
        post_spelled=re.compile(rf"(?i:(?<![\w’'-])(?P<num>{_CORE}))(?![\w’'-])"
                                rf"(?P<scale>\s{_SCALE_WORD})?\s{adj}{cur_post}(?![\w’'-])"),
        adjective=re.compile(
            rf"(?<![\w.,’'-])(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,3}}|[0-9]{{1,9}}"
            rf"(?:\.[0-9]{{1,2}})?|(?i:{_CORE}))(?:-(?P<scale>(?i:million|billion|trillion)))?"
            rf"-(?P<cur>{_alternation(singular)})(?=\s[^\W\d_])"),
    )


def _letters_only(sign: str) -> bool:
    return sign.replace(".", "").isalpha()


def table_money(win: str, lex: Lexicon, mask: Mask, *, spelled: bool) -> list[Match]:
    """Sums in the currencies of the shipped table that the hand-written patterns left.

    Parameters
    ----------
    win : str
        One window of text.
    lex : Lexicon
        The lexicon (for qualifiers before a sum).
    mask : Mask
        The characters already claimed; a sum read here claims its own.
    spelled : bool
        Whether the window holds number words (``thirty dinars``).

    Returns
    -------
    list of Match
        Money matches; a sum in a currency's own unit below a million, else in billions
        (``BTN bn``), with the default code of a shared name (see `shared_currency`).
    """
    t = _table()
    out: list[Match] = []
    for m in t.pre.finditer(win):
        cur, scale = m.group("cur"), m.group("scale")
        if not scale and (cur in _WORD_CODES or (_letters_only(cur) and cur not in t.states and (
                len(cur) == 1 or not _MONEY_BEFORE.search(win, max(0, m.start() - 60),
                                                          m.start())))):
            continue  # "COP 28", "Q1 2024", "P 5": no sum without a scale or a word of money
        _add(out, win, lex, mask, m, cur)
    patterns = (t.post, t.post_spelled) if spelled else (t.post,)
    for pattern in patterns:
        for m in pattern.finditer(win):
            cur = m.group("cur")
            code = _adjective_code(m.group("adj"), cur, lex)
            if code is None or (cur.lower() in _WORD_NAMES and not m.group("scale")):
                continue  # "500 pounds of explosives", "12 Chinese yuan" read before
            _add(out, win, lex, mask, m, cur, code)
    if "-" in win:
        for m in t.adjective.finditer(win):
            _add(out, win, lex, mask, m, m.group("cur"))
    return out


def _adjective_code(adjective: str | None, cur: str, lex: Lexicon) -> str | None:
    """The currency a state's adjective names (``Malawian kwacha`` -> MWK).

    ``""`` with no adjective; None when the adjective is no state's or its state uses no
    such currency.
    """
    if adjective is None:
        return ""
    t = _table()
    states = {code for toks, _, code in lex.index.actors_by_first.get(adjective, ())
              if len(toks) == 1 and code in lex.index.states}
    return next((c for c in _codes(cur) if states & set(t.states.get(c, ()))), None)


def _add(out: list[Match], win: str, lex: Lexicon, mask: Mask, m: re.Match[str],
         cur: str, code: str = "") -> None:
    s, e = m.span()
    parsed = number_value(m.group("num"))
    if parsed is None or not mask.free(s, e):
        return
    mult, suffix = _money_scale(m.group("scale"))
    mask.claim(s, e)
    out.append(Match(s, e, "money", _plain_float(parsed[0] * mult),
                     (code or _default(cur)) + suffix, qualifier=qualifier(win, s, lex)))


_TOKEN = re.compile(r"[^\W\d_][\w’'.]*|[^\w\s.,-]+[^\W\d_]*|[^\W\d_]{1,3}\$")


def shared_currency(quote: str, named: Sequence[str], pair: tuple[str, str] | None
                    ) -> str | None:
    """The currency of a sum written with a name or sign several currencies share.

    Parameters
    ----------
    quote : str
        The sum as written (``"30-dinar"``, ``"K 2 billion"``).
    named : sequence of str
        The actor codes the sum's clause names, the likeliest payer, earner or charger
        first.
    pair : (str, str) or None
        The two states the document is about.

    Returns
    -------
    str or None
        The ISO 4217 code of the first state of `named` that uses one of the currencies
        of the name, else of the one currency of them the pair uses; None when the quote
        holds no shared name or sign, or when neither says (the default stays).

    Examples
    --------
    >>> shared_currency("30-dinar", ["LY", "TN"], ("LY", "TN"))
    'LYD'
    >>> shared_currency("5 million francs", [], ("GN", "SL"))
    'GNF'
    >>> shared_currency("$5 million", ["CA"], ("CA", "US")) is None
    True
    """
    t = _table()
    tokens = _TOKEN.findall(quote)
    if any(tok in _FIXED or tok.lower() in _FIXED or (
            tok[:1].isupper() and tok not in t.signs and tok not in t.states
            and tok.lower() not in t.names) for tok in tokens):
        return None  # "$5 million", "20 billion Kenyan shillings": the currency is said
    for tok in tokens:
        codes = _codes(tok) if tok not in t.states else ()
        if len(codes) < 2:
            continue
        for state in named:
            hit = [c for c in codes if state in t.states.get(c, ())]
            if hit:
                return hit[0]
        in_pair = {c for c in codes for state in pair or () if state in t.states.get(c, ())}
        return in_pair.pop() if len(in_pair) == 1 else None
    return None

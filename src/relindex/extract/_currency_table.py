r"""The shipped currency table: which code, name or sign means which currency.

``relindex/data/currencies.csv`` (built by ``scripts/currency_table.py``; sources in
``relindex/data/SOURCES.md``) is the one place relindex states these facts: each ISO 4217
code with the states that use it, the names prose writes after a number and the signs
written before it. `relindex.extract.currencies` builds its patterns on this table and
`relindex.extract.numbers` looks up the currency of each sum it reads here
(`written_codes`). The table is read once, at the first lookup; importing this module
reads nothing.

Examples
--------
>>> currency_table().names["pula"]
('BWP',)
>>> default_code("rupees"), default_code("Rs"), default_code("FCFA")
('INR', 'INR', 'XAF')
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass

from .._package_data import package_text

__all__ = ["CurrencyTable", "codes_of", "currency_table", "default_code", "written_codes"]

_DEFAULTS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
             "pound": "GBP", "pounds": "GBP", "rupee": "INR", "rupees": "INR", "riyal": "SAR",
             "riyals": "SAR", "rial": "IRR", "rials": "IRR", "won": "KRW", "franc": "CHF",
             "francs": "CHF", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
             "roubles": "RUB", "krona": "SEK", "krone": "DKK", "kroner": "DKK", "$": "USD",
             "Rs": "INR", "R$": "BRL", "Br": "ETB", "K": "ZMW", "L": "HNL", "kr": "SEK",
             "SR": "SAR", "Dh": "AED", "Dhs": "AED", "Le": "SLE", "C$": "NIO", "₩": "KRW",
             "CFA": "XOF"}
"""The currency of a shared name or sign when no state of the clause or pair uses one of its
currencies."""


@dataclass(frozen=True, slots=True)
class CurrencyTable:
    """The rows of ``currencies.csv``, indexed.

    Attributes
    ----------
    states : dict of str to tuple of str
        ISO 4217 code -> the states (ISO 3166-1 alpha-2) that use it, in table order.
    names : dict of str to tuple of str
        Name as prose writes it after a number (lower case) -> the codes it may mean.
    signs : dict of str to tuple of str
        Sign written before a number -> the codes it may mean.
    """

    states: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]]
    signs: dict[str, tuple[str, ...]]


@functools.cache
def currency_table() -> CurrencyTable:
    """The shipped table (read once).

    Returns
    -------
    CurrencyTable
        Codes, names and signs of ``relindex/data/currencies.csv``.
    """
    raw = package_text("currencies.csv")
    states: dict[str, tuple[str, ...]] = {}
    names: dict[str, list[str]] = {}
    signs: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        code = row["code"]
        states[code] = tuple(s for s in row["states"].split(";") if s)
        for name in filter(None, row["names"].split(";")):
            names.setdefault(name, []).append(code)
        for sign in filter(None, row["signs"].split(";")):
            signs.setdefault(sign, []).append(code)
    return CurrencyTable(states=states,
                         names={k: tuple(v) for k, v in names.items()},
                         signs={k: tuple(v) for k, v in signs.items()})


def codes_of(token: str) -> tuple[str, ...]:
    """The codes a code, sign or name (any case) may mean; empty when the table has none.

    Parameters
    ----------
    token : str
        A code (``"BWP"``), sign (``"Nu"``) or name (``"Dinars"``).

    Returns
    -------
    tuple of str
        The ISO 4217 codes, in table order.
    """
    t = currency_table()
    if token in t.states:
        return (token,)
    return t.signs.get(token) or t.names.get(token.lower()) or ()


def default_code(token: str) -> str:
    """The currency a code, sign or name means when no state says otherwise.

    Parameters
    ----------
    token : str
        A code, sign or name.

    Returns
    -------
    str
        The default of a shared name or sign (`_DEFAULTS`), else its first code, else
        `token` in capitals.
    """
    codes = codes_of(token)
    return _DEFAULTS.get(token) or _DEFAULTS.get(token.lower()) or (codes[0] if codes else
                                                                    token.upper())


@functools.cache
def written_codes() -> dict[str, str]:
    """Every code, name and sign of the table, folded, with the currency it means.

    The key is the token in lower case without spaces (``"rmb"``, ``"rupees"``, ``"gh₵"``);
    a name or sign several currencies share means its default (`default_code`). Tokens
    that fold to one key but mean different currencies are left out.

    Returns
    -------
    dict of str to str
        Folded token to ISO 4217 code (built once).

    Examples
    --------
    >>> [written_codes()[k] for k in ("rmb", "rupees", "€", "us$", "hk$")]
    ['CNY', 'INR', 'EUR', 'USD', 'HKD']
    """
    t = currency_table()
    out: dict[str, str] = {}
    clash: set[str] = set()
    for token in (*t.states, *t.names, *t.signs):
        key, code = re.sub(r"\s", "", token).lower(), default_code(token)
        if out.setdefault(key, code) != code:
            clash.add(key)
    return {k: v for k, v in out.items() if k not in clash}

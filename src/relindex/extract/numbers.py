r"""Numbers: money, percentages, fractions, multiples and durations (counts: `.counts`).

The grammar of numbers as prose writes them: digits with thousands commas
(``10,000``), number words (``forty``, ``one hundred and twenty``,
``a dozen``), vague quantities read as their lower bound with the qualifier
``"at least"`` (``a few hundred`` -> 300, ``several dozen`` -> 36,
``thousands of`` -> 2000), scale words (``1.2 trillion``, ``€40bn``,
``Rs 5,000 crore``) and currencies written before or after the number
(``$US600 billion``, ``RMB 1.2 trillion``, ``31 million euros``).

Each matcher takes one window of text (see `relindex.extract.sentences`)
and a `relindex.extract.candidate.Mask` of the characters already claimed,
and returns `relindex.extract.candidate.Match` objects with offsets in the
window. Every pattern uses bounded repetitions only.

Which currency a sign, name or code means is a fact of ``relindex/data/currencies.csv``,
looked up through `relindex.extract._currency_table.written_codes` (read once, at the first
sum): the patterns here only say where a currency is written. The forms only these patterns
write (``U.S. dollars``, ``pounds sterling``, ``Kenyan shillings``) and the two signs they
read otherwise than the table (``C$``, ``FCFA``) are in `_PATTERN_CODES`, each checked
against the table by the tests.

Examples
--------
>>> from relindex.extract import extract
>>> [(c.quote, c.value, c.unit) for c in extract("Exports grew more than 18-fold.")]
[('18-fold', 18.0, 'x')]
>>> [(c.quote, c.value) for c in extract("Some 10,000 Chinese and Russian troops took part.")]
[('10,000 Chinese and Russian troops', 10000.0)]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ._currency_table import written_codes
from ._match import Mask, Match
from .lexicon import Lexicon

__all__ = [
    "NUMBER_WORDS",
    "cfa_franc",
    "fractions",
    "has_number",
    "money_and_percent",
    "multiples_and_durations",
    "number_value",
]

# ----------------------------------------------------------------------------- number words

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_PLURAL_QUANTITIES = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
                      "millions": 2_000_000, "billions": 2_000_000_000}
_PLURAL_SCALES = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
"""The first word of a compound vague quantity (``hundreds of millions of``: 2 x 100 x 10**6)."""

NUMBER_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, "hundred", "dozen", "dozens", "hundreds",
                          "thousands", "millions", "billions", "several", "few", "half", "third",
                          "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths",
                          "thousand", "million", "billion"})
"""Words that make a sentence worth the spelled-number patterns."""

_U = "|".join(_UNITS)
_CORE = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_U}))?|{'|'.join(_TEENS)}|{_U})"
_END = r"(?![\w’'])(?!-[^\W\d_])"
_SPELLED = (
    r"(?i:(?<![\w’'-])(?:"
    r"(?:tens|dozens|hundreds|thousands)\sof\s(?:thousands|millions|billions)\sof"
    r"|(?:dozens|scores|hundreds|thousands|millions|billions)\sof"
    r"|(?:a\sfew|several)\s(?:dozen|hundred|thousand|million)"
    r"|(?:a\sfew|several)(?=\s[a-z])"
    r"|(?:a\s)?half[\s-](?:a[\s-])?dozen"
    r"|(?:half\sa|a|one)(?=\s(?:thousand|million|billion)(?![\w’'-]))"
    rf"|(?:(?:a|{_CORE})[\s-])?dozen"
    rf"|(?:(?:a|one|{_U})[\s-])?hundred(?:\s(?:and\s)?{_CORE})?"
    rf"|{_CORE}"
    rf"){_END})"
)
_DIGITS_BODY = (r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,12},[0-9]{1,2}(?![0-9])|[0-9]{1,12})"
                r"(?:\.[0-9]{1,6})?(?![0-9]|[.,][0-9])")
"""Digits: thousands commas (``10,000``), a decimal point, or a decimal comma (``190,27``,
``15,7%``: a comma followed by one or two digits cannot group thousands)."""
_DECIMAL_COMMA = re.compile(r"[0-9]{1,12},[0-9]{1,2}")
_DIGITS = rf"(?<![\w.,])(?<!\w-)(?<![0-9]/){_DIGITS_BODY}(?!/[0-9])"
_NUM = rf"(?P<num>{_DIGITS}|{_SPELLED})"


def number_value(raw: str) -> tuple[Decimal, bool] | None:
    """The value of a matched number, and whether it is a vague lower bound.

    Parameters
    ----------
    raw : str
        Digits with optional thousands commas (``"10,000"``, ``"35.9"``) or
        number words (``"forty-two"``, ``"a dozen"``, ``"a few hundred"``).

    Returns
    -------
    (Decimal, bool) or None
        The value and True for a vague quantity (``several dozen`` -> 36,
        its lower bound); None when `raw` is not a number.

    Examples
    --------
    >>> number_value("one hundred and twenty")
    (Decimal('120'), False)
    >>> number_value("a few hundred")
    (Decimal('300'), True)
    >>> number_value("several")
    (Decimal('3'), True)
    >>> number_value("hundreds of millions of")
    (Decimal('200000000'), True)
    """
    raw = raw.strip()
    if raw[:1].isdigit():
        if _DECIMAL_COMMA.fullmatch(raw):
            raw = raw.replace(",", ".")
        try:
            return Decimal(raw.replace(",", "")), False
        except InvalidOperation:
            return None
    words = [w for w in re.split(r"[-\s]{1,3}", raw.lower()) if w and w not in ("of", "and")]
    if not words:
        return None
    if words[-1] in _PLURAL_QUANTITIES:
        total = Decimal(_PLURAL_QUANTITIES[words[-1]])
        if len(words) > 1 and words[0] in _PLURAL_SCALES:
            total *= _PLURAL_SCALES[words[0]]  # "hundreds of millions": 2 x 10**6 x 100
        return total, True
    if words in (["several"], ["a", "few"], ["few"]):
        return Decimal(3), True  # "several months", "a few weeks": 3, a lower bound
    if words[0] in ("few", "several") or words[:2] == ["a", "few"]:
        scale = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6}[words[-1]]
        return Decimal(3 * scale), True
    if "half" in words and words[-1] == "dozen":
        return Decimal(6), False
    if words[0] == "half":  # "half a (million)": the scale word follows the number
        return Decimal("0.5"), False
    current = 0
    for w in words:
        if w in ("a", "one"):
            current += 1
        elif w in ("hundred", "dozen"):
            current = max(current, 1) * (100 if w == "hundred" else 12)
        else:
            current += _UNITS.get(w, 0) + _TEENS.get(w, 0) + _TENS.get(w, 0)
    return Decimal(current), False


def _plain_float(d: Decimal) -> float:
    f = float(d)
    return f if math.isfinite(f) else math.nan


def _is_plain_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


_HAS_DIGIT = re.compile(r"[0-9]")


def has_number(win: str, low_tokens: list[str]) -> tuple[bool, bool]:
    """Whether a window holds digits, and whether it holds number words."""
    return (_HAS_DIGIT.search(win) is not None,
            any(t in NUMBER_WORDS for t in low_tokens))


def qualifier(win: str, start: int, lex: Lexicon) -> str | None:
    """The lexicon qualifier written right before `start` (``over``, ``nearly``), or None.

    The qualifier ends 1-3 whitespace characters before `start`, starts at most 40
    characters before it and not after a letter; its words are 1-3 whitespace characters
    apart. The longest one wins. Each candidate is one set lookup, so the cost follows
    the 40 characters read, not the size of the lexicon.
    """
    index = lex.index
    if not index.qualifiers:
        return None
    lo = max(0, start - 40)
    words: list[tuple[int, int]] = []  # (start, end) of the words before `start`, last first
    end = start
    while len(words) < index.qualifier_words:
        gap = end
        while gap > lo and win[gap - 1].isspace():
            gap -= 1
        if not 1 <= end - gap <= 3 or gap <= lo:
            break
        first = gap
        while first > lo and not win[first - 1].isspace():
            first -= 1
        words.append((first, gap))
        end = first
    for k in range(len(words), 0, -1):
        first, last = words[k - 1]
        rest = [win[a:b] for a, b in reversed(words[:k - 1])]
        for a in range(first, last):
            if a > 0 and _is_letter(win[a - 1]):
                continue
            text = " ".join([win[a:last], *rest]).lower()
            if text in index.qualifiers:
                return text
    return None


def _is_letter(ch: str) -> bool:
    r"""A letter as the pattern ``[^\W\d_]`` has it (a word character, not a decimal digit)."""
    return ch.isalnum() and not ch.isdecimal()


# ----------------------------------------------------------------------------- money and percent

_CUR_PREFIX = (
    r"(?P<cur>\$US|US\$|U\.S\.\s?\$|AU?\$|CA?\$|R\$|HK\$|NZ\$|N\$|S\$|(?<![A-Za-z])\$|€|(?<![A-Za-z])£|₹|₽|¥|₩|₺"
    r"|₦|₱|₴|₫|₪|₸|฿|₵"
    r"|(?<![A-Za-z])(?:Rp|Rs|KSh|Ksh|TSh|Tsh|USh|Ush|Tk)\.?(?=\s?[0-9])|GH[¢₵](?=\s?[0-9])"
    r"|(?<![\w$])R(?=[0-9]{1,3}(?:,[0-9]{3})+|[0-9.]{1,6}\s?(?:trillion|billion|million|bn|m)\b)"
    r"|(?<![A-Za-z])(?:USD|EUR|GBP|CNY|RMB|JPY|INR|RUB|BRL|PLN|CHF|AUD|CAD|KRW|IDR|VND|TRY"
    r"|SGD|NZD|ZAR|EGP|SAR|AED|NGN|ETB|MXN|ARS|TWD|THB|SEK|NOK|DKK|KES|UGX|TZS|UAH|BDT|PKR"
    r"|MYR|IRR|ILS|KZT|HUF|CZK|RON|CLP|PEN|VES|GHS|MAD|DZD|TND|QAR|KWD|IQD|AZN|GEL|MMK|KHR"
    r"|LKR|NPR|HKD|BGN|RSD|XOF|XAF|KGS|TJS|FCFA)(?![A-Za-z]))"
)
_LOCAL_CURRENCY = (
    r"(?:Kenyan|Ugandan|Tanzanian)\sshillings|(?:Mexican|Colombian|Argentine|Chilean|Philippine)"
    r"\spesos|(?:Moroccan|UAE|Emirati)\sdirhams|(?:Algerian|Tunisian|Serbian|Iraqi|Jordanian"
    r"|Kuwaiti)\sdinars|(?:CFA|Swiss)\sfrancs?|francs\sCFA|FCFA(?![A-Za-z])|(?:Saudi|Qatari)\sriyals|(?:Iranian|Omani|Yemeni)\srials"
    r"|(?:Egyptian|Sudanese|Lebanese|Syrian)\spounds|Azerbaijani\smanat|Armenian\sdrams"
    r"|Georgian\slari|(?:Bahraini|Libyan)\sdinars|(?:Pakistani|Indian|Nepalese|Sri\sLankan)"
    r"\srupees"
)
"""Currencies named with their state's adjective (``20 billion Kenyan shillings``)."""
_SCALE_WORD = (r"(?i:trillion|billion|million|thousand|lakh\scrore|crore|lakh|tn|bn|mn|mln)"
               r"(?![A-Za-z])")
_CUR_WORDS = (
    r"(?P<cur>(?:US|U\.S\.)\s?(?i:dollars?)|(?i:dollars?|euros?|yuan|renminbi|rubles?|roubles?"
    r"|yen|rupees?|rupiah|reais|won|lira|liras|z[łl]oty(?:s)?|pounds\ssterling|rand|naira|birr"
    r"|riyals?|rials?|soles|bol[ií]vars?|taka|tenge|hryvnias?|baht|ringgit|kyat|cedis?|forints?)"
    rf"|{_LOCAL_CURRENCY}"
    r"|USD|EUR|GBP|CNY|RMB|JPY|INR|RUB|BRL|PLN|CHF|AUD|CAD|KRW|IDR|TRY)(?![A-Za-z])"
)
_CUR_SYMBOLS = ("$", "€", "£", "₹", "₽", "¥", "₩", "₺", "₦", "₱", "₴", "₫", "₪", "₸", "฿", "₵")
_CUR_HINTS = ("usd", "eur", "gbp", "cny", "rmb", "jpy", "inr", "rub", "brl", "pln", "chf",
              "aud", "cad", "krw", "idr", "vnd", "try", "rp", "rs", "dollar", "yuan",
              "renminbi", "roubl", "yen", "rupee", "rupiah", "reais", "won", "lira", "zloty",
              "złoty", "sterling", "sgd", "nzd", "zar", "egp", "sar", "aed", "ngn", "etb", "mxn",
              "ars", "twd", "thb", "sek", "nok", "dkk", "ksh", "tk", "rand", "naira", "birr",
              "riyal", "rial", "soles", "bolivar", "bolívar", "taka", "tenge", "hryvni", "baht",
              "ringgit", "kyat", "cedi", "forint", "shilling", "peso", "dinar", "dirham", "franc",
              "kes", "ugx", "tzs", "tsh", "ush", "gh¢", "gh₵", "uah", "bdt", "pkr", "myr", "irr",
              "ils", "kzt", "huf", "czk",
              "ron", "clp", "pen", "ves", "ghs", "mad", "dzd", "tnd", "qar", "kwd", "iqd", "azn",
              "gel", "mmk", "khr", "lkr", "npr", "hkd", "bgn", "rsd", "xof", "xaf", "kgs", "tjs",
              "cfa")
_RAND = re.compile(r"(?<![\w$])R[0-9]")
"""The rand's prefix before a number (``R10 million``), which no hint word holds."""
_PERCENT_HINTS = ("%", "cent", "pct", "percentage", "pc")
_PATTERN_CODES = {
    "u.s.$": "USD", "usdollar": "USD", "usdollars": "USD", "u.s.dollar": "USD",
    "u.s.dollars": "USD", "poundssterling": "GBP", "c$": "CAD", "fcfa": "XOF",
    **{k.replace(" ", ""): v for k, v in {
        "kenyan shillings": "KES", "ugandan shillings": "UGX", "tanzanian shillings": "TZS",
        "mexican pesos": "MXN", "colombian pesos": "COP", "argentine pesos": "ARS",
        "chilean pesos": "CLP", "philippine pesos": "PHP", "moroccan dirhams": "MAD",
        "uae dirhams": "AED", "emirati dirhams": "AED", "algerian dinars": "DZD",
        "tunisian dinars": "TND", "serbian dinars": "RSD", "iraqi dinars": "IQD",
        "jordanian dinars": "JOD", "kuwaiti dinars": "KWD", "cfa francs": "XOF",
        "cfa franc": "XOF", "francs cfa": "XOF", "swiss franc": "CHF",
        "swiss francs": "CHF", "saudi riyals": "SAR", "qatari riyals": "QAR",
        "iranian rials": "IRR", "omani rials": "OMR", "yemeni rials": "YER",
        "sudanese pounds": "SDG", "lebanese pounds": "LBP", "syrian pounds": "SYP",
        "bahraini dinars": "BHD", "libyan dinars": "LYD", "pakistani rupees": "PKR",
        "indian rupees": "INR", "nepalese rupees": "NPR", "sri lankan rupees": "LKR",
        "egyptian pounds": "EGP", "azerbaijani manat": "AZN",
        "armenian drams": "AMD", "georgian lari": "GEL"}.items()},
}
"""The currencies of forms only these patterns write, folded as `_currency` folds them.

Every other sign, name and code (``€``, ``RMB``, ``rupees``, ``Ksh.``) takes its currency
from ``relindex/data/currencies.csv`` (`relindex.extract._currency_table.written_codes`).
Here are the run-together and dotted forms (``U.S. dollars``, ``pounds sterling``), the
state's adjective before a name (``Kenyan shillings``: the table's ``shillings`` is
shared), and two signs these patterns read otherwise than the table: ``C$`` (`_CUR_PREFIX`
reads ``CA?$`` as the Canadian dollar; the table's ``C$`` is the córdoba) and ``FCFA`` (the
West African franc until `cfa_franc` picks the zone). ``tests/test_extract_numbers.py``
checks each against the table."""


@dataclass(frozen=True, slots=True)
class _Patterns:
    money_pre: re.Pattern[str]
    money_post: re.Pattern[str]
    percent: re.Pattern[str]
    count: re.Pattern[str]


def _patterns(num: str, after_currency: str) -> _Patterns:
    return _Patterns(
        money_pre=re.compile(
            rf"{_CUR_PREFIX}\s?{after_currency}(?P<scale>[\s-]?{_SCALE_WORD}|(?i:[bmkt])(?![A-Za-z]))?"),
        money_post=re.compile(rf"{num}(?P<scale>\s?{_SCALE_WORD})?\s{{1,2}}{_CUR_WORDS}"),
        percent=re.compile(
            rf"{num}\s?(?P<unit>%|(?i:per\s?cent|percent|pct|percentage\spoints?)(?![A-Za-z])"
            r"|pc(?![A-Za-z]))"),
        count=re.compile(
            rf"{num}(?P<scale>\s(?i:thousand|million|billion|trillion|lakh|crore)(?![A-Za-z])"
            r"|(?:mn|bn|tn|m)(?![A-Za-z]))?"),
    )


_DIGIT_PATTERNS = _patterns(rf"(?P<num>{_DIGITS})", rf"(?P<num>{_DIGITS_BODY})")
_ALL_PATTERNS = _patterns(_NUM, rf"(?P<num>{_DIGITS_BODY}|{_SPELLED})")


def _patterns_for(spelled: bool) -> _Patterns:
    return _ALL_PATTERNS if spelled else _DIGIT_PATTERNS


def _money_scale(word: str | None) -> tuple[Decimal, str]:
    """Multiplier and unit suffix of a money scale word (millions and up go to billions)."""
    if not word:
        return Decimal(1), ""
    w = word.strip(" -").lower()  # "$5.2-billion"
    if w in ("trillion", "tn", "t"):
        return Decimal(1000), " bn"
    if w in ("billion", "bn", "b"):
        return Decimal(1), " bn"
    if w in ("million", "mn", "mln", "m"):
        return Decimal("0.001"), " bn"
    if w.split() == ["lakh", "crore"]:
        return Decimal(1000), " bn"
    if w == "crore":
        return Decimal("0.01"), " bn"
    if w == "lakh":
        return Decimal("0.0001"), " bn"
    return Decimal(1000), ""  # thousand, k


def _currency(raw: str) -> str:
    """The ISO 4217 code of a currency as written (``"Rs."`` -> ``"INR"``).

    The forms of `_PATTERN_CODES` first, then the shipped table's codes, names and signs
    (a sign's abbreviation dot aside); else the text itself, in capitals.
    """
    key = re.sub(r"\s", "", raw).lower()
    code = _PATTERN_CODES.get(key)
    if code is None:
        table = written_codes()
        code = table.get(key) or table.get(key.removesuffix("."))
    return code or raw.strip().upper()


_CFA_ZONES = {"XAF": frozenset({"CM", "CF", "TD", "CG", "GQ", "GA"}),
              "XOF": frozenset({"BJ", "BF", "CI", "GW", "ML", "NE", "SN", "TG"})}
"""The two CFA francs and the states that use them: the Central African (XAF) and the West
African (XOF)."""


def cfa_franc(named: Sequence[str], pair: tuple[str, str] | None) -> str | None:
    """The code of a CFA franc sum: the franc of the state whose sum it is.

    Parameters
    ----------
    named : sequence of str
        The actor codes the sum's clause names, the likeliest payer, earner or
        charger first (the nearest before the sum, then the nearest after).
    pair : (str, str) or None
        The two states the document is about.

    Returns
    -------
    str or None
        ``"XAF"`` or ``"XOF"``: the franc of the first state of `named` that uses
        one, else of the pair's state that does (when the pair's CFA states share
        one franc); None when neither says.

    Examples
    --------
    >>> cfa_franc([], ("NG", "CM"))
    'XAF'
    >>> cfa_franc(["SN", "CM"], ("CM", "SN"))
    'XOF'
    >>> cfa_franc([], ("FR", "DE")) is None
    True
    """
    for code in named:
        for cur, states in _CFA_ZONES.items():
            if code in states:
                return cur
    zones = {cur for code in pair or () for cur, states in _CFA_ZONES.items() if code in states}
    return zones.pop() if len(zones) == 1 else None


def money_and_percent(win: str, lex: Lexicon, mask: Mask, *, spelled: bool) -> list[Match]:
    """Money amounts and percentages (digits or words) in a window; claims their characters."""
    pats = _patterns_for(spelled)
    lower = win.lower()
    out: list[Match] = []
    has_money = any(c in win for c in _CUR_SYMBOLS) or any(h in lower for h in _CUR_HINTS) or (
        _RAND.search(win) is not None)
    for pattern in (pats.money_pre, pats.money_post) if has_money else ():
        for m in pattern.finditer(win):
            s, e = m.span()
            parsed = number_value(m.group("num"))
            if not mask.free(s, e) or parsed is None:
                continue
            mult, suffix = _money_scale(m.group("scale"))
            if not suffix and parsed[0] * mult >= 10**6:  # "hundreds of millions of euros"
                mult, suffix = mult / 10**9, " bn"
            mask.claim(s, e)
            out.append(Match(s, e, "money", _plain_float(parsed[0] * mult),
                             _currency(m.group("cur")) + suffix,
                             qualifier=qualifier(win, s, lex)))
    if not any(h in lower for h in _PERCENT_HINTS):
        return out
    for m in pats.percent.finditer(win):
        s, e = m.span()
        parsed = number_value(m.group("num"))
        if not mask.free(s, e) or parsed is None:
            continue
        unit = "pp" if m.group("unit").lower().startswith("percentage") else "%"
        mask.claim(s, e)
        out.append(Match(s, e, "percent", _plain_float(parsed[0]), unit,
                         qualifier=qualifier(win, s, lex)))
        low = _RANGE_LOW.search(win, max(0, s - 30), s)
        if low is not None and mask.free(*low.span("lo")):
            first = number_value(low.group("lo"))
            if first is not None:  # "between 20 and 30 percent": 20 is a percentage too
                mask.claim(*low.span("lo"))
                out.append(Match(low.start("lo"), low.end("lo"), "percent",
                                 _plain_float(first[0]), unit,
                                 qualifier=qualifier(win, low.start("lo"), lex)))
    return out


_RANGE_LOW = re.compile(r"(?i)(?<![\w’'])(?:between|from)\s(?P<lo>[0-9]{1,3}(?:\.[0-9]{1,2})?)"
                        r"\s(?:and|to)\s\Z")
"""The low end of a range of percentages whose sign is said once (``between 20 and 30
percent``, ``from 5 to 8 per cent``)."""


# ----------------------------------------------------------------------------- fractions

_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                 "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_FRACTION = re.compile(
    rf"(?i)(?<![\w’'-])(?P<n>a|one|{_U})(?P<sep>[\s-])"
    rf"(?P<d>{'|'.join(sorted(_DENOMINATORS, key=len, reverse=True))})(?![\w-])")
_HALF = re.compile(r"(?i)(?<![\w’'-])half(?![\w-])")
_AFTER_SHARE = re.compile(r"(?i)\s(?:of|the|its|their|his|her|our|all|that|this)\b")
_BEFORE_SHARE = re.compile(
    r"(?i)(?<![\w’'])(?:by|to|than|nearly|almost|about|over|some|roughly|around|only|just"
    r"|barely|under|fully|approximately|least|exactly|is|was|are|were)\s\Z")
_BEFORE_HALF_NOT = re.compile(r"(?i)(?<![\w’'])(?:first|second|1st|2nd|latter|other|the|a|"
                              r"one|and|a\shalf|in)[\s-]\Z")


_FROM_BEFORE = re.compile(r"(?i)(?<![\w’'])from\s\Z")
_FROM_SHARE_AFTER = re.compile(r"(?i)\s?[,.;:)]|\s(?:at|in|a|the|last|by|before|when)\b")
"""``up from a quarter at the start``: a share left before a time, not ``from a third
country``."""


def fractions(win: str, lex: Lexicon, mask: Mask) -> list[Match]:
    """Fractions in words as percentages (``two-thirds`` -> 66.67, ``a fifth`` -> 20).

    The value is rounded to two decimals (``a third`` -> 33.33), as an analyst writes it.

    A hyphenated fraction always counts; ``a third``, ``one quarter`` and
    ``half`` count only as a share: followed by ``of``/``the``/``its``... or
    after ``by``, ``to``, ``nearly``, ``barely``... (not ``a third round``,
    nor ``the first half of 2023``, which is a date).
    """
    out: list[Match] = []
    if "half" not in win.lower() and not any(d in win.lower() for d in ("third", "quarter",
                                                                           "fifth", "th")):
        return out
    for m in _FRACTION.finditer(win):
        s, e = m.span()
        before = win[max(0, s - 16):s]
        share = (m.group("sep") == "-" or _AFTER_SHARE.match(win, e) is not None
                 or _BEFORE_SHARE.search(before) is not None or (
                     _FROM_BEFORE.search(before) is not None
                     and _FROM_SHARE_AFTER.match(win, e) is not None))
        if not share or not mask.free(s, e):
            continue
        n = 1 if m.group("n").lower() in ("a", "one") else _UNITS[m.group("n").lower()]
        d = _DENOMINATORS[m.group("d").lower()]
        if n >= d:
            continue
        mask.claim(s, e)
        value = round(Decimal(n) / Decimal(d) * 100, 2)  # as written in a ledger: 66.67
        out.append(Match(s, e, "percent", _plain_float(value), "%",
                         qualifier=qualifier(win, s, lex)))
    for m in _HALF.finditer(win):
        s, e = m.span()
        before = win[max(0, s - 16):s]
        if not mask.free(s, e) or _BEFORE_HALF_NOT.search(before):
            continue
        if _AFTER_SHARE.match(win, e) is None and _BEFORE_SHARE.search(before) is None:
            continue
        mask.claim(s, e)
        out.append(Match(s, e, "percent", 50.0, "%", qualifier=qualifier(win, s, lex)))
    return out


# ----------------------------------------------------------------------------- multiples, durations

_FOLD_WORDS = rf"(?:{_CORE}|hundred|thousand)"
_FOLD = re.compile(
    rf"(?i)(?<![\w’'.,-])(?P<num>[0-9]{{1,6}}(?:\.[0-9]{{1,3}})?|{_FOLD_WORDS})(?:-|\s)?fold"
    r"(?![\w-])")
_MULT_VERB = re.compile(
    r"(?i)(?<![\w’'-])(?:(?P<v>doubl|tripl|trebl|quadrupl)(?:ed|ing|es)|(?P<h>halved|halving))"
    r"(?![\w-])")
_MULT_BASE = re.compile(r"(?i)(?<![\w’'-])(?P<v>double|triple|treble|quadruple)(?![\w-])")
_MODAL_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:will|would|to|could|should|may|might|must|shall|can|cannot|not)"
    r"(?:\s(?:more\sthan|nearly|almost|roughly|at\sleast))?\s\Z")
_DET_AFTER = re.compile(r"\s(?:the|its|their|his|her|our|in|by|from|over)\b")
_TIMES_AFTER = re.compile(
    r"\s(?:(?i:more|larger|higher|greater|bigger|smaller|lower|faster|stronger|as|its|the|that"
    r"|what|over|than|their|his|her)\b|[A-Z][\w-]{0,40}(?:'|’)s\b)")
"""What follows ``N times`` when it is a multiple: a comparative, ``as``, a determiner or a
possessive (``three times Morocco's``)."""
_VERB_FACTOR = {"doubl": 2, "tripl": 3, "trebl": 3, "quadrupl": 4, "double": 2, "triple": 3,
                "treble": 3, "quadruple": 4}
_DURATION_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years",
                   "hour": "hours", "minute": "minutes", "decade": "decades",
                   "century": "centuries", "km": "km", "kilometre": "kilometres",
                   "kilometer": "kilometers", "mile": "miles", "member": "members",
                   "nation": "nations", "point": "points", "seat": "seats", "storey": "storeys",
                   "country": "countries", "party": "parties", "megawatt": "megawatts",
                   "gigawatt": "gigawatts", "hectare": "hectares", "acre": "acres",
                   "tonne": "tonnes", "metre": "metres", "meter": "meters", "bed": "beds",
                   "foot": "feet", "inch": "inches", "yard": "yards", "step": "steps",
                   "stage": "stages", "lane": "lanes", "kilovolt": "kilovolts",
                   "volt": "volts", "kilowatt": "kilowatts", "terawatt": "terawatts",
                   "watt": "watts", "ton": "tons", "kilogram": "kilograms", "gram": "grams",
                   "litre": "litres", "liter": "liters", "millimetre": "millimetres",
                   "millimeter": "millimeters", "centimetre": "centimetres",
                   "centimeter": "centimeters", "gallon": "gallons", "knot": "knots",
                   "room": "rooms", "berth": "berths", "car": "cars", "wagon": "wagons",
                   "carriage": "carriages", "man": "men"}
_DURATION = re.compile(
    rf"(?i)(?<![\w’'.,-])(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,2}}|[0-9]{{1,4}}(?:\.[0-9])?|{_CORE})-"
    rf"(?:(?:square|cubic)-)?(?P<u>{'|'.join(sorted(_DURATION_UNITS, key=len, reverse=True))})"
    r"(?!\w)(?:(?=-(?:long|high|wide|deep|thick|tall)(?![\w-]))|(?!-))")
"""A hyphenated count: ``a 73-day stand-off``, ``a 2,000-square-kilometre area``, ``a
25-kilometre-long fence`` up to its unit, and ratings (``the 500-kilovolt line``); a model
joined by a hyphen (``Su-35``, ``S-400``) has its letters first and is none."""

_TWICE = re.compile(r"(?i)(?<![\w’'-])(?P<w>twice|thrice)(?![\w’'-])")
_TWICE_MULTIPLE = re.compile(
    r"\s(?:(?i:as|the|its|their|his|her|our|that|this|what|larger|higher|greater|bigger"
    r"|smaller|lower|faster|longer)\b|[A-Z][\w-]{0,40}(?:'|’)s\b)")
"""What follows ``twice`` when it is a multiple (``twice as large``, ``twice the level``,
``twice Morocco's``); otherwise ``twice`` counts occurrences (``met twice in 2022``)."""
_THINK_BEFORE = re.compile(r"(?i)(?<![\w’'])(?:think|thinks|thought|thinking)\s\Z")
"""``think twice``: an idiom, no count."""


_GLUED = re.compile(
    r"(?i)(?<![\w’'.,-])(?P<num>[0-9]{1,3}(?:,[0-9]{3}){1,2}|[0-9]{1,6}(?:\.[0-9]{1,2})?)"
    r"(?P<u>km|kg|mw|gw|bcm|twh)(?![\w-])")
"""A measure with its unit glued on (``300km``, ``1.5GW``)."""


def multiples_and_durations(win: str, lex: Lexicon, mask: Mask, *, spelled: bool) -> list[Match]:
    """Multiples (``18-fold``, ``doubled``, ``300 times its level``) and hyphenated measures.

    Multiples have kind ``"multiple"`` and unit ``"x"``; ``a 73-day
    stand-off`` is a count ``73-day`` with unit ``"days"``, ``a 300km
    pipeline`` a count ``300km`` with unit ``"km"``.
    """
    out: list[Match] = []
    low = win.lower()
    if "fold" in low:
        for m in _FOLD.finditer(win):
            _add_multiple(out, win, lex, mask, m.span(), m.group("num"))
    if any(v in low for v in ("doubl", "tripl", "trebl", "quadrupl", "halv")):
        for m in _MULT_VERB.finditer(win):
            factor = 0.5 if m.group("h") else _VERB_FACTOR[m.group("v").lower()]
            _add_multiple(out, win, lex, mask, m.span(), None, factor)
        for m in _MULT_BASE.finditer(win):
            s, e = m.span()
            if _MODAL_BEFORE.search(win[max(0, s - 30):s]) or _DET_AFTER.match(win, e):
                _add_multiple(out, win, lex, mask, (s, e), None,
                              _VERB_FACTOR[m.group("v").lower()])
    if "times" in low:
        for m in _patterns_for(spelled).count.finditer(win):
            e = m.end("num")
            if win.startswith(" times", e) and _TIMES_AFTER.match(win, e + 6):
                _add_multiple(out, win, lex, mask, (m.start(), e + 6), m.group("num"))
    for m in _GLUED.finditer(win):
        s, e = m.span()
        parsed = number_value(m.group("num"))
        if parsed is not None and mask.free(s, e):
            mask.claim(s, e)
            out.append(Match(s, e, "count", _plain_float(parsed[0]), m.group("u").lower(),
                             qualifier=qualifier(win, s, lex)))
    if "twice" in low or "thrice" in low:
        _twice(out, win, lex, mask)
    if "-" in win:
        for m in _DURATION.finditer(win):
            s, e = m.span()
            parsed = number_value(m.group("num"))
            if parsed is None or not mask.free(s, e):
                continue
            mask.claim(s, e)
            out.append(Match(s, e, "count", _plain_float(parsed[0]),
                             _DURATION_UNITS[m.group("u").lower()],
                             qualifier=qualifier(win, s, lex)))
    return out


def _add_multiple(out: list[Match], win: str, lex: Lexicon, mask: Mask, span: tuple[int, int],
                  raw: str | None, factor: float | None = None) -> None:
    s, e = span
    if not mask.free(s, e):
        return
    if raw is not None:
        parsed = number_value(raw)
        if parsed is None:
            return
        factor = _plain_float(parsed[0])
    mask.claim(s, e)
    out.append(Match(s, e, "multiple", float(factor or 0.0), "x",
                     qualifier=qualifier(win, s, lex)))


def _twice(out: list[Match], win: str, lex: Lexicon, mask: Mask) -> None:
    """Read ``twice`` and ``thrice``: multiples or counts of occurrences.

    A multiple before ``as``, ``the``, a possessive or a comparative (unit ``x``), else a
    count of occurrences (unit ``times``, like ``two times``); ``once`` is neither.
    """
    for m in _TWICE.finditer(win):
        s, e = m.span()
        if not mask.free(s, e) or _THINK_BEFORE.search(win, max(0, s - 12), s):
            continue
        value = 2.0 if m.group("w").lower() == "twice" else 3.0
        if _TWICE_MULTIPLE.match(win, e):
            _add_multiple(out, win, lex, mask, (s, e), None, value)
            continue
        mask.claim(s, e)
        out.append(Match(s, e, "count", value, "times", qualifier=qualifier(win, s, lex)))

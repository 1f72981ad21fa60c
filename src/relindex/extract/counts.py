r"""Counts: a number, up to four modifiers, and the plural noun it counts.

``10,000 Chinese and Russian troops``, ``at least 78 military (and
paramilitary) exercises``, ``a dozen patrol boats``; a number whose noun is
shared with the next count (``1,900 US and 700 Indonesian personnel``, ``32
and 2 prisoners``) or elided after a comparison is the number alone, with
that noun as its unit. The grammar of the numbers themselves is in
`relindex.extract.numbers`.

Examples
--------
>>> from relindex.extract import extract
>>> [(c.quote, c.value, c.unit) for c in extract("They swapped 32 and 2 prisoners.")]
[('32', 32.0, 'prisoners'), ('2 prisoners', 2.0, 'prisoners')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._elided import RATE_END as _RATE_END
from ._elided import Bare as _Bare
from ._elided import elided_noun as _elided_noun
from ._match import Mask, Match
from ._nouns import LETTERS as _LETTERS
from ._nouns import NON_PLURAL_ENDINGS as _NON_PLURAL_ENDINGS
from ._nouns import NOT_NOUNS as _NOT_NOUNS
from ._nouns import STOPWORDS as _STOPWORDS
from ._nouns import is_noun as _is_noun
from ._nouns import is_verb_after_plural as _is_verb_after_plural
from .dates import MONTHS
from .lexicon import Lexicon
from .numbers import _NUM, _is_plain_year, _patterns_for, _plain_float, number_value, qualifier

__all__ = ["counts"]

_WORD = re.compile(r"\s{1,3}(?:\((?P<par>[^()\n]{1,60})\)|(?P<w>[^\W\d_][\w'’\-]{0,40}))"
                   r"(?![\w'’\-])")
_NEXT_NUMBER = re.compile(rf"\s{{1,3}}{_NUM}")
_DETERMINER_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?:the|these|those|both|all|its|their|our|his|her|every|each|"
    r"any|which|whose)\s{1,3}\Z"
)
_COMPARED_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:compared\s(?:with|to)|up\sfrom|down\sfrom|against|versus|vs\.?)\s{1,3}\Z")
_BARE_END = re.compile(r"\s(?:in|a|the|last|by|during|a\syear|before|earlier)\b|\s?[,.;:)]|\Z")
_CLAUSE_END = re.compile(r"\s?[,.;:)]|\Z")
_GAPPED_BEFORE = re.compile(
    r"(?:,|(?<![\w’'])and)\s(?P<actor>[A-Z][\w’'-]{1,30})\s(?:[A-Z][\w’'-]{1,30}\s){0,2}\Z")
"""A gapped clause's subject before its number (``deported 12 fishermen and Sri Lanka 9``)."""
_BY_BEFORE = re.compile(r"(?i)(?<![\w’'])by\s\Z")
_FROM_TO_BEFORE = re.compile(r"(?i)(?<![\w’'])(?:from|to)\s\Z")
_IN_YEAR_AFTER = re.compile(r"\s(?:in|by)\s(?:19|20)[0-9]{2}\b")
_IN_TIME_AFTER = re.compile(rf"\s(?:in|by)\s(?:(?:19|20)[0-9]{{2}}|(?:{MONTHS})(?![\w’'-]))")
"""A year or a month after a number after ``and`` (``25 fishermen in May and 40 in June``)."""
_BARE_AFTER_SCALE = re.compile(r"\s(?:are|were|is|was|have|had|live|lived|work|worked|of|in|"
                               r"more|fewer|people)\b|\s?[,.;:)]|\Z")
_PART_OF_NEXT = re.compile(rf"\s{{1,3}}of\s{{1,3}}(?:the|its|their|these|those)\s{{1,3}}{_NUM}")
"""``1,100 of the 800,000 names``: the number counts the next count's noun."""
_PEOPLE_AFTER = re.compile(r"\s{1,3}(?:who|whom|were|are|have|had|live|remain|[a-z]{1,20}ed)\b")
"""After a capitalised plural that is no state's demonym: a people (``48 Rohingya who``,
``700,000 Rohingya fled``)."""
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_PART_OF_SAID = re.compile(r"\s(?:of|among)\s(?:them|whom|which|those|these)\b")
"""``250,000 of them``, ``eight of which``: the number counts the noun said before."""
_AND_BEFORE = re.compile(r"(?i)(?<![\w’'])and\s\Z")
_ELIDED_AFTER = re.compile(
    r"\s(?:(?:[a-z]{2,20}ed|dead|hurt|missing|injured)(?=\s?[,.;:)]|\Z)|more\b|others\b)")
"""``24 citizens killed and 87 wounded``, ``1,400 troops ... and 300 more``: a number after
``and`` whose noun is left out."""
_REMAINING = re.compile(r"\s{1,3}(?:remaining|outstanding|surviving|existing|last)\b")
"""Words after a spelled number that make it a count after a determiner (``its two remaining
road crossings``), where ``the two sides`` is no count."""
_POSSESSIVES = frozenset({"the", "his", "her", "its", "their", "our", "these", "those"})
_MAX_MODIFIERS = 4
def _is_demonym(word: str, lex: Lexicon) -> bool:
    """A capitalised plural of a people (``Koreans``, ``Filipinos``, ``Serbs``): a noun of its own.

    Either a plural ending of peoples, or a one-word alias of a state in the
    lexicon that is a plural in ``-s`` (``Serbs``, ``Poles``, ``Croats``), or such an alias
    with ``-s`` added (``Israelis``, ``Pakistanis``).
    """
    if not word[:1].isupper() or len(word) <= 3:
        return False
    if len(word) > 4 and word.endswith(("ans", "ese", "inos", "ers")):
        return True
    if not word.endswith("s"):
        return False
    forms = (word[:-1],) if word.endswith(_NON_PLURAL_ENDINGS) else (word, word[:-1])
    return any(len(toks) == 1 and code in lex.index.states  # "Serbs"; "Israelis" of "Israeli"
               for form in forms for toks, _, code in lex.index.actors_by_first.get(form, ()))


_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Za-z]{0,6}[A-Z]s")


def _ends_a_title(word: str, win: str, end: int, lex: Lexicon) -> bool:
    """Whether a capitalised plural ends the noun of a count (``six Cabinet Ministers``).

    A word in capitals with a plural ending (``Ministers``, ``Memoranda`` aside, ``NGOs``,
    ``MoUs``) that no state or place is called, after which no capitalised word, noun or
    number follows (``the two United States warships`` counts warships), nor ``and`` with a
    capitalised word (``Serbs and Croats``).
    """
    low = word.lower()
    title = (word[:1].isupper() and len(word) >= 4 and word[1:2].islower()
             and low.endswith("s") and not low.endswith(_NON_PLURAL_ENDINGS))
    if not (title or _ACRONYM_PLURAL.fullmatch(word)) or low in _MONTHS or (
            word in lex.index.actors_by_first):
        return False
    nxt = _WORD.match(win, end)
    following = nxt.group("w") if nxt is not None else None
    if nxt is None or following is None:
        return nxt is None
    if following[0].isupper() or _is_noun(following, lex) or following[0].isdigit():
        return False
    if following.lower() in ("and", "or"):
        after = _WORD.match(win, nxt.end())
        word_after = after.group("w") if after is not None else None
        if after is None:
            return _NEXT_NUMBER.match(win, nxt.end()) is not None  # "11 MoUs and 4 ..."
        return bool(word_after) and word_after is not None and word_after[0].islower()
    return True


_DIGITS_ONLY = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){0,4}|[0-9]{1,12}")
"""A number in digits alone in brackets after the same number in words (``ten (10)``)."""
_CASUALTIES = frozenset({"dead", "killed", "wounded", "injured", "hurt", "missing"})
"""Words after a number that say what befell those it counts, not a modifier of a noun."""


def _noun_next(win: str, pos: int, lex: Lexicon) -> bool:
    """Whether a noun comes next (``12 missing fishermen``)."""
    nxt = _WORD.match(win, pos)
    word = nxt.group("w") if nxt is not None else None
    return bool(word) and word is not None and _is_noun(word, lex)


def _actor_next(win: str, pos: int, lex: Lexicon) -> bool:
    """Whether a state or capital named alone comes next (``... Ugandans and Uganda ...``)."""
    nxt = _WORD.match(win, pos)
    word = nxt.group("w") if nxt is not None else None
    return bool(word) and word is not None and _names_an_actor(word, lex)


def _names_an_actor(word: str, lex: Lexicon) -> bool:
    """Whether `word` alone names a state or its capital (``Uganda``, ``Kampala``).

    Not a people in the plural (``Ugandans``): ``300 Ugandans and Uganda expelled`` ends at
    Ugandans, and ``Uganda expelled`` is no people as ``48 Rohingya fled`` is.
    """
    return not word.endswith("s") and any(
        len(toks) == 1 for toks, _, _ in lex.index.actors_by_first.get(word, ()))


_MODEL_NUMBER = re.compile(r"\s[0-9]{2,5}(?![\w.,’'-])(?=\s[^\W\d_])")
"""Digits after a capitalised name, before a word: a model number (``Mirage 2000 jets``)."""
_LEADING_MODIFIERS = frozenset({"more", "additional", "further", "extra", "new", "other", "such"})


@dataclass(slots=True)
class _Walk:
    end: int = -1  # end of the noun, -1 when none
    noun: str = ""
    coordinated: bool = False  # "1,900 US and 700 Indonesian personnel": the noun comes later
    partitive: bool = False  # "nine of the farmers": the number alone counts the noun


def _head_noun(win: str, end: int, low: str, lex: Lexicon) -> _Walk:
    """The noun at `end`, or the head of a compound after it (``500 weapons sites`` -> sites).

    A plural noun followed by another plural noun is a compound whose head is the second,
    unless the second is a verb in ``-s`` (``households depends on``: see
    `relindex.extract._nouns.is_verb_after_plural`); a measure unit (``km``) is never a
    modifier.
    """
    nxt = _WORD.match(win, end)
    word = nxt.group("w") if nxt is not None else None
    if (word and word[0].islower() and low not in lex.index.count_units
            and word.lower() not in _STOPWORDS and word.lower() not in _NOT_NOUNS
            and word.lower() not in lex.index.count_units and _is_noun(word, lex)
            and nxt is not None and not _is_verb_after_plural(word, win, nxt.end())):
        return _Walk(nxt.end(), word.lower()) if nxt is not None else _Walk(end, low)
    return _Walk(end, low)


def _walk_to_noun(win: str, pos: int, lex: Lexicon, *, quantity: bool) -> _Walk:
    """Read modifiers after a number up to its noun (``Chinese and Russian troops``)."""
    modifiers = 0
    prev_modifier = False
    allow_of = quantity
    while modifiers <= _MAX_MODIFIERS:
        m = _WORD.match(win, pos)
        if m is None:
            model = _MODEL_NUMBER.match(win, pos) if prev_modifier else None
            if model is None or not win[win.rfind(" ", 0, pos - 1) + 1:pos][:1].isupper():
                return _Walk()
            pos, modifiers = model.end(), modifiers + 1  # "a dozen Mirage 2000 jets"
            continue
        if m.group("par") is not None:
            if modifiers == 0 and _DIGITS_ONLY.fullmatch(m.group("par")):
                pos = m.end()  # "ten (10) scholarships": the number again, in digits
                continue
            if not prev_modifier or len(m.group("par").split()) > 4:
                return _Walk()
            pos, modifiers = m.end(), modifiers + 1
            continue
        word = m.group("w")
        low = word.lower()
        if modifiers == 0 and low == "of" and _PART_OF_NEXT.match(win, pos):
            return _Walk(coordinated=True)  # "1,100 of the 800,000 names"
        if modifiers == 0 and low == "of" and not quantity:
            det = _WORD.match(win, m.end())
            if det is not None and (det.group("w") or "").lower() in _POSSESSIVES:
                rest = _walk_to_noun(win, det.end(), lex, quantity=False)
                # "nine of the farmers": the number alone, with the farmers as its unit
                return _Walk(-1, rest.noun, partitive=True) if rest.end > 0 and not (
                    rest.coordinated or rest.partitive) else _Walk()
        if (word[0].isupper() and low not in _MONTHS and _PEOPLE_AFTER.match(win, m.end())
                and not _names_an_actor(word, lex)):
            return _Walk(m.end(), low)  # "48 Rohingya who", "700,000 Rohingya fled"
        if modifiers == 0 and low in _CASUALTIES and not _noun_next(win, m.end(), lex):
            return _Walk()  # "left 14 dead and 30 injured": no noun; "12 missing fishermen" has
        if modifiers == 0 and not prev_modifier and low in _LEADING_MODIFIERS:
            pos, modifiers = m.end(), 1
            continue
        if low in _STOPWORDS:
            if low == "to" and modifiers == 0 and _NEXT_NUMBER.match(win, m.end()):
                return _Walk(coordinated=True)  # "3,000 to 4,000 soldiers"
            if low in ("and", "or") and (prev_modifier or modifiers == 0):
                if _NEXT_NUMBER.match(win, m.end()):
                    return _Walk(coordinated=True)  # "1,900 US and 700 ...", "32 and 2 ..."
                if not prev_modifier:
                    return _Walk()
                pos, prev_modifier = m.end(), False
                continue
            if low == "of" and allow_of:
                pos, allow_of = m.end(), False
                nxt = _WORD.match(win, pos)
                if nxt is not None and (nxt.group("w") or "").lower() in _POSSESSIVES:
                    pos = nxt.end()
                continue
            return _Walk()
        if _is_noun(word, lex):
            return _head_noun(win, m.end(), low, lex)
        if _ends_a_title(word, win, m.end(), lex):
            return _Walk(m.end(), low)  # "six Cabinet Ministers and the ...", "12 NGOs"
        if _is_demonym(word, lex):
            nxt = _WORD.match(win, m.end())
            following = nxt.group("w") if nxt is not None else None
            if (following in ("and", "or") and low.endswith("s") and nxt is not None
                    and (_NEXT_NUMBER.match(win, nxt.end()) or _actor_next(win, nxt.end(), lex))):
                return _Walk(m.end(), low)  # "1.2 million Syrians and 300,000 Iraqis"
            second = _WORD.match(win, nxt.end()) if following in ("and", "or") and nxt else None
            people = second.group("w") if second is not None else None
            if (second is not None and people and low.endswith("s") and people.endswith("s")
                    and _is_demonym(people, lex) and not _noun_next(win, second.end(), lex)):
                return _Walk(second.end(), low)  # "200 Serbs and Croats": the first people
            if not following or not (_is_noun(following, lex) or following[0].isupper()
                                      or following.lower() in ("and", "or")):
                rest = _walk_to_noun(win, m.end(), lex, quantity=False) if following and (
                    following[0].islower() and following.lower() not in _STOPWORDS) else _Walk()
                # "59 Chinese mobile apps": the noun after the people's modifiers, if any
                return rest if rest.end > 0 and not rest.coordinated else _Walk(m.end(), low)
        pos, modifiers, prev_modifier, allow_of = m.end(), modifiers + 1, True, False
    return _Walk()


_AND_NOUN = re.compile(r",?\s{1,3}and\s{1,3}(?P<w>[^\W\d_][\w'’\-]{0,40})(?![\w'’\-])")
_LIST_NOUN = re.compile(r",\s{1,3}(?P<w>[^\W\d_][\w'’\-]{0,40})(?![\w'’\-])(?=,?\s{1,3}and\s)")
"""A noun in a list before its last: ``12 schools, clinics and roads``."""
_OBJECT_AFTER = re.compile(
    r"\s{1,3}(?:(?:the|a|an|its|their|his|her|our|were|was|are|is|have|has|had|will|would"
    r"|could|can|may|must|did|do|does|said|say|says|withdrew|left|fled|came|went)(?![\w’'])"
    r"|[0-9])")
"""What follows a verb's object or a clause's subject, not a noun counted with the first
(``sent 12 ships and warns the ...``, ``300 tanks and troops withdrew``)."""


def _coordinated_end(win: str, end: int, lex: Lexicon, *, in_list: bool = False) -> int:
    """The end of a count whose noun is coordinated with a second one, counted with it.

    ``22 villages and settlements`` and ``96 Vietnamese volunteer soldiers and experts``
    end at the second noun, ``12 schools, clinics(,) and roads`` at the last of the list (the
    unit stays the first, as the conventions say); a noun with a determiner or modifier of
    its own (``20 trucks and a bus``, ``10,000 troops and armoured units``), followed by an
    object or a verb (``12 ships and warns the ...``, ``300 tanks and troops withdrew``) or
    after ``, and`` outside a list (``12 boats, and fishermen ...``) is no part of the
    count, which ends at `end`. `in_list` is True after the first noun of a list.
    """
    listed = _LIST_NOUN.match(win, end)
    if listed is not None and _bare_noun(listed.group("w"), lex):
        end_of_list = _coordinated_end(win, listed.end(), lex, in_list=True)  # "a, b and c"
        return end_of_list if end_of_list > listed.end() else end
    m = _AND_NOUN.match(win, end)
    if m is None or (m.group().startswith(",") and not in_list) or not _bare_noun(
            m.group("w"), lex):
        return end
    head = _head_noun(win, m.end(), m.group("w").lower(), lex)
    return end if _OBJECT_AFTER.match(win, head.end) else head.end


def _bare_noun(word: str, lex: Lexicon) -> bool:
    """A plural noun in lower case with no word of its own before it (``settlements``)."""
    low = word.lower()
    return (word[0].islower() and low not in _STOPWORDS and low not in _NOT_NOUNS
            and _is_noun(word, lex))


def _bare_unit(win: str, bare: _Bare, lex: Lexicon, last_unit: str | None,
               said_unit: str | None) -> str | None:
    """The unit of a count without a noun (``""`` for none), or None when it is no count.

    A number after ``and`` before a participle (``24 citizens killed and 87
    wounded``), before ``of them`` or after ``the remaining`` takes the last count's noun
    (``said_unit``, the previous sentence's, when this one has none). Three more
    kinds: a number elided after a comparison (``2,744 in 2021`` after
    ``11,128 violations``) takes the last count's noun; a number with a scale
    word whose noun was said before (``of whom some 1.2 million are
    employed``), a number ending a clause after ``by`` (``cut its staff
    by 41``) and one dated in a change (``fell from 5,133 in 2020 to 592 in
    2021``) have none. A number with a scale word ending a clause after a count
    (``41 billion cubic metres ... of 74 billion``) takes that count's noun; so does
    one before a verb (``500,000 Nicaraguans live there ... 200,000 have applied``). A
    number of a change after ``the number of X`` counts X (``the number of checkpoints
    from 14 to six``); a scaled number after a verb of amount counts its subject's noun
    (``Visits by tourists, which exceeded 3.4 million``).
    """
    s, e = bare.s, bare.e
    if (last_unit is not None and _AND_BEFORE.search(win, max(0, s - 4), s)
            and _ELIDED_AFTER.match(win, e)):
        return last_unit  # "four soldiers were wounded and two killed"
    said = last_unit or said_unit
    if said is not None and _REMAINING_BEFORE.search(win, max(0, s - 30), s):
        return said  # "nine of them were released ... the remaining eight"
    if _PART_OF_SAID.match(win, e):
        if bare.digits:
            return said or ""
        return said if said is not None and bare.value >= 2 and not bare.vague else None
    amount = _amount_noun(win, bare, lex, last_unit, said_unit)
    if amount is not None:
        return amount
    elided = _elided_noun(win, bare, lex, last_unit, said_unit)
    if elided is not None:
        return elided
    if (bare.digits or bare.scale) and last_unit is not None and (
            _VERB_AFTER.match(win, e) or (_AND_BEFORE.search(win, max(0, s - 4), s)
                                          and _IN_TIME_AFTER.match(win, e))):
        return last_unit  # "500,000 Nicaraguans live there, and 200,000 have applied"
    if not bare.digits:
        return None
    if (last_unit is not None and _BARE_END.match(win, e)
            and _COMPARED_BEFORE.search(win, max(0, s - 20), s)):
        return last_unit
    gapped = _GAPPED_BEFORE.search(win, max(0, s - 60), s) if last_unit is not None else None
    if (gapped is not None and _CLAUSE_END.match(win, e)
            and any(code in lex.index.states for _, _, code
                    in lex.index.actors_by_first.get(gapped.group("actor"), ()))):
        return last_unit  # "India deported 12 fishermen and Sri Lanka 9."
    if bare.scale and last_unit is not None and _CLAUSE_END.match(win, e):
        return last_unit  # "41 billion cubic metres ..., of its capacity of 74 billion."
    if bare.scale and _BARE_AFTER_SCALE.match(win, e):
        return ""
    if _BY_BEFORE.search(win, max(0, s - 4), s) and _CLAUSE_END.match(win, e):
        return None if _after_sum_or_share(win, s) else ""
    if _FROM_TO_BEFORE.search(win, max(0, s - 6), s) and _IN_YEAR_AFTER.match(win, e):
        return None if _after_sum_or_share(win, s) else ""
    return None


_NUMBER_BEFORE = re.compile(r"(?<![\w.,])[0-9][0-9.,]{0,20}(?![0-9])")
_SUM_OR_SHARE_AFTER = re.compile(
    r"\s?(?:%|(?i:per\s?cent|percent|pct|percentage|trillion|billion|million|bn|mn|tn)(?![A-Za-z]))")
_SIGN_BEFORE = re.compile(r"[$€£¥₹₽]\s?\Z|(?<![A-Za-z])[A-Z]{3}\s\Z")


def _after_sum_or_share(win: str, s: int) -> bool:
    """Whether the last number before `s` (years aside) is a sum or a percentage.

    ``rose to 45% in 2021 from 30 in 2019``: the 30 is the other end of a share, and ``from
    30`` after ``$4 billion`` of a sum; a count with no unit would misstate it, so it is none.
    """
    last = None
    for m in _NUMBER_BEFORE.finditer(win, 0, s):
        if not _is_plain_year(m.group()):
            last = m
    if last is None:
        return False
    return (_SUM_OR_SHARE_AFTER.match(win, last.end()) is not None
            or _SIGN_BEFORE.search(win, max(0, last.start() - 5), last.start()) is not None)


_PROPORTION_BEFORE = re.compile(
    r"(?i)(?<![\w’'.,-])(?:one|two|three|[0-9]{1,3})\s(?:in|out\sof)\s(?:every\s)?\Z")
"""A share said as ``one in four`` or ``two out of every five``: the second number counts no
noun (``one in four Tajik households`` is no count of four households)."""
_REMAINING_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:the|its|their|these|those)\s(?:remaining|other|last|outstanding)\s\Z")
"""``the remaining eight``: a number whose noun was said before."""
_VERB_AFTER = re.compile(
    r"\s(?:have|has|had|are|were|was|is|who|will|would|could|can|may|might|remain(?:ed|s)?"
    r"|live[ds]?|come|came|go|went|stay(?:ed)?|work(?:ed)?|[a-z]{3,20}ed)\b")
"""A verb after a number with no noun (``200,000 have applied``, ``20,000 arrived``)."""
_CHANGE_BEFORE = re.compile(r"(?i)(?<![\w’'])(?:from|to|at)\s\Z")
_AMOUNT_VERB = (r"(?:exceed(?:ed|s)?|reach(?:ed|es)?|total(?:l?ed|s)?|top(?:ped|s)|hit"
                r"|number(?:ed|s)|surpass(?:ed|es)|pass(?:ed|es)|(?:stood|stands)\sat"
                r"|(?:rose|fell|grew|climbed|dropped|increased|decreased|declined)\sto"
                r"|(?P<tally>count(?:ed|s)?))")
_AMOUNT_BEFORE = re.compile(
    rf"(?i)(?<![\w’'])(?P<verb>{_AMOUNT_VERB})(?:\s(?:more\sthan|almost|nearly|about|around|some"
    r"|over|roughly|well\sover|(?:fewer|less)\sthan|under|just|only|barely))?\s\Z")
"""A verb of amount or of counting before a number (``which exceeded 3.4 million``, ``rose to
nearly``, ``now count fewer than``)."""
_NUMBER_OF = re.compile(r"(?i)(?<![\w’'])number\sof(?=\s)")
_RELATIVE_END = re.compile(r"(?i),?\s{1,3}(?:which|that|who)\s{1,3}\Z|\s{1,3}\Z")
_CLAUSE_MARK = re.compile(r"[,;:(—–]")


def _amount_noun(win: str, bare: _Bare, lex: Lexicon, last_unit: str | None,
                 said_unit: str | None) -> str | None:
    """The noun a number of amount counts, said before it (None when there is none).

    After ``from``, ``to``, ``at`` or a verb of amount, the noun of ``the number of X``
    earlier in the window (``the number of checkpoints ... from 14 to six``); a number in
    digits ending its clause after a verb of amount or counting, the noun of the last count
    of the window (`last_unit`) or else of the sentence before (`said_unit`: ``About 1,500
    vehicles a day crossed ...; border guards now count fewer than 200``); a scaled number
    after a verb of amount, the first plural noun of the clause before the verb (``Visits by
    Russian tourists, which exceeded 3.4 million``).
    """
    lo = max(0, bare.s - 40)
    verb = _AMOUNT_BEFORE.search(win, lo, bare.s)
    if verb is None and _CHANGE_BEFORE.search(win, lo, bare.s) is None:
        return None
    said = [m for m in _NUMBER_OF.finditer(win, 0, bare.s)]
    if said:
        walk = _walk_to_noun(win, said[-1].end(), lex, quantity=False)
        if 0 < walk.end <= bare.s and not walk.partitive:
            return walk.noun
    said_noun = last_unit or said_unit
    if (verb is not None and bare.digits and said_noun and not bare.scale
            and _RATE_END.match(win, bare.e)):
        return said_noun  # "1,500 vehicles a day crossed ...; guards now count fewer than 200"
    if verb is None or not bare.scale or verb.group("tally"):
        return None  # "guards count 1.2 million": the subject counts, it is not counted
    head = win[:verb.start()]
    rel = _RELATIVE_END.search(head)
    head = head[:rel.start()] if rel is not None else head
    cut = max((m.end() for m in _CLAUSE_MARK.finditer(head)), default=0)
    for k, w in enumerate(_LETTERS.finditer(head, cut)):
        word = w.group()
        if k == 0 and cut == 0:
            word = word.lower()  # the clause's first word, capitalised as the sentence opens
        if word.lower() not in _STOPWORDS and _is_noun(word, lex):
            return word.lower()
    return None


_MEASURES = {"kilometre": "kilometres", "kilometer": "kilometers", "km": "km", "mile": "miles",
             "metre": "metres", "meter": "meters", "tonne": "tonnes", "ton": "tons",
             "hectare": "hectares", "acre": "acres", "megawatt": "megawatts",
             "gigawatt": "gigawatts", "barrel": "barrels"}
_ONE_MEASURE = re.compile(
    rf"\s(?:(?i:square|cubic)\s)?(?P<u>(?i:{'|'.join(_MEASURES)}))(?![\w’'-])")
"""A measure after ``one`` (``one kilometre``, ``one cubic metre``): its unit in the plural."""
_LABEL_BEFORE = re.compile(
    r"(?<![\w’'])(?:Article|Section|Chapter|Paragraph|Resolution|Rule|Annex|Clause|Item|Protocol"
    r"|Point|Route|Highway|Road|Phase|Block|Gate|Camp|Sector|Flight|Pillar|Marker|Post|Line"
    r"|Terminal|Berth|Unit|Level|Stage|Round|Page|Table|Figure|Box|Decree|Law|Act|Bill"
    r"|Directive|Regulation|Order|Zone|Kilometre|Km|Mile|No\.?)\s\Z")
"""A label before a number (``Resolution 1701 calls``, ``Article 4 of the``, ``Route 66
crossings``): a name, no count."""


def _state_adjective_next(win: str, pos: int, lex: Lexicon) -> bool:
    """Whether a state's adjective and a noun follow (``the two Iranian freighters``)."""
    m = _WORD.match(win, pos)
    word = m.group("w") if m is not None else None
    if m is None or not word or not word[0].isupper() or not any(
            len(toks) == 1 and code in lex.index.states
            for toks, _, code in lex.index.actors_by_first.get(word, ())):
        return False
    nxt = _WORD.match(win, m.end())
    noun = nxt.group("w") if nxt is not None else None
    return bool(noun) and noun is not None and _is_noun(noun, lex)


def _silent_after_determiner(win: str, s: int, e: int, raw: str, value: float,
                             lex: Lexicon) -> bool:
    """Whether a spelled number after ``the``, ``its``, ``all`` ... is no count.

    ``the two sides`` and ``its two neighbours`` name the pair or its like; ``the three
    cross-border passenger trains``, ``all eight road crossings``, ``the twenty-five years``,
    ``its two remaining road crossings`` and ``the two Iranian freighters`` are counts.
    """
    return (_DETERMINER_BEFORE.search(win, max(0, s - 12), s) is not None
            and value < 3 and "-" not in raw and not _REMAINING.match(win, e)
            and not _state_adjective_next(win, e, lex))


def _flush(out: list[Match], pending: list[tuple[int, int, float, bool]], unit: str | None,
           win: str, lex: Lexicon, mask: Mask, scaled: tuple[float, float] | None = None) -> None:
    """Give the numbers waiting for a noun (``3,000 to 4,000 soldiers``) that noun; empty them.

    `scaled` is the multiplier of the scale word of the count that gives the noun and its
    value (``3 million`` of ``2 to 3 million people``): a waiting number with no scale word of
    its own takes it when it stays below that value (``2`` -> 2,000,000), else it is no count
    (``1,900 and 3 million``: its scale unsaid).
    """
    for ps, pe, pv, own_scale in pending:
        if scaled is not None and not own_scale:
            pv *= scaled[0]
            if not pv < scaled[1]:
                continue
        if mask.free(ps, pe):
            mask.claim(ps, pe)
            out.append(Match(ps, pe, "count", pv, unit, qualifier=qualifier(win, ps, lex)))
    pending.clear()


def counts(win: str, lex: Lexicon, mask: Mask, *, spelled: bool,
           said_unit: str | None = None) -> list[Match]:
    """Counts: a number, up to four modifiers, and a plural noun or count unit.

    ``10,000 Chinese and Russian troops``, ``at least 78 military (and
    paramilitary) exercises``, ``a dozen patrol boats``, ``a half-dozen of
    his closest aides``, ``500 weapons sites`` (a compound: the unit is its head). A
    number whose noun is shared with the next count (``1,900 US and 700 Indonesian
    personnel``), elided after a comparison (``11,128 violations in 2022, compared with
    2,744 in 2021``) or taken from a whole (``nine of the farmers``) is the number alone,
    with that noun as its unit. `said_unit` is the noun of the previous sentence's last
    count, for ``nine of them`` and ``the remaining eight`` in a sentence that has none.
    """
    out: list[Match] = []
    pending: list[tuple[int, int, float, bool]] = []  # numbers waiting for the next count's noun
    last_unit: str | None = None
    for m in _patterns_for(spelled).count.finditer(win):
        s, num_end = m.start(), m.end()
        raw = m.group("num")
        if _is_plain_year(raw) or not mask.free(s, num_end):
            pending.clear()  # a number waits for the very next one's noun
            continue
        digits = raw[:1].isdigit()
        if digits and _LABEL_BEFORE.search(win, max(0, s - 12), s):
            continue  # "Resolution 1701 calls for": a name, not a count
        if _PROPORTION_BEFORE.search(win, max(0, s - 20), s):
            pending.clear()
            continue  # "one in four households": a share, not four households
        parsed = number_value(raw)
        if parsed is None:
            continue
        value, vague = parsed
        scale = m.group("scale")
        mult = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                "mn": 10**6, "m": 10**6, "bn": 10**9, "tn": 10**12, "lakh": 10**5,
                "crore": 10**7}[scale.strip().lower()] if scale else 1
        value *= mult
        scaled = (float(mult), _plain_float(value)) if scale else None
        if not digits and _silent_after_determiner(win, s, num_end, raw, float(value), lex):
            continue  # "the two sides"; not "the twenty-five years", "its two remaining"
        quantity = not digits and any(w in raw.lower() for w in ("dozen", "hundreds", "thousands"))
        walk = _walk_to_noun(win, num_end, lex, quantity=quantity)
        one = _ONE_MEASURE.match(win, num_end) if value == 1 and not scale else None
        if one is not None:  # "one kilometre": a measure in the singular
            walk = _Walk(one.end(), _MEASURES[one.group("u").lower()])
        qual = qualifier(win, s, lex) or ("at least" if vague else None)
        if walk.coordinated:
            pending.append((s, num_end, _plain_float(value), bool(scale)))
            continue
        if walk.partitive and (value < 2 or vague):
            walk = _Walk()
        if scale == "m" and walk.end < 0:
            pending.clear()
            continue  # "within 300m of": metres, unless a noun follows ("1.2m tonnes")
        if walk.end < 0:
            bare = _Bare(s, num_end, digits, bool(scale), _plain_float(value), vague)
            unit = walk.noun if walk.partitive else _bare_unit(win, bare, lex, last_unit,
                                                               said_unit)
            if unit is not None:
                _flush(out, pending, unit or None, win, lex, mask, scaled)
                mask.claim(s, num_end)
                last_unit = unit or last_unit
                out.append(Match(s, num_end, "count", _plain_float(value), unit or None,
                                 qualifier=qual))
            pending.clear()
            continue
        end = _coordinated_end(win, walk.end, lex)
        if not mask.free(s, end):
            continue
        _flush(out, pending, walk.noun, win, lex, mask, scaled)
        mask.claim(s, end)
        last_unit = walk.noun
        out.append(Match(s, end, "count", _plain_float(value), walk.noun, qualifier=qual))
    return out

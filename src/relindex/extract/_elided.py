"""Counts whose noun was said before them: totals, changes, parts, gaps, casualties.

The conventions (``tests/extract_passages/README.md``): when the noun is elided, the span is
the number alone and the unit the noun said for it. `relindex.extract.counts` reads a number
with no noun after it and asks `elided_noun` whether one of these constructions gives it one:
a total or figure (``bringing the total there to about 17,000``), the other end or the size
of a change (``fewer than 30 trains a week from roughly 100``, ``an increase of 300``), a
gapped count (``400 troops in March and another 300 in May``, ``Azerbaijan returned two``), a
part (``including 300 from Kenya``, ``Of the 14 agreements signed, nine ...``), a subject that
opens its sentence (``Six were killed``), ``four more``, casualties (``left 14 dead``), a
number after a participle of harm or arrest (``killing one``) or attributed (``, about 300
according to ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._nouns import LETTERS, NOT_NOUNS, STOPWORDS, is_noun
from .dates import MONTHS
from .lexicon import Lexicon

__all__ = ["RATE_END", "Bare", "elided_noun"]


@dataclass(frozen=True, slots=True)
class Bare:
    """A number with no noun after it: its place, whether digits, a scale word, its value."""

    s: int
    e: int
    digits: bool
    scale: bool
    value: float
    vague: bool


RATE_END = re.compile(r"(?:\s(?:a|per|each|every)\s(?:day|week|month|year)|\s(?:daily|weekly"
                       r"|monthly|annually|a\syear))?\s?(?:[,.;:)]|\Z)")
"""A clause's end, after a rate of time (``fewer than 200 a day.``)."""
_QUAL = (r"(?:(?:about|around|some|roughly|nearly|almost|approximately|over|more\sthan"
         r"|fewer\sthan|less\sthan|at\sleast|just|only|an\sestimated|close\sto|up\sto"
         r"|well\sover|a\sfurther|another|barely|as\smany\sas)\s)?")
_TOTAL_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:(?:the|its|their|a|this\syear[’']s|[A-Z][\w-]{1,30}[’']s)"
    r"\s(?:(?:overall|official|death|running|new)\s)?(?:total|tally|toll|number|count|figure)"
    r"(?:\s(?:there|so\sfar|now|overall|in\sall|of\sthe\sdead))?\s(?:to|at|is|was|stands\sat"
    r"|stood\sat)"
    rf"|a\stotal\sof|in\sall|altogether)\s{_QUAL}\Z")
"""A total said without its noun (``bringing the total there to about 17,000``, ``the toll
at 45``, ``a total of 900``, ``this year the figure is 300``)."""
_TIME_AFTER = re.compile(
    rf"\s(?:in|by|during)\s(?:(?:19|20)[0-9]{{2}}|(?:{MONTHS}))(?![\w’'-])"
    r"|\s(?:the\s(?:year|month|week)\s(?:before|earlier)|a\s(?:year|month|week)\s(?:earlier"
    r"|before|ago)|last\s(?:year|month|week)|this\s(?:year|month)|(?:the\s)?previous\s(?:year"
    r"|month))(?![\w’'-])")
"""A time after a number (``in 2022``, ``in June``, ``a year earlier``, ``last year``)."""
_CLAUSE_END = re.compile(r"\s?[,.;:)]|\Z|\s(?:—|–)")
_AND_GAP_BEFORE = re.compile(rf"(?i)(?:(?<![\w’'])and\s|,\s(?:and\s)?|\(){_QUAL}\Z")
"""``and``, a comma or a bracket before a number whose noun is the last count's (``400 troops
in March and another 300 in May``, ``12 incidents in 2022, 19 in 2023``, ``(800 last
year)``)."""
_OTHER_END_BEFORE = re.compile(
    rf"(?i)(?<![\w’'])(?:from|now|today|currently|(?:increase|rise|drop|fall|decrease|decline"
    rf"|jump|reduction|cut|gain|total)\sof|including)\s{_QUAL}\Z")
"""A number whose noun is the last count's in its clause: the other end of a change (``fewer
than 30 trains a week from roughly 100``, ``now barely 300 a day``), its size (``an increase
of 300``) or a part (``including 300 from Kenya``)."""
_TO_BEFORE = re.compile(rf"(?i)(?<![\w’'])to\s{_QUAL}\Z")
_FROM_EARLIER = re.compile(r"(?i)(?<![\w’'])from\s")
_PART_AFTER = re.compile(r"\s(?:from|in|at|on|with)\s")
_OF_THE_OPENING = re.compile(
    rf"(?i)\s{{0,3}}(?:of|among)\s(?:the|these|those|its|their)\s[^,;:]{{1,80}},\s{_QUAL}")
"""A sentence opened by the whole a number is taken from (``Of the 14 agreements signed,
nine ...``)."""
_MORE_AFTER = re.compile(r"\s(?:more|others|other\sones)(?![\w’'-])")
"""``four more``, ``two others``: the noun said before (``Ten soldiers died; four more are
missing``)."""
_LEFT_AFTER = re.compile(r"\s(?:dead|killed|wounded|injured|hurt|missing|homeless)(?![\w’'-])")
_LEFT_BEFORE = re.compile(rf"(?i)(?<![\w’'])(?:left|leaving|leaves)\s{_QUAL}\Z")
"""``left 14 dead``: a count of the noun said before, else of none."""
_LEFT_EARLIER = re.compile(r"(?i)(?<![\w’'])(?:left|leaving|leaves)\s")
_VERB_BEFORE = re.compile(
    r"(?i)(?<![\w’'-])(?P<v>killed|wounded|injured|displaced|detained|arrested|deported"
    r"|expelled|evacuated|rescued|released|freed|repatriated|captured|returned|sent|deployed"
    r"|seized|admitted|resettled|hosted|received|lost|built|opened|closed|signed|added"
    rf"|(?<!\w)[a-z]{{3,20}}ed)\s{_QUAL}\Z")
"""A verb in the past before a number ending its clause (``Azerbaijan returned two``)."""
_HARM = frozenset({"killed", "wounded", "injured", "displaced", "detained", "arrested",
                   "deported", "expelled", "evacuated", "rescued", "captured"})
"""Verbs whose object, said or not, is people: a number after them ending its clause is a
count even with no noun said (``Fighting displaced an estimated 60,000.``)."""
_SUBJECT_START = re.compile(
    rf"(?i)\s{{0,3}}(?:(?:of|among)\s(?:those|them|these|the\s[a-z]{{2,20}}),?\s)?{_QUAL}")
_SUBJECT_VERB = re.compile(
    r"\s(?:were|was|are|is|have|has|had|remain(?:ed|s)?|died|survived|returned|fled|escaped)"
    r"(?![\w’'-])")
"""A number opening its sentence as the subject of a verb (``Six were killed``, ``Of those,
nine were charged``): it counts the noun of the sentence before."""
_PARTICIPLE_BEFORE = re.compile(
    r"(?i)(?<![\w’'])(?:killing|wounding|injuring|arresting|detaining|capturing|drowning"
    rf"|abducting|kidnapping)\s{_QUAL}\Z")
"""A participle of harm or arrest before a number (``fired on the fishermen, killing one``)."""
_AFTER_PARTICIPLE = re.compile(
    r"\s?[,.;:)]|\Z|\s(?:and|in|on|at|near|during|according)\b|\s(?:[a-z]{2,20}ing)\b")
_ATTRIBUTED_AFTER = re.compile(
    r",?\s(?:according\sto|by\s(?:one|some|its|their|his|her|official|police|local)\s"
    r"(?:[a-z]{2,20}\s)?(?:count|estimate|tally|figure)s?\b)")
"""An attribution after a number whose noun was said before it (``expelled Rwandan traders,
about 300 according to their associations``)."""
_APPOSITION_BEFORE = re.compile(rf"(?:,|—|–|\()\s?{_QUAL}\Z")
_CLAUSE_VERB = re.compile(
    r"(?<![\w’'-])(?:[a-z]{2,20}(?<!hundr)(?<!ne)(?<!spe)(?<!inde)ed|shot|struck|hit|sent|held"
    r"|took|caught|fought|drove|threw|left|sold|kept|gave|brought|met|ran|beat|put|set|fled)"
    r"(?![\w’'-])")
"""A verb in the past (``expelled``, ``fired``, ``shot``): the start of its objects."""


def _object_noun(win: str, end: int, lex: Lexicon) -> str | None:
    """The first plural noun after the first verb of the sentence before `end`, or None.

    ``Burundi expelled Rwandan traders working in the markets, about 300 ...`` -> traders;
    ``soldiers fired on a group of fishermen ..., killing one`` -> fishermen.
    """
    verb = _CLAUSE_VERB.search(win, 0, end)
    if verb is None:
        return None
    for w in LETTERS.finditer(win, verb.end(), end):
        word = w.group()
        if word.lower() not in STOPWORDS and word.lower() not in NOT_NOUNS and word[
                0].islower() and is_noun(word, lex):
            return word.lower()
    return None


def elided_noun(win: str, bare: Bare, lex: Lexicon, last_unit: str | None,
                said_unit: str | None) -> str | None:
    """The noun of a count left out after it was said, or None when none of these holds.

    Parameters
    ----------
    win : str
        The sentence.
    bare : Bare
        The number, with no noun after it.
    lex : Lexicon
        For the nouns (count units).
    last_unit, said_unit : str or None
        The noun of the last count before the number in its sentence, and of the sentence
        before.

    Returns
    -------
    str or None
        The unit; ``""`` for a count whose noun was not said; None when the number is not a
        count of any of these kinds.

    Notes
    -----
    A total or figure (``bringing the total there to about 17,000``), a number opening its
    sentence before a verb (``Six were killed``, ``Of those, nine were charged``) and ``four
    more`` take the noun of the last count, in the sentence or the one before; the other end
    or size of a change (``from roughly 100``, ``an increase of 300``), a gapped count before
    a time (``and another 300 in May``), a part (``including 300 from Kenya``, ``Of the 14
    agreements signed, nine``) and a number ending its clause after a verb in the past
    (``Azerbaijan returned two``) the noun of the last count of the sentence. Casualties
    (``left 14 dead``), a number after a participle of harm or arrest (``killing one``) or
    attributed (``..., about 300 according to traders``) take the last count's noun of the
    sentence, else (for the last two) the first plural noun after the sentence's first verb
    (``expelled Rwandan nationals ...``), else none; so does a number ending its clause after
    a verb of harm (``displaced an estimated 60,000``). Years never reach here; a vague number
    is none of these but a total, ``four more`` or a participle's.
    """
    s, e = bare.s, bare.e
    lo = max(0, s - 60)
    said = last_unit or said_unit
    if said and _TOTAL_BEFORE.search(win, lo, s) and RATE_END.match(win, e):
        return said
    some = not bare.vague and (bare.digits or bare.value >= 2)
    ends = RATE_END.match(win, e) or _TIME_AFTER.match(win, e)
    if last_unit and some and (ends or _PART_AFTER.match(win, e)) and (
            _OTHER_END_BEFORE.search(win, lo, s) or (_AND_GAP_BEFORE.search(win, lo, s)
                                                     and _TIME_AFTER.match(win, e))
            or (ends and _TO_BEFORE.search(win, lo, s) and _FROM_EARLIER.search(win, lo, s))):
        return last_unit  # "30 trains a week from roughly 100", "... and another 300 in May"
    if (said and some and _SUBJECT_START.fullmatch(win, 0, s)
            and _SUBJECT_VERB.match(win, e)):
        return said  # "Police arrested 14 protesters. Nine were later released."
    if last_unit and some and _OF_THE_OPENING.fullmatch(win, 0, s):
        return last_unit  # "Of the 14 agreements signed, nine concern trade."
    if said and not bare.vague and _MORE_AFTER.match(win, e):
        return said  # "Ten soldiers died; four more are missing."
    if _LEFT_AFTER.match(win, e) and (_LEFT_BEFORE.search(win, lo, s) or (
            _AND_GAP_BEFORE.search(win, lo, s) and _LEFT_EARLIER.search(win, lo, s))):
        return last_unit or ""  # "The clashes left 14 dead and 30 injured."
    verb = _VERB_BEFORE.search(win, lo, s)
    if verb is not None and some and _CLAUSE_END.match(win, e):
        if last_unit:
            return last_unit  # "Armenia returned 32 prisoners; Azerbaijan returned two."
        if verb.group("v").lower() in _HARM:
            return ""  # "Fighting displaced an estimated 60,000, the UN said."
    participle = _PARTICIPLE_BEFORE.search(win, lo, s)
    if participle is not None and _AFTER_PARTICIPLE.match(win, e):
        return last_unit or _object_noun(win, participle.start(), lex) or ""
    if _ATTRIBUTED_AFTER.match(win, e) and _APPOSITION_BEFORE.search(win, lo, s) and some:
        return last_unit or _object_noun(win, s, lex) or ""
    return None

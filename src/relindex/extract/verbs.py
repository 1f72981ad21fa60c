"""The verb of a clause, lemmatised and classed through the CAMEO verb dictionary.

A clause that no phrase of the lexicon matches may still state an act in a verb
the lexicon does not list ("castigated", "confiscated", "annexed", "airlifted"),
or in an inflection it does not spell out. `VerbClassifier` finds the clause's
finite verb, reduces it to its lemma with `lemma` (a small rule-based
lemmatiser: irregular forms from a table, then ``-ies``/``-ied``/``-ing``/``-ed``/
``-es``/``-s`` stripped and checked against the dictionary's lemmas), and looks
it up, with its particle (``call off``) and the head of its object (``cut :
diplomatic ties``), in the verb synonym sets per CAMEO code of
``relindex/data/cameo_verbs.toml``: reduced from the CAMEO verb dictionary of
PETRARCH2 (``CAMEO.2.0.txt``, MIT licence, Open Event Data Alliance) by
``scripts/reduce_cameo_verbs.py``. The CAMEO code gives the PLOVER category
(`relindex.extract.countries.plover_category`; CONCEDE, 080 to 083, is read as
RETREAT, the project's convention for acts between states), and the event type
of the lexicon with that category and the nearest CAMEO code is the event.

Examples
--------
>>> lemma("castigated"), lemma("occupies"), lemma("overran"), lemma("seized")
('castigate', 'occupy', 'overrun', 'seize')
>>> verb_dictionary().code("confiscate")
'1711'
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .._package_data import package_text
from .candidate import Polarity
from .countries import plover_category
from .event_type import EventType

__all__ = ["VerbClassifier", "VerbDictionary", "lemma", "verb_classifier", "verb_dictionary"]

IRREGULAR: dict[str, str] = {
    "met": "meet", "held": "hold", "fought": "fight", "took": "take", "taken": "take",
    "struck": "strike", "shot": "shoot", "sent": "send", "made": "make", "gave": "give",
    "given": "give", "froze": "freeze", "frozen": "freeze", "broke": "break",
    "broken": "break", "withdrew": "withdraw", "withdrawn": "withdraw", "drew": "draw",
    "drawn": "draw", "threw": "throw", "thrown": "throw", "sold": "sell", "bought": "buy",
    "led": "lead", "won": "win", "lost": "lose", "paid": "pay", "began": "begin",
    "begun": "begin", "overran": "overrun", "brought": "bring", "told": "tell",
    "sought": "seek", "kept": "keep", "spoke": "speak", "spoken": "speak", "rose": "rise",
    "fell": "fall", "tore": "tear", "torn": "tear", "wrote": "write", "written": "write",
    "upheld": "uphold", "withheld": "withhold", "undertook": "undertake", "bore": "bear",
    "beat": "beat", "beaten": "beat", "built": "build", "sank": "sink", "sunk": "sink",
    "drove": "drive", "driven": "drive", "stood": "stand", "went": "go", "gone": "go",
    "came": "come", "forgave": "forgive", "forgiven": "forgive", "hit": "hit",
    "cut": "cut", "put": "put", "set": "set", "shut": "shut", "let": "let", "bid": "bid",
    "swore": "swear", "sworn": "swear", "fled": "flee", "lent": "lend", "dealt": "deal",
    "blew": "blow", "blown": "blow", "chose": "choose", "chosen": "choose",
    "forbade": "forbid", "forbidden": "forbid", "overthrew": "overthrow",
    "overthrown": "overthrow", "stole": "steal", "stolen": "steal", "seen": "see",
    "saw": "see", "said": "say", "flew": "fly", "flown": "fly", "shook": "shake",
}
"""Irregular forms of common verbs (the dictionary adds the forms it lists itself)."""

_KEEP_E = ("v", "z", "u", "c", "iz", "is", "as", "os", "us", "rs", "ns", "ps", "rg", "dg",
           "ng", "at", "ut", "ot", "it", "id", "ad", "ud", "od", "ar", "ur", "ir", "ag",
           "ok", "ik", "ak", "ib", "ab", "ob", "ul", "il", "ol", "am", "om", "um", "im", "in",
           "un", "ap", "ip", "op", "yp", "dl", "tl", "bl", "pl", "gl", "kl", "fl", "rc")
"""Stem endings after which a stripped ``-ed``/``-ing`` took an ``e`` (``seiz-ed``:
``seize``), when no dictionary lemma decides."""
_NO_E_LONG = ("ain", "ein", "oin", "eat", "oat", "ait", "uit", "eet", "oot", "ead", "oad",
              "aid", "eid", "oid", "ail", "eil", "oil", "eal", "eem", "oom", "aim", "eap",
              "oop", "isit", "imit", "ibit", "edit", "emit", "osit", "erit", "ckon", "pon",
              "arm", "orm", "urn", "ern", "arn", "orn", "ark", "ork", "ask", "isk", "tion",
              "sion", "bit", "ert", "ect", "ict", "uct", "act", "ort", "est", "ist", "ust",
              "ant", "ent", "int", "ont", "unt", "ard", "ord", "end", "and", "ond", "und",
              "ild", "eld", "old", "alk", "ilk", "ulk", "amp", "ump", "emp", "imp")
"""Stem endings (two consonants, or a vowel pair) that take no ``e``: ``attack``,
``detain``, ``protest``, ``visit``."""
_DOUBLE = frozenset("bdgmnprt")
"""Consonants doubled before ``-ed``/``-ing`` (``banned``, ``stopped``), not ``l``, ``s``."""


def _strip_e(stem: str) -> str:
    """The lemma of a stem left by stripping ``-ed`` or ``-ing``, by spelling alone."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] in _DOUBLE:
        return stem[:-1]  # "banned", "stopping"
    if stem.endswith(_NO_E_LONG) or len(stem) <= 2:
        return stem
    return stem + "e" if stem.endswith(_KEEP_E) and stem[-1] not in "aeiouy" else stem


def _candidates(w: str) -> list[str]:
    """Possible lemmas of a word, the likeliest by spelling first."""
    if w.endswith("ied") or w.endswith("ies"):
        return [w[:-3] + "y", w[:-1], w[:-2]]
    if w.endswith("ing") and len(w) > 5:
        s = w[:-3]
        return list(dict.fromkeys([_strip_e(s), s, s + "e", s[:-1]]))
    if w.endswith("ed") and len(w) >= 4:
        s = w[:-2]
        return list(dict.fromkeys([_strip_e(s), s, s + "e", s[:-1]]))
    if w.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return [w[:-2], w[:-1]]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return [w[:-1]]
    return [w]


def lemma(word: str, known: frozenset[str] | None = None) -> str:
    """The lemma of an English verb form, by rule.

    Parameters
    ----------
    word : str
        A verb form (``"castigated"``, ``"occupies"``, ``"overran"``).
    known : frozenset of str, optional
        Lemmas to prefer when the spelling allows several (``"closed"``:
        ``close`` rather than ``clos``). Default: the CAMEO verb dictionary's.

    Returns
    -------
    str
        The lemma; the word itself, lower-cased, when no rule applies.
    """
    w = word.lower()
    d = verb_dictionary()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w in d.forms:
        return d.forms[w]
    known = d.lemmas if known is None else known
    options = _candidates(w)
    return next((c for c in options if c in known), options[0])


@dataclass(frozen=True, eq=False)
class VerbDictionary:
    """Verb synonym sets per CAMEO code, with verb-object patterns and irregular forms.

    Parameters
    ----------
    verbs : dict of str to str
        Lemma (a particle after a space: ``"call off"``) to its CAMEO code.
    objects : dict of (str, str) to str
        ``(lemma, object head)`` to the CAMEO code the pair takes (``("cut",
        "diplomatic ties")``: ``"161"``).
    forms : dict of str to str
        Irregular forms listed by the dictionary, to their lemma.
    """

    verbs: dict[str, str]
    objects: dict[tuple[str, str], str]
    forms: dict[str, str]

    @property
    def lemmas(self) -> frozenset[str]:
        """Every lemma the dictionary codes, alone or with an object."""
        return _lemmas(self)

    def code(self, verb: str, obj: Sequence[str] = ()) -> str | None:
        """The CAMEO code of a lemma, with the words of its object when a pattern names them."""
        for k in range(len(obj)):
            for n in (3, 2, 1):
                head = " ".join(obj[k:k + n])
                hit = self.objects.get((verb, head)) or (
                    self.objects.get((verb, head[:-1])) if head.endswith("s") else None)
                if hit is not None:
                    return hit
        return self.verbs.get(verb)


@cache
def _lemmas(d: VerbDictionary) -> frozenset[str]:
    return frozenset(v.split()[0] for v in d.verbs) | frozenset(
        v.split()[0] for v, _ in d.objects)


@cache
def verb_dictionary() -> VerbDictionary:
    """The shipped verb dictionary (``relindex/data/cameo_verbs.toml``), read once."""
    raw = package_text("cameo_verbs.toml")
    data = tomllib.loads(raw)
    verbs = {v: code for code, vs in data["verbs"].items() for v in vs}
    objects: dict[tuple[str, str], str] = {}
    for code, pats in data["objects"].items():
        for p in pats:
            verb, _, head = p.partition(" : ")
            objects.setdefault((verb, head), code)
    return VerbDictionary(verbs, objects, dict(data["forms"]))



Trigger = tuple[int, int, EventType]
"""A trigger in a window: its words ``[start, end)`` (token indices) and event type."""

_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"})
_OBJECT_REACH = 5
"""Words after the verb read for the head of its object (``cut * diplomatic ties``)."""
_NOT_VERBS = frozenset({"fire", "ban", "block", "curb", "bar", "fine", "attack", "bomb",
                        "clash", "blast", "embargo", "protest", "release", "support", "aid",
                        "boycott", "veto", "visit", "patrol", "loan", "supply", "fund",
                        "levy", "crackdown", "duel", "blitz", "foray", "hit"})
"""Lemmas that are nouns too: in the base form they are verbs only after a modal,
auxiliary or ``to`` (``will visit``), not after an adjective or noun (``a border clash``)."""
_ENTERING = frozenset({"cross", "enter", "violate", "intrude", "stray", "penetrate"})
"""Verbs of entering: into waters or airspace a show of force (150), into territory an
occupation (192), per the conventions of the annotated passages (incursions)."""
_SEA_AIR = frozenset({"waters", "airspace", "sea", "zone"})
_LAND = frozenset({"territory", "soil"})
_AGREEING = frozenset({"agreed", "agree", "agrees", "undertook", "undertake", "undertakes"})
"""Verbs whose infinitive is the act agreed (``agreed to release``, ``undertook to waive``)."""
_AUX = frozenset({"will", "would", "shall", "may", "might", "could", "can", "to", "did",
                  "does", "do", "not", "never", "also", "jointly", "again", "formally"})


def _polarity(plover: str) -> Polarity:
    return "cooperation" if plover in _COOPERATIVE else "friction"


class VerbClassifier:
    """The act of a clause from its verb, classed by the CAMEO verb dictionary.

    Parameters
    ----------
    events : sequence of EventType
        The lexicon's event types; a CAMEO code is given the one of its PLOVER
        category whose code shares the longest prefix with it (else a type of
        its own, ``cameo_NNN``).
    dictionary : VerbDictionary, optional
        Default: the shipped one (`verb_dictionary`).
    """

    def __init__(self, events: Sequence[EventType],
                 dictionary: VerbDictionary | None = None) -> None:
        self.dictionary = dictionary if dictionary is not None else verb_dictionary()
        self._events = tuple(e for e in events if e.plover is not None and e.cameo)
        self._types: dict[str, EventType] = {}

    def event_type(self, code: str) -> EventType | None:
        """The event type of a CAMEO code, or None when the code has no PLOVER category."""
        hit = self._types.get(code)
        if hit is not None:
            return hit
        plover = plover_category(code)
        if plover is None:
            return None
        plover = "RETREAT" if plover == "CONCEDE" else plover  # acts between states
        same = [e for e in self._events if e.plover == plover]

        def shared(e: EventType) -> int:
            cameo = e.cameo or ""
            return next((k for k in range(min(len(cameo), len(code)))
                         if cameo[k] != code[k]), min(len(cameo), len(code)))

        def nearest(e: EventType) -> tuple[int, bool, int]:  # 033: 030 before 036
            cameo = e.cameo or ""
            general = len(cameo) == 3 and cameo.endswith("0")
            return shared(e), general, -abs(int(cameo[:3].ljust(3, "0")) - int(code[:3]))

        best = max(same, key=nearest, default=None)
        ev = best if best is not None else EventType(
            id=f"cameo_{code}", name=f"CAMEO {code} ({plover.lower()})",
            polarity=_polarity(plover), triggers=(), cameo=code, plover=plover,
            description="An act classed by its verb through the CAMEO verb dictionary.")
        self._types[code] = ev
        return ev

    def pledged(self, trig: Trigger, forecast: bool) -> tuple[Trigger, bool]:
        """A dictionary act and its forecast, read as a pledge when it is aid to come.

        ``will supply 20 ambulances``: a pledge (AGREE, 033), the pledge the act, per
        the conventions of the annotated passages; any other act is returned as it is.
        """
        pledge = self.event_type("033")
        if forecast and trig[2].plover in ("AID", "COOPERATE") and pledge is not None:
            return (trig[0], trig[1], pledge), False
        return trig, forecast

    def agreed(self, low: Sequence[str], trig: Trigger, end: int) -> Trigger | None:
        """The act after ``agreed to``, when the dictionary classes its verb and no phrase did.

        ``agreed in April to release 500 cubic metres``: RETREAT, the category of the act
        agreed; an intent, a meeting or aid stays the agreement (AGREE).
        """
        a, b, _ = trig
        if low[a] not in _AGREEING or low[b - 1] != "to" or b >= end:
            return None
        hit = self.classify(low, b, end)
        ev = self.event_type(hit[1]) if hit is not None else None
        if hit is None or ev is None or ev.plover in ("AGREE", "CONSULT", "AID") or (
                hit[1][:3] in ("060", "061")):  # "agreed to provide weapons": a pledge
            return None
        return b, hit[0], ev

    def classify(self, low: Sequence[str], i: int, end: int) -> tuple[int, str] | None:
        """The end of the verb at `i` (after its particle) and its CAMEO code, if listed."""
        d = self.dictionary
        lem = lemma(low[i])
        if lem in _ENTERING:  # "crossed into Finnish waters": a show of force, per convention
            into = set(low[i + 1:min(end, i + 1 + _OBJECT_REACH + 2)])
            return (i + 1, "150") if into & _SEA_AIR else (
                (i + 1, "192") if into & _LAND else None)
        if lem not in d.lemmas:
            return None
        if i + 1 < end and f"{lem} {low[i + 1]}" in d.verbs:
            return i + 2, d.verbs[f"{lem} {low[i + 1]}"]
        code = d.code(lem, low[i + 1:min(end, i + 1 + _OBJECT_REACH)])
        if code is None or (lem in _NOT_VERBS and low[i] == lem and (
                i == 0 or low[i - 1] not in _AUX)):
            return None
        return i + 1, code

    def triggers(self, low: Sequence[str], clause: tuple[int, int],
                 finite: Sequence[bool]) -> list[Trigger]:
        """The first finite verb of a clause that the dictionary classes, as a trigger.

        Parameters
        ----------
        low : sequence of str
            The window's words, lower case.
        clause : (int, int)
            The clause's words ``[c0, c1)``.
        finite : sequence of bool
            Per word of the window, whether it reads as a finite verb there.
        """
        c0, c1 = clause
        for i in range(c0, c1):
            if not finite[i]:
                continue
            hit = self.classify(low, i, c1)
            if hit is None:
                continue
            ev = self.event_type(hit[1])
            if ev is not None:
                return [(i, hit[0], ev)]
        return []


@cache
def verb_classifier(events: tuple[EventType, ...]) -> VerbClassifier:
    """The classifier of a lexicon's event types (one per lexicon)."""
    return VerbClassifier(events)

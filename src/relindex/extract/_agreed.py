"""What an agreement agrees to, and acts said to come or speculated about.

Helpers of `relindex.extract.events`: ``agreed to X`` is read as X unless X is
a body, an intent or aid (`agreed_act`); a noun act followed by ``will be
held`` or ``is due to take place`` is one to come (`to_come`); a noun act that
is the subject of ``is unlikely`` is speculation, no act (`speculated`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .event_type import EventType

if TYPE_CHECKING:
    from .verbs import VerbClassifier

__all__ = ["AGREE", "SIGN", "agreed_act", "meeting_to_come", "shared_agreement", "speculated",
           "to_come"]

Trigger = tuple[int, int, EventType]
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})

_DOING = frozenset({"carry", "out", "conduct", "undertake", "hold", "a", "an", "the", "their",
                    "its", "joint", "coordinated", "regular", "more", "step", "up", "intensify",
                    "expand", "increase", "resume", "resuming"})
"""Words between ``agreed to`` and the act that leave it the act agreed (``to carry out joint
patrols``); any other verb (``to set up a working group``) makes the agreement the act."""
_UNDERTAKE = frozenset({"undertook", "undertake", "undertakes"})
AGREE = frozenset({"agreed", "agree", "agrees"}) | _UNDERTAKE
"""Verbs whose infinitive is the act agreed (``agreed to return``, ``undertook to waive``);
``asked X to``, ``offered to`` keep their own category. An undertaking to supply or cooperate
is a pledge (AGREE, 033), not the cooperation."""
SIGN = frozenset({"sign", "conclude", "ratify", "meet", "convene", "hold", "visit"})
"""Acts that an agreement to do them leaves to come (``agreed to sign``, ``agreed to meet``)."""
_SPECULATION = frozenset({"unlikely", "likely", "possible", "improbable", "doubtful",
                          "conceivable", "plausible"})


def speculated(low: Sequence[str], end: int) -> bool:
    """Whether a noun act is the subject of speculation: no act is stated.

    ``A Saudi-Iranian non-aggression pact, floated by Tehran, is unlikely``.
    """
    return any(low[k] in _SPECULATION and low[k - 1] in _BE | {"remains", "seems", "looks",
                                                                "but", "and", "still"}
               for k in range(end + 1, min(end + 10, len(low))))


_TO_COME = (("will", "be"), ("will", "take"), ("would", "take"), ("is", "due"), ("are", "due"),
            ("is", "scheduled"), ("are", "scheduled"), ("will", "convene"),
            ("would", "convene"), ("would", "be"), ("is", "to"), ("are", "to"),
            ("is", "expected"), ("are", "expected"))
"""Verbs after a noun act that put it to come (``the next session will be held in``)."""


def to_come(low: Sequence[str], end: int, c1: int) -> bool:
    """Whether a noun act is the subject of a verb that puts it to come.

    ``A joint naval drill in the Gulf of Oman is due to take place``, ``the next
    meeting of the Governments will be held in``.
    """
    return any((low[k], low[k + 1]) in _TO_COME for k in range(end, min(end + 10, c1 - 1)))


def agreed_act(low: Sequence[str], trig: Trigger, here: Sequence[Trigger]) -> Trigger | None:
    """The act agreed after ``agreed to``, ``agreed on`` or ``agreed that``, which is the event.

    ``agreed to restore a weekly flight``: RETREAT; ``agreed to carry out joint
    patrols``: COOPERATE. A pledge of aid or credit stays the agreement (AGREE, 033), and
    so does an agreement to meet, hold talks or convene a body (AGREE, 036, an act: the
    meeting it names is not yet an event), ``agreed that the next meeting will be held``.
    """
    if low[trig[0]] not in AGREE or low[trig[1] - 1] not in ("to", "that", "on"):
        return None  # "agreed on a ceasefire" as "agreed to a ceasefire"
    that = low[trig[1] - 1] == "that"
    then = next((t for t in here if trig[1] <= t[0] <= trig[1] + (8 if that else 3)), None)
    pledge = ("AID", "CONSULT", "COOPERATE") if low[trig[0]] in _UNDERTAKE else ("AID", "CONSULT")
    if then is None or then[2].plover in pledge:
        return None  # "agreed to hold talks", "to convene": the agreement to meet (036)
    between = set(low[trig[1]:then[0]])
    # "agreed to set up a working group", "to resume the annual meeting": the agreement
    return then if (that and between & {"will", "would", "shall"}) or (
        not that and between <= _DOING) else None


def meeting_to_come(low: Sequence[str], trig: Trigger, c1: int, verb: bool) -> bool:
    """Whether a noun meeting or exercise is the subject of a verb that puts it to come.

    ``The Third Meeting of the Council will be held in Athens``, ``a further round is
    expected``: the pair's meeting, a forecast, though no state is named in the clause.
    `verb`: the trigger is a verb, not a noun.
    """
    return trig[2].plover in ("CONSULT", "COOPERATE") and not verb and to_come(low, trig[1], c1)


def shared_agreement(low: Sequence[str], gaps: Sequence[str], c0: int, trig: Trigger,
                     verbs: VerbClassifier | None) -> Trigger:
    """A meeting in a second infinitive of ``agreed to``: the agreement to meet (AGREE, 036).

    ``the two sides agreed to reopen the crossing, and to hold a first meeting of a joint
    commission``: the meeting is agreed, not held; any other trigger is returned as it is.
    """
    if verbs is None or trig[2].plover != "CONSULT" or c0 == 0 or "," not in gaps[c0 - 1] or (
            low[c0:trig[0]] not in (["and", "to"], ["to"])) or not AGREE & set(low[:c0]):
        return trig
    meet = verbs.event_type("036")
    return trig if meet is None else (trig[0], trig[1], meet)

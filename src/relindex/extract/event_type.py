"""An event type of the extraction lexicon (compiled from an ``[[event]]`` table)."""

from __future__ import annotations

from dataclasses import dataclass

from .candidate import Polarity

__all__ = ["EventType"]


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type of the lexicon.

    Parameters
    ----------
    id : str
        Identifier (``"military_exercise"``), lower case.
    name : str
        Human-readable name.
    polarity : {"cooperation", "friction"}
        Whether the event signals cooperation or friction.
    triggers : tuple of str
        Trigger phrases; ``*`` stands for up to three arbitrary words, ``a|b`` for either word.
    suffixes : tuple of str
        Endings also accepted on the last word of every trigger.
    cameo : str or None
        CAMEO event code, as a string so that leading zeros stay.
    category : str or None
        Free grouping label (``"military"``, ``"political"``, ``"economic"``).
    description : str
        One line saying what counts.
    plover : str or None
        The PLOVER category of `cameo` (``"COOPERATE"`` for ``"062"``), from the
        CAMEO2PLOVER-2021 crosswalk; None without a CAMEO code.
    """

    id: str
    name: str
    polarity: Polarity
    triggers: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    cameo: str | None = None
    category: str | None = None
    description: str = ""
    plover: str | None = None

"""The extractor's working state inside one window of text: matches and the claimed mask."""

from __future__ import annotations

from dataclasses import dataclass

from .candidate import Kind
from .event_type import EventType

__all__ = ["Mask", "Match"]


@dataclass(slots=True)
class Match:
    """A match inside one window, before it becomes a `Candidate` (offsets in the window)."""

    start: int
    end: int
    kind: Kind
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    event: EventType | None = None
    negated: bool = False
    forecast: bool = False
    actors: tuple[str, ...] | None = None
    """An event's actors in order (source first); None for numbers and dates."""
    clause: tuple[int, int] | None = None
    """An event's clause (window offsets)."""


class Mask:
    """Which characters of a window are already claimed by a match."""

    __slots__ = ("bits",)

    def __init__(self, n: int) -> None:
        self.bits = bytearray(n)

    def free(self, a: int, b: int) -> bool:
        """True when no character of ``[a, b)`` is claimed."""
        return self.bits.find(1, a, b) == -1

    def claim(self, a: int, b: int) -> None:
        """Claim the characters ``[a, b)``."""
        self.bits[a:b] = b"\x01" * (b - a)

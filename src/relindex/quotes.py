r"""Find a quote in its source text, tolerant only of typography.

A quote matches when it equals a stretch of the source after both are
normalised: runs of whitespace become one space, typographic quotes become
straight ones, dashes and minus signs become ``-``, and the ellipsis character
becomes three dots. Nothing else is forgiven (not case, not words). The span
returned is in the *original* source text, so ``text[start:end]`` shows what
the record cites.

Examples
--------
>>> text = "It said \u201cno  limits\u201d \u2013 twice."
>>> find_spans(text, '"no limits" - twice')
[(8, 28)]
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

__all__ = ["Spans", "find_spans", "normalise"]

_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "",
    "\u2026": "...",
}


_ONE_TO_ONE = tuple((k, v) for k, v in _MAP.items() if len(v) == 1)
"""Characters replaced by one other (none of the replacements is itself replaced)."""
_RESIZING = frozenset(k for k, v in _MAP.items() if len(v) != 1)
_WORD = re.compile(r"\S+")
_VECTOR_CHARS = 2000
"""Texts this long or longer are mapped back with numpy (the word loop is quicker below)."""
_SPACE_CODES = (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
"""Every character `str.isspace` (and ``str.split``) takes for whitespace."""


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalise typography and whitespace, keeping a map back to the original.

    Parameters
    ----------
    text : str

    Returns
    -------
    normalised : str
        The text with whitespace runs collapsed to one space (and stripped at
        both ends), quotes, dashes and ellipses made plain.
    index : list of int
        ``index[i]`` is the position in `text` of the character that produced
        ``normalised[i]``.
    """
    norm, index = _normalise_compact(text)
    return norm, index.tolist()


def _plain(text: str) -> str:
    """Typography made plain, character for character (no character added or removed)."""
    for old, new in _ONE_TO_ONE:  # str.translate looks up every character in a dict
        text = text.replace(old, new)
    return text


def _normalised_text(text: str) -> str:
    """`normalise`'s text alone, without the map back (for a quote to look for)."""
    if not _RESIZING.isdisjoint(text):
        return _normalise_slow(text)[0]
    return " ".join(_plain(text).split())


def _normalise_compact(text: str) -> tuple[str, array[int]]:
    r"""`normalise`, with the map back as an array of 8-byte integers (not a list of ints).

    Whitespace is what `str.split` (and the regular expression ``\s``) takes for it. In a
    long text the map is found over all characters at once: each character of a word,
    and the last whitespace character of a run between two words, which the single
    space stands for.
    """
    if not _RESIZING.isdisjoint(text):
        norm, slow = _normalise_slow(text)
        return norm, array("q", slow)
    plain = _plain(text)
    index: array[int] = array("q")
    if len(plain) < _VECTOR_CHARS:
        words: list[str] = []
        for m in _WORD.finditer(plain):
            start, end = m.span()
            if words:
                index.append(start - 1)  # the space stands for the whitespace before the word
            words.append(m.group())
            index.extend(range(start, end))
        return " ".join(words), index
    codes = np.frombuffer(plain.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    word = ~np.isin(codes, _SPACE_CODES)
    space_before_word = np.zeros_like(word)
    space_before_word[:-1] = word[1:] & ~word[:-1]
    keep = word | (space_before_word & np.logical_or.accumulate(word))
    index.frombytes(np.flatnonzero(keep).astype(np.int64).tobytes())
    return " ".join(plain.split()), index


class Spans(Sequence[tuple[int, int]]):
    """Character spans ``(start, end)`` held as two arrays of integers, 16 bytes a span.

    A short quote may occur millions of times in a large source: a tuple of tuples would
    hold three Python objects per occurrence. Reads as a sequence of ``(start, end)``
    tuples and compares equal to a tuple or list of the same spans.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self._starts: array[int] = array("q", (a for a, _ in spans))
        self._ends: array[int] = array("q", (b for _, b in spans))

    def _append(self, start: int, end: int) -> None:
        self._starts.append(start)
        self._ends.append(end)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, k: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, k: slice) -> Spans: ...

    def __getitem__(self, k: int | slice) -> tuple[int, int] | Spans:
        if isinstance(k, slice):
            out = Spans()
            out._starts, out._ends = self._starts[k], self._ends[k]
            return out
        return self._starts[k], self._ends[k]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return self._starts == other._starts and self._ends == other._ends
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(
                tuple(o) == s for o, s in zip(other, self, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((bytes(self._starts), bytes(self._ends)))

    def __repr__(self) -> str:
        shown = ", ".join(map(str, self[:3]))
        return f"Spans([{shown}{', ...' if len(self) > 3 else ''}], n={len(self)})"


def _normalise_slow(text: str) -> tuple[str, list[int]]:
    """Normalise character by character (texts with an ellipsis or a soft hyphen)."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Zs":
            space = bool(out)
            continue
        rep = _MAP.get(ch, ch)
        if not rep:
            continue
        if space:
            out.append(" ")
            index.append(i - 1)
            space = False
        for r in rep:
            out.append(r)
            index.append(i)
    return "".join(out), index


class _Normalised:
    """A source text normalised once, to search many quotes in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = _normalise_compact(text)

    def find(self, quote: str) -> Spans:
        """Every (overlapping) occurrence of `quote`, in time linear in the source.

        After a match at ``s``, the next one can start at ``s + p`` (``p`` the quote's
        smallest period), which costs ``p`` characters to confirm; any later match is
        found by `str.find` (linear for long quotes) from past that point. So a
        periodic quote ("aaaa...") in a periodic source costs one pass, not
        occurrences x quote length. A quote found once (the usual case) needs no period.
        """
        q = _normalised_text(quote)
        spans = Spans()
        if not q:
            return spans
        m, text, index = len(q), self.norm, self.index
        start = text.find(q)
        if start == -1 or text.find(q, start + 1) == -1:  # none or one: no period needed
            if start != -1:
                spans._append(index[start], index[start + m - 1] + 1)
            return spans
        p = smallest_period(q)
        tail = q[m - p:]
        while start != -1:
            spans._append(index[start], index[start + m - 1] + 1)
            if p < m and text.startswith(tail, start + m):
                start += p
                continue
            start = text.find(q, start + 1)
        return spans


def smallest_period(q: str) -> int:
    """The smallest ``p`` with ``q[i] == q[i + p]`` for every i (``len(q)`` if none shorter).

    Examples
    --------
    >>> smallest_period("abab"), smallest_period("aabaa"), smallest_period("abc")
    (2, 3, 3)
    """
    fail = [0] * len(q)  # Knuth-Morris-Pratt prefix function, O(len(q))
    k = 0
    for i in range(1, len(q)):
        while k and q[i] != q[k]:
            k = fail[k - 1]
        if q[i] == q[k]:
            k += 1
        fail[i] = k
    return len(q) - (fail[-1] if q else 0)


def find_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """All places where `quote` occurs in `text`, as (start, end) spans of `text`.

    Parameters
    ----------
    text : str
        The source document.
    quote : str
        The quote to look for.

    Returns
    -------
    list of (int, int)
        Character spans in `text`, in order; empty when the quote is absent.
    """
    return list(_Normalised(text).find(quote))

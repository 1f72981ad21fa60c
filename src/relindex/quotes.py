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

__all__ = ["find_spans", "normalise"]

_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "",
    "\u2026": "...",
}


_ONE_TO_ONE = str.maketrans({k: v for k, v in _MAP.items() if len(v) == 1})
_RESIZING = frozenset(k for k, v in _MAP.items() if len(v) != 1)
_WORD = re.compile(r"\S+")


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
    if any(ch in _RESIZING for ch in text):
        return _normalise_slow(text)
    plain = text.translate(_ONE_TO_ONE)
    words: list[str] = []
    index: list[int] = []
    for m in _WORD.finditer(plain):
        start, end = m.span()
        if words:
            index.append(start - 1)  # the space stands for the whitespace before the word
        words.append(m.group())
        index.extend(range(start, end))
    return " ".join(words), index


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
        self.norm, self.index = normalise(text)

    def find(self, quote: str) -> list[tuple[int, int]]:
        q, _ = normalise(quote)
        if not q:
            return []
        spans = []
        start = self.norm.find(q)
        while start != -1:
            end = start + len(q) - 1
            spans.append((self.index[start], self.index[end] + 1))
            start = self.norm.find(q, start + 1)
        return spans


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
    return _Normalised(text).find(quote)

"""Sentences: split a text into sentence spans, and long sentences into windows.

The extractor reads one sentence at a time (a sentence longer than
`MAX_WINDOW` characters is cut into windows at whitespace), so every pattern
sees a bounded stretch of text and the work stays linear in the text's length.
"""

from __future__ import annotations

import re

__all__ = ["MAX_WINDOW", "split_sentences", "windows"]

MAX_WINDOW = 2_000
"""Longest stretch of text the patterns see at once; longer sentences are cut at whitespace."""

_BOUNDARY = re.compile(r"[\n.!?]")
_CLOSERS = frozenset("\"'”’»)]")
_OPENERS = frozenset("\"'“‘«([")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "vs", "etc", "no", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig",
    "adm", "maj", "pres", "dept", "univ", "mt", "ft", "rs", "rp", "tk", "ksh", "tsh", "ush",
})


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation or an initial ("U.S.", "Mr.", "C.")."""
    start = dot
    while start > 0 and dot - start < 12 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if "." in word:
        return True
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""Split text into sentence spans, in linear time.

    A sentence ends at a newline, or at ``.``, ``!`` or ``?`` (plus closing
    quotes or brackets) followed by whitespace and a capital letter, a digit
    or an opening quote. A ``.`` ending an abbreviation or initial
    (``U.S.``, ``Mr.``, ``Emma C. Verges``) or inside a number (``35.9``)
    does not end a sentence. Spans exclude surrounding whitespace; blank
    stretches give no span.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each sentence, in order.

    Examples
    --------
    >>> t = "Trade rose 35.9% in 2022. The U.S. objected.\nNew line"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Trade rose 35.9% in 2022.', 'The U.S. objected.', 'New line']
    """
    n = len(text)
    spans: list[tuple[int, int]] = []

    def cut(a: int, b: int) -> None:
        # keep the non-blank middle of text[a:b], if any, without copying a blank stretch
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))

    start = 0
    for m in _BOUNDARY.finditer(text):
        pos = m.start()
        if pos < start:
            continue
        ch = text[pos]
        if ch == "\n":
            if pos > start:
                cut(start, pos)
            start = pos + 1
            continue
        j = pos + 1
        while j < n and j - pos <= 3 and text[j] in _CLOSERS:
            j += 1
        if j >= n or not text[j].isspace():
            continue
        k = j
        while k < n and k - j < 64 and text[k].isspace() and text[k] != "\n":
            k += 1
        if k >= n or text[k] == "\n" or text[k].isspace():
            continue  # the newline (or the end) will close the sentence
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if ch == "." and _is_abbreviation(text, pos):
            continue
        cut(start, j)
        start = k
    cut(start, n)
    return spans


def windows(text: str, span: tuple[int, int], size: int = MAX_WINDOW) -> list[tuple[int, int]]:
    """Cut a sentence span into windows of at most `size` characters, at whitespace if possible.

    Parameters
    ----------
    text : str
        The whole text.
    span : tuple of (int, int)
        A sentence span in `text`.
    size : int, default MAX_WINDOW
        Longest window.

    Returns
    -------
    list of (int, int)
        The windows, in order, covering the sentence's non-blank characters.
    """
    a, b = span
    if b - a <= size:
        return [span]
    out: list[tuple[int, int]] = []
    while b - a > size:
        limit = a + size
        cut = -1
        for ws in (" ", "\t", "\u00a0"):
            cut = max(cut, text.rfind(ws, a + size // 2, limit))
        if cut <= a:
            cut = limit
        seg_end = cut
        while seg_end > a and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > a:
            out.append((a, seg_end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        out.append((a, b))
    return out


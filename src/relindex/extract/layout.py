r"""Layout: which sentences of a document are prose that states facts.

A fact stated once should give one candidate, so captions and repeats give
no candidate and headings no event (a heading's figures are kept: a data
line or a headline may be the only place a figure is stated):

* **headings**: a line of its own without the closing punctuation of a
  sentence (a headline, ``Background``, ``2. Escalation``, a list entry of an
  annex), at most `HEADING_WORDS` words, in a document of more than one
  line; a list number (``2.``) opening a
  line is set aside and what follows it read on its own;
* **captions and links**: a line that opens with ``Photo:``, ``Image:``,
  ``Caption:``, ``Related``, ``Read more``, ``See also`` ...; such a marker on a
  line of its own (``Related coverage``) makes the lines after it, up to a blank
  line, links;
* **repeats**: a sentence whose words were already read earlier in the
  document (a pull quote, a teaser repeated at the end).

Headings also date the document (a dateline, ``Putrajaya, 8 August 2024``).

Examples
--------
>>> from relindex.extract.sentences import split_sentences
>>> text = "\n".join(["Border clash", "Troops clashed on 3 May.", "Photo: troops.",
...                   "Troops clashed on 3 May."])
>>> classify(text, split_sentences(text))
['heading', 'prose', 'caption', 'repeat']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = ["HEADING_WORDS", "LineKind", "classify"]

LineKind = Literal["prose", "heading", "caption", "repeat"]
"""What a sentence is, for extraction."""

HEADING_WORDS = 25
"""Longest line (in words) read as a heading when it lacks closing punctuation."""

_HEADING_CHARS = 250

_CLOSING = frozenset(".!?…\"'”’)»]")
_CAPTION = re.compile(
    r"(?i)(?:photo|image|picture|pictured|caption|credit|file\sphoto|video|watch|graphic"
    r"|related(?:\s[a-z]{1,12})?|read\s(?:more|also)|see\salso|also\sread|more\son\sthis"
    r"|recommended|advertisement)\b\s{0,3}[:|—–-]?")
_LINKS = re.compile(r"(?i)(?:related|read\s(?:more|also)|see\salso|also\sread|more\son\sthis"
                    r"|recommended)\b")
"""Markers that, on a line of their own (``Related coverage``), head a list of links."""
_WORD = re.compile(r"\S+")
_LIST_MARKER = re.compile(r"(?:[0-9]{1,3}|[ivxIVX]{1,5}|[A-Za-z])[.)]")
_MAX_KEY = 400  # characters of a sentence compared for repeats
_REPEAT_CHARS = 8  # shorter sentences ("Yes.", "Fix.") may repeat without restating a fact


def _key(sentence: str) -> str:
    return " ".join(_WORD.findall(sentence[:_MAX_KEY])).lower()


def classify(text: str, sentences: Sequence[tuple[int, int]]) -> list[LineKind]:
    """The kind of each sentence of a text: prose, heading, caption or repeat.

    Parameters
    ----------
    text : str
        The document.
    sentences : sequence of (int, int)
        Its sentence spans (`relindex.extract.split_sentences`).

    Returns
    -------
    list of {"prose", "heading", "caption", "repeat"}
        One per sentence. Linear in the length of the text.
    """
    seen: set[str] = set()
    kinds: list[LineKind] = []
    in_caption = after_marker = in_links = False
    one_line = "\n" not in text.strip()
    for n, (a, b) in enumerate(sentences):
        starts_line = n == 0 or after_marker or "\n" in text[sentences[n - 1][1]:a]
        after_marker = starts_line and _LIST_MARKER.fullmatch(text, a, b) is not None
        nxt = sentences[n + 1][0] if n + 1 < len(sentences) else len(text)
        ends_line = nxt == len(text) or "\n" in text[b:nxt]
        in_links = in_links and starts_line and "\n\n" not in text[sentences[n - 1][1]:a]
        in_caption = in_caption and not starts_line
        cap = _CAPTION.match(text, a) if starts_line else None
        kind: LineKind = "prose"
        if after_marker:
            kind = "heading"  # "2." before "Escalation" or before a numbered paragraph
        elif in_caption or in_links or (cap is not None and cap.end() < b):
            kind = "caption"
            in_caption = True
        elif cap is not None and ends_line and _LINKS.match(text, a):  # links follow it
            kind = "caption"
            in_links = True
        else:
            key = _key(text[a:b])
            if len(key) >= _REPEAT_CHARS and key in seen:
                kind = "repeat"
            elif one_line is False and starts_line and ends_line and text[b - 1] not in _CLOSING \
                    and b - a <= _HEADING_CHARS and len(_WORD.findall(text, a, b)) <= HEADING_WORDS:
                kind = "heading"
            seen.add(key)
        kinds.append(kind)
    return kinds

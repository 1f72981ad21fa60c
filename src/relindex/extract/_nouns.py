"""Words of counts: which words are plural nouns a number can count, and which are not.

Shared by `relindex.extract.counts` (a number and its noun) and `relindex.extract._elided`
(a noun said before a number).
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

__all__ = ["COLLECTIVES", "LETTERS", "NON_PLURAL_ENDINGS", "NOT_NOUNS", "STOPWORDS", "is_noun"]

STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "from", "by", "for", "with", "without", "and",
    "or", "but", "nor", "as", "than", "that", "which", "who", "whom", "whose", "this", "these",
    "those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "per", "into", "onto", "over", "under", "about", "after", "before", "since",
    "between", "during", "through", "across", "against", "among", "via", "up", "down", "out",
    "off", "not", "no", "more", "less", "most", "least", "only", "also", "just", "so", "such",
    "there", "their", "they", "them", "he", "she", "we", "you", "i", "his", "her", "our", "your",
    "my", "if", "when", "while", "where", "whether", "both", "each", "every", "all", "any",
    "some", "other", "another", "what", "how", "why", "then", "ago", "earlier", "later", "until",
    "till", "whereas", "including", "like", "near",
})
NON_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "'s", "’s")
COLLECTIVES = frozenset({"police", "militia", "infantry"})
"""Nouns of a body of people counted without a plural (``200 riot police``); unlike a unit
they may head a compound (``1,200 police officers`` counts officers)."""


def is_noun(word: str, lex: Lexicon) -> bool:
    """Whether `word` is a noun a number counts: a count unit, a collective or a plural.

    Parameters
    ----------
    word : str
        The word as written.
    lex : Lexicon
        Its count units (``km``, ``feet``) count whatever their case.

    Returns
    -------
    bool
        True for a count unit, ``police``, a word in lower case in ``-men`` or a plural in
        ``-s`` of three letters or more (not ``-ss``, ``-us``, ``-is``, ``-ous``).
    """
    low = word.lower()
    if low in lex.index.count_units or low in COLLECTIVES:
        return True
    if low == "ones":  # "between two large ones": the noun is said elsewhere
        return False
    if word[0].islower() and len(low) >= 5 and low.endswith("men"):  # policemen, servicemen
        return True
    return (word[0].islower() and len(word) >= 3 and low.endswith("s")
            and not low.endswith(NON_PLURAL_ENDINGS))


NOT_NOUNS = frozenset({"perhaps", "always", "sometimes", "towards", "afterwards", "besides",
                       "overseas", "backwards", "forwards", "nowadays", "outwards"})
"""Words in ``-s`` that are no plural noun (``500 troops perhaps``)."""
LETTERS = re.compile(r"[^\W\d_][\w’'-]{0,40}")
"""A word: a letter, then letters, digits, apostrophes or hyphens."""

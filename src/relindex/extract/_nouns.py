"""Words of counts: which words are plural nouns a number can count, and which are not.

Shared by `relindex.extract.counts` (a number and its noun) and `relindex.extract._elided`
(a noun said before a number).
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

__all__ = ["COLLECTIVES", "LETTERS", "NON_PLURAL_ENDINGS", "NOT_NOUNS", "STOPWORDS", "is_noun",
           "is_verb_after_plural"]

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


VERBS_IN_S = frozenset({
    "depends", "relies", "says", "seems", "appears", "remains", "belongs", "consists",
    "comprises", "contains", "includes", "lacks", "hopes", "wants", "lives", "earns", "receives",
    "sends", "gets", "makes", "takes", "gives", "goes", "comes", "becomes", "knows", "thinks",
    "believes", "expects", "continues", "owes", "pays", "spends", "buys", "sells", "keeps",
    "brings", "tends", "manages", "struggles", "survives", "suffers", "requires", "represents",
    "exceeds", "reaches", "travels", "migrates", "relocates", "enters", "arrives"})
"""Verbs in ``-s`` a count's subject may take: after a plural noun they end the noun phrase
(``one in four Tajik households depends on remittances``), where a plural noun after a plural
noun is otherwise the head of a compound (``500 weapons sites``)."""
_OBJECT_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this",
                           "these", "those", "nothing", "it", "them", "some", "no"})
"""Words that open a verb's object or clause; a noun heading a compound is rarely before one."""
_NEXT_WORD = re.compile(r"\s{1,3}(?P<w>[^\W\d_][\w'’\-]{0,40})")


def is_verb_after_plural(word: str, win: str, end: int) -> bool:
    """Whether `word` (in ``-s``, after a plural noun, ending at `end`) is a verb, not a noun.

    A third-person verb after a plural noun ends the noun phrase: the plural is the count's
    noun and the verb agrees with a singular subject before it (``one in four Tajik households
    depends on remittances``, ``ten traders says nothing``). The word is a verb when it is one
    of `VERBS_IN_S` not followed by an auxiliary (``the arms exports were``), or when a
    determiner or a pronoun opens its object (``... households imports the ...``); otherwise
    it heads a compound (``500 weapons sites``, ``the arms sales``, ``500 weapons sites that
    ...``, ``40 weapons caches 12 km away``).

    Examples
    --------
    >>> is_verb_after_plural("depends", "households depends on remittances", 18)
    True
    >>> is_verb_after_plural("sites", "weapons sites were shut", 13)
    False
    """
    low = word.lower()
    nxt = _NEXT_WORD.match(win, end)
    after = nxt.group("w").lower() if nxt is not None else ""
    if after in ("are", "were", "have", "had", "will", "would", "could", "can", "may", "must"):
        return False  # "the arms exports were": the word heads the subject
    return low in VERBS_IN_S or after in _OBJECT_WORDS

"""Normalising a text for quote search: the word loop and the vectorised map agree."""

from __future__ import annotations

import random
import re

import pytest

from relindex import quotes

_ALPHABET = list("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u200a\u200b\u2028\u3000"
                 "\u2019\u201c\u2013`x\U0001f600\u00e9")


def _reference(text: str) -> tuple[str, list[int]]:
    """The definition: words (runs of non-whitespace) joined by one space, mapped back."""
    plain = text.translate(str.maketrans(dict(quotes._ONE_TO_ONE)))
    words: list[str] = []
    index: list[int] = []
    for m in re.finditer(r"\S+", plain):
        if words:
            index.append(m.start() - 1)
        words.append(m.group())
        index.extend(range(m.start(), m.end()))
    return " ".join(words), index


def _samples() -> list[str]:
    rng = random.Random(7)
    out = ["", " ", "  a", "a  ", " a b ", "a\u2000\u3000b", "\ud800 a", "a\udfff  b",
           "an ellipsis\u2026 and a soft\u00adhyphen"]
    out += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))
            for _ in range(3000)]
    out += ["".join(rng.choice(_ALPHABET) for _ in range(5000)) for _ in range(3)]
    return out


@pytest.mark.parametrize("vector_chars", [0, 10**9, quotes._VECTOR_CHARS])
def test_both_ways_of_mapping_back_give_the_definition(monkeypatch, vector_chars):
    """Every text (short, long, with Unicode whitespace and typography) maps back alike."""
    monkeypatch.setattr(quotes, "_VECTOR_CHARS", vector_chars)
    for text in _samples():
        norm, index = quotes._normalise_compact(text)
        # an ellipsis or a soft hyphen changes the length: the character-by-character way
        expected = (quotes._normalise_slow(text) if not quotes._RESIZING.isdisjoint(text)
                    else _reference(text))
        assert (norm, index.tolist()) == expected, repr(text)
        assert quotes._normalised_text(text) == norm, repr(text)


def test_replacements_are_not_replaced_again():
    """Replacing the characters one after another equals one translation of each."""
    targets = {new for _, new in quotes._ONE_TO_ONE}
    assert not targets & {old for old, _ in quotes._ONE_TO_ONE}

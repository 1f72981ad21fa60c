"""relindex.extract.sentences: sentences and windows."""

from __future__ import annotations

from pathlib import Path

from _util import only
from relindex import extract as ex
from relindex.extract import (
    extract,
    split_sentences,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


# ------------------------------------------------------------------------------ sentences


def test_sentence_splitter_keeps_abbreviations_and_decimals():
    """U.S., Mr., initials and decimals do not end a sentence; newlines and '. X' do."""
    text = ("The U.S. National Security Advisor spoke. Trade rose 35.9% in 2022! "
            "Mr. Gabuev and Emma C. Verges agreed? Yes\nNew line here")
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [
        "The U.S. National Security Advisor spoke.",
        "Trade rose 35.9% in 2022!",
        "Mr. Gabuev and Emma C. Verges agreed?",
        "Yes",
        "New line here",
    ]


def test_candidates_lie_inside_their_sentence():
    """Every candidate's span lies inside its sentence span, and the sentence is a real one."""
    text = (SEEDS / "000_f6e1f0f2ecfbb974.txt").read_text(encoding="utf-8")
    sentences = set(split_sentences(text))
    for c in extract(text):
        assert c.sentence[0] <= c.span[0] <= c.span[1] <= c.sentence[1]
        assert c.sentence in sentences


def test_long_lines_are_cut_into_windows_at_whitespace():
    """A sentence longer than MAX_WINDOW is matched in windows, still with exact quotes."""
    text = ("word " * 1000) + "Trade reached $240 billion " + ("word " * 1000)
    cands = extract(text)
    money = only(cands, "money")
    assert [c.quote for c in money] == ["$240 billion"]
    assert all(c.sentence[1] - c.sentence[0] <= ex.MAX_WINDOW for c in cands)



"""relindex.extract.pipeline: what extract returns, its limits, odd inputs and one reader."""

from __future__ import annotations

import os
import random
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relindex import extract as ex
from relindex.errors import InputFileError, LimitExceededError
from relindex.extract import (
    Lexicon,
    extract,
    extract_file,
    load_lexicon,
    read_text,
    split_sentences,
)

ROOT = Path(__file__).resolve().parents[1]
PASSAGES = Path(__file__).parent / "extract_passages"
SEEDS = ROOT / "seeds"


# ------------------------------------------------------------------------------ invents nothing

FRAGMENTS = [
    "$", "€", "£", "₽", "USD", "US$", " ", "  ", "\n", ".", ",", "%", "-", "–", "per cent",
    "percent", "billion", "bn", "million", "trillion", "B", "troops", "recent", "vetoes",
    "January", "May", "November", "from", "to", "since", "first half of", "in", "2023",
    "1999", "35.9", "1,400", "3,000", "12", "7", "five", "twenty", "hundred", "Russia",
    "China", "U.S.", "joint", "exercise", "sanctions", "accused", "Ж", "😀", "é", "\u00a0",
    "\u2028", "“", "”", "’s", "Q1", "H2", "1960s", "S-400", "over", "nearly",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60))
def test_every_quote_is_the_text_at_its_span(parts):
    """For any text, each candidate's quote equals text[span] and lies inside its sentence."""
    text = "".join(parts)
    for c in extract(text):
        assert c.quote == text[c.span[0]:c.span[1]]
        assert c.quote
        assert 0 <= c.sentence[0] <= c.span[0] < c.span[1] <= c.sentence[1] <= len(text)
        if c.kind in ("money", "percent", "count"):
            assert c.value is not None and c.unit


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_numbers_and_dates_never_overlap(parts):
    """Money, percent, count and date candidates never share characters."""
    text = " ".join(parts)
    spans = sorted(c.span for c in extract(text) if c.kind != "event")
    for (_, a1), (b0, _) in zip(spans, spans[1:], strict=False):
        assert a1 <= b0, text


# ------------------------------------------------------------------------------ unseen passages

PASSAGE_NUMBERS = {
    "india_japan.txt": {
        ("money", "JPY 5 trillion", 5000.0, "JPY bn", "2023-03", None),
        ("count", "five years", 5.0, "years", "2023-03", "over"),
        ("money", "$21.96 billion", 21.96, "USD bn", "2022", None),
        ("percent", "9.5%", 9.5, "%", "2022", None),
        ("count", "4 destroyers", 4.0, "destroyers", "2022-07/2022-09", None),
        ("count", "1,200 sailors", 1200.0, "sailors", "2022-07/2022-09", "more than"),
        ("percent", "80 percent", 80.0, "%", None, "about"),
        ("count", "352 km", 352.0, "km", "2027", None),
        ("money", "$75 billion", 75.0, "USD bn", "2018", None),
        ("date", "March 2023", None, None, "2023-03", None),
        ("date", "2022", None, None, "2022", None),
        ("date", "from July to September 2022", None, None, "2022-07/2022-09", None),
        ("date", "2027", None, None, "2027", None),
        ("date", "2018", None, None, "2018", None),
    },
    "germany_poland.txt": {
        ("money", "€170 billion", 170.0, "EUR bn", "2023", None),
        ("percent", "4.2 per cent", 4.2, "%", "2023-01/2023-06", None),
        ("money", "6.2 trillion złoty", 6200.0, "PLN bn", None, None),
        ("count", "2,500 soldiers", 2500.0, "soldiers", "2024-05", "some"),
        ("count", "300 vehicles", 300.0, "vehicles", "2024-05", None),
        ("count", "three Patriot batteries", 3.0, "batteries", "2022", None),
        ("count", "two people", 2.0, "people", "2022", None),
        ("count", "30,000 Polish workers", 30000.0, "workers", "2015/2023", "more than"),
        ("date", "2023", None, None, "2023", None),
        ("date", "first half of 2023", None, None, "2023-01/2023-06", None),
        ("date", "May 2024", None, None, "2024-05", None),
        ("date", "2022", None, None, "2022", None),
        ("date", "Between 2015 and 2023", None, None, "2015/2023", None),
    },
    "brazil_argentina.txt": {
        ("date", "23 January 2023", None, None, "2023-01", None),
        ("percent", "12%", 12.0, "%", "2023", None),
        ("date", "2023", None, None, "2023", None),
        ("money", "US$ 16.7 billion", 16.7, "USD bn", "2023", None),
        ("money", "US$ 11.9 billion", 11.9, "USD bn", "2023", None),
        ("money", "689 million dollars", 0.689, "USD bn", None, None),
        ("count", "30 million cubic metres", 30000000.0, "metres", None, "up to"),
        ("date", "December 2023", None, None, "2023-12", None),
        ("percent", "45 percent", 45.0, "%", None, "around"),
    },
    "japan_korea.txt": {
        ("date", "March 2023", None, None, "2023-03", None),
        ("count", "four-year", 4.0, "years", "2023-03", None),
        ("count", "2.3 million trips", 2300000.0, "trips", "2023", None),
        # a number after its noun and a verb of amount ("visitors ... numbered nearly")
        ("count", "seven million", 7000000.0, "visitors", "2023", "nearly"),
        ("date", "2023", None, None, "2023", None),
        ("percent", "10.2%", 10.2, "%", "2018", None),
        ("date", "2018", None, None, "2018", None),
        ("percent", "7.7%", 7.7, "%", "2023", None),
        ("percent", "2.5 percentage points", 2.5, "pp", "2023", None),
        ("date", "June 2023", None, None, "2023-06", None),
        ("date", "since 2018", None, None, None, None),
        ("date", "Q1 2024", None, None, "2024-01/2024-03", None),
        ("money", "US$ 18 billion", 18.0, "USD bn", "2024-01/2024-03", None),
    },
}

PASSAGE_EVENTS = {  # (trigger, event type, period, actors in order, mode), as a reader codes them
    "india_japan.txt": {
        ("held their annual summit", "summit_meeting", "2023-03", ("IN", "JP"), "act"),
        ("joint exercise", "joint_exercise", "2022-07/2022-09", ("IN", "JP"), "act"),
        ("signed", "formal_agreement", "2018", ("JP", "IN"), "act"),
    },
    "germany_poland.txt": {
        ("strained", "tension", None, ("PL", "DE"), "act"),
        ("joint drills", "joint_exercise", "2024-05", ("PL", "DE"), "act"),
        ("agreed to", "commitment", "2022", ("DE", "PL"), "act"),
    },
    "brazil_argentina.txt": {
        ("signed", "formal_agreement", "2023-01", ("BR", "AR"), "act"),
    },
    "japan_korea.txt": {
        ("export controls", "sanction", "2023-03", ("JP", "KR"), "act"),
        ("protested", "public_criticism", None, ("KR", "JP"), "act"),
    },
}


@pytest.mark.parametrize("name", sorted(PASSAGE_NUMBERS))
def test_unseen_passages_give_exactly_the_expected_numbers_and_dates(name):
    """On passages about other country pairs, numbers and dates are exactly an analyst's reading."""
    cands = extract_file(PASSAGES / name)
    got = {
        (c.kind, c.quote, None if c.value is None else round(c.value, 9), c.unit, c.period,
         c.qualifier)
        for c in cands if c.kind != "event"
    }
    assert got == PASSAGE_NUMBERS[name]


@pytest.mark.parametrize("name", sorted(PASSAGE_EVENTS))
def test_unseen_passages_give_the_expected_events(name):
    """On passages about other country pairs, the expected events come with period and actors."""
    cands = extract_file(PASSAGES / name)
    got = {(c.quote, c.event_type, c.period, tuple(c.actors), c.mode) for c in cands
           if c.kind == "event"}
    missing = PASSAGE_EVENTS[name] - got
    assert not missing, missing


# ------------------------------------------------------------------------------ odd inputs


def test_empty_file_is_refused_with_a_clear_message(tmp_path):
    """An empty file raises InputFileError saying 'file is empty' and naming the file."""
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputFileError, match="file is empty") as info:
        extract_file(p)
    assert str(p) in str(info.value) and "Fix:" in str(info.value)


def test_missing_file_and_folder_are_refused(tmp_path):
    """A missing path or a folder raises InputFileError naming the path."""
    with pytest.raises(InputFileError, match="not found"):
        extract_file(tmp_path / "nope.txt")
    with pytest.raises(InputFileError, match="directory"):
        extract_file(tmp_path)


def test_non_utf8_file_is_refused_with_the_offset(tmp_path):
    """Non-UTF-8 bytes raise InputFileError naming the byte offset and how to convert."""
    p = tmp_path / "latin1.txt"
    p.write_bytes("Trade rose 5% in São Paulo.".encode("latin-1"))
    with pytest.raises(InputFileError, match=r"not UTF-8.*offset 18") as info:
        extract_file(p)
    assert "iconv" in str(info.value)


def test_file_over_max_bytes_is_refused_with_the_fix(tmp_path):
    """A file larger than max_bytes raises InputFileError that says how to raise the limit."""
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 101)
    with pytest.raises(LimitExceededError, match="over the limit of 100 bytes") as info:
        extract_file(p, max_bytes=100)
    assert "max_bytes" in str(info.value)
    p.write_bytes(b"Trade rose 5%." + b" " * 86)
    assert [c.quote for c in extract_file(p, max_bytes=100)] == ["5%"]


def test_bom_is_dropped_and_whitespace_only_text_gives_nothing(tmp_path):
    """A UTF-8 byte-order mark is dropped; whitespace-only and empty text give no candidates."""
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffTrade rose 5%.".encode())
    assert read_text(p) == "Trade rose 5%."
    assert extract("") == []
    assert extract(" \n\t\n ") == []


def test_text_over_max_chars_is_refused_with_the_fix():
    """Text longer than max_chars raises LimitExceededError saying how to raise the limit."""
    with pytest.raises(LimitExceededError, match="max_chars") as info:
        extract("x" * 11, max_chars=10, source="doc.txt")
    assert "doc.txt" in str(info.value)
    assert extract("x" * 10, max_chars=10) == []


def test_too_many_candidates_is_refused():
    """A text yielding more than max_candidates candidates raises LimitExceededError."""
    with pytest.raises(LimitExceededError, match="max_candidates"):
        extract("5% " * 50, max_candidates=10)


def test_bad_arguments_raise_type_and_value_errors():
    """A non-str text is a TypeError; a non-positive limit is a ValueError."""
    with pytest.raises(TypeError):
        extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        extract("x", max_chars=0)
    with pytest.raises(ValueError):
        read_text("x", max_bytes=-1)


ADVERSARIAL = {
    "ones": lambda: "1" * 10**6,
    "dollar_space": lambda: "$ " * 10**6,
    "one_comma": lambda: "1," * 10**6,
    "january_to": lambda: "January to " * 10**5,
    "from_january_to": lambda: "from January to " * 10**5,
    "dots": lambda: "." * 10**6,
    "digits_commas_5mb_line": lambda: "".join(
        random.Random(0).choices("0123456789,", k=5 * 10**6)),
    "month_then_spaces": lambda: "January" + " " * 10**6 + "2023 troops",
    "long_word_lines": lambda: ("a" * 50000 + " ") * 100,
    "number_words": lambda: "a few hundred several dozen two-thirds of " * 10**5,
    "mixed_10mb": lambda: ("$ 1,1, January to 2023- 5% per cent 3,000 troops joint * 18-fold "
                           * 10**6)[:10**7],
}
SLOW_CASES = frozenset({"mixed_10mb"})
"""The 10 MB case: run with the slow tests."""


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.slow) if n in SLOW_CASES else n for n in sorted(ADVERSARIAL)])
def test_adversarial_input_is_read_in_bounded_windows(name, monkeypatch):
    """Huge or backtracking-bait text is matched in bounded windows, so work is linear.

    No window is longer than MAX_WINDOW and the windows add up to at most the text; every
    pattern has bounded repetitions. The outcome is candidates or a LimitExceededError with a
    fix, never another error. (Counted, not timed.)
    """
    from relindex.extract import pipeline

    text = ADVERSARIAL[name]()
    seen: list[int] = []
    real = pipeline._window

    def counting(win: str, *args: typing.Any) -> typing.Any:
        seen.append(len(win))
        return real(win, *args)

    monkeypatch.setattr(pipeline, "_window", counting)
    try:
        extract(text, max_chars=max(len(text), 1))
    except LimitExceededError as exc:
        assert "Fix:" in str(exc)
    assert seen, "no window was matched"
    assert max(seen) <= ex.MAX_WINDOW
    assert sum(seen) <= len(text)


@pytest.mark.slow
def test_ten_megabytes_of_repeated_prose_gives_the_candidates_of_one_copy(monkeypatch):
    """10 MB of the seeds repeated: the candidates of one copy, read in bounded windows.

    Repeated sentences give no candidates, so the copies after the first add nothing; the
    windows matched are those of one copy.
    """
    from relindex.extract import pipeline

    t = "\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt")))
    t += "\n"
    once = [c.to_dict() for c in extract(t)]
    big = t * (10**7 // len(t))
    assert len(big) > 9 * 10**6
    seen: list[int] = []
    real = pipeline._window

    def counting(win: str, *args: typing.Any) -> typing.Any:
        seen.append(len(win))
        return real(win, *args)

    monkeypatch.setattr(pipeline, "_window", counting)
    assert [c.to_dict() for c in extract(big)] == once and len(once) > 300
    assert max(seen) <= ex.MAX_WINDOW and sum(seen) <= len(t)


# ------------------------------------------------------------------------------ one reader


def test_special_files_are_refused_before_they_are_opened(tmp_path, monkeypatch):
    """A FIFO as document or lexicon is refused by the loader's reader without being opened."""
    fifo = tmp_path / "doc.fifo"
    os.mkfifo(fifo)
    opened: list[str] = []
    real_open = os.open

    def spy(path: typing.Any, *args: typing.Any, **kwargs: typing.Any) -> int:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    with pytest.raises(InputFileError, match="not a regular file"):
        extract_file(fifo)
    with pytest.raises(InputFileError, match="not a regular file"):
        load_lexicon(fifo)
    assert str(fifo) not in opened




def _trie_steps(text: str, lexicon: Lexicon) -> int:
    """Trie nodes visited while finding the triggers of a text (the work of event matching)."""
    from relindex.extract.events import find_triggers, tokens

    steps = 0

    def step() -> None:
        nonlocal steps
        steps += 1

    for a, b in split_sentences(text):
        spans, gaps = tokens(text[a:b])
        low = [text[a:b][x:y].lower() for x, y in spans]
        find_triggers(low, gaps, lexicon.index, on_step=step)
    return steps


def _grown_lexicon(n_events: int) -> Lexicon:
    """The shipped lexicon plus `n_events` event types on the text's commonest first words.

    Their triggers start with 'the', 'and', 'signed': the worst case for a matcher that tries
    every trigger of a first word.
    """
    data = {"event": [
        {"id": f"extra_{k}", "name": "Extra", "polarity": "friction",
         "triggers": [f"the extra{k} * thing", f"and signed{k} agreement", f"signed * clause{k}"],
         "suffixes": []}
        for k in range(n_events)]}
    base = load_lexicon()
    extra = Lexicon.from_dict(data)
    return Lexicon(events=base.events + extra.events, actors=base.actors,
                   actor_stop_phrases=base.actor_stop_phrases, qualifiers=base.qualifiers,
                   count_units=base.count_units, states=base.states)


def test_event_matching_work_is_linear_in_text_and_flat_in_lexicon_size():
    """Trie steps grow in proportion to the text and not with the number of triggers.

    Counted, not timed: doubling the text doubles the steps; a lexicon with 1,000 more event
    types (3,000 triggers starting with the text's commonest words) adds at most a constant
    per word, since each word follows one edge of the trie.
    """
    unit = ("Thailand and Cambodia signed the agreement, and the two sides met again; "
            "Kenya banned imports of Ugandan milk and the ministers held talks. ")
    small, big = _grown_lexicon(10), _grown_lexicon(1000)
    s1 = _trie_steps(unit * 50, small)
    s2 = _trie_steps(unit * 100, small)
    assert s2 == 2 * s1
    words = len((unit * 100).split())
    assert _trie_steps(unit * 100, big) <= s2 + 3 * words

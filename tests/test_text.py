"""relindex.text: the words of each flag, shared by the library's messages and the CLI's notes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import relindex
from relindex.cli._words import Thresholds, period_notes, row_note
from relindex.scoring import FLAGS
from relindex.text import FLAG_WORDS, flag_label, flag_message

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [ROOT / "indicators.toml", ROOT / "docs" / "examples" / "hdi",
              ROOT / "docs" / "tutorial", ROOT / "tests" / "fixtures" / "dyads",
              ROOT / "tests" / "fixtures" / "events_dyads", ROOT / "tests" / "fixtures" / "mini"]


def test_every_flag_code_has_words_in_bit_order():
    """FLAG_WORDS holds exactly the flag codes a period can carry, in the order of their bits."""
    assert tuple(FLAG_WORDS) == FLAGS


def test_each_flag_sentence_reads_as_the_results_write_it():
    """Each flag's sentence, filled as scoring fills it (PeriodResult.flag_messages)."""
    said = {
        flag_message("below_coverage", threshold=0.5, low="cooperation 0.00"):
            "coverage below the headline threshold 0.5 (cooperation 0.00): never the headline; "
            "read with care",
        flag_message("carried", carried="volume from 2022"):
            "carried from an earlier period: volume from 2022",
        flag_message("no_index"): "no index: a side or a required dimension is missing",
        flag_message("no_friction_evidence", low=-0.5274, high=0.4726):
            "no friction evidence in the sources: the net index lies in [-0.527, +0.473], over "
            "the friction side's range 0-1",
        flag_message("no_cooperation_evidence", low=-0.9, high=0.1):
            "no cooperation evidence in the sources: the net index lies in [-0.900, +0.100], "
            "over the cooperation side's range 0-1",
        flag_message("few_sources", subject="a side", need=2, sources="sources",
                     few="friction 1"):
            "a side rests on fewer than 2 sources (friction 1): never the headline "
            "(index.headline_min_sources)",
        flag_message("few_sources", subject="the index", need=2, sources="sources",
                     few="it rests on 1"):
            "the index rests on fewer than 2 sources (it rests on 1): never the headline "
            "(index.headline_min_sources)",
        flag_message("rests_on_one_source", who="other"):
            "rests on one source: without other the index changes sign; read it as that "
            "document's reading",
    }
    for got, want in said.items():
        assert got == want


def test_labels_are_short_and_the_low_coverage_label_names_its_side():
    """A label is a few words; below_coverage's says which side and by how much."""
    assert flag_label("carried") == "carried"
    assert flag_label("few_sources") == "few sources"
    assert flag_label("rests_on_one_source") == "rests on one source"
    assert flag_label("below_coverage", side="cooperation", coverage=0.123,
                      threshold=0.5) == "cooperation coverage 0.12 < 0.5"
    assert all(len(w.label.split()) <= 5 for w in FLAG_WORDS.values())


def test_an_unknown_flag_code_has_no_words():
    """Only the codes scoring raises have words: a typo is an error, not a blank."""
    with pytest.raises(KeyError):
        flag_message("single_source")


def _scored(folder: Path) -> relindex.Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", relindex.RelindexWarning)
        return relindex.score(folder)


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda p: p.name)
def test_what_a_period_needs_said_is_always_flagged(folder: Path):
    """A missing index, low coverage and carried values each raise the flag that words them.

    The CLI's period notes are the flag sentences alone; this is what lets them be: no
    period shows one of these conditions without the flag that words it.
    """
    result = _scored(folder)
    th = Thresholds.of(relindex.load(folder))
    for p in result.periods:
        codes = set(p.flags)
        if p.index is None:
            assert codes & {"no_index", "no_friction_evidence", "no_cooperation_evidence"}
        if any(cov < th.headline for cov in p.coverage.values()):
            assert "below_coverage" in codes
        if any(i.carried for top in p.dimensions for d in top.walk() for i in d.indicators):
            assert "carried" in codes
        assert period_notes(p) == list(dict.fromkeys(p.flag_messages))


def test_the_note_column_uses_the_flag_labels():
    """A flagged period's note in the one-line table is its flags' labels, joined."""
    folder = ROOT / "indicators.toml"
    result = _scored(folder)
    th = Thresholds.of(relindex.load(folder))
    seen = set()
    for p in result.periods:
        if p.index is None:
            continue
        note = row_note(p, th)
        for code in p.flags:
            if code == "below_coverage":
                for side, cov in p.coverage.items():
                    if cov < th.headline:
                        assert flag_label(code, side=side, coverage=cov,
                                          threshold=th.headline) in note
            else:
                assert flag_label(code) in note
            seen.add(code)
        if not p.flags:
            assert note == ""
    assert {"carried", "few_sources", "below_coverage"} <= seen


def test_a_dimension_note_says_when_it_holds_an_estimate_without_events():
    """A dimension with an event estimate for a period without events says so; others do not."""
    from relindex.cli._words import dimension_note

    folder = ROOT / "indicators.toml"
    result = _scored(folder)
    th = Thresholds.of(relindex.load(folder))
    seen = {True: 0, False: 0}
    for p in result.periods:
        for top in p.dimensions:
            for d in top.walk():
                if d.score is None:
                    continue
                estimated = any(i.status == "estimated" for i in d.indicators)
                assert ("estimated, no events" in dimension_note(d, th)) is estimated
                seen[estimated] += 1
    assert seen[True] and seen[False]

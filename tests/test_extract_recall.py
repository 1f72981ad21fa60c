"""Extraction recall on annotated passages: tuning sets and held-out sets.

The held-out passages (``tests/extract_passages/heldout`` for numbers,
``tests/extract_passages/events/heldout10`` and ``heldout11`` for events and numbers) were
written and annotated before the extractor was tuned on them; the event passages of
held-apart sets 1 to 9 (``events/tune_former_heldout`` to ``events/tune_former_heldout9``)
became tuning sets once looked at, and their figures are reported apart. Held-apart set 9 was
measured once, at the end of the round that followed its writing (1003f02: events 101/145,
numbers 135/143), and is a tuning set since the tenth round. Held-apart sets 10 and 11,
written apart by two writers, were measured once, at the end of the tenth round (0ef5656:
events 122/151 and 118/157, numbers 125/131 and 127/132).
Run with ``-s`` to see the figures of every set::

    python -m pytest tests/test_extract_recall.py -q -s -p no:cacheprovider
"""

from __future__ import annotations

import os
import typing
from pathlib import Path

import pytest

from relindex.extract import (
    MissedRecord,
    PassageEvent,
    RecallReport,
    event_recall,
    extract,
    load_passage_events,
    load_passage_facts,
    passage_recall,
)

PASSAGES = Path(__file__).parent / "extract_passages"
THRESHOLD = 0.9


def set_recall(folder: Path) -> tuple[RecallReport, int]:
    """Strict recall over every annotated passage of a folder, and the number of passages."""
    found = total = 0
    missed = []
    names = sorted(folder.glob("*.toml"))
    for ann in names:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        rep = passage_recall(text, load_passage_facts(ann), extract(text), source=ann.stem)
        found, total = found + rep.found, total + rep.total
        missed += rep.missed
    return RecallReport(found, total, tuple(missed)), len(names)


@pytest.mark.parametrize("name", ["tune", "heldout"])
def test_recall_of_numeric_facts_with_exact_spans(name):
    """At least 90% of the annotated numeric facts are proposed with their exact span and value."""
    rep, n = set_recall(PASSAGES / name)
    assert n >= 3 and rep.total >= 45, (n, rep.total)
    print(f"\n{name}: recall {rep.found}/{rep.total} = {rep.recall:.1%} over {n} passages")
    for m in rep.missed:
        print(f"  missed [{m.source}] {m.quote!r} = {m.value}: {m.reason}")
    assert rep.recall is not None and rep.recall >= THRESHOLD, [
        (m.source, m.quote, m.reason) for m in rep.missed]


def test_every_annotation_names_a_unique_place():
    """Each annotated quote (or its context) occurs exactly once in its passage."""
    for ann in sorted(PASSAGES.glob("*/*.toml")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for f in load_passage_facts(ann):
            where = f.context or f.quote
            assert text.count(where) == 1 and f.quote in where, (ann.name, f.quote)


EVENT_PASSAGES = PASSAGES / "events"
"""Passages with gold events and numeric facts (``tests/extract_passages/events/README.md``)."""

EVENT_SETS = {
    "tune": "tuning set",
    "tune_former_heldout": "tuning set (held-apart set 1 until its first measurement)",
    "tune_former_heldout2": "tuning set (held-apart set 2 until its first measurement)",
    "tune_former_heldout3": "tuning set (held-apart set 3 until its first measurement)",
    "tune_extra": "tuning set (written in the fourth round, before the extractor read it)",
    "tune_former_heldout4": "tuning set (held-apart set 4 until its first measurement)",
    "tune_former_heldout5": "tuning set (held-apart set 5 until its first measurement)",
    "tune_extra2": "tuning set (written in the sixth round, before the extractor read it)",
    "tune_former_heldout6": "tuning set (held-apart set 6 until its first measurement)",
    "tune_former_heldout7": "tuning set (held-apart set 7 until its first measurement)",
    "tune_former_heldout8": "tuning set (held-apart set 8 until its first measurement)",
    "tune_former_heldout9": "tuning set (held-apart set 9 until its first measurement)",
    "heldout10": "held-apart set 10",
    "heldout11": "held-apart set 11",
    "pooled": "held-apart sets 10 and 11 pooled",
}
"""The event passage sets. Sets 1 to 9 (``tune_former_heldout`` to ``tune_former_heldout9``)
were measured, looked at and tuned on after their first measurement, so only sets 10 and 11
measure passages the extractor was not tuned on."""

TARGETS = {"events": 0.75, "numbers": 0.95, "candidates_per_fact": 1.3}
"""Targets on the held-apart set: event recall (right type, polarity, actors and mode),
numeric recall (exact span, kind, value, unit), and candidates an analyst reads per gold fact."""

TUNING_FLOORS = {
    # numbers: every annotated fact of these sets since the tenth round (set 1 and tune_extra
    # with the "twice" reconciled then), their floors their figures
    "tune": {**TARGETS, "numbers": 16 / 16},
    "tune_former_heldout": {**TARGETS, "numbers": 31 / 31},
    "tune_former_heldout2": {**TARGETS, "numbers": 66 / 66},
    "tune_former_heldout3": {**TARGETS, "numbers": 112 / 112},
    "tune_extra": {**TARGETS, "events": 113 / 117,  # since the tenth round's relative clauses
                   "numbers": 54 / 54},
    # measured once at 9a18723 (85/114 events, 118/125 numbers, 0.91); after the fifth round
    # 110/114 events, 120/125 numbers, 1.01: the targets are its floors, as for the others;
    # numbers 124/125 since the eighth round's numeric rules
    # events 111/114 since the tenth round's relative clauses after a preposition ("under which
    # the armed forces of both countries will conduct")
    "tune_former_heldout4": {**TARGETS, "events": 111 / 114, "numbers": 124 / 125},
    # measured once at ddc6253 (80/128 events, 112/114 numbers, 0.89): a tuning set since
    # events 118/128 since the tenth round's chained infinitives
    "tune_former_heldout5": {**TARGETS, "events": 118 / 128,
                             "numbers": 114 / 114},  # 113/114 before round 8
    # written in the sixth round; first read batch by batch (README), then tuned on
    # events 145/158 since the ninth round, 146/158 since the tenth round's frames read by
    # their object ("closed all land, sea and air links")
    "tune_extra2": {**TARGETS, "events": 146 / 158, "numbers": 124 / 124},  # numbers: 123 before 8
    # measured once at f8d5b7e (95/131 events, 114/115 numbers, 0.90): a tuning set since the
    # seventh round, its floors its figures at the end of that round (112/131, 114/115);
    # numbers 115/115 since the eighth round's numeric rules
    # events 117/131 since the tenth round's coordinated modifiers ("closed its Koidula and
    # Luhamaa crossings")
    "tune_former_heldout6": {"events": 117 / 131, "numbers": 115 / 115,
                             "candidates_per_fact": 1.3},
    # measured once at b84f52a (99/145 events, 116/126 numbers, 0.90): a tuning set since the
    # eighth round, its floors its figures, raised as rounds 8 and 9 improved them; numbers
    # 126/126 since the ninth round's coordinated nouns; events 128/145 since the tenth
    # round's frames read by their object ("retaliated by closing the pipeline")
    "tune_former_heldout7": {"events": 128 / 145, "numbers": 126 / 126,
                             "candidates_per_fact": 1.3},
    # measured once at 8e928b4 (105/139 events, 110/118 numbers, 0.98): a tuning set since the
    # ninth round, its floors its figures, raised as the round improves them; numbers 118/118
    # since the ninth round's numeric rules (coordinated nouns, feet, counts elided after a
    # counting verb, hyphenated counts, the ISO 4217 currency table)
    "tune_former_heldout8": {"events": 131 / 139, "numbers": 118 / 118,
                             "candidates_per_fact": 1.3},
    # measured once at 1003f02 (101/145 events, 135/143 numbers, 0.91): a tuning set since the
    # tenth round, its floors its figures (numbers 135/142: the fact "a week" was removed when
    # the convention on articles was settled after set 9), raised as the round improves them;
    # numbers 137/142 since the tenth round's ratings ("500-kilovolt") and "twice", 142/142
    # since its elided nouns (totals, changes, participles, attributions) and title nouns;
    # events 104/145 since the tenth round's chained infinitives ("agreed to A and to B"),
    # 107/145 since its measures kept in force ("kept in force its ban", "keep ... closed"),
    # 108/145 since its relative clauses ("the Polish army, which scrambled fighter jets"),
    # 109/145 since its coordinated clauses with their own subject ("and in early 2025
    # Colombia's and Panama's navies held"), 112/145 since its subjects carried over ("and
    # shot them", "before withdrawing", "before releasing them"), 113/145 since its passive
    # visits ("was received in audience by"), 115/145 since its subjects carried across
    # sentences ("It agreed in March to"), 117/145 since its frames read by their object
    # ("Burundi shut the frontier", "Panama closed five trails"), 118/145 since its titles
    # read alone as their state ("which His Majesty graciously accepted")
    "tune_former_heldout9": {"events": 118 / 145,
                             "numbers": 142 / 142,
                             "candidates_per_fact": 1.3},
}
"""Floors against regressions on each tuning set (its figures may not fall below them)."""

TUNING_SETS = tuple(name for name in TUNING_FLOORS if (EVENT_PASSAGES / name).is_dir())
"""The tuning sets present (``tune_extra2`` lands in batches while it is written)."""
HELD_APART = ("heldout10", "heldout11")
"""The held-apart sets of the tenth round, written apart by two writers: the targets are
asserted on each and on the two pooled."""
MEASURED = {name: os.environ.get(f"RELINDEX_MEASURE_{name.upper()}", "1") == "1"
            for name in HELD_APART}
"""Whether to measure each held-apart set (``RELINDEX_MEASURE_HELDOUT10=1``, ...). A set is
measured once, at the end of the work that follows its writing; until then its tests are
skipped (and its annotations are not read) so that no run shows its figures or misses to those
tuning the extractor. Set 7 was measured at b84f52a and is a tuning set since the eighth round;
set 8 was measured at 8e928b4 and is a tuning set since the ninth round; set 9 was measured at
1003f02 and is a tuning set since the tenth round. Sets 10 and 11 were measured once at
0ef5656, the last commit of the tenth round (set 10: events 122/151, numbers 125/131, 1.00
candidates per fact; set 11: 118/157, 127/132, 0.94; pooled 240/308, 252/263, 0.97: every
target met), so they are measured on every run now; a round that tunes on their misses first
renames them tuning sets and has a set 12 written apart."""


def event_set_scores(*folders: Path) -> dict[str, typing.Any]:
    """Event recall, numeric recall and candidates per gold fact over folders of passages."""
    ev = num = cands = 0
    ev_total = num_total = 0
    missed: list[MissedRecord] = []
    for ann in sorted(ann for folder in folders for ann in folder.glob("*.toml")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        found = extract(text)
        r_ev = event_recall(text, load_passage_events(ann), found, source=ann.stem)
        r_num = passage_recall(text, load_passage_facts(ann), found, source=ann.stem)
        ev, ev_total = ev + r_ev.found, ev_total + r_ev.total
        num, num_total = num + r_num.found, num_total + r_num.total
        cands += sum(1 for c in found if c.kind != "date")
        missed += r_ev.missed + r_num.missed
    return {"events": ev / ev_total, "numbers": num / num_total,
            "candidates_per_fact": cands / (ev_total + num_total),
            "counts": (ev, ev_total, num, num_total, cands), "missed": missed}


def _report(name: str, s: dict[str, typing.Any]) -> None:
    ev, ev_total, num, num_total, cands = s["counts"]
    print(f"\n{name} ({EVENT_SETS[name]}): events {ev}/{ev_total} = {s['events']:.1%}, "
          f"numbers {num}/{num_total} = {s['numbers']:.1%}, candidates per gold fact "
          f"{cands}/{ev_total + num_total} = {s['candidates_per_fact']:.2f}")
    for m in s["missed"]:
        print(f"  missed [{m.source}] {m.quote!r}: {m.reason}")


@pytest.mark.parametrize("name", TUNING_SETS)
def test_event_recall_and_candidates_per_fact_on_the_tuning_sets(name):
    """On each tuning set: event and numeric recall at least its floors, candidates at most.

    Floors against regressions, not the measure of the extractor: that is sets 10 and 11 below.
    """
    floor = TUNING_FLOORS[name]
    s = event_set_scores(EVENT_PASSAGES / name)
    assert s["counts"][1] >= 24 and s["counts"][3] >= 16, s["counts"]
    _report(name, s)
    assert s["events"] >= floor["events"]
    assert s["numbers"] >= floor["numbers"]
    assert s["candidates_per_fact"] <= floor["candidates_per_fact"]


@pytest.fixture(scope="module", params=(*HELD_APART, "pooled"))
def held_apart(request) -> dict[str, typing.Any]:
    """Scores on each held-apart set (annotated before any tuning on it), and pooled, printed."""
    names = HELD_APART if request.param == "pooled" else (request.param,)
    for name in names:
        if not MEASURED[name]:
            pytest.skip(f"held-apart {name} is measured once, at the end "
                        f"(RELINDEX_MEASURE_{name.upper()}=1)")
        if not (EVENT_PASSAGES / name).is_dir():
            pytest.skip(f"no held-apart set at {EVENT_PASSAGES / name}")
    s = event_set_scores(*(EVENT_PASSAGES / name for name in names))
    assert s["counts"][1] >= 24 and s["counts"][3] >= 16, s["counts"]
    _report(request.param, s)
    return s


def test_event_recall_on_the_held_apart_set_reaches_75_percent(held_apart):
    """Events with the right type, polarity, actors and mode: at least 75% of each set."""
    assert held_apart["events"] >= TARGETS["events"]


def test_numeric_recall_on_the_held_apart_set_reaches_95_percent(held_apart):
    """Numeric facts with exact span, kind, value and unit: at least 95% of each set."""
    assert held_apart["numbers"] >= TARGETS["numbers"]


def test_candidates_per_fact_on_the_held_apart_set_at_most_1_3(held_apart):
    """At most 1.3 candidates (numbers and events; dates aside) per gold fact of each set."""
    assert held_apart["candidates_per_fact"] <= TARGETS["candidates_per_fact"]


def annotated_event_passages() -> list[Path]:
    """The annotated event passages; the held-apart set's only when it is being measured."""
    folders = [d for d in sorted(EVENT_PASSAGES.iterdir())
               if d.is_dir() and MEASURED.get(d.name, True)]
    return [ann for d in folders for ann in sorted(d.glob("*.toml"))]


def test_event_annotations_name_unique_places_and_valid_types():
    """Each gold event's quote occurs once; its type is a PLOVER category of the crosswalk."""
    from relindex.events.scales import _crosswalk

    categories = {cat for cat, _ in _crosswalk().values()}
    for ann in annotated_event_passages():
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for e in load_passage_events(ann):
            assert text.count(e.quote) == 1, (ann.name, e.quote)
            assert e.type in categories and len(e.actors) == 2, (ann.name, e.quote)


def test_event_recall_needs_type_polarity_actors_and_mode():
    """A candidate with the wrong mode or actors does not count; each counts once."""
    text = "Kenya banned imports of Ugandan milk. Kenya banned imports of Ugandan eggs."
    gold = PassageEvent(quote="banned imports of Ugandan milk", type="COERCE",
                        polarity="friction", actors=["UG", "KE"], mode="act")
    found = extract(text)
    assert event_recall(text, [gold], found).found == 1
    for change in ({"mode": "forecast"}, {"actors": ["KE", "TZ"]}, {"type": "SANCTION"}):
        wrong = gold.model_copy(update=change)
        rep = event_recall(text, [wrong], found)
        assert rep.found == 0 and "wanted" in rep.missed[0].reason
    twice = event_recall(text, [gold, gold.model_copy(update={"quote": "Ugandan milk"})], found)
    assert twice.found == 1

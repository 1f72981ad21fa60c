"""relindex.extract.layout: headings, captions and repeated passages give no candidates."""

from __future__ import annotations

import pytest

from relindex.extract import extract, split_sentences
from relindex.extract.layout import classify


def test_lines_are_classified_as_prose_heading_caption_or_repeat():
    """A headline, a section title, a caption, a related link and a repeated quote are set aside."""
    text = "\n".join([
        "Thai and Cambodian troops clash near temple",
        "",
        "BANGKOK, 12 March 2025 — Thai and Cambodian soldiers exchanged fire on Tuesday.",
        "2. Escalation",
        "Photo: Cambodian soldiers at the temple in 2011. They stand guard.",
        "\"We will not cede an inch,\" said a spokesman.",
        "Related coverage",
        "\"We will not cede an inch,\" said a spokesman.",
    ])
    kinds = classify(text, split_sentences(text))
    assert kinds == ["heading", "prose", "heading", "heading", "caption", "caption", "prose",
                     "caption", "caption"]


def test_lines_under_a_related_coverage_marker_are_links_up_to_a_blank_line():
    """Links listed under ``Related coverage`` give no events; the paragraph after a blank does."""
    text = "\n".join([
        "The Netherlands expelled Turkey's family minister on Sunday.",
        "Related coverage",
        "Germany cancels Turkish rallies; Erdogan accuses Berlin of \"Nazi practices\"",
        "",
        "Germany cancelled Turkish rallies on Monday.",
    ])
    assert classify(text, split_sentences(text))[1:] == ["caption", "caption", "prose"]
    events = [c for c in extract(text) if c.kind == "event"]
    assert [(c.quote, c.actors) for c in events] == [
        ("expelled Turkey's family minister", ["NL", "TR"]), ("cancelled", ["DE", "TR"])]


@pytest.mark.parametrize("opening", ["La Paz, 3 March 2025.", "ST. JOHN'S, 3 March 2025."])
def test_a_sentence_that_is_a_place_and_a_date_dates_the_story(opening):
    """``La Paz, 3 March 2025.`` opening the first paragraph is a dateline like a heading."""
    text = (f"{opening} Chilean President Gabriel Boric met Bolivian President Luis Arce in "
            "Santiago. Bolivia accused Chile of blocking trucks.")
    events = [c for c in extract(text) if c.kind == "event"]
    assert [(c.quote, c.period) for c in events] == [("met", "2025-03"), ("accused", "2025-03")]


@pytest.mark.parametrize("opening", [
    "Bolivia, Chile and Peru met on 3 March 2025.",  # a date, but not the sentence's all
    "Bolivia, 3 March 2025 and beyond.",             # more than the full stop after it
    "In Santiago, 3 March 2025 was quiet.",           # no place before the comma alone
])
def test_a_sentence_holding_more_than_a_place_and_a_date_is_no_dateline(opening):
    """Only a place, a date and a full stop make a dateline; other sentences date nothing."""
    text = f"{opening} Bolivia accused Chile of blocking trucks."
    events = [c for c in extract(text) if c.kind == "event" and c.quote == "accused"]
    assert [c.period for c in events] == [None]


def test_headings_give_no_events_captions_and_repeats_nothing_and_datelines_date():
    """A headline gives its figures but no event; a dateline heading dates the events."""
    text = "\n".join([
        "Kenya bans Ugandan milk imports",
        "Nairobi, 8 August 2024",
        "Kenya banned imports of Ugandan milk worth $5 billion.",
        "Photo: Kenya banned imports of Ugandan milk worth $6 billion.",
        "Kenya banned imports of Ugandan milk worth $5 billion.",
    ])
    cands = [c for c in extract(text) if c.kind != "date"]
    assert [(c.kind, c.quote) for c in cands] == [("event", "banned imports"),
                                                  ("money", "$5 billion")]
    headline = [c for c in extract("Trade soars by $50B\nIt did.") if c.kind != "date"]
    assert [(c.kind, c.value) for c in headline] == [("money", 50.0)]
    assert cands[0].period == "2024-08"


def test_a_repeated_document_gives_no_more_candidates():
    """The same text twice gives the candidates of one copy."""
    text = "Russia and China held a joint exercise in 2023. Trade reached $240 billion."
    once = extract(text)
    assert [c.to_dict() for c in extract(text + "\n" + text)] == [c.to_dict() for c in once]

"""relindex.extract.toml_writer: draft ledger entries as TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relindex import extract as ex
from relindex.extract import (
    candidates_to_toml,
    extract,
    load_lexicon,
    toml_string,
)

PASSAGES = Path(__file__).parent / "extract_passages"


# ------------------------------------------------------------------------------ TOML output


def test_candidates_to_toml_round_trips_and_quotes_the_sentence():
    """The TOML reads back with one draft per non-date candidate, quoting the sentence."""
    text = "Ties grew. In 2023, trade surged to approximately $240 billion.\nNothing here."
    cands = extract(text)
    doc = tomllib.loads(candidates_to_toml(cands, "my-source", text=text))
    entries = doc["evidence"]
    kept = [c for c in cands if c.kind != "date"]
    assert [e["id"] for e in entries] == [f"my-source-cand-{i:04d}"
                                          for i in range(1, len(kept) + 1)]
    money = next(e for e in entries if e.get("unit") == "USD bn")
    assert money == {
        "id": money["id"], "indicator": "", "source": "my-source",
        "quote": "In 2023, trade surged to approximately $240 billion.",
        "value": 240.0, "unit": "USD bn", "period": "2023", "qualifier": "about",
        "actors": [], "exclude": money["exclude"],
    }
    assert money["exclude"].startswith("draft: not reviewed (fill in indicator;")
    for e in entries:
        assert e["quote"] in text


def test_drafts_fit_the_evidence_model_once_the_named_fields_are_filled():
    """Each draft is a valid Evidence record after filling exactly the fields its exclude names."""
    from relindex.models import Evidence

    text = (PASSAGES / "india_japan.txt").read_text(encoding="utf-8")
    cands = extract(text)
    doc = tomllib.loads(candidates_to_toml(cands, "india-japan", text=text))
    assert len(doc["evidence"]) == sum(c.kind != "date" for c in cands) >= 10
    for e in doc["evidence"]:
        assert set(e) <= set(Evidence.model_fields), set(e) - set(Evidence.model_fields)
        todo = ex.draft_todo(e)
        assert e["exclude"].startswith("draft:") and "fill in " + ", ".join(todo) in e["exclude"]
        filled = {**e, "indicator": "x"}
        if "period" in todo:
            filled["period"] = "2023"
        Evidence.model_validate(filled)


def test_event_types_are_the_catalogues_or_marked_new():
    """Events get the catalogue's event type (by id or CAMEO) or a '# new event type' comment."""
    types = ex.catalogue_event_types()
    assert "joint_exercise" in types and "summit_meeting" not in types
    text = ("In May 2024 China and Russia held a joint naval exercise, a summit and imposed "
            "sanctions.")
    out = candidates_to_toml(extract(text), "s", text=text, event_types=types)
    entries = tomllib.loads(out)["evidence"]
    got = [e["event_type"] for e in entries if "event_type" in e]
    assert got[0] == "joint_exercise"
    lex = {e.id: e for e in load_lexicon().events}
    assert len(got) == 2
    for e in got[1:]:
        assert e in types or f"# new event type: {e!r}" in out, e
    assert "summit_meeting" not in got or "# new event type: 'summit_meeting'" in out
    assert lex["summit_meeting"].cameo == "040"


def test_candidates_to_toml_refuses_a_text_that_does_not_match():
    """Passing a different text than the candidates came from raises ValueError."""
    cands = extract("Trade surged to $240 billion.")
    with pytest.raises(ValueError, match="does not match"):
        candidates_to_toml(cands, "s", text="Something else entirely, long enough.")


def test_toml_escaping_round_trips_awkward_quotes():
    """Quotes with double quotes, backslashes, newlines, tabs, controls and unicode round-trip."""
    awkward = ('He said "no limits" \\ C:\\path\n\tnext\r\x00\x1f\x7f'
               ' — 中国 😀 “x” \\u0041')
    text = awkward + " Trade reached $5 billion."
    cands = [c for c in extract(text) if c.kind == "money"]
    out = candidates_to_toml(cands, 'src "quoted" \\ id', text=text)
    doc = tomllib.loads(out)
    (entry,) = doc["evidence"]
    assert entry["source"] == 'src "quoted" \\ id'
    assert entry["quote"] in text and entry["quote"].endswith("Trade reached $5 billion.")
    for s in (awkward, "", '"', "\\", "\n", "\\n", "'''", '"""'):
        assert tomllib.loads("x = " + toml_string(s))["x"] == s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_toml_string_round_trips_any_text(s):
    """toml_string(s) read back by tomllib gives s, for any text without lone surrogates."""
    assert tomllib.loads("x = " + toml_string(s))["x"] == s


def test_toml_string_refuses_lone_surrogates():
    """A lone surrogate cannot be written to TOML: ValueError, not broken output."""
    with pytest.raises(ValueError, match="surrogate"):
        toml_string("a\ud800b")



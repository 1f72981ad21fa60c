"""Each bad input gives its RelindexError naming the file, the key and the fix."""

from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import (
    CatalogueError,
    EvidenceError,
    InputFileError,
    QuoteNotFoundError,
    RelindexError,
)


def fails(folder: Path, kind: type[RelindexError], *fragments: str) -> RelindexError:
    with pytest.raises(kind) as info:
        relindex.load(folder)
    message = str(info.value)
    for frag in fragments:
        assert frag in message, f"{frag!r} not in {message!r}"
    assert "Fix:" in message
    return info.value


def test_malformed_toml(mini):
    """A TOML syntax error names the file and the line."""
    edit(mini / "indicators.toml", 'name = "Mini test index"', 'name = "Mini test index')
    err = fails(mini, InputFileError, "indicators.toml", "not valid TOML", "line")
    assert err.path.endswith("indicators.toml")


def test_unknown_indicator_id(mini):
    """Evidence naming an undeclared indicator is refused with its key path."""
    edit(mini / "evidence.toml", 'indicator = "share"', 'indicator = "shares"')
    fails(mini, EvidenceError, "evidence.toml", "evidence[share-2022].indicator", "'shares'")


def test_unknown_source_id(mini):
    """Evidence naming an undeclared source is refused."""
    edit(mini / "evidence.toml", 'source = "other"', 'source = "nowhere"')
    fails(mini, EvidenceError, "evidence[vol-2022-b].source", "'nowhere'")


def test_negative_weight(mini):
    """A negative weight is refused with the full key path and the value."""
    edit(mini / "indicators.toml", "weight = 2", "weight = -1")
    fails(mini, CatalogueError, "indicators.toml", "dimensions.trade.weight",
          "finite number >= 0", "Got -1")


def test_non_finite_weight(mini):
    """Nan and inf weights are refused."""
    edit(mini / "indicators.toml", "weight = 2", "weight = nan")
    fails(mini, CatalogueError, "dimensions.trade.weight")
    edit(mini / "indicators.toml", "weight = nan", "weight = inf")
    fails(mini, CatalogueError, "dimensions.trade.weight")


def test_zero_sum_weights(mini):
    """Weights of a level that add up to zero are refused."""
    edit(mini / "indicators.toml", "weight = 2", "weight = 0")
    edit(mini / "indicators.toml", "[dimensions.military]\nname = \"Military\"\n"
         "polarity = \"cooperation\"\nweight = 1", "[dimensions.military]\nname = \"Military\"\n"
         "polarity = \"cooperation\"\nweight = 0")
    fails(mini, CatalogueError, "cooperation dimensions add up to zero")


def test_empty_dimension(mini):
    """A dimension with no indicator is refused."""
    text = (mini / "indicators.toml").read_text()
    text += '\n[dimensions.empty]\nname = "Empty"\npolarity = "cooperation"\nrationale = "x"\n'
    (mini / "indicators.toml").write_text(text)
    fails(mini, CatalogueError, "dimensions.empty", "at least one indicator")


def test_goalpost_min_not_below_max(mini):
    """Goalposts with min >= max are refused."""
    edit(mini / "indicators.toml", "min = 0, max = 100", "min = 100, max = 100")
    fails(mini, CatalogueError, "dimensions.trade.indicators.share.normalisation",
          "must be below max")


def test_duplicate_evidence_id(mini):
    """Two records with one id are refused."""
    edit(mini / "evidence.toml", 'id = "share-2023"', 'id = "share-2022"')
    fails(mini, EvidenceError, "duplicate evidence id", "share-2022")


def test_duplicate_indicator_id(mini):
    """An indicator id used in two dimensions is refused."""
    edit(mini / "indicators.toml", "[dimensions.military.indicators.exercises]",
         "[dimensions.military.indicators.share]")
    fails(mini, CatalogueError, "duplicate id", "dimensions.military.indicators.share")


def test_quote_not_in_source(mini):
    """An altered quote names the evidence id, the quote and the source file."""
    edit(mini / "evidence.toml", "it rose to $150 billion", "it rose to $160 billion")
    err = fails(mini, QuoteNotFoundError, "vol-2022-a", "$160 billion", "doc.txt")
    assert err.evidence_id == "vol-2022-a"


def test_quote_from_wrong_source(mini):
    """A real quote attributed to a document that does not hold it is caught."""
    (mini / "doc2.txt").write_text("A different document altogether.\n")
    edit(mini / "sources.toml", 'file = "doc.txt"\ntitle = "The same document, graded lower"',
         'file = "doc2.txt"\ntitle = "The same document, graded lower"')
    fails(mini, QuoteNotFoundError, "vol-2022-b", "doc2.txt")


def test_altered_source_text_fails_verification(mini):
    """Changing the source text (not the ledger) makes its quotes fail."""
    edit(mini / "doc.txt", "espionage", "spying")
    fails(mini, QuoteNotFoundError, "acc-2023")


def test_missing_file(mini):
    """A missing source document names the file and the fix."""
    (mini / "doc.txt").unlink()
    fails(mini, InputFileError, "doc.txt", "not found")


def test_missing_catalogue(tmp_path):
    """A missing catalogue names the path."""
    fails(tmp_path / "nope.toml", InputFileError, "nope.toml", "not found")


def test_unit_mismatch(mini):
    """A value in another unit than its indicator's is refused with the conversion fix."""
    edit(mini / "evidence.toml", 'value = 40\nunit = "%"', 'value = 0.4\nunit = "share"')
    fails(mini, EvidenceError, "evidence[share-2022].unit", "'%'")


def test_unknown_key_is_refused(mini):
    """A misspelt key is refused rather than ignored."""
    edit(mini / "indicators.toml", "carry_forward = 1", "carry_froward = 1")
    fails(mini, CatalogueError, "carry_froward", "Extra inputs")


def test_event_record_needs_declared_type(mini):
    """An event of a type its indicator does not count is refused."""
    edit(mini / "evidence.toml", 'event_type = "accusation"', 'event_type = "exercise"')
    fails(mini, EvidenceError, "evidence[acc-2023].event_type")


def test_geometric_without_floor_on_zero(mini):
    """A geometric node meeting a zero with no floor declared is a clear ScoringError."""
    edit(mini / "indicators.toml", '[dimensions.friction]\nname = "Friction"',
         '[dimensions.friction]\naggregation = "geometric"\nname = "Friction"')
    edit(mini / "evidence.toml", 'id = "acc-2023"', 'id = "acc-2023"\nexclude = "test"')
    with pytest.raises(relindex.ScoringError) as info:
        relindex.score(mini)
    assert "dimensions.friction.aggregation" in str(info.value)
    assert "floor" in str(info.value)

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
    edit(mini / "indicators.toml", '[dimensions.trade]\nname = "Trade"',
         '[dimensions.trade]\naggregation = "geometric"\nname = "Trade"')
    # the 2023 share of 50 per cent sits on its lower goalpost: a normalised zero
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 100 }',
         'normalisation = { method = "goalposts", min = 50, max = 100 }')
    with pytest.raises(relindex.ScoringError) as info:
        relindex.score(mini)
    assert "dimensions.trade.aggregation" in str(info.value)
    assert "floor" in str(info.value)


# --------------------------------------------------------------------------- strict types


@pytest.mark.parametrize(("file", "old", "new", "key"), [
    ("indicators.toml", "weight = 2", 'weight = "2"', "dimensions.trade.weight"),
    ("indicators.toml", "weight = 2", "weight = true", "dimensions.trade.weight"),
    ("indicators.toml", "carry_forward = 1", 'carry_forward = "1"',
     "dimensions.trade.indicators.volume.carry_forward"),
    ("evidence.toml", "value = 40", 'value = "40"', "evidence[share-2022].value"),
    ("evidence.toml", "value = 40", "value = true", "evidence[share-2022].value"),
    ("evidence.toml", 'period = "2021"', "period = 2021", "evidence[vol-2021].period"),
    ("evidence.toml", 'unit = "%"', 'unit = "%"\ncredibility = "1"',
     "evidence[share-2022].credibility"),
    ("evidence.toml", 'unit = "%"', 'unit = "%"\ncredibility = 1.0',
     "evidence[share-2022].credibility"),
    ("indicators.toml", "severity = 7.4", 'severity = "7.4"', "event_types.exercise.severity"),
])
def test_no_string_or_bool_coercion(mini, file, old, new, key):
    """A quoted number, a boolean or a float where a whole number belongs is refused."""
    edit(mini / file, old, new)
    err = fails(mini, RelindexError, file, key)
    assert err.key == key


def test_integers_still_fill_float_fields(mini):
    """TOML integers are accepted where a float is declared (weight = 2, min = 10)."""
    cat = relindex.load(mini).catalogue
    assert cat.dimensions["trade"].weight == 2.0
    assert isinstance(cat.dimensions["trade"].weight, float)


@pytest.mark.parametrize("bad", ["\\n", "\\u0007", "\\u0085", "\\u202e", "\\u2066", "\\u200f",
                                 "\\u061c", "\\u2028"])
@pytest.mark.parametrize(("file", "old", "key"), [
    ("indicators.toml", 'name = "Trade volume"', "dimensions.trade.indicators.volume.name"),
    ("indicators.toml", 'name = "Trade"', "dimensions.trade.name"),
    ("indicators.toml", 'name = "Mini test index"', "catalogue.name"),
    ("sources.toml", 'title = "A test document"', "sources.doc.title"),
])
def test_no_control_or_bidi_characters_in_names(mini, bad, file, old, key):
    """Names and titles with control, line-separator or bidi characters are refused."""
    edit(mini / file, old, old[:-1] + f" x{bad}y" + '"')
    err = fails(mini, RelindexError, file, key, "control or bidirectional")
    assert err.key == key


def test_ordinary_unicode_in_names_is_kept(mini):
    """Letters of other scripts, accents and a zero-width joiner stay allowed in names."""
    edit(mini / "indicators.toml", 'name = "Trade"', 'name = "Торговля – 貿易 e\\u0301\\u200d"')
    assert relindex.load(mini).catalogue.dimensions["trade"].name.startswith("Торговля")


def test_label_check_refuses_exactly_control_separator_and_bidi_characters():
    """A label is refused exactly for a control, separator or bidi character.

    Every character of the Basic Multilingual Plane and a few beyond it: refused exactly
    when it is a control (Cc), a line or paragraph separator (Zl, Zp) or a bidirectional
    formatting character, whether the label is printable text (the fast path) or not.
    """
    import unicodedata

    from relindex.models._base import _BIDI, _plain_text

    for cp in [*range(0x10000), 0xE0001, 0xE007F, 0x1F600, 0x10FFFD]:
        ch = chr(cp)
        bad = ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        try:
            _plain_text(f"a{ch}b")
        except ValueError as e:
            assert bad and f"U+{cp:04X} at position 1" in str(e), cp
        else:
            assert not bad, cp


def test_sub_dimension_polarity_contradicting_its_parent_is_refused(mini):
    """A friction sub-dimension under a cooperation dimension is refused with its key."""
    edit(mini / "indicators.toml", "[dimensions.military]",
         '[dimensions.trade.dimensions.spat]\nname = "Spat"\npolarity = "friction"\n'
         'rationale = "t"\n[dimensions.trade.dimensions.spat.indicators.spats]\n'
         'name = "Spats"\nunit = "n"\nnormalisation = { method = "goalposts", min = 0, max = 1 }'
         '\nrationale = "t"\n\n[dimensions.military]')
    err = fails(mini, CatalogueError, "dimensions.trade.dimensions.spat.polarity", "'friction'",
                "contradicts")
    assert err.key == "dimensions.trade.dimensions.spat.polarity"


def test_sub_dimension_repeating_its_parents_polarity_is_accepted(mini):
    """A sub-dimension that states its parent's polarity again loads."""
    edit(mini / "indicators.toml", "[dimensions.military]",
         '[dimensions.trade.dimensions.more]\nname = "More"\npolarity = "cooperation"\n'
         'rationale = "t"\n[dimensions.trade.dimensions.more.indicators.mores]\n'
         'name = "Mores"\nunit = "n"\nnormalisation = { method = "goalposts", min = 0, max = 1 }'
         '\nrationale = "t"\n\n[dimensions.military]')
    assert "more" in relindex.load(mini).catalogue.dimensions["trade"].dimensions


def _log1p_share(mini):
    edit(mini / "indicators.toml", 'unit = "%"\n', 'unit = "%"\ntransform = "log1p"\n')


def test_log1p_of_a_value_at_most_minus_one_is_refused_in_a_ledger(mini):
    """A ledger value <= -1 under a log1p transform is refused, naming the record."""
    _log1p_share(mini)
    edit(mini / "evidence.toml", "value = 40", "value = -1")
    fails(mini, EvidenceError, "evidence[share-2022].value", "log1p", "Got -1")


TABLE_HEAD = "id,indicator,period,value,unit\n"


def _with_table(mini, rows):
    (mini / "t.csv").write_text(TABLE_HEAD + rows, encoding="utf-8")
    edit(mini / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\ntables = [{file = "t.csv", citation = "c"}]')


def test_log1p_of_a_value_at_most_minus_one_is_refused_in_a_table(mini):
    """A table row <= -1 under a log1p transform is refused, naming the row."""
    _log1p_share(mini)
    _with_table(mini, "t-1,share,2021,30,%\nt-2,share,2022,-1.5,%\n")
    fails(mini, EvidenceError, "t.csv", "row 3.value", "log1p")


def test_log_of_a_value_at_most_zero_is_refused_in_a_table(mini):
    """A table row <= 0 under a log transform is refused, naming the row."""
    _with_table(mini, "t-1,volume,2019,0,USD bn\n")
    fails(mini, EvidenceError, "t.csv", "row 2.value", "log")


def test_a_sum_that_overflows_is_refused_naming_indicator_and_period(mini):
    """Records whose sum overflows to infinity are an error, not 'raw inf, normalised 1.0'."""
    edit(mini / "indicators.toml", 'weight = 1\nrationale = "test"',
         'weight = 1\ncombine = "sum"\nrationale = "test"')
    _with_table(mini, "t-1,share,2020,1.7e308,%\nt-2,share,2020,1.7e308,%\n")
    ds = relindex.load(mini)
    with pytest.raises(relindex.errors.ScoringError) as info:
        relindex.score(ds)
    assert "'share'" in str(info.value) and "2020" in str(info.value)
    assert info.value.key == "share.2020"


def test_a_derived_value_that_overflows_is_refused(mini):
    """A derived sum of two huge series is an error naming the derived indicator."""
    edit(mini / "indicators.toml", "[dimensions.military]",
         '[dimensions.trade.indicators.both]\nname = "Both"\nunit = "%"\n'
         'normalisation = { method = "goalposts", min = 0, max = 100 }\n'
         'derived = { op = "sum", of = ["share", "volume"], reason = "t" }\n'
         'rationale = "t"\n\n[dimensions.military]')
    _with_table(mini, "t-1,share,2020,1.7e308,%\nt-2,volume,2020,1.7e308,USD bn\n")
    with pytest.raises(relindex.errors.ScoringError) as info:
        relindex.score(relindex.load(mini))
    assert "'both'" in str(info.value) and "2020" in str(info.value)

"""Observations from CSV data tables, with a citation instead of a quote."""

import pytest

import relindex
from _util import edit
from relindex.errors import EvidenceError

TABLE = """id,indicator,period,value,unit,citation
share-2021,share,2021,35,%,"Statistics office, table 7 (accessed 2026-11-01)"
share-2024,share,2024,55,%,
"""


@pytest.fixture
def with_table(mini):
    (mini / "stats.csv").write_text(TABLE, encoding="utf-8")
    edit(mini / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\n'
         'tables = [{file = "stats.csv", citation = "Borduria statistics office yearbook"}]')
    return mini


def test_table_rows_become_evidence(with_table):
    """Each row is a record citing its table (row citation, else the table's)."""
    ds = relindex.load(with_table)
    rows = {r.id: r for r in ds.records if r.citation is not None}
    assert set(rows) == {"share-2021", "share-2024"}
    assert rows["share-2021"].citation.startswith("Statistics office")
    assert rows["share-2024"].citation == "Borduria statistics office yearbook"
    assert rows["share-2021"].span is None


def test_table_values_are_scored(with_table):
    """A table value enters the index like any observation, and extends the periods."""
    result = relindex.score(with_table)
    assert result.periods[-1].period == 2024
    share = result.period(2021).dimension("trade").indicators[1]
    assert share.raw == 35 and share.evidence == ("share-2021",)


def test_bad_table_row_names_file_and_row(with_table):
    """A row with a non-number value names the file and the row."""
    (with_table / "stats.csv").write_text(TABLE.replace(",35,", ",lots,"), encoding="utf-8")
    with pytest.raises(EvidenceError) as info:
        relindex.load(with_table)
    assert "stats.csv" in str(info.value) and "row 2" in str(info.value)


def test_table_unit_must_match(with_table):
    """A row in another unit than its indicator is refused."""
    (with_table / "stats.csv").write_text(TABLE.replace(",35,%,", ",0.35,share,"),
                                          encoding="utf-8")
    with pytest.raises(EvidenceError, match="unit"):
        relindex.load(with_table)


def test_an_id_holding_a_newline_is_refused(with_table):
    """A quoted newline inside an id is no way to smuggle a second row into the evidence."""
    (with_table / "stats.csv").write_text(
        TABLE.replace("share-2021,", '"share-2021\nfake-row",'), encoding="utf-8")
    with pytest.raises(EvidenceError) as info:
        relindex.load(with_table)
    assert "stats.csv" in str(info.value) and "id" in str(info.value)


def test_digest_is_the_same_when_files_are_digested_in_a_thread(with_table, monkeypatch):
    """A large file's SHA-256, computed while it is parsed, enters the digest in its place."""
    from relindex import _catalogue_reader

    inline = relindex.load(with_table).digest
    monkeypatch.setattr(_catalogue_reader, "BACKGROUND_DIGEST_BYTES", 1)  # every file
    assert relindex.load(with_table).digest == inline
    (with_table / "stats.csv").write_text(TABLE.replace(",55,", ",56,"), encoding="utf-8")
    assert relindex.load(with_table).digest != inline

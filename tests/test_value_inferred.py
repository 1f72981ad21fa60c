"""A value inferred from a quote's words (``value_inferred``, ``value_reason``).

The pair is checked where a record is read (ledger, CSV, Parquet), carried by every record
built, shown by ``relindex evidence``, and set apart from the misses of
``relindex extract --recall``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import relindex
from _util import cli, edit
from relindex.errors import EvidenceError

INFERRED = ('value_inferred = true\nvalue_reason = "The quote says \'over 90 billion\': '
            'recorded as over 90."\n')


def _mark(mini: Path, text: str, rid: str = "vol-2023-h1") -> None:
    """Add `text` (TOML lines) to the ledger record `rid` of the mini catalogue."""
    edit(mini / "evidence.toml", f'id = "{rid}"\n', f'id = "{rid}"\n{text}')


def test_an_inferred_value_round_trips_through_the_ledger(mini: Path) -> None:
    """The pair is kept on the record and shown by 'relindex evidence'; scores are unchanged."""
    before = relindex.score(mini).to_records()
    _mark(mini, INFERRED)
    ds = relindex.load(mini)
    e = ds.record("vol-2023-h1").evidence
    assert e.value_inferred and e.value_reason.startswith("The quote says 'over 90 billion'")
    assert not ds.record("vol-2021").evidence.value_inferred
    assert relindex.score(mini).to_records() == before
    out = cli("evidence", "-c", str(mini), "--format", "json")
    assert out.returncode == 0, out.stderr
    shown = {r["id"]: r["value_inferred"] for r in json.loads(out.stdout)}
    assert shown["vol-2023-h1"] is True and shown["vol-2021"] is False
    text = cli("evidence", "-c", str(mini)).stdout
    assert "over 90 USD bn (inferred)" in text and "100 USD bn (inferred)" not in text


@pytest.mark.parametrize(("text", "key", "fix"), [
    ("value_inferred = true\n", "evidence[vol-2023-h1].value_reason", "give value_reason"),
    ('value_inferred = true\nvalue_reason = "  "\n', "evidence[vol-2023-h1].value_reason",
     "give value_reason"),
])
def test_an_inferred_value_needs_its_reason(mini: Path, text: str, key: str, fix: str) -> None:
    """value_inferred without a (non-blank) value_reason names the record, the key and the fix."""
    _mark(mini, text)
    with pytest.raises(EvidenceError) as info:
        relindex.load(mini)
    msg = str(info.value)
    assert "evidence.toml" in msg and key in msg and "inferred from" in msg
    assert f"Fix: {fix}" in msg


def test_an_inferred_value_needs_a_value(mini: Path) -> None:
    """value_inferred on a record without a value names the record's 'value' key."""
    _mark(mini, INFERRED, rid="acc-2023")
    with pytest.raises(EvidenceError) as info:
        relindex.load(mini)
    msg = str(info.value)
    assert "evidence[acc-2023].value " in msg and "value_inferred is true" in msg
    assert "Fix: give the value inferred" in msg


TABLE = """id,indicator,period,value,unit,value_inferred,value_reason
share-2021,share,2021,35,%,,
share-2024,share,2024,55,%,true,The table's note says 'more than half': recorded as 55.
share-2025,share,2025,60,%,false,
"""


@pytest.fixture
def with_table(mini: Path) -> Path:
    edit(mini / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\n'
         'tables = [{file = "stats.csv", citation = "Borduria statistics office yearbook"}]')
    return mini


def test_a_table_row_carries_its_inferred_value(with_table: Path) -> None:
    """A CSV row marked value_inferred = true keeps the pair; other rows read as plain."""
    (with_table / "stats.csv").write_text(TABLE, encoding="utf-8")
    ds = relindex.load(with_table)
    rows = {r.id: r.evidence for r in ds.records if r.citation is not None}
    assert rows["share-2024"].value_inferred
    assert rows["share-2024"].value_reason.startswith("The table's note says")
    assert not rows["share-2021"].value_inferred and not rows["share-2025"].value_inferred


def test_a_table_row_inferred_without_reason_names_its_row(with_table: Path) -> None:
    """A CSV row marked value_inferred without value_reason is refused naming file and row."""
    (with_table / "stats.csv").write_text(
        TABLE.replace(",true,The table's note says 'more than half': recorded as 55.", ",true,"),
        encoding="utf-8")
    with pytest.raises(EvidenceError) as info:
        relindex.load(with_table)
    assert "stats.csv" in str(info.value) and "row 3.value_reason" in str(info.value)


def test_a_parquet_row_carries_its_inferred_value(tmp_path: Path) -> None:
    """A boolean value_inferred column of a Parquet table reads like the CSV column."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pacsv = pytest.importorskip("pyarrow.csv")
    folder = tmp_path / "dyads"
    shutil.copytree(Path(__file__).parent / "fixtures" / "dyads", folder)
    tbl = pacsv.read_csv(folder / "table.csv", convert_options=pacsv.ConvertOptions(
        column_types={"period": pa.int32(), "value": pa.float64(), "id": pa.string()}))
    n = tbl.num_rows
    tbl = tbl.append_column("value_inferred", pa.array([True] + [False] * (n - 1)))
    tbl = tbl.append_column("value_reason", pa.array(["read from 'about'"] + [None] * (n - 1),
                                                     pa.string()))
    pq.write_table(tbl, folder / "table.parquet")
    edit(folder / "indicators.toml", 'file = "table.csv"', 'file = "table.parquet"')
    ds = relindex.load(folder)
    first = tbl.column("id")[0].as_py()
    rows = {r.id: r.evidence for r in ds.records}
    assert rows[first].value_inferred and rows[first].value_reason == "read from 'about'"
    assert sum(e.value_inferred for e in rows.values()) == 1


LEDGER = """[[evidence]]
id = "vol-2021"
indicator = "volume"
source = "doc"
quote = "Trade between Aland and Borduria reached $100 billion in 2021."
period = "2021"
value = 100
unit = "USD bn"

[[evidence]]
id = "vol-2024-grew"
indicator = "volume"
source = "doc"
quote = "Trade grew again in 2024."
period = "2024"
value = 150
value_inferred = true
value_reason = "The quote says trade 'grew again' after the $150 billion of 2022: over 150."
unit = "USD bn"
qualifier = "over"
"""


def test_recall_counts_stated_values_and_lists_inferred_ones_apart(mini: Path) -> None:
    """The denominator is the facts whose quote states their value; inferred ones are listed."""
    (mini / "evidence.toml").write_text(LEDGER, encoding="utf-8")
    with (mini / "doc.txt").open("a", encoding="utf-8") as f:
        f.write("Trade grew again in 2024.\n")
    out = cli("extract", "-c", str(mini), "--recall")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[:2] == [
        "Recall of numeric ledger facts: 1 of 1 proposed (100.0%)",
        "1 value inferred, not stated in its quote: vol-2024-grew"]
    assert "missed" not in out.stdout
    data = json.loads(cli("extract", "-c", str(mini), "--recall", "--format", "json").stdout)
    assert (data["found"], data["total"], data["missed"]) == (1, 1, [])
    assert data["inferred"] == ["vol-2024-grew"]


def test_a_table_row_keeps_every_column_it_fills(with_table: Path) -> None:
    """A row filling a column a plain row does not carry is read whole, never trimmed.

    The inferred period and its reason, a credibility reason and a note stay on the record;
    a row that fills none of them (or sets a flag to false) stays a plain row.
    """
    (with_table / "stats.csv").write_text(
        "id,indicator,period,value,unit,period_inferred,period_reason,credibility_reason,note\n"
        "share-2021,share,2021,35,%,,,,\n"
        "share-2024,share,2024,55,%,true,The table is dated 2024 in its title.,,\n"
        "share-2025,share,2025,60,%,false,,Checked against the yearbook.,Provisional figure.\n",
        encoding="utf-8")
    ds = relindex.load(with_table)
    rows = {r.id: r.evidence for r in ds.records if r.citation is not None}
    assert rows["share-2024"].period_inferred
    assert rows["share-2024"].period_reason == "The table is dated 2024 in its title."
    assert rows["share-2025"].credibility_reason == "Checked against the yearbook."
    assert rows["share-2025"].note == "Provisional figure."
    assert not rows["share-2025"].period_inferred
    assert not rows["share-2021"].period_inferred and rows["share-2021"].note == ""

"""Coded event import: layouts, scales, malformed rows, chunking, the CLI and the data table."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _util import cli as in_process
from relindex.errors import InputFileError, MissingExtraError, RelindexError
from relindex.events import (
    ColumnMapping,
    EventDataError,
    aggregate,
    aggregate_arrays,
    load_mapping,
    write_table,
)
from relindex.events.accumulate import Accumulator
from relindex.events.decode import parse_period
from relindex.events.readers import read_chunks
from relindex.events.scales import cameo_quad, get_scale

ACTORS = ["CHN", "RUS", "USA", "IND"]
CODES = ["010", "042", "0311", "057", "062", "073", "112", "130", "1412", "163", "190", "20"]


def gdelt_row(date: str, a1: str, a2: str, code: str, *, quad: str | None = None,
              goldstein: str = "1.0", mentions: str = "1", fields: int = 58) -> str:
    """One line of GDELT's headerless daily export (58 tab-separated fields)."""
    row = [""] * fields
    row[0], row[1], row[7], row[17], row[26] = "1", date, a1, a2, code
    row[29] = quad if quad is not None else str(cameo_quad(code) or 1)
    row[30], row[31], row[32], row[33] = goldstein, mentions, "1", mentions
    return "\t".join(row)


def write_gdelt(path: Path, events: list[tuple[str, str, str, str]], mentions: int = 1) -> Path:
    path.write_text("".join(gdelt_row(d, a, b, c, mentions=str(mentions)) + "\n"
                            for d, a, b, c in events))
    return path


def oracle(events: list[tuple[str, str, str, str]], *, period: str = "year",
           directed: bool = False) -> dict[tuple[str, str, str], dict[str, float]]:
    """Plain-loop reference: events, quad counts and Goldstein sums per dyad and period."""
    scale = get_scale("goldstein")
    out: dict[tuple[str, str, str], dict[str, float]] = defaultdict(
        lambda: {"events": 0, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0, "gsum": 0.0})
    for date, a, b, code in events:
        if a == b:
            continue
        if not directed and b < a:
            a, b = b, a
        p = date[:4] if period == "year" else f"{date[:4]}-{date[4:6]}"
        q, g = scale.lookup(code)  # type: ignore[misc]
        cell = out[(a, b, p)]
        cell["events"] += 1
        cell[f"quad{q}"] += 1
        cell["gsum"] += g  # type: ignore[operator]
    return dict(out)


def as_dict(table: object) -> dict[tuple[str, str, str], dict[str, object]]:
    return {(r["source"], r["target"], r["period"]): r
            for r in table.to_records()}  # type: ignore[attr-defined]


event_strategy = st.lists(
    st.tuples(
        st.sampled_from(["20220115", "20220302", "20231130", "20231201", "20240229"]),
        st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.sampled_from(CODES)),
    min_size=1, max_size=60)


# --- scales and parsing ---------------------------------------------------------------------

def test_cameo_quads_from_root_codes() -> None:
    """Roots 01-05 are verbal cooperation ... 14-20 material conflict; codes keep zeros."""
    assert [cameo_quad(c) for c in ("010", "057", "062", "0874", "112", "1384", "145", "204")] \
        == [1, 1, 2, 2, 3, 3, 4, 4]
    assert cameo_quad("42") is None and cameo_quad("21") is None


def test_goldstein_table_is_gdelts() -> None:
    """The shipped Goldstein table has GDELT's values (062 Cooperate militarily is +7.4)."""
    s = get_scale("goldstein")
    assert s.lookup("062") == (2, 7.4)
    assert s.lookup("190") == (4, -10.0)
    assert len(s.entries) == 311
    assert "Goldstein" in s.citation


def test_plover_scale_uses_crosswalk_and_mode_scores() -> None:
    """CAMEO 042 (visit) is PLOVER CONSULT/visit, 4; ACCUSE's base score is read as -3."""
    s = get_scale("plover")
    assert s.lookup("042") == (1, 4.0)
    assert s.lookup("ACCUSE") == (3, -3.0)
    assert s.lookup("ASSAULT|drone") == (4, -9.5)
    assert s.lookup("ASSAULT|no-such-mode") == (4, -9.0)  # falls back to the category
    assert s.lookup("010") is None  # PLOVER has no category for CAMEO 01


@pytest.mark.parametrize(("text", "unit", "code"), [
    ("20230415", "month", 2023 * 12 + 3), ("2023-04-15", "year", 2023),
    ("2023-04-15 10:00:00", "month", 2023 * 12 + 3), ("2023-04", "month", 2023 * 12 + 3),
    ("2024-02-29", "year", 2024), ("2023-02-29", "year", -1), ("2023-13-01", "month", -1),
    ("", "year", -1), ("yesterday", "year", -1), ("2023", "month", -1), ("2023", "year", 2023),
])
def test_parse_period(text: str, unit: str, code: int) -> None:
    """Dates in GDELT's and ICEWS's forms; impossible dates are rejected."""
    assert parse_period(text, unit) == code


# --- layouts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["csv", "pyarrow"])
def test_gdelt_export_layout(tmp_path: Path, engine: str) -> None:
    """A headerless GDELT export is recognised by its field count and matches the oracle."""
    events = [("20230105", "CHN", "RUS", "062"), ("20230301", "RUS", "CHN", "112"),
              ("20230302", "CHN", "USA", "042"), ("20240101", "CHN", "RUS", "190")]
    f = write_gdelt(tmp_path / "20230105.export.CSV", events)
    m, _ = read_chunks(f, engine=engine)  # type: ignore[arg-type]
    assert m.name == "gdelt-export"
    t = aggregate(f, read_engine=engine)  # type: ignore[arg-type]
    got = as_dict(t)
    for key, ref in oracle(events).items():
        assert got[key]["events"] == ref["events"]
        assert got[key]["goldstein_sum"] == pytest.approx(ref["gsum"])
    assert got[("CHN", "RUS", "2023")]["cooperation_events"] == 1
    assert got[("CHN", "RUS", "2023")]["friction_events"] == 1
    assert got[("CHN", "RUS", "2023")]["net_cooperation_share"] == 0.0
    assert t.malformed == {}


def test_gdelt_2_export_with_61_fields(tmp_path: Path) -> None:
    """GDELT 2.0's 61-field export shares the first 35 columns and reads the same."""
    f = tmp_path / "e.CSV"
    f.write_text(gdelt_row("20230105", "CHN", "RUS", "062", fields=61) + "\n")
    assert aggregate(f)["events"].tolist() == [1]


def test_header_layouts_gdelt_icews_relindex(tmp_path: Path) -> None:
    """GDELT, ICEWS and relindex column names are read as they are."""
    g = tmp_path / "g.tsv"
    g.write_text("SQLDATE\tActor1CountryCode\tActor2CountryCode\tEventCode\tQuadClass\t"
                 "GoldsteinScale\tNumMentions\n20230105\tCHN\tRUS\t062\t2\t7.4\t3\n")
    i = tmp_path / "i.tab"
    i.write_text("Event Date\tSource Country\tTarget Country\tCAMEO Code\tIntensity\n"
                 "2023-01-05\tChina\tRussian Federation\t062\t7\n")
    r = tmp_path / "r.csv"
    r.write_text("date,source,target,code\n2023-01-05,CHN,RUS,062\n")
    for f in (g, i, r):
        t = aggregate(f)
        assert t["events"].tolist() == [1]
        assert t["goldstein_sum"].tolist() == [7.4]
    assert aggregate(i, scale="column")["goldstein_sum"].tolist() == [7.0]
    w = aggregate(g, weight="NumMentions")
    assert w["weighted_events"].tolist() == [3]
    assert w["weighted_goldstein_sum"].tolist() == [pytest.approx(22.2)]


def test_unknown_layout_names_the_fix(tmp_path: Path) -> None:
    """A file with unknown columns fails with a message pointing at --mapping."""
    f = tmp_path / "x.csv"
    f.write_text("when,who,whom,what\n2023-01-05,CHN,RUS,062\n")
    with pytest.raises(InputFileError, match="--mapping"):
        aggregate(f)


def test_leading_zeros_kept(tmp_path: Path) -> None:
    """CAMEO '042' (a visit, verbal cooperation) is not '42' (no such code)."""
    f = tmp_path / "z.csv"
    f.write_text("date,source,target,code\n20230105,CHN,RUS,042\n20230105,CHN,RUS,42\n")
    for engine in ("csv", "pyarrow"):
        t = aggregate(f, read_engine=engine)  # type: ignore[arg-type]
        assert t["quad1"].tolist() == [1]
        assert t["goldstein_sum"].tolist() == [1.9]
        assert t.malformed == {"unknown_code": 1}


@pytest.mark.parametrize("engine", ["csv", "pyarrow"])
def test_plover_file_with_declared_mapping(tmp_path: Path, engine: str) -> None:
    """A PLOVER-coded file in its own layout, read through a mapping TOML file."""
    f = tmp_path / "plover.csv"
    f.write_text("story_date,actor_country,recipient_country,plover_type,plover_mode,n\n"
                 "2023-05-01,CHN,RUS,COOPERATE,,2\n"
                 "2023-05-03,RUS,CHN,CONSULT,visit,1\n"
                 "2023-06-09,CHN,RUS,ACCUSE,allege,4\n"
                 "2023-06-10,CHN,RUS,HUG,,1\n")
    m = tmp_path / "mapping.toml"
    m.write_text('date = "story_date"\nsource = "actor_country"\ntarget = "recipient_country"\n'
                 'event_type = "plover_type"\nmode = "plover_mode"\nweight = "n"\n')
    t = aggregate(f, mapping=m, scale="plover", period="month",
                  read_engine=engine)  # type: ignore[arg-type]
    rows = as_dict(t)
    may, june = rows[("CHN", "RUS", "2023-05")], rows[("CHN", "RUS", "2023-06")]
    assert (may["events"], may["goldstein_sum"], may["quad1"], may["quad2"]) == (2, 13.5, 1, 1)
    assert (june["events"], june["goldstein_sum"], june["friction_events"]) == (1, -3.5, 1)
    assert may["weighted_events"] == 3 and june["weighted_goldstein_sum"] == -14.0
    assert t.malformed == {"unknown_code": 1}


def test_mapping_file_is_validated(tmp_path: Path) -> None:
    """A mapping with an unknown key or no event column is refused with the key named."""
    m = tmp_path / "m.toml"
    m.write_text('date = "d"\nsource = "s"\ntarget = "t"\ncode = "c"\ncolour = "red"\n')
    with pytest.raises(InputFileError, match="colour"):
        load_mapping(m)
    m.write_text('date = "d"\nsource = "s"\ntarget = "t"\n')
    with pytest.raises(InputFileError, match="needs 'code'"):
        load_mapping(m)
    assert ColumnMapping(date=1, source=7, target=17, code=26, header=False).code == 26


def test_parquet_input(tmp_path: Path) -> None:
    """Parquet files are read with pyarrow; codes stored as text keep their zeros."""
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    f = tmp_path / "ev.parquet"
    pq.write_table(pa.table({"date": ["2023-01-05", "2023-02-01"], "source": ["CHN", "RUS"],
                             "target": ["RUS", "CHN"], "code": ["042", "062"]}), f)
    t = aggregate(f)
    assert t["events"].tolist() == [2]
    assert t["goldstein_sum"].tolist() == [pytest.approx(9.3)]


# --- malformed rows -------------------------------------------------------------------------

def malformed_file(tmp_path: Path) -> Path:
    f = tmp_path / "bad.tsv"
    lines = [
        gdelt_row("20230105", "CHN", "RUS", "062"),
        gdelt_row("20230105", "", "RUS", "062"),            # line 2: missing actor
        gdelt_row("2023013", "CHN", "RUS", "062"),          # line 3: bad date
        gdelt_row("20230105", "CHN", "RUS", "999"),         # line 4: unknown code
        gdelt_row("20230105", "CHN", "RUS", "062", quad="7"),  # line 5: bad quad
        gdelt_row("20230105", "CHN", "RUS", "062", goldstein="n/a"),  # line 6: bad score
        gdelt_row("20230105", "CHN", "CHN", "062"),         # line 7: same actor (skipped)
        gdelt_row("20230230", "CHN", "RUS", "062"),         # line 8: bad date
    ]
    f.write_text("\n".join(lines) + "\n")
    return f


@pytest.mark.parametrize("engine", ["csv", "pyarrow"])
def test_malformed_rows_counted_by_reason(tmp_path: Path, engine: str) -> None:
    """Each malformed row is counted under one reason, with where it first occurred."""
    f = malformed_file(tmp_path)
    t = aggregate(f, read_engine=engine)  # type: ignore[arg-type]
    assert t.malformed == {"missing_actor": 1, "bad_date": 2, "unknown_code": 1, "bad_quad": 1}
    assert t.malformed_first["bad_date"].endswith("bad.tsv:3")
    assert t.skipped == {"same_actor": 1}
    assert t["events"].tolist() == [2]
    assert t.rows == 8
    s = aggregate(f, scale="column", read_engine=engine)  # type: ignore[arg-type]
    assert s.malformed["bad_score"] == 1


def test_strict_names_file_and_line(tmp_path: Path) -> None:
    """strict=True raises at the first malformed row with the file, line and value."""
    f = malformed_file(tmp_path)
    with pytest.raises(EventDataError) as e:
        aggregate(f, strict=True)
    assert e.value.line == 2 and e.value.reason == "missing_actor"
    assert "bad.tsv: line 2" in str(e.value)
    assert isinstance(e.value, RelindexError)


def test_short_rows_are_malformed(tmp_path: Path) -> None:
    """A row with too few fields is counted as short, not read past."""
    f = tmp_path / "s.csv"
    f.write_text("date,source,target,code\n20230105,CHN,RUS,062\n20230105,CHN\n")
    for engine in ("csv", "pyarrow"):
        t = aggregate(f, read_engine=engine)  # type: ignore[arg-type]
        assert t.malformed == {"short_row": 1}, engine
        assert t["events"].tolist() == [1]


def test_bad_weight(tmp_path: Path) -> None:
    """A negative or fractional weight is malformed under weighted aggregation."""
    f = tmp_path / "w.csv"
    f.write_text("date,source,target,code,n\n20230105,CHN,RUS,062,2\n20230105,CHN,RUS,062,-1\n"
                 "20230105,CHN,RUS,062,1.5\n")
    t = aggregate(f, weight="n")
    assert t.malformed == {"bad_weight": 2}
    assert t["weighted_events"].tolist() == [2]


# --- dyads, periods, chunks --------------------------------------------------------------------

def test_directed_and_undirected(tmp_path: Path) -> None:
    """Undirected dyads add both directions; directed keep them apart."""
    events = [("20230105", "RUS", "CHN", "062"), ("20230106", "CHN", "RUS", "112"),
              ("20230107", "CHN", "RUS", "042")]
    f = write_gdelt(tmp_path / "d.tsv", events)
    u = aggregate(f)
    assert (u["source"].tolist(), u["target"].tolist(), u["events"].tolist()) == \
        (["CHN"], ["RUS"], [3])
    d = aggregate(f, dyads="directed")
    assert list(zip(d["source"].tolist(), d["target"].tolist(), d["events"].tolist(),
                    strict=True)) == [("CHN", "RUS", 2), ("RUS", "CHN", 1)]


def test_month_and_year(tmp_path: Path) -> None:
    """Monthly periods split what a year adds up."""
    events = [("20230105", "CHN", "RUS", "062"), ("20230220", "CHN", "RUS", "112"),
              ("20230221", "CHN", "RUS", "112"), ("20240101", "CHN", "RUS", "042")]
    f = write_gdelt(tmp_path / "m.tsv", events)
    y = aggregate(f, period="year")
    m = aggregate(f, period="month")
    assert y["period"].tolist() == ["2023", "2024"] and y["events"].tolist() == [3, 1]
    assert m["period"].tolist() == ["2023-01", "2023-02", "2024-01"]
    assert m["events"].tolist() == [1, 2, 1]
    assert m["goldstein_mean"].tolist() == [7.4, -2.0, 1.9]


@pytest.mark.slow  # every chunk size over generated event files
@given(events=event_strategy, chunk=st.integers(1, 70),
       period=st.sampled_from(["year", "month"]), directed=st.booleans())
def test_any_chunk_size_gives_the_same_table(tmp_path_factory: pytest.TempPathFactory,
                                             events: list[tuple[str, str, str, str]],
                                             chunk: int, period: str, directed: bool) -> None:
    """Chunked aggregation equals one pass and the plain-loop oracle, exactly."""
    f = write_gdelt(tmp_path_factory.mktemp("h") / "e.tsv", events)
    kw = {"period": period, "dyads": "directed" if directed else "undirected",
          "read_engine": "csv"}
    one = aggregate(f, chunk_rows=10_000, **kw)  # type: ignore[arg-type]
    many = aggregate(f, chunk_rows=chunk, **kw)  # type: ignore[arg-type]
    assert one.to_records() == many.to_records()
    ref = oracle(events, period=period, directed=directed)
    got = as_dict(one)
    assert set(got) == set(ref)
    for key, r in ref.items():
        assert got[key]["events"] == r["events"]
        assert [got[key][f"quad{k}"] for k in range(1, 5)] == \
            [r[f"quad{k}"] for k in range(1, 5)]
        assert got[key]["goldstein_sum"] == pytest.approx(r["gsum"], abs=1e-9)


def test_files_in_any_order_give_the_same_table(tmp_path: Path) -> None:
    """Sums are exact integers: the order of files does not change a digit."""
    rng = np.random.default_rng(3)
    files = []
    for k in range(3):
        ev = [(f"2023{rng.integers(1, 13):02d}15", ACTORS[rng.integers(4)],
               ACTORS[rng.integers(4)], CODES[rng.integers(len(CODES))]) for _ in range(50)]
        files.append(write_gdelt(tmp_path / f"f{k}.tsv", ev))
    a = aggregate(files, period="month").to_records()
    b = aggregate(files[::-1], period="month").to_records()
    assert a == b


def test_memory_is_bounded_by_chunk_rows(tmp_path: Path) -> None:
    """No chunk materialised holds more than chunk_rows rows, whatever the file size."""
    events = [("20230105", ACTORS[i % 4], ACTORS[(i + 1) % 4], CODES[i % len(CODES)])
              for i in range(1000)]
    f = write_gdelt(tmp_path / "big.tsv", events)
    for engine in ("csv", "pyarrow"):
        sizes = [len(c) for c in read_chunks(f, chunk_rows=64, engine=engine)[1]]  # type: ignore[arg-type]
        assert max(sizes) <= 64 and sum(sizes) == 1000
        acc = Accumulator(period="year")
        for c in read_chunks(f, chunk_rows=64, engine=engine)[1]:  # type: ignore[arg-type]
            acc.add(c)
        assert acc.largest_chunk <= 64
        # the running table holds cells, not rows: 4 undirected dyads in one year
        assert acc.partial().keys.size <= 4


def test_actor_filter_counts_what_it_leaves_out(tmp_path: Path) -> None:
    """actors=[...] keeps dyads inside the set and counts the rest as skipped."""
    events = [("20230105", "CHN", "RUS", "062"), ("20230105", "CHN", "USA", "062")]
    t = aggregate(write_gdelt(tmp_path / "a.tsv", events), actors=["CHN", "RUS"])
    assert t["target"].tolist() == ["RUS"] and t.skipped == {"other_actor": 1}


def test_aggregate_arrays_matches_files(tmp_path: Path) -> None:
    """The in-memory API gives the file reader's table for the same events."""
    rng = np.random.default_rng(5)
    n = 500
    src, tgt = rng.integers(0, 4, n), rng.integers(0, 4, n)
    month = rng.integers(0, 24, n)
    code = rng.integers(0, len(CODES), n)
    per = 2022 * 12 + month
    t = aggregate_arrays(src, tgt, per, code, actors=ACTORS, codes=CODES, chunk_rows=37)
    events = [(f"{2022 + m // 12}{m % 12 + 1:02d}01", ACTORS[a], ACTORS[b], CODES[c])
              for a, b, m, c in zip(src, tgt, month, code, strict=True)]
    f = aggregate(write_gdelt(tmp_path / "a.tsv", events), period="month")
    assert t.to_records() == f.to_records()



@pytest.mark.parametrize("dyads", ["undirected", "directed"])
def test_aggregate_arrays_dense_and_sparse_paths_agree(
        dyads: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dense blocked sums and the sparse path give the same table, bit for bit.

    For any block size, with repeated and unsorted category names, int16 codes, periods
    out of order and same-actor events.
    """
    agg = sys.modules["relindex.events.dense"]
    rng = np.random.default_rng(11)
    n = 3000
    actors = ["USA", "CHN", "RUS", "CHN", "IND", "BRA"]  # "CHN" twice: one actor
    src = rng.integers(0, len(actors), n).astype(np.int16)
    tgt = rng.integers(0, len(actors), n).astype(np.int16)
    per = (2020 * 12 + rng.integers(0, 30, n)).astype(np.int16)
    code = rng.integers(0, len(CODES), n).astype(np.int16)

    def run(chunk_rows: int | None) -> dict[str, list[object]]:
        t = aggregate_arrays(src, tgt, per, code, actors=actors, codes=CODES,
                             dyads=dyads, chunk_rows=chunk_rows)  # type: ignore[arg-type]
        assert t.skipped["same_actor"] == int(
            sum(actors[a] == actors[b] for a, b in zip(src, tgt, strict=True)))
        return {c: t[c].tolist() for c in t.names}

    dense = [run(c) for c in (None, 1, 97)]
    monkeypatch.setattr(agg, "_DENSE_CELLS", 0)  # every call takes the sparse path
    sparse = [run(c) for c in (None, 97)]
    for other in dense[1:] + sparse:
        assert json.dumps(other) == json.dumps(dense[0])
    if dyads == "undirected":
        assert all(s < t for s, t in zip(dense[0]["source"], dense[0]["target"], strict=True))


def test_aggregate_arrays_refuses_codes_outside_the_categories() -> None:
    """A code outside the categories is an error, not another actor.

    A missing category is -1 as pandas codes it; an index past the names is refused too.
    """
    ok = np.array([0, 1])
    for src, code in ((np.array([-1, 0]), ok), (np.array([0, 2]), ok), (ok, np.array([0, 5]))):
        with pytest.raises(RelindexError, match="outside"):
            aggregate_arrays(src, ok[::-1], np.array([24276, 24276]), code,
                             actors=["CHN", "RUS"], codes=["062", "112"])


# --- outputs ------------------------------------------------------------------------------------

def test_to_frame_and_missing_pandas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """to_frame gives a DataFrame; without pandas, a MissingExtraError says what to install."""
    t = aggregate(write_gdelt(tmp_path / "a.tsv", [("20230105", "CHN", "RUS", "062")]))
    pytest.importorskip("pandas")
    assert list(t.to_frame().columns)[:4] == ["source", "target", "period", "events"]
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"relindex\[pandas\]"):
        t.to_frame()


def test_write_table_for_catalogues(tmp_path: Path) -> None:
    """The data table has one entity per dyad and event indicators as rows."""
    events = [("20230105", "RUS", "CHN", "062"), ("20230106", "CHN", "RUS", "112"),
              ("20230107", "CHN", "USA", "190")]
    t = aggregate(write_gdelt(tmp_path / "a.tsv", events))
    out = tmp_path / "events.csv"
    n = write_table(t, out)
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert len(rows) == n
    assert list(rows[0]) == ["id", "entity", "indicator", "period", "value", "unit"]
    fs = {(r["entity"], r["indicator"]): r for r in rows}
    assert fs[("CHN-RUS", "events_friction_share")]["value"] == "0.5"
    assert fs[("CHN-USA", "events_friction_share")]["value"] == "1.0"
    assert fs[("CHN-RUS", "events_count")]["value"] == "2"
    assert fs[("CHN-RUS", "events_count")]["id"] == "ev.CHN-RUS.events_count.2023"
    with pytest.raises(RelindexError, match="not an event measure"):
        write_table(t, out, measures=["nope"])


def test_write_table_refuses_names_that_break_dyad_ids(tmp_path: Path) -> None:
    """Actor names with spaces or hyphens cannot form a dyad id: the fix says to map codes."""
    f = tmp_path / "i.tab"
    f.write_text("Event Date\tSource Country\tTarget Country\tCAMEO Code\tIntensity\n"
                 "2023-01-05\tChina\tGuinea-Bissau\t062\t7\n")
    with pytest.raises(RelindexError, match="ISO 3166"):
        write_table(aggregate(f), tmp_path / "t.csv")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return in_process("events", *args, cwd=cwd)


def test_cli_json_and_csv(tmp_path: Path) -> None:
    """`relindex events` prints the issue's JSON shape, or CSV; notes go to stderr."""
    f = malformed_file(tmp_path)
    r = cli(str(f), "--format", "json", "--period", "month", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) >= {"rows", "malformed"}
    row = data["rows"][0]
    for key in ("source", "target", "period", "events", "goldstein_sum", "goldstein_mean",
                "cooperation_events", "friction_events"):
        assert key in row
    assert (row["source"], row["target"], row["period"], row["events"]) == \
        ("CHN", "RUS", "2023-01", 2)
    assert data["malformed"] == {"missing_actor": 1, "bad_date": 2, "unknown_code": 1,
                                 "bad_quad": 1}
    assert "malformed" in r.stderr
    r = cli(str(f), cwd=tmp_path)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("source,target,period,events,goldstein_sum")
    assert len(lines) == 2


def test_cli_strict_exits_2_without_traceback(tmp_path: Path) -> None:
    """--strict names the file and line and exits 2, no traceback."""
    f = malformed_file(tmp_path)
    r = cli(str(f), "--strict", cwd=tmp_path)
    assert r.returncode == 2
    assert "bad.tsv: line 2" in r.stderr and "Traceback" not in r.stderr
    r = cli(str(f), "--format", "parquet", cwd=tmp_path)
    assert r.returncode == 2 and "--out" in r.stderr


def test_cli_out_table_and_parquet(tmp_path: Path) -> None:
    """--out writes the result file, --table the relindex data table; stdout stays empty."""
    pytest.importorskip("pyarrow")
    f = write_gdelt(tmp_path / "a.tsv", [("20230105", "CHN", "RUS", "062")])
    r = cli(str(f), "--format", "parquet", "--out", "o.parquet", "--table", "t.csv",
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "o.parquet").column("events").to_pylist() == [1]
    assert (tmp_path / "t.csv").read_text().startswith("id,entity,indicator,period,value,unit")


def test_import_relindex_stays_light() -> None:
    """Importing relindex.events does not import pyarrow, pandas or dask."""
    code = ("import sys, relindex, relindex.events, relindex.cli.events; "
            "print(sorted(m for m in ('pyarrow', 'pandas', 'dask', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("events", [
    [("20230105", "CHN", "CHN", "062")],  # no dyad: no rows
    [("20230105", "CHN", "RUS", "062")],
    [("20230105", "CHN", "RUS", "062"), ("20230207", "RUS", "CHN", "190"),
     ("20240105", "USA", "CHN", "042"), ("20240105", "IND", "Ünï", "20"),
     ("20240105", "IND", "USA", "0311")],
])
def test_json_blocks_are_the_json_of_to_dict(tmp_path: Path,
                                             events: list[tuple[str, str, str, str]]) -> None:
    """The streamed JSON joins to ``json.dumps(to_dict())`` byte for byte, at any block size."""
    t = aggregate(write_gdelt(tmp_path / "e.tsv", events), period="month")
    whole = json.dumps(t.to_dict(), indent=2, ensure_ascii=False) + "\n"
    for rows in (1, 2, 4096):
        assert "".join(t.json_blocks(rows=rows)) == whole
    assert list(t.iter_records(rows=2)) == t.to_records()
    r = cli(str(tmp_path / "e.tsv"), "--format", "json", "--period", "month", "--out", "o.json",
            cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "", r.stderr
    assert (tmp_path / "o.json").read_text(encoding="utf-8") == whole
    printed = cli(str(tmp_path / "e.tsv"), "--format", "json", "--period", "month",
                  cwd=tmp_path).stdout
    assert json.loads(printed) == json.loads(whole)


def test_cli_json_out_memory_does_not_grow_with_rows(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """--format json --out writes row blocks as they come, never the whole JSON.

    14,280 dyad-years in blocks of 256 rows: the peak is a fraction of the file's size
    (writing it whole held the text and every row as a dict, several times the file).
    """
    import tracemalloc

    import relindex.events
    import relindex.events.table

    monkeypatch.setattr(relindex.events.table, "JSON_BLOCK_ROWS", 256)
    actors = [f"C{i:03d}" for i in range(120)]
    events = [(f"{y}0105", a, b, "062") for y in (2022, 2023)
              for i, a in enumerate(actors) for b in actors[i + 1:]]
    table = aggregate(write_gdelt(tmp_path / "e.tsv", events))
    assert len(table) == 14_280
    table.names  # the lazily computed columns, computed before measuring  # noqa: B018
    monkeypatch.setattr(relindex.events, "aggregate", lambda *a, **k: table)
    tracemalloc.start()
    try:
        r = cli("e.tsv", "--format", "json", "--out", "o.json", cwd=tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.returncode == 0, r.stderr
    size = (tmp_path / "o.json").stat().st_size
    assert json.loads((tmp_path / "o.json").read_text())["rows"][0]["source"] == "C000"
    assert peak < size / 4, (peak, size)

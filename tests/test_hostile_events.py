"""Hostile event files and API arguments: no silently wrong number, no traceback.

Every file is generated at test time. The engine test fuzzes the *shape* of CSV files
(extra and missing fields, blank lines, quoted newlines, CRLF, lone CR, BOM, spaces,
bad dates and codes) and holds the csv module and pyarrow to the same table, the same
malformed counts and the same first line of each reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from relindex.errors import InputFileError, LimitExceededError, RelindexError
from relindex.events import aggregate, aggregate_arrays

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

HEADER = "date,source,target,code"


def _outcome(path: Path, engine: str, **kw: object) -> object:
    try:
        t = aggregate(path, read_engine=engine, **kw)  # type: ignore[arg-type]
    except RelindexError as e:
        return ("error", type(e).__name__, str(e))
    d = t.to_dict()
    for row in d["rows"]:
        for k in ("cooperation_share_est", "cooperation_share_lo", "cooperation_share_hi"):
            row.pop(k, None)
    return d


_GOOD = ["20230105,CHN,RUS,010", "20230301,RUS,CHN,020", "2023-04-01,CHN,USA,190",
         "20230102,USA,RUS,042"]
_BAD = ["20230105,CHN,RUS,010,extra", "20230105,CHN", "", "   ", '"2023\n0105",CHN,RUS,010',
        "2023-02-30,CHN,RUS,010", "\u00b2023-01-01,CHN,RUS,010", "20230105,,RUS,010",
        "20230105,CHN,RUS,999", '"20230105","CHN","RUS","010"', "20230105,CHN,CHN,010",
        "20230105,CHN,RUS,10"]


def _file(rng: np.random.Generator, folder: Path, i: int) -> Path:
    n = int(rng.integers(1, 25))
    lines = [str(rng.choice(_GOOD)) if rng.random() < 0.6 else str(rng.choice(_BAD))
             for _ in range(n)]
    eol = ["\n", "\r\n", "\r"][int(rng.integers(0, 3))] if rng.random() < 0.3 else "\n"
    bom = "\ufeff" if rng.random() < 0.2 else ""
    text = bom + HEADER + eol + eol.join(lines) + (eol if rng.random() < 0.8
                                                                  else "")
    p = folder / f"f{i}.csv"
    p.write_bytes(text.encode("utf-8"))
    return p


def test_both_csv_engines_agree_on_hostile_shapes(tmp_path: Path) -> None:
    """Same rows, counts, reasons and first lines from the csv module and pyarrow."""
    rng = np.random.default_rng(23)
    for i in range(60):
        p = _file(rng, tmp_path, i)
        for kw in ({}, {"strict": True}, {"period": "month", "dyads": "directed"}):
            a = _outcome(p, "csv", **kw)
            b = _outcome(p, "pyarrow", **kw)
            assert a == b, (p.read_bytes(), kw)


def test_extra_field_is_malformed_in_both_engines(tmp_path: Path) -> None:
    """A row wider than the header is counted once, as long_row, at its own line."""
    p = tmp_path / "e.csv"
    p.write_text(HEADER + "\n20230105,CHN,RUS,010\n20230105,CHN,RUS,010,x\n"
                 "20230106,CHN,RUS,010\n")
    for engine in ("csv", "pyarrow"):
        t = aggregate(p, read_engine=engine)  # type: ignore[arg-type]
        assert t.malformed == {"long_row": 1}
        assert t.malformed_first == {"long_row": f"{p}:3"}
        assert t["events"].tolist() == [2]


def test_strict_line_numbers_count_blank_lines_in_both_engines(tmp_path: Path) -> None:
    """Under --strict the line named is the file's line, blank lines included."""
    p = tmp_path / "s.csv"
    p.write_text(HEADER + "\n20230105,CHN,RUS,010\n\n\n20230105,CHN,RUS,999\n")
    for engine in ("csv", "pyarrow"):
        with pytest.raises(RelindexError, match="line 5"):
            aggregate(p, read_engine=engine, strict=True)  # type: ignore[arg-type]


def _parquet(path: Path, codes: object, **extra: object) -> Path:
    cols = {"date": pa.array([20230105, 20230106], pa.int32()),
            "source": pa.array(["CHN", "RUS"]), "target": pa.array(["RUS", "CHN"]),
            "code": codes, **extra}
    pq.write_table(pa.table(cols), path)
    return path


def test_integer_event_codes_are_refused_with_the_fix(tmp_path: Path) -> None:
    """An integer EventCode (010 read as 10) is refused, never scored as another code."""
    p = _parquet(tmp_path / "int.parquet", pa.array([10, 20], pa.int64()))
    with pytest.raises(InputFileError, match="leading zeros") as e:
        aggregate(p)
    assert "code_width" in str(e.value)


def test_integer_codes_widened_where_the_mapping_says_so(tmp_path: Path) -> None:
    """With code_width = 3, 10 and 20 are CAMEO 010 (0.0) and 020 (+3.0): cooperation."""
    from relindex.events import ColumnMapping

    p = _parquet(tmp_path / "int.parquet", pa.array([10, 20], pa.int64()))
    m = ColumnMapping(date="date", source="source", target="target", code="code",
                      code_width=3)
    t = aggregate(p, mapping=m)
    assert t["goldstein_sum"].tolist() == [3.0]
    assert t["cooperation_events"].tolist() == [2]


def test_typed_parquet_dates_are_calendar_checked(tmp_path: Path) -> None:
    """Integer and date32 dates go through the calendar: 20230230 is a bad date."""
    import datetime as dt

    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"date": pa.array([20230230, 20230105], pa.int64()),
                             "source": ["CHN", "CHN"], "target": ["RUS", "RUS"],
                             "code": ["010", "010"]}), p)
    assert aggregate(p).malformed == {"bad_date": 1}
    p2 = tmp_path / "d2.parquet"
    pq.write_table(pa.table({"date": pa.array([dt.date(2023, 1, 5)], pa.date32()),
                             "source": ["CHN"], "target": ["RUS"], "code": ["010"]}), p2)
    assert aggregate(p2, period="month")["period"].tolist() == ["2023-01"]


def test_nested_parquet_columns_are_one_line_errors(tmp_path: Path) -> None:
    """A list column where a code belongs is refused naming the column, no traceback."""
    p = _parquet(tmp_path / "l.parquet", pa.array([["010"], ["020"]]))
    with pytest.raises(InputFileError, match="does not read"):
        aggregate(p)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1" + b"\x00" * 64 + b"PAR1")
    with pytest.raises(InputFileError):
        aggregate(bad)


def test_reading_parquet_does_not_import_pandas(tmp_path: Path) -> None:
    """The typed Parquet path never imports pandas."""
    p = _parquet(tmp_path / "p.parquet", pa.array(["010", "020"]))
    code = (f"import sys; from relindex.events import aggregate; aggregate({str(p)!r}); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_huge_scores_are_malformed_not_wrapped(tmp_path: Path) -> None:
    """A score of 1e20 under scale='column' is a bad_score row, not a negative sum."""
    p = tmp_path / "s.csv"
    p.write_text("date,source,target,code,score\n20230105,CHN,RUS,010,1e20\n"
                 "20230105,CHN,RUS,010,2.5\n")
    from relindex.events import ColumnMapping

    m = ColumnMapping(date="date", source="source", target="target", code="code",
                      score="score")
    for engine in ("csv", "pyarrow"):
        t = aggregate(p, mapping=m, scale="column", read_engine=engine)  # type: ignore[arg-type]
        assert t.malformed == {"bad_score": 1}
        assert t["goldstein_sum"].tolist() == [2.5]
        assert t["goldstein_balance"].tolist() == [1.0]


def test_weight_sums_past_exact_range_are_refused(tmp_path: Path) -> None:
    """Weights near 2**40 on large scores would overflow: refused, never wrapped."""
    p = tmp_path / "w.csv"
    w = 2**40 - 1
    p.write_text("date,source,target,code,n\n" + f"20230105,CHN,RUS,190,{w}\n" * 50)
    with pytest.raises(LimitExceededError, match="exactly"):
        aggregate(p, weight="n")


def test_actors_must_be_a_list() -> None:
    """actors='CHN' is refused (it is not the set of letters C, H, N)."""
    with pytest.raises(RelindexError, match="list of actor codes"):
        aggregate("nowhere.csv", actors="CHN")  # type: ignore[arg-type]
    with pytest.raises(RelindexError, match="list of actor codes"):
        aggregate_arrays(np.array([0]), np.array([1]), np.array([24276]), np.array([0]),
                         actors="CR", codes=["010"])


@pytest.mark.parametrize("per", [-5, 0, 11, 10**7])
def test_period_codes_outside_the_calendar_are_refused(per: int) -> None:
    """Negative or absurd period codes are refused instead of printing -001-08."""
    with pytest.raises(RelindexError, match="period codes outside"):
        aggregate_arrays(np.array([0]), np.array([1]), np.array([per]), np.array([0]),
                         actors=["CHN", "RUS"], codes=["010"])


def test_goldstein_table_and_scales_cannot_be_changed() -> None:
    """The shared tables are read-only: one caller cannot change another's results."""
    from relindex.events.scales import get_scale
    from relindex.goldstein import goldstein_table

    with pytest.raises(TypeError):
        goldstein_table()["062"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        get_scale("goldstein").entries["062"] = (1, 0.0)  # type: ignore[index]
    assert goldstein_table()["062"] == 7.4


def test_superscript_digit_dates_are_bad_dates(tmp_path: Path) -> None:
    """'\u00b2023' passes str.isdigit but is not a year: a bad date, no traceback."""
    from relindex.events.decode import parse_period

    assert parse_period("\u00b2023-01-01", "month") == -1
    assert parse_period("\u0663023", "year") == -1  # an Arabic-Indic digit


def test_float_event_codes_are_refused(tmp_path: Path) -> None:
    """10.0 would be cast to '10', a root code of another meaning: refused."""
    p = _parquet(tmp_path / "f.parquet", pa.array([10.0, 20.0]))
    with pytest.raises(InputFileError, match="numeric event codes"):
        aggregate(p)


@pytest.mark.parametrize("kw", [{"read_engine": "x"}, {"mapping": 3}, {"chunk_rows": True}])
def test_arguments_of_the_wrong_shape_are_refused(tmp_path: Path, kw: dict[str, object]) -> None:
    """A wrong engine name, a mapping of another type or a boolean chunk size is refused."""
    p = tmp_path / "e.csv"
    p.write_text(HEADER + "\n20230105,CHN,RUS,010\n")
    with pytest.raises(RelindexError):
        aggregate(p, **kw)  # type: ignore[arg-type]


def test_unknown_ids_are_relindex_errors_and_key_errors() -> None:
    """PeriodResult.dimension and Dataset.find name the id and the fix (still KeyErrors)."""
    import relindex
    from relindex.errors import UnknownIdError

    mini = Path(__file__).parent / "fixtures" / "mini"
    with pytest.raises(UnknownIdError, match="not a dimension"):
        relindex.score(str(mini)).period(2023).dimension("x")
    with pytest.raises(KeyError):
        relindex.load(str(mini)).find("nope", "quote")


@pytest.mark.parametrize("dyads", ["undirected", "directed"])
def test_dense_counters_and_sparse_keys_give_the_same_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dyads: str) -> None:
    """Dense per-period counters, sparse keys and a switch between them: one table."""
    from relindex.events import cells

    rng = np.random.default_rng(5)
    actors = [f"A{i:02d}" for i in rng.permutation(40)]
    rows = [f"{2015 + int(rng.integers(0, 9))}{int(rng.integers(1, 13)):02d}"
            f"{int(rng.integers(1, 29)):02d},{rng.choice(actors)},{rng.choice(actors)},"
            f"{rng.choice(['010', '020', '190', '112', '042'])}" for _ in range(3000)]
    p = tmp_path / "r.csv"
    p.write_text(HEADER + "\n" + "\n".join(rows) + "\n")

    def table() -> dict[str, object]:
        t = aggregate(p, period="month", dyads=dyads, chunk_rows=500)  # type: ignore[arg-type]
        return {n: t[n].tolist() for n in ("source", "target", "period", "events",
                                           "goldstein_sum", "quad1", "quad4")}

    dense = table()
    real_add = cells.DenseCells.add
    calls = {"n": 0}

    def switch(self: cells.DenseCells, *args: object) -> bool:
        calls["n"] += 1
        return calls["n"] <= 2 and real_add(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cells.DenseCells, "add", switch)
    assert table() == dense
    monkeypatch.setattr(cells.DenseCells, "add", lambda self, *a: False)
    assert table() == dense


@pytest.mark.slow
def test_dask_bad_input_is_one_line_without_worker_logs(tmp_path: Path) -> None:
    """A strict-mode error on a Dask worker reaches the user as one line, no worker log."""
    pytest.importorskip("distributed")
    p = tmp_path / "bad.csv"
    p.write_text(HEADER + "\n20230105,CHN,RUS,999\n")
    import os

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-m", "relindex", "events", str(p), "--engine",
                          "dask", "--strict"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "unknown code" in out.stderr

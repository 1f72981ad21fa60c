"""Many entities at once: declaration, checks, one computation, ranks, tables, conflicts."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

import relindex
from _util import edit
from relindex.errors import EvidenceError, RelindexError, ScoringError
from test_cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
DYADS = FIXTURES / "dyads"


@pytest.fixture
def dyads(tmp_path: Path) -> Path:
    folder = tmp_path / "dyads"
    shutil.copytree(DYADS, folder)
    return folder


def _rows(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "table.csv").read_text())))


def _expected(folder: Path, entity: str, year: int) -> float:
    """The net index recomputed by hand from the table: goalposts and plain means."""
    v = {r["indicator"]: float(r["value"]) for r in _rows(folder)
         if r["entity"] == entity and r["period"] == str(year)}
    vol = (math.log(v["volume"]) - 0) / (math.log(1000) - 0)
    coop = (min(max(vol, 0), 1) + min(v["exercises"] / 10, 1)) / 2
    return coop - min(v["disputes"] / 20, 1)


def test_every_entity_is_scored_in_one_pass() -> None:
    """Each entity's index equals a hand computation from its own rows."""
    result = relindex.score(DYADS)
    assert result.entities == ("RU-CN", "CN-IN", "US-CN")
    for e in result.entities:
        for year in (2021, 2022, 2023):
            got = result.period(year, e).index
            assert got == pytest.approx(_expected(DYADS, e, year), abs=1e-12)
    assert result.entity("CN-IN").period(2022).index == result.period(2022, "CN-IN").index


def test_ranks_per_period_ties_shared_missing_unranked(dyads: Path) -> None:
    """Ranks run across entities within a period; equal indices share; a missing one has none."""
    rows = _rows(dyads)
    for r in rows:  # make CN-IN equal to RU-CN in 2022, and drop US-CN's 2021 disputes
        if r["entity"] == "CN-IN" and r["period"] == "2022":
            twin = next(x for x in rows if x["entity"] == "RU-CN" and x["period"] == "2022"
                        and x["indicator"] == r["indicator"])
            r["value"] = twin["value"]
    rows = [r for r in rows if not (r["entity"] == "US-CN" and r["period"] == "2021"
                                    and r["indicator"] == "disputes")]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (dyads / "table.csv").write_text(out.getvalue())
    recs = {(r["entity"], r["period"]): r for r in relindex.score(dyads).to_records()}
    assert recs[("RU-CN", 2022)]["rank"] == recs[("CN-IN", 2022)]["rank"] == 1
    assert recs[("US-CN", 2022)]["rank"] == 3
    assert recs[("US-CN", 2021)]["index"] is None and recs[("US-CN", 2021)]["rank"] is None
    assert "no_friction_evidence" in recs[("US-CN", 2021)]["flags"]


def test_records_and_frame_are_the_same_long_table() -> None:
    """to_records and to_frame hold the same rows; the frame's index column is ``score``."""
    pd = pytest.importorskip("pandas")
    result = relindex.score(DYADS)
    recs = result.to_records()
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert "index" not in frame.columns
    assert len(frame) == len(recs) == 9
    for key in ("entity", "period", "index", "cooperation", "friction", "coverage", "flags",
                "trade.score", "trade.contribution", "tension.contribution", "rank"):
        assert key in recs[0]
    assert [(r["entity"], r["period"]) for r in recs][:3] == [
        ("RU-CN", 2021), ("RU-CN", 2022), ("RU-CN", 2023)]
    for r, (_, row) in zip(recs, frame.iterrows(), strict=True):
        assert row["entity"] == r["entity"] and row["score"] == pytest.approx(r["index"])
        assert row["flags"] == r["flags"] and row["rank"] == r["rank"]
        parts = [r[k] for k in r if k.endswith(".contribution")]
        assert sum(parts) == pytest.approx(r["index"], abs=1e-12)


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frame raises a clear error naming the extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(relindex.MissingExtraError, match=r"relindex\[pandas\]") as info:
        relindex.score(DYADS).to_frame()
    assert str(info.value).startswith("Result.to_frame needs pandas, which is not installed.")


def test_unknown_entity_is_a_clear_error() -> None:
    result = relindex.score(DYADS)
    with pytest.raises(RelindexError, match="RU-CN"):
        result.entity("XX-YY")
    with pytest.raises(RelindexError, match="entity"):
        result.period(2022)


def test_undeclared_entity_names_the_row(dyads: Path) -> None:
    edit(dyads / "table.csv", "CN-IN-volume-2021,CN-IN,", "CN-IN-volume-2021,IN-CN,")
    with pytest.raises(EvidenceError) as info:
        relindex.load(dyads)
    msg = str(info.value)
    assert "table.csv" in msg and "row" in msg and "IN-CN" in msg and "[entities." in msg


def test_row_without_entity_among_several_is_refused(dyads: Path) -> None:
    edit(dyads / "table.csv", "CN-IN-volume-2021,CN-IN,", "CN-IN-volume-2021,,")
    with pytest.raises(EvidenceError, match="names no entity"):
        relindex.load(dyads)


def test_actors_that_contradict_the_entity_are_refused(dyads: Path) -> None:
    text = (dyads / "table.csv").read_text().splitlines()
    text[0] += ",actors"
    text[1:] = [line + (",US;JP" if n == 0 else ",") for n, line in enumerate(text[1:])]
    (dyads / "table.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(EvidenceError, match="actors"):
        relindex.load(dyads)


def test_one_entity_declared_keeps_the_numbers(mini: Path) -> None:
    """Declaring the only entity changes no number: records without one belong to it."""
    before = relindex.score(mini)
    edit(mini / "indicators.toml", "[event_types.exercise]",
         '[entities.AL-BO]\nname = "Aland-Borduria"\nactors = ["AL", "BO"]\n\n'
         "[event_types.exercise]")
    after = relindex.score(mini)
    assert after.entities == ("AL-BO",)
    assert [p.to_dict() for p in after.periods] == [p.to_dict() for p in before.periods]


def test_undated_table_rows_that_disagree_are_an_error(dyads: Path) -> None:
    """Two rows for one cell with nothing to order them: refused, naming both; or a tie rule."""
    with (dyads / "table.csv").open("a") as f:
        f.write("RU-CN-volume-2023-bis,RU-CN,volume,2023,260,USD bn\n")
    with pytest.raises(ScoringError) as info:
        relindex.score(dyads)
    msg = str(info.value)
    assert "RU-CN-volume-2023" in msg and "RU-CN-volume-2023-bis" in msg and "ties" in msg
    edit(dyads / "indicators.toml", 'transform = "log"', 'transform = "log"\nties = "mean"')
    result = relindex.score(dyads)
    assert result.period(2023, "RU-CN").dimension("trade").indicators[0].raw == 252.5
    conflict = next(c for c in result.conflicts if c.entity == "RU-CN")
    assert conflict.period == 2023 and len(conflict.records) == 2


def test_agreeing_undated_rows_are_corroboration(dyads: Path) -> None:
    with (dyads / "table.csv").open("a") as f:
        f.write("RU-CN-volume-2023-bis,RU-CN,volume,2023,245,USD bn\n")
    result = relindex.score(dyads)
    ind = result.period(2023, "RU-CN").dimension("trade").indicators[0]
    assert ind.raw == 245 and set(ind.evidence) == {"RU-CN-volume-2023",
                                                   "RU-CN-volume-2023-bis"}
    assert not result.conflicts


def test_dated_ledger_records_conflict_is_reported(mini: Path) -> None:
    """Records of one cell from sources of different dates: the newer counts, reported.

    The disagreement names the record superseded; equal dates are an error.
    """
    text = (mini / "evidence.toml").read_text()
    (mini / "evidence.toml").write_text(text.replace('fact = "trade-2022"\n', ""))
    result = relindex.score(mini)
    vol = result.period(2022).dimension("trade").indicators[0]
    assert vol.raw == 150
    (conflict,) = [c for c in result.conflicts if c.period == 2022]
    assert conflict.used == "vol-2022-a" and conflict.rule == "latest"
    roles = {r["id"]: r["role"] for r in conflict.records}
    assert roles["vol-2022-b"].startswith("superseded by vol-2022-a")
    out = cli("explain", "-c", str(mini), "--period", "2022", "--format", "json")
    assert out.returncode == 0
    (period,) = json.loads(out.stdout)["periods"]
    assert period["conflicts"][0]["used"] == "vol-2022-a"
    ev = json.loads(cli("evidence", "-c", str(mini), "--format", "json").stdout)
    assert next(r for r in ev if r["id"] == "vol-2022-b")["role"].startswith("superseded")
    # same publication date: nothing orders them, so it is an error naming both
    edit(mini / "sources.toml", 'date = "2023-06"', 'date = "2023-12"')
    with pytest.raises(ScoringError, match=r"vol-2022-a.*vol-2022-b|vol-2022-b.*vol-2022-a"):
        relindex.score(mini)


def test_scope_of_data_based_normalisation(dyads: Path) -> None:
    """min-max across entities within a period maps each year's best dyad to 1."""
    edit(dyads / "indicators.toml",
         'normalisation = {method = "goalposts", min = 0, max = 10, reason = "test goalposts"}',
         'normalisation = {method = "minmax", scope = "period"}')
    with pytest.raises(ScoringError, match="distinct observation"):
        relindex.score(dyads)  # three dyads a period: fewer than the default 5
    edit(dyads / "indicators.toml", "headline_min_coverage = 0.5",
         "headline_min_coverage = 0.5\ndata_methods_min_distinct = 2")
    result = relindex.score(dyads)
    for year in (2021, 2022, 2023):
        vals = [result.period(year, e).dimension("security").indicators[0].normalized
                for e in result.entities]
        assert max(vals) == 1.0 and min(vals) == 0.0
    edit(dyads / "indicators.toml", 'scope = "period"', 'scope = "entity"')
    with pytest.raises(ScoringError, match="only 1 distinct"):
        relindex.score(dyads)  # US-CN held no exercise in any year: nothing to scale by
    edit(dyads / "indicators.toml", 'scope = "entity"', 'scope = "panel"')
    result = relindex.score(dyads)
    ru = [p.dimension("security").indicators[0].normalized
          for p in result.entity("RU-CN").periods]
    assert ru == pytest.approx([4 / 6, 5 / 6, 1.0])


def test_a_flat_indicator_warns_at_the_callers_line(dyads: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The no-spread RelindexWarning of score and reweight names the caller's line."""
    import sys
    import warnings

    import relindex.scoring.model as model_mod

    edit(dyads / "indicators.toml",
         'normalisation = {method = "goalposts", min = 0, max = 10, reason = "test goalposts"}',
         'normalisation = {method = "minmax"}')
    monkeypatch.setattr(model_mod, "flat_columns",
                        lambda x, *rest: np.ones(x.shape[-1], dtype=bool))
    ds = relindex.load(dyads)
    for reweighted in (False, True):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = sys._getframe().f_lineno + 1
            relindex.reweight(ds, {"trade": 2}) if reweighted else relindex.score(ds)
        hits = [(w.filename, w.lineno) for w in caught
                if issubclass(w.category, relindex.RelindexWarning)]
        assert hits and set(hits) == {(__file__, line)}, hits


def test_min_coverage_and_propagate(dyads: Path) -> None:
    """Below min_coverage (or with propagate and a child missing) a node is missing."""
    rows = [line for line in (dyads / "table.csv").read_text().splitlines()
            if not line.startswith("CN-IN-exercises-2022")]
    (dyads / "table.csv").write_text("\n".join(rows) + "\n")
    base = relindex.score(dyads).period(2022, "CN-IN")
    assert base.cooperation == pytest.approx(base.dimension("trade").score)  # renormalised
    edit(dyads / "indicators.toml", "[index]",
         '[index.cooperation]\nmissing = "propagate"\n\n[index]')
    prop = relindex.score(dyads)
    assert prop.period(2022, "CN-IN").cooperation is None
    assert prop.period(2022, "CN-IN").index is None
    assert prop.period(2022, "RU-CN").index == pytest.approx(
        relindex.score(DYADS).period(2022, "RU-CN").index)
    edit(dyads / "indicators.toml", 'missing = "propagate"', "min_coverage = 0.4")
    assert relindex.score(dyads).period(2022, "CN-IN").cooperation is not None
    edit(dyads / "indicators.toml", "min_coverage = 0.4", "min_coverage = 0.6")
    assert relindex.score(dyads).period(2022, "CN-IN").cooperation is None


def test_the_last_row_never_wins_silently(tmp_path: Path) -> None:
    """Countries in one period with no entity column: refused, not the last row for all."""
    folder = tmp_path / "c"
    shutil.copytree(DYADS, folder)
    rows = [r for r in _rows(folder) if r["period"] == "2023"]
    out = ["id,indicator,period,value,unit,actors"]
    out += [f"{r['id']},{r['indicator']},{r['period']},{r['value']},"
            f"{'USD bn' if r['indicator'] == 'volume' else r['indicator']},"
            f"{r['entity'].replace('-', ';')}" for r in rows]
    (folder / "table.csv").write_text("\n".join(out) + "\n")
    text = (folder / "indicators.toml").read_text()
    start = text.index("[entities.RU-CN]")
    end = text.index("[dimensions.trade]")
    (folder / "indicators.toml").write_text(text[:start] + text[end:])
    with pytest.raises(ScoringError, match="nothing dates them apart"):
        relindex.score(folder)


def test_cli_all_entities_text_json_csv() -> None:
    out = cli("score", "-c", str(DYADS), "--all-entities", "--period", "2022")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("rank") for line in lines)
    ranked = [line.split()[1] for line in lines if line[:1].isdigit()]
    result = relindex.score(DYADS)
    expect = sorted(result.entities, key=lambda e: -result.period(2022, e).index)
    assert ranked == expect
    js = json.loads(cli("score", "-c", str(DYADS), "--all-entities", "--format",
                        "json").stdout)
    assert [d["entity"] for d in js] == list(result.entities)
    assert all(d["period"] == 2023 and "rank" in d and "dimensions" in d for d in js)
    js = json.loads(cli("score", "-c", str(DYADS), "--all-entities", "--all-periods",
                        "--format", "json").stdout)
    assert [(d["entity"], d["period"]) for d in js] == [
        (e, y) for e in result.entities for y in (2021, 2022, 2023)]
    text = cli("score", "-c", str(DYADS), "--all-periods", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 9 and table[0]["entity"] == "RU-CN"
    assert float(table[0]["index"]) == pytest.approx(result.period(2021, "RU-CN").index)
    assert set(result.to_records()[0]) == set(table[0])


def test_cli_entity_and_errors() -> None:
    out = cli("score", "-c", str(DYADS), "--entity", "CN-IN", "--format", "json")
    assert out.returncode == 0
    d = json.loads(out.stdout)
    assert d["period"] == 2023 and d["index"] == pytest.approx(
        relindex.score(DYADS).period(2023, "CN-IN").index)
    for args in (("--entity", "XX"), ("--entity", "CN-IN", "--all-entities"),
                 ("--period", "2022", "--all-periods")):
        out = cli("score", "-c", str(DYADS), *args)
        assert out.returncode == 2 and "Traceback" not in out.stderr, args
    out = cli("explain", "-c", str(DYADS), "--entity", "US-CN", "--period", "2021")
    assert out.returncode == 0 and "US-CN-volume-2021" in out.stdout


def test_sensitivity_rank_intervals_per_entity() -> None:
    """With several entities the analysis gives each a median rank and a 5-95% interval."""
    from relindex.sensitivity import analyse, sample_ranks

    res = analyse(DYADS, samples=64, seed=3, n_resamples=0)
    assert {r["entity"] for r in res.ranks} == {"RU-CN", "CN-IN", "US-CN"}
    for r in res.ranks:
        assert 1 <= r["p05"] <= r["median_rank"] <= r["p95"] <= 3
    assert {p["entity"] for p in res.periods} == {"RU-CN", "CN-IN", "US-CN"}
    one = analyse(DYADS, samples=64, seed=3, n_resamples=0, entity="CN-IN")
    assert one.entity == "CN-IN" and {p["entity"] for p in one.periods} == {"CN-IN"}
    ranks = sample_ranks(np.array([[0.2, 0.9, np.nan, 0.9]]))
    assert ranks.tolist() == [[3, 1, 0, 1]]
    out = cli("sensitivity", "-c", str(DYADS), "--samples", "64", "--seed", "1")
    assert out.returncode == 0 and "median rank" in out.stdout


def _big_table(folder: Path, n_entities: int = 2500) -> None:
    """A table over 1 MiB (read by pyarrow where installed): many entities, same indicators."""
    lines = ["id,entity,indicator,period,value,unit"]
    unit = {"volume": "USD bn", "exercises": "exercises", "disputes": "disputes"}
    for e in range(n_entities):
        for y in (2021, 2022, 2023):
            for k, (ind, u) in enumerate(unit.items()):
                v = 1 + (e * 7 + y * 3 + k * 11) % 97
                lines.append(f"X{e:05d}-{ind}-{y},X{e:05d},{ind},{y},{v},{u}")
    (folder / "table.csv").write_text("\n".join(lines) + "\n")
    text = (folder / "indicators.toml").read_text()
    start = text.index("[entities.RU-CN]")
    end = text.index("[dimensions.trade]")
    (folder / "indicators.toml").write_text(text[:start] + text[end:])


def test_columnar_readers_agree(dyads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Arrow reader (large tables) and the csv-module reader agree, errors included."""
    pytest.importorskip("pyarrow")
    from relindex import tables

    _big_table(dyads)
    assert (dyads / "table.csv").stat().st_size > tables.ARROW_MIN_BYTES
    fast = relindex.score(dyads).to_records()
    monkeypatch.setattr(tables, "ARROW_MIN_BYTES", 1 << 40)
    plain = relindex.score(dyads).to_records()
    assert fast == plain and len(fast) == 2500 * 3
    edit(dyads / "table.csv", "X00007-exercises-2022,X00007,exercises,2022,",
         "X00007-exercises-2022,X00007,exercises,2022,x")
    with pytest.raises(EvidenceError) as slow_err:
        relindex.load(dyads)
    monkeypatch.setattr(tables, "ARROW_MIN_BYTES", 1 << 20)
    with pytest.raises(EvidenceError) as fast_err:
        relindex.load(dyads)
    assert str(fast_err.value) == str(slow_err.value)
    assert "row 69.value" in str(fast_err.value)  # entity 7 (9 rows each), 2022, 2nd


def test_event_derived_indicators_score_every_dyad(tmp_path: Path) -> None:
    """The table `relindex events` writes is scored for every dyad at once."""
    src = FIXTURES / "events_dyads"
    folder = tmp_path / "ev"
    shutil.copytree(src, folder)
    (folder / "events.csv").unlink()
    out = cli("events", str(folder / "events.export.CSV"), "--table",
              str(folder / "events.csv"), "--measures",
              "events_cooperation_share,events_friction_share")
    assert out.returncode == 0, out.stderr
    assert (folder / "events.csv").read_bytes() == (src / "events.csv").read_bytes()
    res = cli("score", "-c", str(folder), "--all-entities", "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert {r["entity"] for r in rows} == {"CHN-RUS", "CHN-USA", "RUS-USA", "CHN-IND"}
    assert sorted(r["rank"] for r in rows) == [1, 2, 3, 4]
    table = list(csv.DictReader(io.StringIO((folder / "events.csv").read_text())))
    for r in rows:
        share = {t["indicator"]: float(t["value"]) for t in table
                 if t["entity"] == r["entity"] and t["period"] == str(r["period"])}
        assert r["index"] == pytest.approx(
            (share["events_cooperation_share"] - share["events_friction_share"]) / 100
            if max(share.values()) > 1 else
            share["events_cooperation_share"] - share["events_friction_share"], abs=1e-9)


def test_conflict_reporting_grows_with_the_input_not_its_square(dyads: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Many conflicting cells: the entity ids are built once, not once per conflict."""
    text = (dyads / "indicators.toml").read_text()
    start, end = text.index("[entities.RU-CN]"), text.index("[dimensions.trade]")
    (dyads / "indicators.toml").write_text(
        text[:start] + text[end:].replace('transform = "log"', 'transform = "log"\n'
                                          'combine = "max"', 1))
    rows = ["id,entity,indicator,period,value,unit"]
    for e in range(400):
        rows += [f"a{e},E{e},volume,2022,{10 + e % 7},USD bn",
                 f"b{e},E{e},volume,2022,{20 + e % 5},USD bn"]
    (dyads / "table.csv").write_text("\n".join(rows) + "\n")
    builds: list[int] = []

    class Counting(dict):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            builds.append(1)
            return super().__iter__()

    ds = relindex.load(dyads)
    ds.entities = Counting(ds.entities)
    result = relindex.score(ds)
    assert len(result.conflicts) == 400
    assert len(builds) <= 5


class _Sink(io.TextIOBase):
    """A stdout that counts the characters written and keeps none."""

    chars = 0

    def write(self, s: str) -> int:
        self.chars += len(s)
        return len(s)


def test_all_periods_json_memory_does_not_grow_with_the_entities(tmp_path: Path) -> None:
    """``score --all-entities --all-periods --format json`` holds one period, not the list."""
    import contextlib

    from _shapes import peak_bytes, wide_catalogue
    from relindex.cli import main

    def run(entities: int) -> tuple[int, int]:
        folder = wide_catalogue(tmp_path / f"e{entities}", 4, entities=entities, periods=3)
        sink = _Sink()

        def call() -> None:
            with contextlib.redirect_stdout(sink):
                assert main(["score", "-c", str(folder), "--all-entities", "--all-periods",
                             "--format", "json"]) == 0

        return peak_bytes(call), sink.chars

    run(20)  # the first run imports and caches what every run shares
    small, small_chars = run(20)
    big, big_chars = run(160)
    assert big_chars > 7 * small_chars
    # 140 more entities x 3 periods x 4 indicators: the scored table and its input rows
    # cost well under 2 kB a cell; holding every period's dict costs over 7 kB a cell
    assert (big - small) / (140 * 3 * 4) < 2000, (small, big)

"""The verbs at the top of relindex, tidy frames of every result, and short reprs."""

from __future__ import annotations

import inspect
import shutil
import typing
from pathlib import Path

import pytest

import relindex
from relindex.errors import RelindexError

FIXTURES = Path(__file__).parent / "fixtures"
MINI, DYADS = FIXTURES / "mini", FIXTURES / "dyads"
HDI = Path(__file__).resolve().parents[1] / "docs" / "examples" / "hdi"
VERBS = ("load", "score", "analyse", "compare", "reweight", "audit", "decompose")

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def shipped() -> relindex.Result:
    return relindex.score()


def test_verbs_are_exported_and_typed_without_any() -> None:
    """Every verb is at the top, takes the data first, and no parameter is typed Any."""
    for name in VERBS:
        fn = getattr(relindex, name)
        assert callable(fn) and name in relindex.__all__
        # pandas only for typing; each verb imports the module that does its work when it is
        # called (so that `relindex score` starts fast): its result type is resolved here as
        # a type checker would
        from relindex.audit import AuditResult
        from relindex.change import Change
        from relindex.compare import Comparison
        from relindex.sensitivity import SensitivityResult
        hints = typing.get_type_hints(fn, localns={
            "pd": pd, "AuditResult": AuditResult, "Change": Change, "Comparison": Comparison,
            "SensitivityResult": SensitivityResult})
        params = list(inspect.signature(fn).parameters)
        assert params[0] in ("data", "path", "a")
        for p in params:
            assert hints[p] is not typing.Any, f"{name}({p}) is typed Any"
        assert hints["return"] is not typing.Any


def test_verbs_accept_a_dataset_a_model_or_a_path() -> None:
    """The same scores from a path, a folder, a dataset and a model."""
    ds = relindex.load(MINI)
    model = relindex.build_model(ds)
    want = relindex.score(ds).to_frame()["score"].tolist()
    for data in (MINI, str(MINI / "indicators.toml"), ds, model):
        assert relindex.score(data).to_frame()["score"].tolist() == want
    with pytest.raises(RelindexError, match="not a dataset"):
        relindex.audit(42)  # type: ignore[arg-type]


def test_results_compare_and_hash_without_raising(shipped: relindex.Result) -> None:
    """Equality of two results is identity (no ambiguous array truth); hash works."""
    other = relindex.score()
    assert (shipped == other) is False and shipped == shipped
    assert isinstance(hash(shipped), int) and hash(relindex.build_model(relindex.load())) != 0
    assert len({shipped, other}) == 2


def test_a_result_cannot_be_built_broken() -> None:
    """relindex.Result by hand (without the arrays) refuses instead of failing later."""
    with pytest.raises(TypeError, match=r"relindex\.score"):
        relindex.Result("a", "b", "c", "d", "cooperation-friction", ("x",), (2020,))


def test_index_frame_is_long_and_has_no_column_named_index(shipped: relindex.Result) -> None:
    """One row per entity and period; ``score`` is the index; flags are lists."""
    frame = shipped.to_frame()
    assert "index" not in frame.columns
    assert len(frame) == len(shipped.years)
    assert frame["period"].tolist() == list(shipped.years)
    head = shipped.headline
    row = frame[frame["headline"]].iloc[0]
    assert row["period"] == head.period and row["score"] == pytest.approx(head.index)
    assert all(isinstance(f, list) for f in frame["flags"])
    for pr, flags in zip(shipped.periods, frame["flags"], strict=True):
        assert flags == list(pr.flags)
    assert frame["rank"].isna().all(), "one entity has no rank across entities"


def test_panel_frame_ranks_entities() -> None:
    """With several entities, rank is across entities within a period (nullable integer)."""
    frame = relindex.score(DYADS).to_frame()
    assert str(frame["rank"].dtype) == "Int64"
    for _, g in frame.dropna(subset=["score"]).groupby("period"):
        ordered = g.sort_values("score", ascending=False)["rank"].tolist()
        assert ordered == sorted(ordered) and ordered[0] == 1


@pytest.mark.parametrize("data", [None, DYADS, HDI])
def test_lower_levels_add_up_to_the_index(data: Path | None) -> None:
    """Indicator and top-dimension contributions add up to each period's score."""
    result = relindex.score(data)
    top = result.to_frame()
    dims = result.to_frame("dimension")
    inds = result.to_frame("indicator")
    for frame in (dims, inds):
        assert "index" not in frame.columns
        assert frame["side"].notna().all()
    by_dim = dims[dims["depth"] == 0].groupby(["entity", "period"])["contribution"].sum()
    by_ind = inds.groupby(["entity", "period"])["contribution"].sum()
    for _, row in top.dropna(subset=["score"]).iterrows():
        key = (row["entity"], row["period"])
        assert by_dim[key] == pytest.approx(row["score"], abs=1e-12)
        assert by_ind[key] == pytest.approx(row["score"], abs=1e-12)


def test_indicator_frame_has_the_documented_columns(shipped: relindex.Result) -> None:
    """The indicator level carries values at every stage, status, counts and flags."""
    frame = shipped.to_frame("indicator")
    for col in ("entity", "period", "side", "dimension", "indicator", "raw", "estimate",
                "interval_low", "interval_high", "normalised", "weight", "contribution",
                "status", "n_events", "n_sources", "evidence", "flags"):
        assert col in frame.columns, col
    assert set(frame["side"]) == {"cooperation", "friction"}
    n_leaves = relindex.build_model(relindex.load()).n_leaves
    assert len(frame) == len(shipped.years) * n_leaves
    carried = frame[frame["status"] == "carried"]
    assert len(carried) and carried["carried_from"].notna().all()
    assert (carried["carried_from"] < carried["period"]).all()


def test_unknown_level_is_a_clear_error(shipped: relindex.Result) -> None:
    """A level that does not exist names the ones that do."""
    with pytest.raises(RelindexError, match="'indicator'"):
        shipped.to_frame("country")  # type: ignore[arg-type]


def test_every_result_has_a_frame() -> None:
    """Sensitivity, change, audit and comparison results all give DataFrames."""
    ds = relindex.load(MINI)
    sens = relindex.analyse(ds, samples=64, seed=1, n_resamples=0)
    band = sens.to_frame()
    assert {"period", "quantity", "point", "median", "p05", "p95"} <= set(band.columns)
    idx = band[band["quantity"] == "index"].dropna(subset=["median"])
    assert len(idx) and (idx["p05"] <= idx["p95"]).all()
    assert set(sens.to_frame("sobol")["input"]) == {s["input"] for s in sens.sobol}
    ch = relindex.decompose(ds, "2022", 2023)
    effects = ch.to_frame()
    assert effects["effect"].sum() == pytest.approx(ch.change, abs=1e-12)
    assert set(effects["kind"]) <= {"value", "composition", "weight"}
    aud = relindex.audit(ds)
    assert len(aud.to_frame()) == len(aud.findings)
    comp = relindex.compare(ds, weights={"trade": 3})
    assert len(comp.to_frame()) == len(comp.rows)


def test_frames_of_one_entity_join_on_its_id() -> None:
    """Score, sensitivity and change frames of a one-entity catalogue name the same entity.

    A one-entity catalogue's entity is its id in every result, so their frames join on
    ``entity`` and ``period`` (a ``None`` entity matched nothing).
    """
    ds = relindex.load(MINI)
    result = relindex.score(ds)
    (only,) = result.entities
    sens = relindex.analyse(ds, samples=64, seed=1, n_resamples=0)
    ch = relindex.decompose(ds, 2022, 2023)
    assert sens.entity == ch.entity == only
    assert sens.to_dict()["entity"] == ch.to_dict()["entity"] == only
    band = sens.to_frame().query("quantity == 'index'")
    joined = result.to_frame().merge(band, on=["entity", "period"])
    assert len(joined) == len(result.periods) and len(band) == len(result.periods)
    assert set(ch.to_frame()["entity"]) == {only}
    assert len(ch.to_frame().merge(result.to_frame(), left_on=["entity", "end"],
                                   right_on=["entity", "period"])) == len(ch.effects)


def test_decompose_refuses_a_period_that_is_not_a_year() -> None:
    """``decompose(ds, "twenty", ...)`` names the key and the fix."""
    with pytest.raises(RelindexError, match=r"from.*must be a year"):
        relindex.decompose(MINI, "twenty", 2023)


def test_reprs_are_short() -> None:
    """The repr of a dataset, model and every result fits a few lines."""
    ds = relindex.load()
    objs = [ds, relindex.build_model(ds), relindex.score(ds), relindex.audit(ds),
            relindex.decompose(ds, 2023, 2024),
            relindex.analyse(MINI, samples=64, seed=1, n_resamples=0),
            relindex.compare(ds, weights={"trade_volume": 2})]
    for obj in objs:
        text = repr(obj)
        assert text.startswith("<relindex.") and len(text) < 1000, (type(obj), len(text))


def test_html_repr_carries_the_flags(shipped: relindex.Result) -> None:
    """Every flagged period shows its codes, with the meaning in the cell and a legend."""
    page = shipped._repr_html_()
    for pr in shipped.periods:
        for code in pr.flags:
            assert code in page
    flagged = [pr for pr in shipped.periods if "below_coverage" in pr.flags]
    assert flagged and "coverage below the headline threshold" in page
    panel = relindex.score(DYADS)._repr_html_()
    assert "<th>flags</th>" in panel and "RU-CN" in panel


def test_a_reweighted_result_says_so_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    """A re-weighted result lists its weights in JSON, frames, repr, HTML and CLI outputs."""
    import json

    from relindex.cli import main

    declared = relindex.score(MINI)
    assert declared.reweighted == {} and "reweighted" not in declared.to_dict()
    res = relindex.reweight(MINI, {"trade": 3, "military": 1})  # military as declared
    assert res.reweighted == {"trade": 3.0}
    assert res.to_dict()["reweighted"] == {"trade": 3.0}
    assert res.to_frame().attrs["reweighted"] == {"trade": 3.0}
    assert "re-weighted trade=3" in repr(res) and "re-weighted" in res._repr_html_()
    assert main(["score", "-c", str(MINI), "--weight", "trade=3"]) == 0
    assert "RE-WEIGHTED, not the catalogue's weights: trade=3" in capsys.readouterr().out
    assert main(["score", "-c", str(MINI), "--weight", "trade=3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["reweighted"] == {"trade": 3.0}
    assert main(["score", "-c", str(MINI), "-w", "trade=3", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(",reweighted") and lines[1].endswith(",trade=3")


def test_a_weight_on_an_only_child_is_refused_with_the_reason() -> None:
    """An indicator alone in its dimension, or a dimension alone on its side, has no say."""
    with pytest.raises(RelindexError, match=r"only child of military.*share among siblings"):
        relindex.reweight(MINI, {"exercises": 2})
    with pytest.raises(RelindexError, match="only child of the friction side"):
        relindex.reweight(MINI, {"friction": 0.5})
    assert relindex.reweight(MINI, {"exercises": 1}).reweighted == {}  # as declared


def test_tables_can_come_from_dataframes_in_memory() -> None:
    """A long frame read in place of a declared table scores as the CSV file does."""
    ds_file = relindex.load(HDI)
    table = pd.read_csv(HDI / "hdi_components.csv")
    long = table[["entity", "period", "indicator", "value"]]  # no id, no unit
    ds = relindex.load(HDI, tables={"hdi_components.csv": long})
    assert len(ds.tables[0]) == len(table)
    want = relindex.score(ds_file).to_frame("indicator")
    got = relindex.score(ds).to_frame("indicator")
    assert got["raw"].tolist() == pytest.approx(want["raw"].tolist(), nan_ok=True)
    assert got["contribution"].tolist() == pytest.approx(want["contribution"].tolist(),
                                                         nan_ok=True)
    with pytest.raises(RelindexError, match=r"hdi_components\.csv"):
        relindex.load(HDI, tables={"other.csv": long})
    with pytest.raises(RelindexError, match="'value'"):
        relindex.load(HDI, tables={"hdi_components.csv": long.drop(columns="value")})


def test_errors_in_a_table_from_memory_name_the_frame_and_its_row(tmp_path: Path) -> None:
    """A bad cell of a frame is named by the frame's row, not by a file that was not read.

    The message names the table given in memory and the row's position and index label
    (not line 2 of a CSV file); a table read from its file keeps the file and line.
    """
    long = pd.read_csv(HDI / "hdi_components.csv")[["entity", "period", "indicator", "value"]]
    bad = long.assign(value=["x", *list(long["value"][1:])]).set_axis(
        range(100, 100 + len(long)))
    with pytest.raises(RelindexError) as info:
        relindex.load(HDI, tables={"hdi_components.csv": bad})
    err = info.value
    assert err.path == "table 'hdi_components.csv' given in memory"
    assert err.key == "row at position 0 (index 100).value" and err.value == "x"
    assert "hdi_components.csv' given in memory: row at position 0 (index 100).value " \
        "is not a number" in str(err) and "/" not in str(err).split(":")[0]
    periods = [*list(long["period"][:3]), "20x3", *list(long["period"][4:])]
    by_label = long.assign(period=periods).set_index(["entity", "indicator"])
    with pytest.raises(RelindexError, match=r"row at position 3 \(index \('CHE', "
                       r"'[a-z_]+'\)\)\.period must be a period"):
        relindex.load(HDI, tables={"hdi_components.csv": by_label})
    entity = [*list(long["entity"][:5]), "zz", *list(long["entity"][6:])]
    with pytest.raises(RelindexError, match=r"memory: row at position 5 \(index 5\)\.entity"):
        relindex.load(HDI, tables={"hdi_components.csv": long.assign(entity=entity)})
    with pytest.raises(RelindexError) as info:  # a duplicate id names no file either
        relindex.load(HDI, tables={"hdi_components.csv": long.assign(id="a")})
    assert str(info.value).startswith("table 'hdi_components.csv' given in memory: row at "
                                      "position 1 (index 1).id is a duplicate evidence id "
                                      "(first in table 'hdi_components.csv' given in memory)")
    early = long.assign(period=[1700, *list(long["period"][1:])]).set_axis(
        [f"r{n}" for n in range(len(long))])
    ds = relindex.load(HDI, tables={"hdi_components.csv": early})
    with pytest.raises(RelindexError) as info:  # found when scored, after loading
        relindex.score(ds)
    assert info.value.path == "table 'hdi_components.csv' given in memory"
    assert info.value.key == "row at position 0 (index 'r0').period"
    table = pd.read_csv(HDI / "hdi_components.csv")  # a file keeps its path and line
    table.loc[0, "period"] = 1700
    folder = tmp_path / "hdi"
    shutil.copytree(HDI, folder)
    table.to_csv(folder / "hdi_components.csv", index=False)
    with pytest.raises(RelindexError) as info:
        relindex.score(folder)
    assert (info.value.path, info.value.key) == (str(folder / "hdi_components.csv"),
                                                 "row 2.period")


def test_the_balance_of_the_sides_is_a_declared_option(tmp_path: Path) -> None:
    """index.friction.weight = 3 scores 0.5 C - 1.5 F, says so, and still adds up."""
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    path = folder / "indicators.toml"
    text = path.read_text()
    path.write_text(text.replace("[dimensions.trade]", "[index.friction]\nweight = 3\n"
                                 "reason = \"test: friction counts triple\"\n\n"
                                 "[dimensions.trade]", 1))
    plain, weighted = relindex.score(MINI), relindex.score(folder)
    assert any("net index = 0.5 x cooperation - 1.5 x friction" in n for n in weighted.notes)
    for a, b in zip(plain.periods, weighted.periods, strict=True):
        assert b.cooperation == a.cooperation and b.friction == a.friction
        if b.index is not None:
            assert b.index == pytest.approx(0.5 * b.cooperation - 1.5 * b.friction, abs=1e-12)
    parts = weighted.to_frame("indicator").groupby("period")["contribution"].sum()
    scores = weighted.to_frame().set_index("period")["score"].dropna()
    assert (parts[scores.index] - scores).abs().max() < 1e-12
    from relindex.export import reweight_payload, score_with_weights

    model = relindex.build_model(relindex.load(folder))
    assert reweight_payload(model)["balance"] == [0.5, 1.5]
    assert score_with_weights(model, {}) == pytest.approx(weighted.headline.index, abs=1e-12)
    path.write_text(text.replace("[dimensions.trade]", "[index.friction]\nweight = 2\n\n"
                                 "[index.cooperation]\nweight = 2\n\n[dimensions.trade]", 1))
    same = relindex.score(folder)
    assert [p.index for p in same.periods] == [p.index for p in plain.periods]

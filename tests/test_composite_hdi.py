"""The HDI example (docs/examples/hdi): UNDP's published HDI, recomputed and reproduced.

The data are the components of the Human Development Index 2022 for twelve countries as
printed in Table 1 of UNDP's Human Development Report 2023/2024, and the published HDI
values and ranks. A plain numpy recomputation with UNDP's formulas (Technical note 1) is
the oracle: it checks the data, and relindex's composite mode must agree with it to the
three decimals UNDP publishes.
"""

from __future__ import annotations

import csv
import shutil
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import relindex

ROOT = Path(__file__).resolve().parents[1]
HDI = ROOT / "docs" / "examples" / "hdi"
COMPONENTS = ("life_expectancy", "expected_schooling", "mean_schooling", "gni_per_capita")
TOLERANCE = 0.0005
"""Half a unit of the third decimal: the precision at which UNDP publishes the HDI."""


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file into a list of rows."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def published() -> dict[str, dict[str, str]]:
    """The published HDI and rank of each country, by ISO3 code."""
    return {row["entity"]: row for row in read_csv(HDI / "published_hdi.csv")}


def components(path: Path = HDI / "hdi_components.csv") -> tuple[list[str], np.ndarray]:
    """The entities and an array of shape (n_entities, 4) of their components (NaN if absent)."""
    rows = read_csv(path)
    entities = list(dict.fromkeys(row["entity"] for row in rows))
    x = np.full((len(entities), len(COMPONENTS)), np.nan)
    for row in rows:
        x[entities.index(row["entity"]), COMPONENTS.index(row["indicator"])] = float(row["value"])
    return entities, x


def undp_hdi(x: np.ndarray) -> np.ndarray:
    """UNDP's HDI (Technical note 1) of rows of (LE, EYS, MYS, GNIpc); NaN where one is absent."""
    le, eys, mys, gni = x.T
    health = (le - 20) / (85 - 20)
    education = (np.minimum(eys, 18) / 18 + np.minimum(mys, 15) / 15) / 2
    income = np.minimum((np.log(gni) - np.log(100)) / (np.log(75000) - np.log(100)), 1)
    return np.cbrt(health * education * income)


def by_entity(result: Any) -> dict[str, dict[str, Any]]:
    """The result's records for 2022, keyed by entity."""
    records = [r for r in result.to_records() if str(r["period"]) == "2022"]
    out = {r["entity"]: r for r in records}
    assert len(out) == len(records), "one record per entity and period"
    return out


@pytest.fixture(scope="module")
def result() -> Any:
    """The HDI example scored by relindex."""
    return relindex.score(str(HDI))


# ----------------------------------------------------------------------- the data alone


def test_table_has_every_component_of_every_declared_country() -> None:
    """The CSV holds exactly one row per declared country and component, with the declared unit."""
    with (HDI / "indicators.toml").open("rb") as f:
        catalogue = tomllib.load(f)
    units = {iid: ind["unit"] for dim in catalogue["dimensions"].values()
             for iid, ind in dim["indicators"].items()}
    assert set(units) == set(COMPONENTS)
    rows = read_csv(HDI / "hdi_components.csv")
    assert list(rows[0]) == ["id", "entity", "indicator", "period", "value", "unit"]
    assert len({r["id"] for r in rows}) == len(rows)
    cells = {(r["entity"], r["indicator"]) for r in rows}
    assert cells == {(e, c) for e in catalogue["entities"] for c in COMPONENTS}
    assert len(rows) == len(cells)
    assert all(r["period"] == "2022" and r["unit"] == units[r["indicator"]] for r in rows)
    assert set(published()) == set(catalogue["entities"])


def test_catalogue_declares_undp_goalposts() -> None:
    """The catalogue's goalposts, transform and aggregations are those of Technical note 1."""
    with (HDI / "indicators.toml").open("rb") as f:
        catalogue = tomllib.load(f)
    dims = catalogue["dimensions"]
    leaves = {iid: ind for dim in dims.values() for iid, ind in dim["indicators"].items()}
    goalposts = {iid: (ind["normalisation"]["min"], ind["normalisation"]["max"])
                 for iid, ind in leaves.items()}
    assert goalposts == {"life_expectancy": (20, 85), "expected_schooling": (0, 18),
                         "mean_schooling": (0, 15), "gni_per_capita": (100, 75000)}
    assert all(ind["normalisation"]["method"] == "goalposts" for ind in leaves.values())
    assert leaves["gni_per_capita"]["transform"] == "log"
    assert catalogue["index"]["kind"] == "composite"
    assert catalogue["index"]["aggregation"] == "geometric"
    assert dims["education"]["aggregation"] == "arithmetic"
    assert {d.get("weight", 1) for d in dims.values()} == {1}


def test_numpy_recomputation_reproduces_published_hdi() -> None:
    """UNDP's formulas on the rounded Table 1 components give the published HDI to 3 decimals."""
    entities, x = components()
    hdi = undp_hdi(x)
    pub = published()
    for entity, value in zip(entities, hdi, strict=True):
        assert abs(value - float(pub[entity]["hdi"])) <= TOLERANCE, entity


def test_published_ranks_follow_published_values() -> None:
    """The published ranks order the countries as their published HDI values do."""
    pub = sorted(published().values(), key=lambda r: int(r["rank"]))
    values = [float(r["hdi"]) for r in pub]
    assert values == sorted(values, reverse=True)


# ----------------------------------------------------------------------- relindex


def test_relindex_reproduces_published_hdi(result: Any) -> None:
    """The composite index equals the published HDI of every country to 3 decimals."""
    records = by_entity(result)
    pub = published()
    assert set(records) == set(pub)
    for entity, row in pub.items():
        assert records[entity]["index"] is not None, entity
        assert abs(records[entity]["index"] - float(row["hdi"])) <= TOLERANCE, entity


def test_relindex_agrees_with_numpy_oracle(result: Any) -> None:
    """The composite index equals the plain numpy recomputation to floating-point precision."""
    entities, x = components()
    records = by_entity(result)
    for entity, value in zip(entities, undp_hdi(x), strict=True):
        assert records[entity]["index"] == pytest.approx(value, abs=1e-12), entity


def test_entity_view_matches_records(result: Any) -> None:
    """``result.entity(id)`` gives the same index as the records (Norway: 0.966 published)."""
    nor = result.entity("NOR")
    assert len(nor.periods) == 1
    assert str(nor.periods[0].period) == "2022"
    assert nor.periods[0].index == by_entity(result)["NOR"]["index"]
    assert abs(nor.periods[0].index - 0.966) <= TOLERANCE


def test_ranks_follow_published_values(result: Any) -> None:
    """The computed ranks order the countries as the published HDI does, ties sharing a rank."""
    records = by_entity(result)
    pub = {e: float(r["hdi"]) for e, r in published().items()}
    for entity, value in pub.items():
        expected = 1 + sum(v > value for v in pub.values())
        assert records[entity]["rank"] == expected, entity


def test_missing_component_propagates(tmp_path: Path) -> None:
    """Without Ghana's mean years of schooling Ghana has no HDI; the others are unchanged."""
    full = by_entity(relindex.score(str(HDI)))
    folder = tmp_path / "hdi"
    shutil.copytree(HDI, folder)
    table = folder / "hdi_components.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("GHA-mys-2022,")]
    assert len(kept) == len(lines) - 1
    table.write_text("".join(kept), encoding="utf-8")

    entities, x = components(table)
    assert np.isnan(undp_hdi(x)[entities.index("GHA")])  # the oracle agrees: no HDI

    partial = by_entity(relindex.score(str(folder)))
    assert partial["GHA"]["index"] is None
    for entity, record in full.items():
        if entity != "GHA":
            assert partial[entity]["index"] == pytest.approx(record["index"], abs=1e-12), entity


def test_composite_cli_speaks_of_one_index_and_its_own_source_rule() -> None:
    """A composite's legend, flags and notes name one index, its source rule, no events."""
    from _util import cli

    run = cli("score", "--catalogue", str(HDI), "--all-entities", "--period", "2022")
    assert run.returncode == 0, run.stderr
    legend = run.stdout.split("Legend:")[1]
    assert "each side" not in legend + run.stderr and "vent" not in legend
    assert "the index rests on at least 2 sources" in legend
    # one table is one source: by the catalogue's default rule of 2, never a headline
    assert "the most any period rests on is 1" in run.stderr
    assert "net index" not in run.stderr
    flagged = relindex.score(str(HDI)).entity("NOR").periods[0]
    assert flagged.flag_messages == ("the index rests on fewer than 2 sources (it rests on "
                                     "1): never the headline (index.headline_min_sources)",)
    no_head = cli("score", "--catalogue", str(HDI))
    assert no_head.returncode == 2 and "on a side" not in no_head.stderr

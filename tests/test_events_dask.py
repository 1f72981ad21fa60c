"""The Dask engine gives the local engine's table, row for row, on a local cluster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from relindex.events import aggregate

pytest.importorskip("distributed")

ACTORS = ["CHN", "RUS", "USA", "IND", "JPN"]
CODES = ["010", "042", "0311", "057", "062", "073", "112", "130", "1412", "163", "190", "20"]


def gdelt_file(path: Path, seed: int, n: int = 300) -> Path:
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(n):
        row = [""] * 58
        row[1] = f"20{rng.integers(20, 24)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
        row[7], row[17] = ACTORS[rng.integers(5)], ACTORS[rng.integers(5)]
        row[26] = CODES[rng.integers(len(CODES))]
        row[29], row[30], row[31] = "1", "0.0", str(rng.integers(1, 9))
        if rng.random() < 0.03:
            row[1] = "2023-99"  # a malformed date
        lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    """A light local cluster: one in-process worker with two threads."""
    from distributed import LocalCluster

    c = LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                     dashboard_address=":0")
    yield c
    c.close()


def test_dask_matches_local(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    """Three files aggregated on a cluster equal the local result exactly, malformed included."""
    files = [gdelt_file(tmp_path / f"{k}.export.CSV", seed=k) for k in range(3)]
    for kw in ({"period": "month"}, {"period": "year", "dyads": "directed"},
               {"period": "year", "weight": "NumMentions"}):
        local = aggregate(files, chunk_rows=97, **kw)  # type: ignore[arg-type]
        dist = aggregate(files, engine="dask", scheduler=cluster.scheduler_address,
                         chunk_rows=50, **kw)  # type: ignore[arg-type]
        assert dist.to_records() == local.to_records()
        assert dist.malformed == local.malformed and local.malformed["bad_date"] > 0
        assert dist.rows == local.rows == 900


def test_dask_default_local_cluster(tmp_path: Path) -> None:
    """Without --scheduler the engine starts (and closes) its own local cluster."""
    f = gdelt_file(tmp_path / "a.CSV", seed=9, n=50)
    assert aggregate(f, engine="dask").to_records() == aggregate(f).to_records()

"""The analyst's notebook (docs/notebooks/analyst.ipynb) runs top to bottom with nbclient."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="the docs extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the docs extra is not installed")
pytest.importorskip("ipykernel", reason="the docs extra is not installed")
pytest.importorskip("matplotlib", reason="the plot extra is not installed")
pytest.importorskip("pandas", reason="the pandas extra is not installed")

pytestmark = pytest.mark.slow  # runs the notebook in a kernel (half a minute)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebooks" / "analyst.ipynb"


@pytest.fixture(scope="module")
def executed() -> Any:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    src = str(ROOT / "src")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [old])])
    try:
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    return nb


def outputs(nb: Any) -> list[Any]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_the_notebook_runs_without_errors(executed: Any) -> None:
    """Every cell runs; none prints an error or a warning to stderr."""
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", (cell.source, out.get("evalue"))
            assert not (out.output_type == "stream" and out.get("name") == "stderr"), (
                cell.source, out.get("text"))


def test_the_notebook_shows_charts_tables_and_flags(executed: Any) -> None:
    """Charts come out as PNG images with no magic, results as HTML carrying their flags."""
    outs = outputs(executed)
    pngs = [o for o in outs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 5
    html = "".join(o.get("data", {}).get("text/html", "") for o in outs)
    assert "below_coverage" in html and "<table" in html
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outs)
    assert "<relindex.Dataset 'russia-china'" in text and "re-weighted" in text
    for cell in executed.cells:  # every cell that ends with a chart shows it as an image
        if cell.cell_type == "code" and cell.source.splitlines()[-1].startswith("plot."):
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source


def test_the_notebook_follows_the_analysts_path() -> None:
    """It covers load, score, frames, charts, uncertainty, compare, decompose, a scaffold."""
    code = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
                     if c.cell_type == "code")
    for call in ("relindex.load(", "relindex.score(", ".to_frame(", "plot.series(",
                 "relindex.analyse(", "relindex.compare(", "relindex.reweight(",
                 "relindex.decompose(", "relindex.audit(", "init(folder", "tables={"):
        assert call in code, call
    assert "%matplotlib" not in code

"""relindex.plot and ``relindex plot``: charts with data, inline SVG, missing-extra errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import relindex
from relindex.errors import MissingExtraError, RelindexError

pytest.importorskip("matplotlib", reason="the plot extra is not installed")

from relindex import plot

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

# Runs the CLI with the plot sub-command registered (the lead registers it in COMMANDS).
CLI = ("import sys, relindex.cli as c\n"
       "c.COMMANDS = tuple(c.COMMANDS) + (() if 'plot' in c.COMMANDS else ('plot',))\n"
       "sys.exit(c.main(sys.argv[1:]))\n")


@pytest.fixture(scope="module")
def result() -> Any:
    return relindex.score(MINI)


def test_series_draws_every_period(result: Any) -> None:
    """The series chart has the net index, cooperation and friction with one point per period."""
    fig = plot.series(result)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"cooperation", "friction", "net index = cooperation \u2212 friction"} <= set(labels)
    net = next(line for line in ax.get_lines() if line.get_label().startswith("net index ="))
    assert list(net.get_xdata()) == [p.period for p in result.periods]
    assert list(net.get_ydata()) == pytest.approx([p.index for p in result.periods])


def test_contributions_add_up_to_the_index(result: Any) -> None:
    """The bars are the dimensions' contributions and add up to the net index."""
    fig = plot.contributions(result)
    bars = fig.axes[0].patches
    widths = [b.get_width() for b in bars]
    assert len(widths) == len(result.headline.dimensions)
    assert sum(widths) == pytest.approx(result.headline.index)
    with pytest.raises(RelindexError, match="not a scored period"):
        plot.contributions(result, period=1900)


def test_missing_values_are_gaps_not_zeros(tmp_path: Path) -> None:
    """A dimension with no value in the period is labelled, not drawn as zero."""
    res = relindex.score(MINI)
    fig = plot.contributions(res, period=2021)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "no value" not in texts or len(texts) == len(res.period(2021).dimensions)
    svg = plot.to_svg(plot.series(res))
    assert "nan" not in svg.lower().replace("nanum", "")


def test_inline_svg_is_responsive_and_deterministic(result: Any) -> None:
    """to_svg gives one <svg> element, scaled by viewBox, no blank lines, same bytes each time."""
    a = plot.to_svg(plot.series(result), label="series")
    b = plot.to_svg(plot.series(result), label="series")
    assert a == b
    assert a.startswith("<svg") and a.rstrip().endswith("</svg>")
    head = a[:a.index(">")]
    assert "viewBox" in head and ' width="' not in head and ' height="' not in head
    assert 'aria-label="series"' in head
    assert "\n\n" not in a and a.count("<path") > 10
    c = plot.to_svg(plot.contributions(result), label="c", salt="c")
    ids_a = set(__import__("re").findall(r'id="([^"]+)"', a))
    ids_c = set(__import__("re").findall(r'id="([^"]+)"', c))
    assert not ids_a & ids_c  # two charts can share a page


def test_labels_are_literal(tmp_path: Path) -> None:
    """Dollar signs and markup in names are drawn as text: no mathtext, escaped in SVG."""
    res = relindex.score(MINI)
    res2 = type(res)(**{**res.__dict__, "name": "Cost $5 <b>bold</b> & $x$"})
    svg = plot.to_svg(plot.series(res2), label="t <x>")
    assert "Cost $5 &lt;b&gt;bold&lt;/b&gt; &amp; $x$" in svg
    assert 'aria-label="t &lt;x&gt;"' in svg


def test_sensitivity_chart() -> None:
    """The Sobol' chart draws first and total indices per group, largest first."""
    data = {"headline_period": 2023, "sobol": [
        {"input": "weights", "first_order": 0.1, "total_order": 0.2,
         "first_order_ci": [0.05, 0.15], "total_order_ci": [0.15, 0.25]},
        {"input": "normalisation", "first_order": 0.5, "total_order": 0.7,
         "first_order_ci": [0.4, 0.6], "total_order_ci": [0.6, 0.8]},
        {"input": "evidence", "first_order": -0.01, "total_order": 0.0,
         "first_order_ci": None, "total_order_ci": None}]}
    fig = plot.sensitivity(data)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["normalisation", "weights",
                                                           "evidence"]
    assert len(ax.patches) == 6
    assert len(plot.sensitivity(data, limit=2).axes[0].patches) == 4


def test_series_with_uncertainty_band(result: Any) -> None:
    """An uncertainty result adds the 5th-95th percentile band and the median."""
    band = {"periods": [{"period": p.period, "index": {"p05": -0.1, "p95": 0.6, "median": 0.3}}
                        for p in result.periods]}
    fig = plot.series(result, uncertainty=band)
    labels = [c.get_label() for c in fig.axes[0].collections]
    assert "net index, 90% band (5th-95th percentile)" in labels
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "net index, 90% band (5th-95th percentile)" in legend


def test_composite_charts_speak_of_one_index() -> None:
    """A composite's charts name the index and never cooperation, friction or a net index.

    The series (with its band and range), the contributions and the Sobol' chart.
    """
    res = relindex.score(ROOT / "docs" / "examples" / "hdi").entity("CHE")
    assert res.kind == "composite"
    band = {"periods": [{"period": p.period, "index": {"p05": 0.9, "p95": 0.99, "median": 0.95}}
                        for p in res.periods]}
    series = plot.series(res, uncertainty=band)
    legend = [t.get_text() for t in series.legends[0].get_texts()]
    assert f"index: {res.name}, in [0, 1]" in legend
    assert "index, 90% band (5th-95th percentile)" in legend
    assert series.axes[0].get_ylim() == pytest.approx((-0.05, 1.05))
    sobol = {"headline_period": 2022, "sobol": [
        {"input": "weights", "first_order": 0.1, "total_order": 0.2}]}
    for fig in (series, plot.contributions(res, period=2022),
                plot.sensitivity(sobol, kind="composite")):
        svg = plot.to_svg(fig).lower()
        assert "index" in svg
        for word in ("cooperation", "friction", "net index"):
            assert word not in svg, word


def test_series_draws_caveated_periods_hollow_with_a_legend_entry() -> None:
    """Below-coverage and carried periods get their own markers, each named in the legend."""
    res = relindex.score()
    fig = plot.series(res)
    ax = fig.axes[0]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    for code, (style, text) in plot.CAVEATS.items():
        want = [p.period for p in res.periods
                if p.index is not None and plot._caveat(p.flags) == code]
        marks = [line for line in ax.get_lines() if line.get_fillstyle() == style
                 and line.get_marker() == "D"]
        got = [int(x) for line in marks for x in line.get_xdata()]
        assert got == want, code
        assert (text in legend) == bool(want)
    assert any(p.index is not None and "below_coverage" in p.flags for p in res.periods)


def test_every_caveat_is_a_flag_a_period_can_carry() -> None:
    """A caveat keyed on a code no period is flagged with would never be drawn."""
    from relindex.scoring import FLAGS

    assert set(plot.CAVEATS) <= set(FLAGS)


def test_no_label_sits_over_a_point(result: Any) -> None:
    """The headline and every other label are in the legend, outside the axes: no text in them."""
    for fig in (plot.series(result), plot.series(relindex.score())):
        assert len(fig.axes[0].texts) == 0
        assert any(t.get_text().startswith("headline ") for t in fig.legends[0].get_texts())


def test_contributions_mark_carried_dimensions() -> None:
    """A dimension resting on a carried value is hatched, and the legend says what that means."""
    res = relindex.score()
    head = res.headline
    fig = plot.contributions(res)
    carried = [any(i.carried for x in d.walk() for i in x.indicators) for d in head.dimensions]
    assert any(carried)
    assert [bool(b.get_hatch()) for b in fig.axes[0].patches] == carried
    assert any("carried" in t.get_text() for t in fig.legends[0].get_texts())


def test_figures_show_in_a_notebook_without_magic(result: Any) -> None:
    """A chart has a PNG repr, so Jupyter displays it with no %matplotlib line."""
    for fig in (plot.series(result), plot.contributions(result)):
        png = fig._repr_png_()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG"),
                                           (".pdf", b"%PDF")])
def test_save_by_suffix(tmp_path: Path, result: Any, suffix: str, magic: bytes) -> None:
    """Save writes the format its suffix names."""
    out = plot.save(plot.series(result), tmp_path / f"chart{suffix}")
    assert out.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [f"chart{suffix}"]  # no temporary left


def test_save_refuses_unknown_suffix(tmp_path: Path, result: Any) -> None:
    """An unknown suffix is refused with the formats that work."""
    with pytest.raises(RelindexError, match=r"\.svg, \.png or \.pdf"):
        plot.save(plot.series(result), tmp_path / "chart.gif")
    with pytest.raises(RelindexError, match="kind of chart"):
        plot.figure(result, kind="pie")  # type: ignore[arg-type]


def test_missing_matplotlib_says_how_to_install(monkeypatch: pytest.MonkeyPatch,
                                                result: Any) -> None:
    """Without matplotlib, plotting raises MissingExtraError naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError) as err:
        plot.series(result)
    assert "matplotlib is not installed" in str(err.value)
    assert err.value.fix == "pip install 'relindex[plot]'"


def test_import_relindex_does_not_import_matplotlib() -> None:
    """Import relindex (and relindex.plot) leave matplotlib unloaded until a chart is drawn."""
    code = "import sys, relindex, relindex.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_cli_plot_writes_the_chart(tmp_path: Path) -> None:
    """``relindex plot --out FILE --kind contributions`` writes the chart and says where."""
    out = tmp_path / "c.svg"
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(out), "--catalogue",
                           str(MINI), "--kind", "contributions"], env=ENV, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "wrote" in proc.stderr
    assert out.read_text().lstrip().startswith("<?xml")
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(tmp_path / "s.png"),
                           "-c", str(MINI)], env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0 and (tmp_path / "s.png").stat().st_size > 1000


def test_cli_plot_bad_input_exits_2(tmp_path: Path) -> None:
    """A bad suffix, a bad period or a missing matplotlib: one line on stderr, status 2."""
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(tmp_path / "x.gif"),
                           "-c", str(MINI)], env=ENV, capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert ".svg, .png or .pdf" in proc.stderr
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(tmp_path / "x.svg"),
                           "-c", str(MINI), "--kind", "contributions", "--period", "1900"],
                          env=ENV, capture_output=True, text=True)
    assert proc.returncode == 2 and "not a scored period" in proc.stderr
    blocked = "import sys; sys.modules['matplotlib'] = None\n" + CLI
    proc = subprocess.run([sys.executable, "-c", blocked, "plot", "--out",
                           str(tmp_path / "x.svg"), "-c", str(MINI)], env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "pip install 'relindex[plot]'" in proc.stderr
    assert not (tmp_path / "x.svg").exists()


def test_cli_plot_format_option(tmp_path: Path) -> None:
    """``--format`` names the image format; one that contradicts the suffix is refused."""
    out = tmp_path / "chart"
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(out), "-c",
                           str(MINI), "--format", "pdf"], env=ENV, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(tmp_path / "x.svg"),
                           "-c", str(MINI), "--format", "png"], env=ENV, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "contradicts" in proc.stderr
    proc = subprocess.run([sys.executable, "-c", CLI, "plot", "--out", str(tmp_path / "y.svg"),
                           "-c", str(MINI), "--period", "2022"], env=ENV, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "cannot be combined" in proc.stderr

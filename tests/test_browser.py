"""The built docs site in headless Chromium: formulas, charts, links and the re-weighting panel.

Builds the site into a temporary folder, serves it on 127.0.0.1 and drives
Debian's ``chromium`` with ``chromedriver`` through Selenium (no download, no
network). Skipped only when chromium, chromedriver or selenium is missing; CI
installs them. Screenshots go to ``$RELINDEX_SCREENSHOTS`` (default
``artifacts/screenshots/``).
"""

from __future__ import annotations

import functools
import http.server
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic", "--disable-dev-shm-usage", "--window-size=1280,1600",
)


def _missing() -> list[str]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install 'relindex[browser]')")
    return missing


def screenshots_dir() -> Path:
    """Where screenshots go: ``$RELINDEX_SCREENSHOTS`` or ``artifacts/screenshots``."""
    return Path(os.environ.get("RELINDEX_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = _missing()
    if missing:
        pytest.skip("the browser test needs " + ", ".join(missing))
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    env.pop("RELINDEX_DOCS_CATALOGUE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def driver(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    previous = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        if previous is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = previous


@pytest.fixture(scope="module")
def model() -> Any:
    import relindex

    return relindex.build_model(relindex.load())


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
    """Poll `predicate` until it returns something truthy."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.1)


def console_errors(drv: Any) -> list[dict[str, Any]]:
    """Browser console entries at level SEVERE since the last call (the log is drained)."""
    return [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


def visit(drv: Any, url: str) -> None:
    """Open a page, wait for it and for MathJax (if it loaded) to finish."""
    drv.get(url)
    wait_for(lambda: drv.execute_script("return document.readyState") == "complete",
             what=f"{url} to load")
    wait_for(lambda: drv.execute_script(
        "return !window.MathJax || !MathJax.startup || !MathJax.startup.promise ? true :"
        " (window.__mjDone || (MathJax.startup.promise.then(() => window.__mjDone = true),"
        " false))"), what="MathJax to finish")


def shoot(drv: Any, name: str, *, full: bool = True) -> Path:
    """Save a screenshot (the whole page when `full`) and print its path."""
    out = screenshots_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    if full:
        height = drv.execute_script("return document.documentElement.scrollHeight")
        drv.set_window_size(1280, min(max(int(height), 800), 12000))
    time.sleep(0.6)  # let the header finish its scroll transition
    drv.save_screenshot(str(path))
    drv.set_window_size(1280, 1600)
    print(f"screenshot: {path}")
    return path


def test_home_shows_the_headline(driver: Any, base_url: str) -> None:
    """Home shows the library's headline net index and loads without console errors."""
    import relindex

    head = relindex.score().headline
    visit(driver, base_url)
    text = driver.find_element("css selector", "article").text
    assert f"{head.index:+.3f}" in text
    assert str(head.period) in text
    shoot(driver, "home")
    assert console_errors(driver) == []


def test_methodology_formulas_are_typeset(driver: Any, base_url: str) -> None:
    """Every formula on the methodology page is typeset by MathJax, with no TeX error."""
    visit(driver, base_url + "methodology/")
    n_math = driver.execute_script("return document.querySelectorAll('.arithmatex').length")
    n_typeset = wait_for(lambda: driver.execute_script(
        "return document.querySelectorAll('mjx-container').length"), what="typeset formulas")
    assert n_math > 20
    assert n_typeset >= n_math
    assert driver.execute_script("return document.querySelectorAll('mjx-merror').length") == 0
    # the typeset output is really drawn (glyphs with a size), not raw TeX
    width = driver.execute_script(
        "return document.querySelector('mjx-container[display=\"true\"]')"
        ".getBoundingClientRect().width")
    assert width > 50
    assert "\\frac" not in driver.find_element("css selector", "article").text
    driver.execute_script("document.getElementById('aggregation').scrollIntoView()")
    shoot(driver, "methodology-formulas", full=False)
    shoot(driver, "methodology")
    assert console_errors(driver) == []


def test_results_charts_have_data(driver: Any, base_url: str) -> None:
    """The Results page holds the series and contribution charts as SVG drawn with data."""
    visit(driver, base_url + "results/")
    for chart in ("chart-series", "chart-contributions"):
        counts = driver.execute_script(
            "const s = document.querySelector(arguments[0] + ' svg');"
            "if (!s) return null; const r = s.getBoundingClientRect();"
            "return {paths: s.querySelectorAll('path').length,"
            " texts: s.querySelectorAll('text').length, w: r.width, h: r.height};", f"#{chart}")
        assert counts is not None, chart
        assert counts["paths"] > 10 and counts["texts"] > 5, (chart, counts)
        assert counts["w"] > 300 and counts["h"] > 100, (chart, counts)
    shoot(driver, "results")
    assert console_errors(driver) == []


def test_ledger_and_source_link_both_ways(driver: Any, base_url: str) -> None:
    """A ledger entry links to its quote highlighted in the source, and the quote links back."""
    visit(driver, base_url + "evidence/")
    link = driver.find_element("css selector", "a.relindex-source-link")
    record = link.find_element("xpath", "ancestor::div[contains(@class, 'relindex-record')]")
    rid = record.get_attribute("id")
    href = link.get_attribute("href")
    assert href.endswith(f"#q-{rid}")
    visit(driver, href)
    mark = driver.execute_script("return document.getElementById(arguments[0])", f"q-{rid}")
    assert mark is not None and mark.tag_name == "mark"
    assert driver.execute_script("return location.hash") == f"#q-{rid}"
    shoot(driver, "source-highlight", full=False)
    back = driver.find_element("css selector", "sup.relindex-ref a")
    target = back.get_attribute("href")
    anchor = target.split("#", 1)[1]
    visit(driver, target)
    entry = driver.execute_script("return document.getElementById(arguments[0])", anchor)
    assert entry is not None
    assert "relindex-record" in entry.get_attribute("class")
    shoot(driver, "ledger", full=False)
    assert console_errors(driver) == []


def test_reweighting_matches_the_library(driver: Any, base_url: str, model: Any) -> None:
    """Moving sliders changes the displayed net index to what the library computes."""
    from relindex.export import reweight_payload, score_with_weights

    payload = reweight_payload(model)
    p = payload["periods"].index(payload["headline_period"])
    present = {side: [d["id"] for d in payload["dimensions"]
                      if d["side"] == side and d["scores"][p] is not None]
               for side in payload["sides"]}
    visit(driver, base_url + "results/")
    sliders = {s.get_attribute("data-dimension"): s
               for s in driver.find_elements("css selector", "input.relindex-rw-slider")}
    assert set(sliders) == {d["id"] for d in payload["dimensions"]}

    def displayed() -> str:
        return driver.find_element("id", "relindex-rw-index").text

    def weights() -> dict[str, float]:
        return {k: float(s.get_attribute("value")) for k, s in sliders.items()}

    declared = score_with_weights(model, {})
    assert displayed() == f"{declared:+.3f}"
    coop, fric = present["cooperation"], present.get("friction", [])
    moves = [(coop[0], 2.7), (coop[-1], 0.05)]
    if len(fric) > 1:
        moves.append((fric[0], 0.3))
    moves.append((next(iter(sliders)), 0.0))
    set_value = ("arguments[0].value = arguments[1];"
                 "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));")
    changed = False
    for dim, value in moves:
        driver.execute_script(set_value, sliders[dim], str(value))
        w = weights()
        assert w[dim] == value
        expected = score_with_weights(model, w)
        shown = displayed()
        exact = driver.find_element("id", "relindex-rw-index").get_attribute("data-value")
        if math.isnan(expected):
            assert shown == "—" and exact == ""
        else:
            # the displayed index equals the library's to 3 decimals
            assert abs(float(shown) - expected) <= 0.0005 + 1e-12, (w, shown, expected)
            assert abs(float(exact) - expected) < 1e-9, (w, exact, expected)
        changed |= shown != f"{declared:+.3f}"
        print(f"{dim} = {value}: page {shown}, library {expected:+.6f}")
    assert changed, "no slider move changed the net index"
    driver.execute_script("document.getElementById('reweighting').scrollIntoView()")
    shoot(driver, "reweighting", full=False)
    driver.find_element("id", "relindex-rw-reset").click()
    assert displayed() == f"{declared:+.3f}"
    assert console_errors(driver) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_screen(driver: Any, base_url: str, width: int) -> None:
    """At 1280 and 390 px the pages do not overflow sideways and chart text stays legible.

    Wide tables and charts scroll inside their own box; the page itself never does.
    """
    driver.set_window_size(width, 900)
    try:
        for url in ("results/", "catalogue/", "evidence/", "sources/", "tutorial/",
                    "toml-reference/", ""):
            visit(driver, base_url + url)
            sizes = driver.execute_script(
                "const d = document.documentElement;"
                "return {client: d.clientWidth, scroll: d.scrollWidth};")
            assert sizes["scroll"] <= sizes["client"], (width, url, sizes)
        visit(driver, base_url + "results/")
        for chart in ("chart-series", "chart-contributions"):
            heights = driver.execute_script(
                "return [...document.querySelectorAll(arguments[0] + ' svg text')]"
                ".map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
                ".sort((a, b) => a - b);", f"#{chart}")
            assert heights and heights[len(heights) // 2] >= 9, (width, chart, heights[:5])
            box = driver.execute_script(
                "return document.getElementById(arguments[0]).getBoundingClientRect().right;",
                chart)
            assert box <= width, (width, chart, box)
        table = driver.execute_script(
            "const t = document.querySelector('table.relindex-breakdown');"
            "return t && {rows: t.querySelectorAll('tbody tr').length,"
            " links: t.querySelectorAll('a').length,"
            " tallest: Math.max(...[...t.querySelectorAll('tbody tr')]"
            ".map(r => r.getBoundingClientRect().height))};")
        assert table and table["rows"] > 5 and table["links"] > 5, table
        assert table["tallest"] < 240, table  # no tall blank rows
        driver.execute_script("document.getElementById('breakdown').scrollIntoView()")
        shoot(driver, f"results-{width}", full=False)
        assert console_errors(driver) == []
    finally:
        driver.set_window_size(1280, 1600)


WIDTHS = (1280, 390)


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_tables_scroll_in_their_box_with_a_hint_and_a_sticky_first_column(
        driver: Any, base_url: str, width: int) -> None:
    """A table wider than the column scrolls in its own box, says so, and keeps its first column."""
    driver.set_window_size(width, 900)
    try:
        overflowing = 0
        for url in ("results/", "catalogue/"):
            visit(driver, base_url + url)
            boxes = driver.execute_script(
                "return [...document.querySelectorAll('article .md-typeset__scrollwrap,"
                " article .relindex-scroll')].filter(b => b.querySelector('table')).map(b => {"
                " const td = b.querySelector('table tbody td');"
                " return {over: b.scrollWidth > b.clientWidth + 1,"
                "  marked: b.classList.contains('relindex-scrolls'),"
                "  hint: getComputedStyle(b, '::before').content,"
                "  overflow: getComputedStyle(b).overflowX,"
                "  sticky: td ? getComputedStyle(td).position : 'sticky'}; });")
            assert boxes, url
            for box in boxes:
                assert box["overflow"] in ("auto", "scroll"), (width, url, box)
                assert box["sticky"] == "sticky", (width, url, box)
                assert box["marked"] == box["over"], (width, url, box)
                if box["over"]:
                    overflowing += 1
                    assert "scroll sideways" in box["hint"], (width, url, box)
            page = driver.execute_script("const d = document.documentElement;"
                                         "return d.scrollWidth - d.clientWidth;")
            assert page <= 0, (width, url, page)
        if width == 390:
            assert overflowing > 0  # the hint is exercised, not only absent
            shoot(driver, "results-tables-390", full=False)
    finally:
        driver.set_window_size(1280, 1600)


@pytest.mark.parametrize("width", WIDTHS)
def test_output_blocks_scroll_with_a_visible_scrollbar(driver: Any, base_url: str,
                                                       width: int) -> None:
    """Command output wider than the column scrolls, with a scrollbar drawn at rest."""
    driver.set_window_size(width, 900)
    try:
        visit(driver, base_url + "tutorial/")
        blocks = driver.execute_script(
            "return [...document.querySelectorAll('article pre > code')].map(c => ({"
            " over: c.scrollWidth > c.clientWidth + 1, overflow: getComputedStyle(c).overflowX,"
            " colour: getComputedStyle(c).scrollbarColor, wrap: getComputedStyle(c).whiteSpace}));")
        wide = [b for b in blocks if b["over"]]
        assert blocks and (wide or width == 1280)
        for b in wide:
            assert b["overflow"] in ("auto", "scroll"), b
            thumb = b["colour"].split(")")[0].split("(")[-1].split(",")
            alpha = float(thumb[3]) if len(thumb) == 4 else 1.0
            assert "transparent" not in b["colour"] and alpha >= 0.3, b  # drawn at rest
    finally:
        driver.set_window_size(1280, 1600)


@pytest.mark.parametrize("width", WIDTHS)
def test_series_charts_show_the_headline_year(driver: Any, base_url: str, width: int) -> None:
    """On Home and Results the series chart shows its headline year inside the screen."""
    import relindex

    year = str(relindex.score().headline_period)
    driver.set_window_size(width, 900)
    try:
        for url, chart in (("", "chart-home"), ("results/", "chart-series")):
            visit(driver, base_url + url)
            time.sleep(0.3)  # the layout script runs after load
            found = driver.execute_script(
                "const c = document.getElementById(arguments[0]); if (!c) return null;"
                "const box = c.getBoundingClientRect();"
                "const t = [...c.querySelectorAll('svg text')]"
                ".filter(x => x.textContent.trim() === arguments[1]);"
                "return {box: [box.left, box.right], paths: c.querySelectorAll('path').length,"
                " ticks: t.map(x => { const r = x.getBoundingClientRect();"
                " return [r.left, r.right]; })};", chart, year)
            assert found is not None, (url, chart)
            assert found["paths"] > 10
            inside = [r for r in found["ticks"] if found["box"][0] - 1 <= r[0]
                      and r[1] <= min(found["box"][1], width) + 1]
            assert inside, (width, url, found)
        visit(driver, base_url)
        shoot(driver, f"home-chart-{width}", full=False)
        assert console_errors(driver) == []
    finally:
        driver.set_window_size(1280, 1600)


def test_api_reference_is_a_page_per_module(driver: Any, base_url: str) -> None:
    """The API reference is an index and one page per module, none of them endless."""
    visit(driver, base_url + "api/")
    links = driver.execute_script(
        "return [...document.querySelectorAll('article table a')].map(a => a.href);")
    assert len(links) >= 15
    for url in [base_url + "api/", *links[:4]]:
        visit(driver, url)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        assert height < 40000, (url, height)
        assert driver.find_elements("css selector", "article h2"), url


def test_notebook_page_shows_its_charts(driver: Any, base_url: str) -> None:
    """The analyst's notebook page carries its executed outputs: charts drawn as images."""
    visit(driver, base_url + "notebooks/analyst/")
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('article img')]"
        ".map(i => [i.naturalWidth, i.getBoundingClientRect().width]);")
    drawn = [s for s in sizes if s[0] > 300 and s[1] > 100]
    assert len(drawn) >= 5, sizes
    assert "below_coverage" in driver.find_element("css selector", "article").text
    shoot(driver, "notebook", full=False)

"""The docs site: it builds strictly, its examples run, its links resolve, and it is safe.

The site's data pages are generated at build time by ``docs/hooks.py`` from
relindex's own API; these tests build it (``mkdocs build --strict``) and read the
HTML back. The tutorial's catalogue is scored, every ```python block of the
docs is executed, and a catalogue whose quotes hold markup is shown as text.
"""

from __future__ import annotations

import html
import html.parser
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import pytest

from relindex import models
from test_api import public_modules

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GENERATED = ("catalogue.md", "evidence.md", "results.md", "sources")
#: Public modules the API reference documents besides the top-level names (test_api.py
#: checks the page lists each of them without building the site).
MODULES = public_modules()

pytest.importorskip("mkdocs", reason="the docs extra is not installed: pip install -e '.[docs]'")


def load_hooks() -> Any:
    """Import docs/hooks.py as a module."""
    spec = importlib.util.spec_from_file_location("relindex_docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def build(out: Path, catalogue: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` into `out`, documenting `catalogue` (default: the shipped one)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    env.pop("RELINDEX_DOCS_CATALOGUE", None)
    if catalogue is not None:
        env["RELINDEX_DOCS_CATALOGUE"] = str(catalogue)
        env["RELINDEX_DOCS_EXECUTE_NOTEBOOKS"] = "false"  # run once, in the main build
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = build(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


class Page(html.parser.HTMLParser):
    """A built page read back: every element with an id (tag and text), links, scripts, title."""

    VOID: ClassVar[set[str]] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "rect", "use", "circle", "line", "polyline", "polygon", "stop"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, tuple[str, list[str]]] = {}
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        """Text of executable scripts (not JSON data blocks)."""
        self.data_blocks: list[str] = []
        self.handlers: list[str] = []
        self._script_json = False
        self.tags: list[str] = []
        self.title = ""
        self._stack: list[tuple[str, list[str] | None]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the element: its id, link, event handlers; open it."""
        a = dict(attrs)
        self.tags.append(tag)
        self.handlers += [v or "" for k, v in attrs if k.startswith("on")]
        if a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag in self.VOID:
            if a.get("id"):
                self.ids[a["id"] or ""] = (tag, [])
            return
        if tag == "script":
            self._script_json = a.get("type") == "application/json"
        parts: list[str] | None = None
        if a.get("id"):
            parts = []
            self.ids[a["id"] or ""] = (tag, parts)
        self._stack.append((tag, parts))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a self-closing element."""
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids[a["id"] or ""] = (tag, [])
        if a.get("href"):
            self.hrefs.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        """Close the element (and any left open inside it)."""
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        """Add text to every open element with an id, to scripts and to the title."""
        for _tag, parts in self._stack:
            if parts is not None:
                parts.append(data)
        if self._stack and self._stack[-1][0] == "script":
            (self.data_blocks if self._script_json else self.scripts).append(data)
        if self._stack and self._stack[-1][0] == "title":
            self.title += data

    def text(self, ident: str) -> str:
        """Return the text of the element with this id."""
        return "".join(self.ids[ident][1])


def page(site: Path, url: str) -> Page:
    """Read the built page at a site-relative URL ("results/")."""
    path = site / url
    if url.endswith("/") or not url:
        path = path / "index.html"
    return Page(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the site


def test_generated_pages_are_not_committed() -> None:
    """The data pages exist only at build time, so they can never be stale."""
    for name in GENERATED:
        assert not (DOCS / name).exists(), f"docs/{name} must be generated, not committed"
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    assert not [t for t in tracked if t.removeprefix("docs/").split("/")[0] in GENERATED]


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_site_builds_with_every_page(site: Path) -> None:
    """The strict build holds every page of the nav and one page per source document."""
    import relindex

    ds = relindex.load()
    for url in ("", "methodology/", "catalogue/", "evidence/", "sources/", "results/",
                "tutorial/", "toml-reference/", "api/"):
        assert (site / url / "index.html").is_file(), url
    for sid in ds.sources:
        assert (site / "sources" / sid / "index.html").is_file(), sid
    assert (site / "assets" / "reweight.json").is_file()
    assert not (site / "hooks.py").exists()


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_api_reference_documents_exactly_the_public_names(site: Path) -> None:
    """relindex.__all__ and the names the API reference's index page documents agree."""
    import relindex

    documented = {i.split(".", 1)[1] for i in page(site, "api/").ids
                  if re.fullmatch(r"relindex\.[A-Za-z_][A-Za-z0-9_]*", i)}
    assert documented == set(relindex.__all__)
    for name in MODULES:  # one page per module, headed by the module's own anchor
        assert f"relindex.{name}" in page(site, f"api/{name}/").ids, name


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_notebook_page_shows_its_outputs(site: Path) -> None:
    """The analyst's notebook is executed at build: its charts are PNG images in the page."""
    text = (site / "notebooks" / "analyst" / "index.html").read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") >= 5
    assert "below_coverage" in text and "relindex.analyse" in text


def test_committed_generated_pages_are_fresh() -> None:
    """The tutorial's outputs and the TOML reference in the repository are fresh.

    Refresh them with: python docs/hooks.py --write.
    """
    hooks = load_hooks()
    for name, text in hooks.committed_pages().items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/{name} is stale: run python docs/hooks.py --write")


def test_tutorial_reads_as_plain_markdown() -> None:
    """Every placeholder of the tutorial holds its content in the repository too."""
    text = (DOCS / "tutorial" / "index.md").read_text(encoding="utf-8")
    markers = re.findall(r"<!-- relindex:(?:file|run) [^>]*-->", text)
    assert markers and text.count("<!-- /relindex -->") == len(markers)
    assert "<!-- relindex:headline" not in text


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_internal_links_and_anchors_resolve(site: Path) -> None:
    """Every link inside the site reaches an existing page, and its #anchor exists there."""
    pages = {p: Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    broken = []
    for path, pg in pages.items():
        if path.name == "404.html":  # served at any depth, so its links are absolute
            continue
        for href in pg.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(site)), href))
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else Page(target.read_text()).ids
                if unquote(parts.fragment) not in ids:
                    broken.append((str(path.relative_to(site)), href))
    assert broken == []


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_every_record_is_anchored_and_linked_both_ways(site: Path) -> None:
    """Each record is a ledger anchor; quoted ones are marked in their source and link back."""
    import relindex

    ds = relindex.load()
    ledger = page(site, "evidence/")
    sources = {sid: page(site, f"sources/{sid}/") for sid in ds.sources}
    for r in ds.records:
        assert r.id in ledger.ids, r.id
        if r.citation is not None:
            continue
        src = sources[r.evidence.source]
        assert f"q-{r.id}" in src.ids, r.id
        assert src.ids[f"q-{r.id}"][0] == "mark"
        assert f"../sources/{r.evidence.source}/#q-{r.id}" in ledger.hrefs
        assert f"../../evidence/#{r.id}" in src.hrefs


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_ledger_says_why_a_record_does_not_count(site: Path) -> None:
    """Every excluded record's reason, from build_model, is on its ledger entry."""
    import relindex

    model = relindex.build_model(relindex.load())
    ledger = page(site, "evidence/")
    for x in model.excluded:
        text = " ".join(ledger.text(x.id).split())
        assert "does not count" in text
        assert " ".join(x.reason.split()) in text


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_results_page_embeds_the_library_numbers(site: Path) -> None:
    """The Results page shows the headline and embeds exactly the re-weighting payload."""
    import relindex
    from relindex.export import reweight_payload

    model = relindex.build_model(relindex.load())
    result = relindex.score(model)
    res = page(site, "results/")
    payload = json.loads(res.text("relindex-reweight-data"))
    assert payload == json.loads(json.dumps(reweight_payload(model)))
    assert json.loads((site / "assets" / "reweight.json").read_text()) == payload
    head = result.headline
    assert f"{head.index:+.3f}" in res.text("relindex-rw-index")
    for chart in ("chart-series", "chart-contributions"):
        assert res.ids[chart][0] == "div"
    assert "svg" in res.tags and "path" in res.tags
    assert "uncertainty" in res.ids


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_validation_page_sets_the_library_series_beside_customs_trade(site: Path) -> None:
    """The validation page's table is computed from the library.

    Every period, its net index and the trade value the index used, and the agreement counts
    under it.
    """
    import numpy as np

    import relindex

    model = relindex.build_model(relindex.load())
    result = relindex.score(model)
    text = (site / "validation" / "index.html").read_text(encoding="utf-8")
    assert "relindex:validation" not in text  # the placeholder was filled
    trade = np.asarray(model.raw)[0, :, list(model.columns).index("bilateral_trade")]
    for p, t in zip(result.periods, trade, strict=True):
        assert f"<td>{p.period}</td>" in text
        if p.index is not None:
            assert f"{p.index:+.3f}" in text
        assert f"{t:.2f}" in text
    assert "moves the way customs trade moves" in text


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_catalogue_page_lists_every_dimension_and_indicator(site: Path) -> None:
    """Each dimension, indicator and event type of the catalogue has its section."""
    import relindex

    ds = relindex.load()
    cat = page(site, "catalogue/")
    for iid in ds.indicators:
        assert f"indicator-{iid}" in cat.ids or f"series-{iid}" in cat.ids, iid
    for eid in ds.catalogue.event_types:
        assert f"event-{eid}" in cat.ids, eid

    def dims(d: dict[str, Any]) -> Any:
        for k, v in d.items():
            yield k
            yield from dims(v.dimensions)

    for did in dims(ds.catalogue.dimensions):
        assert f"dimension-{did}" in cat.ids, did


def test_toml_reference_lists_every_key() -> None:
    """Every field of every model reachable from the three files is in the TOML reference."""
    hooks = load_hooks()
    text = hooks.page_toml_reference()
    assert "<function" not in text and "&#60;function" not in text
    assert hooks.code_light("sources.toml") in text  # ``literals`` of docstrings become code
    for _fname, root, _ in hooks._FILES:
        seen: dict[type, list[str]] = {}
        order: list[tuple[type, str]] = []
        hooks._sections(root, "", "top level", seen, order)
        for model, _path in order:
            anchor = f'<a id="{_fname.split(".")[0]}-{model.__name__.lower()}"></a>'
            section = text.split(anchor, 1)[1].split('<a id="', 1)[0]
            for name in model.model_fields:
                assert f"| {hooks.code_light(name)} |" in section, (model.__name__, name)
                assert models.field_docs(model).get(name), f"{model.__name__}.{name} undocumented"


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_tutorial_page_shows_real_command_output(site: Path) -> None:
    """The tutorial's command output is what the command prints now."""
    out = subprocess.run([sys.executable, "-m", "relindex", "score", "--catalogue",
                          "docs/tutorial"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 0, out.stderr
    text = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    first = out.stdout.splitlines()[0]
    assert html.escape(first, quote=False) in text


# --------------------------------------------------------------------------- examples


def test_tutorial_catalogue_scores() -> None:
    """The tutorial's catalogue loads, verifies and scores with an exact breakdown."""
    import relindex

    ds = relindex.load(DOCS / "tutorial" / "indicators.toml")
    assert all(c.found for c in ds.verify())
    result = relindex.score(ds)
    head = result.headline
    assert head is not None and head.period == 2024
    assert -1 <= head.index <= 1
    total = sum(i.contribution for d in head.dimensions for i in d.indicators)
    assert abs(total - head.index) < 1e-12
    fact = next(f for f in result.facts if f.fact == "trade-2024")
    assert fact.used == "trade-2024"  # the table (B2) outranks the newspaper (C3)


def _python_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"^```python[^\n]*\n(.*?)^```", text, re.M | re.S)]


DOC_PAGES = sorted(p for p in DOCS.rglob("*.md") if _python_blocks(p))


@pytest.mark.parametrize("path", DOC_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """The ```python blocks of a page run in order, as a reader would run them."""
    (tmp_path / "docs").symlink_to(DOCS, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for k, block in enumerate(_python_blocks(path)):
        try:
            exec(compile(block, f"{path.name}[python block {k}]", "exec"), namespace)
        except Exception as e:
            raise AssertionError(f"{path.relative_to(DOCS)}, block {k} fails:\n{block}") from e
    assert capsys.readouterr().out.strip()


def test_home_example_holds_in_a_period_with_a_missing_dimension(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The Home page's example runs where a dimension is missing (None, not NaN): 2023."""
    import relindex
    from relindex.result import Result

    missing = [d.id for d in relindex.score().period(2023).dimensions if d.contribution is None]
    assert missing
    monkeypatch.setattr(Result, "headline", property(lambda self: self.period(2023)))
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for k, block in enumerate(_python_blocks(DOCS / "index.md")):
        exec(compile(block, f"index.md[python block {k}]", "exec"), namespace)
    out = capsys.readouterr().out
    assert all(f"{m:<22} missing" in out for m in missing), out


def test_docs_have_python_examples() -> None:
    """Home and the tutorial hold runnable Python examples."""
    names = {str(p.relative_to(DOCS)) for p in DOC_PAGES}
    assert {"index.md", "tutorial/index.md"} <= names


# --------------------------------------------------------------------------- safety

HOSTILE = 'Evil <script>alert(1)</script> *_[]#| and $x^2$ \\(y\\) `tick` ~~~ &amp; --8<-- end'
HOSTILE_TITLE = 'A </title><script>alert(3)</script> & "doc" *title*'
HOSTILE_NAME = "Trade <img src=x onerror=alert(4)> *_[]#| $z$"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cat = tmp_path_factory.mktemp("hostile")
    for f in (ROOT / "tests" / "fixtures" / "mini").iterdir():
        shutil.copy(f, cat / f.name)
    with open(cat / "doc.txt", "a", encoding="utf-8") as fh:
        fh.write(f"\n{HOSTILE}\n")
    ind = (cat / "indicators.toml").read_text(encoding="utf-8")
    ind = ind.replace('name = "Trade"\n', f"name = {json.dumps(HOSTILE_NAME)}\n", 1)
    (cat / "indicators.toml").write_text(ind, encoding="utf-8")
    src = (cat / "sources.toml").read_text(encoding="utf-8")
    src = src.replace('title = "A test document"', f"title = {json.dumps(HOSTILE_TITLE)}")
    (cat / "sources.toml").write_text(src, encoding="utf-8")
    with open(cat / "evidence.toml", "a", encoding="utf-8") as fh:
        fh.write(f"""
[[evidence]]
id = "evil"
indicator = "share"
source = "doc"
quote = {json.dumps(HOSTILE)}
period = "2021"
value = 45
unit = "%"
note = {json.dumps(HOSTILE)}
""")
    out = tmp_path_factory.mktemp("hostile-site")
    proc = build(out, cat / "indicators.toml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_hostile_text_is_shown_as_text_not_markup(hostile: Path) -> None:
    """Markup, Markdown and TeX in quotes, titles and names appear literally, never executed."""
    ledger = page(hostile, "evidence/")
    quote = ledger.text("evil")
    assert HOSTILE in quote  # the quote and the note, character for character
    src = page(hostile, "sources/doc/")
    assert src.ids["q-evil"][0] == "mark"
    assert src.text("q-evil") == HOSTILE
    assert HOSTILE_TITLE.replace("<", "\u2039").replace(">", "\u203a")[:20] in src.title
    assert "<script>" not in src.title and "</title>" not in src.title
    for path in hostile.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        pg = Page(raw)
        assert not [s for s in pg.scripts if "alert(" in s], path
        assert not [d for d in pg.data_blocks if "<" in d], path  # JSON cannot end its element
        assert "<script>alert" not in raw, path
        assert "<img src=x" not in raw, path
        assert not [x for x in pg.handlers if "alert" in x], path
        # TeX from documents is never marked for MathJax
        assert "x^2" not in "".join(
            m for m in re.findall(r'class="arithmatex">(.*?)</span>', raw)), path
    cat = page(hostile, "catalogue/")
    assert HOSTILE_NAME in cat.text("dimension-trade")
    res = (hostile / "results" / "index.html").read_text(encoding="utf-8")
    assert "Trade &lt;img src=x onerror=alert(4)&gt;" in res  # in the SVG chart, escaped


@pytest.fixture(scope="module")
def hooks() -> Any:
    return load_hooks()


def _render(hooks: Any, source: str) -> str:
    import markdown

    md = markdown.Markdown(extensions=[
        "toc", "admonition", "attr_list", "tables", "footnotes", "pymdownx.details",
        "pymdownx.arithmatex", "pymdownx.superfences", "pymdownx.highlight"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return md.convert(source)


def test_md_escaping_renders_any_text_literally(hooks: Any) -> None:
    """md(text) renders as exactly the text (newlines as spaces), with no markup at all."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    specials = st.sampled_from([*"\\`*_{}[]()#+-.!|$~^<>&\"':=%@\n\t ",
        "<script>", "</p>", "&amp;", "$$", "\\(", "```", "--8<--", "[a](b)", "| a | b |",
        "# h", "1. x", "- y", "> q", "{#id}", "!!! note", "??? x", "[^1]", "&#60;"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(st.text(alphabet, max_size=6), specials), max_size=12).map("".join))
    def check(text: str) -> None:
        out = _render(hooks, "x " + hooks.md(text))
        body = out.removeprefix("<p>").removesuffix("</p>")
        assert "<" not in body.replace("&lt;", ""), out
        expect = re.sub(r"[\r\n\t\f\v]", " ", "x " + text)
        expect = re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", expect)
        assert " ".join(html.unescape(body).split()) == " ".join(expect.split())

    check()


def test_h_escaping_survives_a_raw_html_block(hooks: Any) -> None:
    """h(text) inside a raw HTML block comes out unchanged: Markdown never touches it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    specials = st.sampled_from(["<script>", "\n\n", "```", "~~~", "$x$", "\\(y\\)", "*a*",
                                "--8<-- 'f'", "<!--", "-->", "</div>", "&", "\r\n", "    "])

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.one_of(st.text(max_size=6), specials), max_size=10).map("".join))
    def check(text: str) -> None:
        escaped = hooks.h(text)
        assert "\n" not in escaped and "<" not in escaped
        out = _render(hooks, f'<div class="t">{escaped}</div>')
        assert out == f'<div class="t">{escaped}</div>'

    check()


def test_highlight_nests_overlapping_quotes(hooks: Any) -> None:
    """Overlapping quotes each get their anchor and link; the text is unchanged."""
    text = "In 2023 they held two joint exercises: the first in May. <b>"
    a = (0, text.index(":") + len(": the first in May."))
    b = (0, text.index(":"))
    out = hooks.highlight(text, [("long", [a]), ("short", [b])], lambda rid: f"#{rid}")
    pg = Page(f"<div>{out}</div>")
    assert pg.ids["q-long"][0] == "mark" and pg.ids["q-short"][0] == "mark"
    plain = re.sub(r"<sup.*?</sup>", "", out)
    assert html.unescape(re.sub(r"<[^>]+>", "", plain)) == text
    assert "#long" in pg.hrefs and "#short" in pg.hrefs


def test_home_quickstart_mirrors_the_readme() -> None:
    """The Home page's quickstart holds the README's two commands, word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", section, re.S)
    assert len(commands) == 2
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    for command in commands:
        assert command in home


def cited_files(text: str) -> set[str]:
    """The Markdown files a catalogue's text cites ('see docs/references.md section 3')."""
    return set(re.findall(r"\b([\w./-]+\.md)\b", text))


def test_every_file_the_catalogue_cites_exists() -> None:
    """Each .md file named in the shipped catalogue's reasons exists in the repository."""
    text = (ROOT / "indicators.toml").read_text(encoding="utf-8")
    missing = [f for f in sorted(cited_files(text)) if not (ROOT / f).is_file()]
    assert not missing, missing


def test_references_page_has_every_section_cited() -> None:
    """The references page has the sections the catalogue and docs cite by number."""
    text = (DOCS / "references.md").read_text(encoding="utf-8")
    cited = {int(n) for n in re.findall(r"references(?:\.md)? section (\d+)",
                                         (ROOT / "indicators.toml").read_text(encoding="utf-8"),
                                         flags=re.IGNORECASE)}
    for n in cited | {1, 2, 3, 4, 5, 6}:
        assert f"{{#section-{n}}}" in text, n


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_site_for_a_composite_catalogue_of_many_entities(tmp_path: Path) -> None:
    """The HDI example builds strictly: one group of dimensions, entities ranked per period."""
    import relindex

    proc = build(tmp_path / "hdi", ROOT / "docs" / "examples" / "hdi" / "indicators.toml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (tmp_path / "hdi" / "results" / "index.html").read_text(encoding="utf-8")
    assert 'id="ranked"' in text
    result = relindex.score(ROOT / "docs" / "examples" / "hdi")
    top = min(result.entities, key=lambda e: result.period(2022, e).rank)
    assert top in text
    cat = (tmp_path / "hdi" / "catalogue" / "index.html").read_text(encoding="utf-8")
    for did in ("health", "education", "income"):
        assert f'id="dimension-{did}"' in cat


# --------------------------------------------------------------------------- ids and page paths


@pytest.fixture(scope="module")
def clashing_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Build the mini catalogue with ids that clash: a source ``index`` and ``Doc``, and so on.

    Evidence ids equal a heading's id or another id but for case.
    """
    folder = tmp_path_factory.mktemp("clash") / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder)
    src = (folder / "sources.toml").read_text(encoding="utf-8")
    src = src.replace("[sources.other]", "[sources.index]") + src.replace(
        "[sources.doc]", "[sources.Doc]").split("[sources.other]")[0]
    (folder / "sources.toml").write_text(src, encoding="utf-8")
    ev = (folder / "evidence.toml").read_text(encoding="utf-8")
    ev = ev.replace('source = "other"', 'source = "index"')
    ev = ev.replace('id = "vol-2021"', 'id = "indicator-volume"')
    ev = ev.replace('id = "ex-2022"', 'id = "Ex-2023-A"')
    ev = ev.replace('id = "acc-2023"', 'id = "evidence-ledger"')
    ev = ev.replace('id = "share-2022"', 'id = "record-ex-2023-a"\nsource = "Doc"', 1)
    ev = ev.replace('source = "Doc"\nindicator = "share"\nsource = "doc"',
                    'indicator = "share"\nsource = "Doc"')
    (folder / "evidence.toml").write_text(ev, encoding="utf-8")
    hooks = load_hooks()
    site = hooks.build_site(str(folder))
    return hooks, site, hooks.generated_pages(site)


def _html_ids(text: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', text) + re.findall(r"\{#([^}\s]+)\}", text)


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_source_pages_never_replace_the_overview_or_each_other(clashing_site: Any) -> None:
    """A source ``index`` does not overwrite the Sources overview; ``Doc`` and ``doc`` differ."""
    hooks, site, pages = clashing_site
    paths = [p for p in pages if p.startswith("sources/") and p != "sources/index.md"]
    assert len({p.casefold() for p in paths}) == len(paths) == len(site.dataset.sources) == 3
    assert pages["sources/index.md"].startswith(hooks.front_matter("Sources"))
    for sid in site.dataset.sources:  # every source has a page of its own
        assert sum(f"| id | <code>{hooks.md(sid)}</code> |" in pages[p] for p in paths) == 1


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_record_ids_on_the_ledger_and_source_pages_are_unique(clashing_site: Any) -> None:
    """Every HTML id of the ledger and source pages is unique (ignoring case), links resolve."""
    hooks, site, pages = clashing_site
    ledger = pages["evidence.md"]
    ids = _html_ids(ledger)
    folded = [i.casefold() for i in ids]
    assert len(set(folded)) == len(folded), sorted(i for i in ids if folded.count(i.casefold()) > 1)
    for r in site.dataset.records:
        assert hooks.record_anchor(site, r.id) in ids
    for sid in site.dataset.sources:
        text = pages[hooks.source_page(site, sid)]
        qids = [i for i in _html_ids(text) if i.startswith("q-")]
        assert len({q.casefold() for q in qids}) == len(qids), qids
        for link in re.findall(r"evidence(?:\.md|/)#([^)\"\s]+)", text):
            assert link in ids, link


@pytest.mark.slow  # builds the site (mkdocs build --strict)
def test_results_page_carries_the_legend_and_every_flag(site: Path) -> None:
    """The Results page says what the scales and 0 mean, and why each flagged year is flagged."""
    import relindex

    raw = (site / "results" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(raw)
    assert "Legend." in text and "not a neutral relationship" in text
    for p in relindex.score().periods:
        for message in p.flag_messages:
            assert message in text, message
    text = raw
    assert 'href="../reading/' in text and 'href="../limitations/' in text


def test_composite_site_legend_speaks_of_one_index_without_events(hooks: Any) -> None:
    """The HDI site's legend: the index's own source rule, no sides, no event sentences."""
    site = hooks.build_site(str(ROOT / "docs" / "examples" / "hdi"))
    legend = hooks._legend_md(site, site.result, "results/index.md")[0]
    assert "the index rests on at least 2 sources" in legend
    assert "side" not in legend and "vent" not in legend
    page = hooks.page_results(site)
    assert "both sides" not in page and "No period is the headline" in page
    assert "| period | net index" not in page and "| period | index | coverage |" in page
    for word in ("net index", "cooperation", "friction"):  # the chart and its caption too
        assert word not in page, word
    assert 'aria-label="the index over time"' in page


def test_composite_uncertainty_section_speaks_of_one_index(hooks: Any) -> None:
    """A composite's band and Sobol' indices: unsigned, no P(net index > 0), no net index."""
    site = hooks.build_site(str(ROOT / "docs" / "examples" / "hdi"))
    sens = {"samples": 8, "seed": 1, "n_evaluations": 80, "headline_period": 2022,
            "periods": [{"period": 2022, "point": {"index": 0.967},
                         "index": {"median": 0.96, "p05": 0.95, "p95": 0.97,
                                   "p_positive": 1.0}}],
            "sobol": [{"input": "weights", "first_order": 0.1, "total_order": 0.2}],
            "rank_stability": [], "notes": []}
    text = "\n".join(hooks.uncertainty_section(site, sens, "results/index.md"))
    assert "| 2022 | 0.967 | 0.960 | 0.950 | 0.970 |" in text
    for word in ("net index", "cooperation", "friction", "+0."):
        assert word not in text, word
    pending = "\n".join(hooks.uncertainty_section(site, None, "results/index.md"))
    assert "band of the index" in pending and "net index" not in pending

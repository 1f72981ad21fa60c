"""MkDocs hooks: generate relindex's data pages at build time from the library's own API.

Nothing generated here is committed, so nothing can go stale: every build loads
the catalogue with :func:`relindex.load`, decides what counts with
:func:`relindex.build_model`, scores with :func:`relindex.score`, draws with
:mod:`relindex.plot`, exports with :mod:`relindex.export` and, when present,
runs :func:`relindex.sensitivity.analyse`.

Generated pages (``File.generated`` in ``on_files``):

* ``catalogue.md``: every dimension, indicator and event type;
* ``evidence.md``: the evidence ledger, each record an anchor;
* ``sources/index.md`` and ``sources/<id>.md``: each source document in full,
  every cited quote highlighted as ``<mark id="q-<evidence id>">``;
* ``results.md``: the series and contribution charts (inline SVG), the
  uncertainty band and Sobol' indices, the re-weighting panel and data tables;
* ``toml-reference.md``: every key of the TOML files, from the pydantic models;
* ``assets/reweight.json``: the re-weighting payload.

Placeholders in hand-written pages (``on_page_markdown``):
``<!-- relindex:headline -->`` (the headline result),
``<!-- relindex:file tutorial/NAME -->`` (a tutorial file, verbatim) and
``<!-- relindex:run relindex ARGS -->`` (a command run now, with its output).

Safety: text from documents and catalogues is escaped wherever it goes: into
Markdown as numeric character references for every Markdown-active character
(:func:`md`), into raw HTML blocks with :func:`h` (no newline, backtick, tilde,
dollar or backslash survives, so no Markdown construct can form inside), and
into page titles with the characters ``<>&"`` replaced (:func:`title_text`).

The catalogue is the shipped one unless ``RELINDEX_DOCS_CATALOGUE`` names
another (an ``indicators.toml`` or its folder).
"""


from __future__ import annotations

import contextlib
import html
import io
import itertools
import json
import logging
import math
import os
import re
import sys
import types
import typing
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_SRC = ROOT / "src"
if (_SRC / "relindex" / "__init__.py").is_file() and str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

import relindex  # noqa: E402
from relindex import export as rx_export  # noqa: E402
from relindex import models as rx_models  # noqa: E402
from relindex import plot as rx_plot  # noqa: E402
from relindex.errors import RelindexError, RelindexWarning  # noqa: E402
from relindex.text import legend_sentences, num, quantity  # noqa: E402
from relindex.text import written as value_text  # noqa: E402

log = logging.getLogger("mkdocs.hooks.relindex")

CATALOGUE_ENV = "RELINDEX_DOCS_CATALOGUE"
ENTITY_ENV = "RELINDEX_DOCS_ENTITY"
"""Environment variable naming the catalogue to document (default: the shipped one)."""

SEED = 1
"""Seed of the sensitivity analysis shown on the Results page (reproducible builds)."""

TUTORIAL_DIR = Path(__file__).resolve().parent / "tutorial"

# --------------------------------------------------------------------------- escaping

_MD_ACTIVE = set("\\`*_{}[]()#+-.!|$~^<>&\"':=%@")


def md(text: Any) -> str:
    """Text shown literally inside Markdown (a paragraph, a heading, a table cell).

    Every character Markdown (or an extension) could act on becomes a numeric
    character reference, and line breaks become spaces, so the text can neither
    form markup nor end a table cell or a heading.
    """
    out = []
    for ch in str(text):
        if ch in "\r\n\t\f\v":
            out.append(" ")
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            out.append("\ufffd")  # a control character shows as a replacement character
        elif ch in _MD_ACTIVE:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


_MD_LIGHT = set("\\`*|<>$")


def md_light(text: Any) -> str:
    """Like :func:`md`, for the library's own text in committed pages.

    Only the characters that would form markup here become references, so the Markdown
    source stays readable.
    """
    out = []
    for ch in re.sub(r"\s+", " ", str(text)):
        if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            out.append("\ufffd")
        elif ch in _MD_LIGHT:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def code_light(text: Any) -> str:
    """Inline code as a backtick span where the text allows it (else as :func:`code`)."""
    t = " ".join(str(text).split())
    if t and not set(t) & set("`|"):
        return f"`{t}`"
    return code(text)


def h(text: Any) -> str:
    """Text for a raw HTML block: HTML-escaped, on one line, inert to Markdown and MathJax."""
    s = html.escape(str(text), quote=True)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    for ch, ref in (("\n", "&#10;"), ("`", "&#96;"), ("~", "&#126;"), ("$", "&#36;"),
                    ("\\", "&#92;"), ("\t", "&#9;")):
        s = s.replace(ch, ref)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", s)


def code(text: Any) -> str:
    """Inline code, safe in Markdown and in raw HTML alike (its text escaped by :func:`md`)."""
    return f"<code>{md(text)}</code>"


def title_text(text: Any) -> str:
    """Make a page or navigation title: themes print it unescaped, so it holds no ``<>&"``."""
    s = " ".join(str(text).split())
    for ch, rep in (("<", "‹"), (">", "›"), ("&", "+"), ('"', "”"), ("\\", "/")):
        s = s.replace(ch, rep)
    return s[:120]


_STOP = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def short_title(meta: Any, limit: int = 40) -> str:
    """A source's title short enough for a heading or a navigation entry.

    The source's own ``short_title`` where it declares one; otherwise its title without
    an ``(untitled)`` prefix, up to the first ``;``, ``:`` or comma, cut at a word
    boundary within `limit` characters (no dangling "of", "with") and marked with "…".
    """
    own = getattr(meta, "short_title", None)
    if own:
        return str(own)
    t = " ".join(str(meta.title).split())
    t = re.sub(r"^\(untitled\)\s*", "", t, flags=re.IGNORECASE)
    t = re.split(r";|: |, | \u2014 | - ", t, maxsplit=1)[0].strip() or t
    t = t[:1].upper() + t[1:]
    if len(t) <= limit:
        return t
    words = t[:limit + 1].split(" ")[:-1] or [t[:limit]]
    while len(words) > 1 and words[-1].lower() in _STOP:
        words.pop()
    return " ".join(words).rstrip(",.;:") + "\u2026"


def front_matter(title: str) -> str:
    """YAML front matter giving the page its (safe) title."""
    return f"---\ntitle: {json.dumps(title_text(title))}\n---\n\n"


_RST = re.compile(r":[a-z]+:`~?([^`]+)`|``([^`]+)``|`([^`]+)`")


def rst(text: str, *, light: bool = False) -> str:
    """Render a docstring fragment: ``literals`` and :roles:`x` as code, the rest literal.

    With `light`, as :func:`md_light` and :func:`code_light` (committed pages).
    """
    lit, cd = (md_light, code_light) if light else (md, code)
    out, pos = [], 0
    text = " ".join(text.split())
    for m in _RST.finditer(text):
        out.append(lit(text[pos:m.start()]))
        out.append(cd(next(g for g in m.groups() if g is not None)))
        pos = m.end()
    out.append(lit(text[pos:]))
    return "".join(out)




# --------------------------------------------------------------------------- links


def _url(src_uri: str, use_dir: bool) -> str:
    from mkdocs.structure.files import File

    return File(src_uri, src_dir=None, dest_dir="", use_directory_urls=use_dir).url


def href(target: str, origin: str, anchor: str = "", *, use_dir: bool = True) -> str:
    """URL of page `target` (a ``.md`` path) from page `origin`, as raw HTML needs it."""
    from mkdocs.utils import get_relative_url

    u = get_relative_url(_url(target, use_dir), _url(origin, use_dir))
    return u + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------- the site's data


@dataclass
class Site:
    """Everything the generated pages show, computed once per build."""

    dataset: Any
    model: Any
    result: Any
    sensitivity: Any = None
    sensitivity_note: str = ""
    excluded: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    use_dir: bool = True
    entity: str | None = None
    """With several entities: the one the per-period pages show."""
    panel: Any = None
    """With several entities: the result of them all (ranked tables)."""

    @property
    def catalogue(self) -> Any:
        """The validated catalogue."""
        return self.dataset.catalogue

    def link(self, target: str, origin: str, anchor: str = "") -> str:
        """URL of `target` from page `origin` (see :func:`href`)."""
        return href(target, origin, anchor, use_dir=self.use_dir)


_SITE: Site | None = None


def catalogue_path() -> str | None:
    """Return the catalogue to document: ``$RELINDEX_DOCS_CATALOGUE`` or None (shipped)."""
    return os.environ.get(CATALOGUE_ENV) or None


def build_site(path: str | None = None, *, use_dir: bool = True) -> Site:
    """Load, score and analyse the catalogue through relindex's public API."""
    ds = relindex.load(path)
    with warnings.catch_warnings():
        # degenerate columns are reported in the model's notes, shown on the Results page
        warnings.simplefilter("ignore", RelindexWarning)
        model = relindex.build_model(ds)
        result = relindex.score(model)
    site = Site(ds, model, result, use_dir=use_dir)
    if len(result.entities) > 1:
        # the per-period pages show one entity (RELINDEX_DOCS_ENTITY, else the first); the
        # Results page ranks them all
        wanted = os.environ.get(ENTITY_ENV) or result.entities[0]
        site.panel, site.entity = result, wanted
        site.result = result.entity(wanted)
    site.excluded = {x.id: x.reason for x in model.excluded}
    site.roles = dict(getattr(model, "roles", {}) or {})
    try:
        from relindex import sensitivity
    except ImportError:
        site.sensitivity_note = "relindex.sensitivity is not available in this installation"
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RelindexWarning)
                site.sensitivity = sensitivity.analyse(model, seed=SEED, entity=site.entity)
        except RelindexError as e:
            site.sensitivity_note = str(e)
    return site


# --------------------------------------------------------------------------- mkdocs events


def on_config(config: Any) -> Any:
    """Load and score the catalogue; give every source document its own entry in the nav."""
    global _SITE
    _SITE = build_site(catalogue_path(), use_dir=config.use_directory_urls)
    sources = [(sid, doc) for sid, doc in _SITE.dataset.sources.items()]
    entry = [{"Overview": "sources/index.md"}] + [
        {title_text(short_title(doc.meta)): source_page(_SITE, sid)} for sid, doc in sources]

    def expand(items: Any) -> Any:
        if isinstance(items, list):
            return [expand(i) for i in items]
        if isinstance(items, dict):
            return {k: (entry if v == "sources/index.md" else expand(v)) for k, v in items.items()}
        return items

    if config.nav is not None:
        config.nav = expand(config.nav)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages and the re-weighting payload to the site."""
    from mkdocs.structure.files import File

    site = _SITE if _SITE is not None else build_site(catalogue_path())
    for src_uri, content in generated_pages(site).items():
        old = files.get_file_from_path(src_uri)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the placeholders of hand-written pages."""
    site = _SITE if _SITE is not None else build_site(catalogue_path())
    origin = page.file.src_uri
    markdown = markdown.replace("<!-- relindex:headline -->", headline_md(site, origin))
    if VALIDATION in markdown:
        markdown = markdown.replace(VALIDATION, validation_md(site))

    return fill_regions(markdown)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """``mkdocs serve``: rebuild when the catalogue, its evidence or the library changes."""
    site = _SITE
    watched = {_SRC / "relindex", TUTORIAL_DIR}
    if site is not None:
        watched.update(Path(p) for p in site.dataset.files)
    for p in sorted(watched):
        if p.exists():
            server.watch(str(p))
    return server


# --------------------------------------------------------------------------- placeholders

END = "<!-- /relindex -->"
"""Closes a generated region of a committed page."""

_REGION = re.compile(
    r"<!-- relindex:(file|run) ((?:tutorial/[A-Za-z0-9_.\-]+)|(?:relindex [^>]*?)) -->"
    r"(?:\n(?:(?!<!-- relindex:).)*?" + re.escape(END) + r")?", re.DOTALL)

COMMITTED = ("tutorial/index.md", "extraction.md", "toml-reference.md")
"""Pages generated into the repository (readable there as plain Markdown), kept fresh by
``python docs/hooks.py --write`` and checked by ``tests/test_docs.py``."""


def fill_regions(markdown: str) -> str:
    """Fill (or refresh) each ``<!-- relindex:file|run ... -->`` region of a page.

    A region is the marker, the generated block and the line ``<!-- /relindex -->``, so
    the committed page reads as plain Markdown and refilling it is idempotent.
    """
    def fill(m: re.Match[str]) -> str:
        kind, arg = m.group(1), m.group(2)
        body = tutorial_file(arg) if kind == "file" else run_command(arg)
        return f"<!-- relindex:{kind} {arg} -->\n{body}\n{END}"

    return _REGION.sub(fill, markdown)


def committed_pages() -> dict[str, str]:
    """The committed generated pages as they should read now: path under docs/ -> text."""
    pages = {name: fill_regions((TUTORIAL_DIR.parent / name).read_text(encoding="utf-8"))
             for name in ("tutorial/index.md", "extraction.md")}
    return {**pages, "toml-reference.md": page_toml_reference()}



def tutorial_file(name: str) -> str:
    """Show a file of ``docs/tutorial/`` as a fenced block, verbatim."""
    path = (TUTORIAL_DIR.parent / name).resolve()
    if TUTORIAL_DIR.resolve() not in path.parents or not path.is_file():
        raise RelindexError("names no file of docs/tutorial", key="relindex:file", value=name)
    text = path.read_text(encoding="utf-8")
    lang = {".toml": "toml", ".csv": "text", ".txt": "text"}.get(path.suffix, "text")
    fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", text)), default=0))
    return f'{fence}{lang} title="docs/{name}"\n{text.rstrip()}\n{fence}'


def run_command(command: str) -> str:
    """Run a ``relindex`` command in-process from the repository root; show it and its output."""
    import shlex

    from relindex.cli import main

    argv = shlex.split(command)[1:]
    out, err = io.StringIO(), io.StringIO()
    with (contextlib.chdir(ROOT), contextlib.redirect_stdout(out),
          contextlib.redirect_stderr(err), warnings.catch_warnings()):
        warnings.simplefilter("ignore", RelindexWarning)
        try:
            status = main(argv)
        except SystemExit as e:  # argparse
            status = int(e.code or 0)
    text = out.getvalue() + err.getvalue()
    if status not in (0, 1):
        log.warning("docs: '%s' exited with status %s: %s", command, status, text.strip())
    fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", text)), default=0))
    return f"{fence}console\n$ {command}\n{text.rstrip()}\n{fence}"


def _top_contributions(period: Any, k: int = 5) -> list[Any]:
    dims = [d for d in period.dimensions if _ok(d.contribution)]
    return sorted(dims, key=lambda d: -abs(d.contribution))[:k]


def _ok(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def home_chart(site: Site) -> str:
    """The headline chart of the Home page: the series with its caveats.

    No band: the Results page has the uncertainty analysis.
    """
    return ('<div class="relindex-chart" id="chart-home">'
            + rx_plot.to_svg(rx_plot.series(site.result), salt="home",
                             label="net index, cooperation and friction over time")
            + "</div>")


def headline_md(site: Site, origin: str) -> str:
    """Write the headline result, for the Home page."""
    r = site.result
    head = r.headline
    results = _md_link("results.md", origin)
    if head is None:
        return (f"**{md(r.name)}** has no headline period yet: no period has enough coverage "
                f"on both sides. See the [results]({results}).")
    fr = num(head.friction) if _ok(head.friction) else "absent"
    lines = [
        f"**{md(r.name)}**, headline period **{head.period}** (the latest period with "
        f"coverage of at least {site.catalogue.index.headline_min_coverage:g} on each side):",
        "",
        "| net index | cooperation | friction | coverage (cooperation, friction) |",
        "|---:|---:|---:|---|",
        f"| **{num(head.index, signed=True)}** | {num(head.cooperation)} | {fr} | "
        + ", ".join(f"{v:.2f}" for v in head.coverage.values()) + " |",
        "",
        "Largest contributions to the net index:",
        "",
    ]
    for d in _top_contributions(head):
        lines.append(f"- {md(d.name)} ({d.polarity}): {num(d.contribution, signed=True)}")
    lines += ["", home_chart(site), ""]
    lines += ["", f"Scored periods {r.periods[0].period}–{r.periods[-1].period} · relindex "
              f"{md(r.version)} · data digest {code(r.digest[:12])} · "
              f"[the whole series and its uncertainty]({results})"]
    return "\n".join(lines)


VALIDATION = "<!-- relindex:validation -->"
"""Placeholder of docs/validation.md: the series beside the customs trade and the trade shares."""

_SERIES = ("bilateral_trade", "ru_trade_share_cn", "cn_trade_share_ru")


def _direction(a: Any, b: Any) -> str:
    if not (_ok(a) and _ok(b)):
        return "—"
    return "up" if b > a else "down" if b < a else "flat"


def validation_md(site: Site) -> str:
    """The scored series year by year beside the measured trade series, computed at build time.

    Columns: the net index and its two sides, the direction of the net index and of the
    cooperation side against the year before, the bilateral trade value the index used
    (China's customs where an official record exists) and its direction, and the two trade
    shares with their asymmetry. Read from the library, so the page follows the method.
    """
    import numpy as np

    model, r = site.model, site.result
    cols = list(model.columns)
    if not all(c in cols for c in _SERIES):
        return "*This catalogue has no bilateral trade series and trade shares to compare.*"
    raw = np.asarray(model.raw)[0]
    trade, s_ru, s_cn = (raw[:, cols.index(c)] for c in _SERIES)
    lines = [
        "| year | net index | cooperation | friction | net index vs year before | "
        "cooperation vs year before | trade used (USD bn) | trade vs year before | "
        "s_RU (%) | s_CN (%) | asymmetry (pp) |",
        "|---|---:|---:|---:|---|---|---:|---|---:|---:|---:|",
    ]
    prev = None
    for i, p in enumerate(r.periods):
        asym = abs(s_ru[i] - s_cn[i]) if _ok(s_ru[i]) and _ok(s_cn[i]) else None
        lines.append(
            f"| {p.period} | {num(p.index, signed=True)} | {num(p.cooperation)} | "
            f"{num(p.friction)} | {_direction(prev.index, p.index) if prev else '—'} | "
            f"{_direction(prev.cooperation, p.cooperation) if prev else '—'} | "
            f"{num(float(trade[i]), 2)} | "
            f"{_direction(float(trade[i - 1]), float(trade[i])) if i else '—'} | "
            f"{num(float(s_ru[i]), 1)} | {num(float(s_cn[i]), 1)} | {num(asym, 1)} |")
        prev = p
    lines += ["", f"Computed at build time by relindex {md(r.version)} from the catalogue "
              f"(data digest {code(r.digest[:12])}); a dash is a value the index does not have.",
              "", *_agreement(r.periods, [float(t) for t in trade])]
    return "\n".join(lines)


def _agreement(periods: list[Any], trade: list[float]) -> list[str]:
    """Bullets: how often the net index and the cooperation side move with customs trade."""
    out = []
    for label, attr in (("The net index", "index"), ("The cooperation side", "cooperation")):
        same, differ = [], []
        for a, b, ta, tb in zip(periods, periods[1:], trade, trade[1:], strict=False):
            d, t = _direction(getattr(a, attr), getattr(b, attr)), _direction(ta, tb)
            if "—" in (d, t):
                continue
            (same if d == t else differ).append(f"{a.period}–{b.period}")
        out.append(f"- {label} moves the way customs trade moves in {len(same)} of "
                   f"{len(same) + len(differ)} consecutive year pairs where both exist"
                   + (f"; against it in {', '.join(differ)}." if differ else "."))
    bci = [p for p in periods if 2017 <= int(str(p.period)[:4]) <= 2019]
    steps = [f"{a.period}–{b.period} {_direction(a.index, b.index)}"
             for a, b in zip(bci, bci[1:], strict=False)]
    out.append("- Over the overlap with the Bilateral Cooperation Intensity index (2017–2019), "
               "which strengthens steadily, the net index moves: " + "; ".join(steps) + ".")
    return out


def _md_link(target: str, origin: str, anchor: str = "") -> str:
    """Return a Markdown link target (a .md path), which mkdocs checks and rewrites."""
    from posixpath import dirname, relpath

    rel = relpath(target, dirname(origin) or ".")
    return rel + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------- page paths and ids

_RESERVED_PAGES = frozenset({"index", "readme"})
"""Names of a folder's own overview page (mkdocs reads README.md as index.md)."""

_RECORD_PREFIX = "record-"
_LEDGER_IDS = frozenset({"evidence-ledger", "top", "content", "main", "header", "footer",
                         "search", "toc", "nav"})
"""Ids the ledger page holds besides its records (its title's slug, the theme's)."""
_LEDGER_PREFIXES = ("indicator-", "series-", "dimension-", "event-", _RECORD_PREFIX)


def source_pages(site: Site) -> dict[str, str]:
    """Page path of every source document, distinct from each other and from the overview.

    ``sources/<id>.md``, except where that would be the folder's overview page (an id
    ``index`` or ``README``) or would differ from an earlier page only in case (the two
    would be one file on a case-insensitive file system): those get ``<id>-<n>``.
    """
    cached = site.__dict__.get("_source_pages")
    if cached is None:
        taken = set(_RESERVED_PAGES)
        cached = {}
        for sid in site.dataset.sources:
            name, n = sid, 1
            while name.casefold() in taken:
                n += 1
                name = f"{sid}-{n}"
            taken.add(name.casefold())
            cached[sid] = f"sources/{name}.md"
        site.__dict__["_source_pages"] = cached
    return cached


def source_page(site: Site, sid: str) -> str:
    """The page path of one source document (see :func:`source_pages`)."""
    return source_pages(site)[sid]


def record_anchors(site: Site) -> dict[str, str]:
    """The HTML id of every record on the ledger page, distinct whatever the ids.

    A record's own id, unless it equals (ignoring case) an id the ledger page holds
    otherwise (``indicator-...`` headings, the title's slug) or an earlier record's: then
    ``record-<id>`` (``record-<n>-<id>`` if that is taken too). No record id starting with
    ``record-`` is used bare, so the prefixed ids never meet a bare one.
    """
    cached = site.__dict__.get("_record_anchors")
    if cached is None:
        taken = set(_LEDGER_IDS)
        cached = {}
        for r in site.dataset.records:
            rid = r.id
            plain = not rid.casefold().startswith(_LEDGER_PREFIXES)
            name = rid if plain and rid.casefold() not in taken else _RECORD_PREFIX + rid
            n = 1
            while name.casefold() in taken:
                n += 1
                name = f"{_RECORD_PREFIX}{n}-{rid}"
            taken.add(name.casefold())
            cached[rid] = name
        site.__dict__["_record_anchors"] = cached
    return cached


def record_anchor(site: Site, rid: str) -> str:
    """The HTML id of one record on the ledger page (see :func:`record_anchors`)."""
    return record_anchors(site).get(rid, rid)


def quote_anchor(site: Site, rid: str) -> str:
    """The HTML id of a record's first highlighted quote on its source page."""
    return "q-" + record_anchor(site, rid)


# --------------------------------------------------------------------------- pages


def generated_pages(site: Site) -> dict[str, str]:
    """Every generated file: path under docs/ -> content."""
    pages = {
        "catalogue.md": page_catalogue(site),
        "evidence.md": page_ledger(site),
        "sources/index.md": page_sources_index(site),
        "results.md": page_results(site),
        "toml-reference.md": page_toml_reference(),  # also committed: see COMMITTED
        "assets/reweight.json": rx_export.to_json(
            rx_export.reweight_payload(site.model, entity=site.entity)) + "\n",
    }
    for sid in site.dataset.sources:
        pages[source_page(site, sid)] = page_source(site, sid)
    return pages


def _records_by_indicator(site: Site) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {iid: [] for iid in site.dataset.indicators}
    for r in site.dataset.records:
        out.setdefault(r.evidence.indicator, []).append(r)
    return out


def _norm_text(nm: Any, unit: str) -> str:
    if nm.method == "goalposts":
        return f"goalposts {md(value_text(nm.min))} → 0, {md(value_text(nm.max))} → 1 ({md(unit)})"
    if nm.method == "zscore":
        return f"z-score over the data, clipped at ± {md(value_text(nm.clip))} sd"
    if nm.method == "distance":
        return (f"distance to the reference {md(value_text(nm.reference))} (→ 1), reaching 0 at "
                f"± {md(value_text(nm.scale))}")
    if nm.method == "minmax":
        return "min–max over the data"
    return "percentile rank over the data"


def _table(rows: list[tuple[str, str]]) -> list[str]:
    out = ["| property | value |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in rows if v != ""]
    return out


def page_catalogue(site: Site) -> str:
    """Every dimension and indicator with its definition, transform, weights and reasons."""
    cat = site.catalogue
    meta = cat.catalogue
    origin = "catalogue.md"
    recs = _records_by_indicator(site)
    ledger = _md_link("evidence.md", origin)
    lines = [front_matter("Indicator catalogue"), "# Indicator catalogue", ""]
    lines.append(f"**{md(meta.name)}** (catalogue {code(meta.id)}"
                 + (f", actors {md(', '.join(meta.actors))}" if meta.actors else "") + ").")
    if meta.description:
        lines += ["", md(meta.description)]
    lines += ["", f"Generated from {code(site.dataset.path.name)} by "
              "`relindex.load()` at build time. Weights are shown as declared and normalised "
              "over their siblings (the library normalises them; only ratios matter). "
              f"The [evidence ledger]({ledger}) holds every record behind these indicators.", ""]

    # structure
    lines += ["## Structure", "", "| side | dimension | declared weight | normalised weight | "
              "aggregation | indicators | evidence records |", "|---|---|---:|---:|---|---:|---:|"]
    for side, dims in _sides(cat):
        total = sum(d.weight for d in dims.values()) or 1.0
        for did, d in dims.items():
            n_ind = len(list(_leaf_ids(d)))
            n_rec = sum(len(recs.get(i, [])) for i in _leaf_ids(d))
            lines.append(f"| {side} | [{md(d.name)}](#dimension-{did}) | {value_text(d.weight)} | "
                         f"{d.weight / total:.3f} | {d.aggregation} | {n_ind} | {n_rec} |")
    lines.append("")
    for side, _dims in _sides(cat):
        spec = cat.index if side == "index" else getattr(cat.index, side)
        fl = f", floor {spec.floor:g}" if spec.floor is not None else ""
        what = "The index" if side == "index" else f"{side.capitalize()} side"
        lines.append(f"- **{what}**: {spec.aggregation} mean of its "
                     f"dimensions{fl}." + (f" {md(spec.reason)}" if spec.reason else ""))
    lines += [f"- **Headline**: the latest period whose coverage is at least "
              f"{cat.index.headline_min_coverage:g} on each side."
              + (f" Scored span: {md(cat.index.periods)}." if cat.index.periods else ""), ""]

    lines += summary_table(site, recs)

    def dimension(did: str, d: Any, level: int, siblings: float, side: str) -> None:
        hl = "#" * min(level, 6)
        lines.append(f"{hl} {md(d.name)} {{#dimension-{did}}}")
        lines.append("")
        floor = f"floor {d.floor:g}" if d.floor is not None else ""
        kids = [i.weight for i in d.indicators.values()] + [s.weight for s in d.dimensions.values()]
        kid_total = sum(kids) or 1.0
        lines.extend(_table([
            ("id", f"{code(did)}"),
            ("side", side),
            ("weight", f"{value_text(d.weight)} declared, {d.weight / siblings:.3f} normalised"),
            ("aggregation", f"{d.aggregation}" + (f", {floor}" if floor else "")),
            ("description", md(d.description)),
            ("rationale", md(d.rationale)),
        ]))
        lines.append("")
        for iid, ind in d.indicators.items():
            indicator(iid, ind, level + 1, kid_total)
        for sid, sub in d.dimensions.items():
            dimension(sid, sub, level + 1, kid_total, side)

    def indicator(iid: str, ind: Any, level: int, siblings: float | None,
                  prefix: str = "indicator") -> None:
        hl = "#" * min(level, 6)
        lines.append(f"{hl} {md(ind.name)} {{#{prefix}-{iid}}}")
        lines.append("")
        nm = ind.normalisation
        rs = recs.get(iid, [])
        n_count = sum(1 for r in rs if r.id not in site.excluded)
        ev = (f"[{len(rs)} record(s)]({ledger}#indicator-{iid}), {n_count} counted"
              if rs else ("derived: none of its own" if ind.derived else "none"))
        weight = (f"{value_text(ind.weight)} declared, {ind.weight / siblings:.3f} normalised"
                  if siblings else "— (a supporting series, not scored)")
        rows = [
            ("id", f"{code(iid)}"),
            ("definition", md(ind.description)),
            ("unit", md(ind.unit)),
            ("kind", ind.kind + (f", measure: {ind.measure}" if ind.kind == "event" else "")),
            ("polarity", ind.polarity),
            ("transform", ind.transform),
            ("normalisation", _norm_text(nm, ind.unit)
             + (f". {md(nm.reason)}" if nm.reason else "")),
            ("weight", weight),
            ("combine", f"{'sum (events)' if ind.kind == 'event' else ind.combine}"),
            ("carry forward", (f"{ind.carry_forward} period(s)" if ind.carry_forward else "none")
             + (f". {md(cf_reason)}" if (cf_reason := getattr(ind, "carry_forward_reason", ""))
                else "")),
            ("flow", "yes: a partial-period figure is a lower bound" if ind.flow else ""),
            ("partial periods", ind.partial),
            ("relative error", f"{ind.relative_error:g}"),
        ]
        if ind.kind == "event":
            rows.append(("event types", ", ".join(
                f"[{md(cat.event_types[e].name)}](#event-{e})" for e in ind.event_types)))
            if ind.observed:
                rows.append(("observed span", f"{md(ind.observed)}: a year in it with no event "
                             f"is a zero. {md(ind.observed_reason or '')}"))
        if ind.derived is not None:
            rows.append(("derived", f"{ind.derived.op} of " + ", ".join(
                f"[{code(o)}](#{_anchor_of(site, o)})" for o in ind.derived.of)
                + f". {md(ind.derived.reason)}"))
        rows += [("rationale", md(ind.rationale)), ("evidence", ev)]
        lines.append(f"{md(ind.description)}" if ind.description else "")
        lines.append("")
        lines.append('??? info "Definition, normalisation, weight, rationale and evidence"')
        lines.append("")
        lines.extend("    " + row for row in _table(rows))
        lines.append("")

    for side, dims in _sides(cat):
        lines += [f"## {'Dimensions' if side == 'index' else side.capitalize() + ' dimensions'}",
                  ""]
        total = sum(d.weight for d in dims.values()) or 1.0
        for did, d in dims.items():
            dimension(did, d, 3, total, side)

    if cat.series:
        lines += ["## Supporting series", "", "Measured like indicators and used by derived "
                  "indicators; not scored themselves.", ""]
        for sid, s in cat.series.items():
            indicator(sid, s, 3, None, prefix="series")

    lines += ["## Event types {#event-types}", "",
              f"Severity scale: {md(meta.severity_scale)}. A severity belongs to the event "
              "type (Goldstein 1992), not to the single event.", "",
              "| id | name | side | CAMEO | severity | reason |", "|---|---|---|---|---:|---|"]
    for eid, et in cat.event_types.items():
        lines.append(f"| {code(eid)} {{#event-{eid}}} | {md(et.name)} | {et.polarity} | "
                     f"{md(et.cameo or '—')} | {et.severity:g} | {md(et.reason)} |")
    g, rc = cat.grading, cat.reconciliation
    lines += ["", "## Grading and reconciliation", "",
              "Observation weight = reliability weight × credibility weight; records below "
              f"{g.min_weight:g} do not count.", "",
              "| reliability | " + " | ".join(g.reliability) + " |",
              "|---|" + "---:|" * len(g.reliability),
              "| weight | " + " | ".join(f"{v:g}" for v in g.reliability.values()) + " |", "",
              "| credibility | " + " | ".join(g.credibility) + " |",
              "|---|" + "---:|" * len(g.credibility),
              "| weight | " + " | ".join(f"{v:g}" for v in g.credibility.values()) + " |", ""]
    if g.reason:
        lines += [md(g.reason), ""]
    lines += [f"Conflicting full-period values of one fact: **{rc.choose.replace('_', ' ')}**; "
              f"a qualifier opens an interval of {rc.qualifier_margin:g} of the value."
              + (f" {md(rc.reason)}" if rc.reason else ""), ""]
    return "\n".join(lines) + "\n"


def summary_table(site: Site, recs: dict[str, list[Any]]) -> list[str]:
    """Every scored indicator in one table, each linked to its folded details below.

    Its dimension, unit, direction, normalisation, weight inside its dimension and evidence.
    """
    cat = site.catalogue
    model = site.model
    lines = ["## Indicators at a glance {#summary}", "",
             "Each row links to the indicator's details (definition, normalisation, "
             "rationale), folded below.", "",
             "| indicator | dimension | unit | higher is | normalisation | weight in dimension "
             "| records |", "|---|---|---|---|---|---:|---:|"]
    for c, ind in enumerate(model.indicators):
        iid = model.columns[c]
        did = site.dataset.dimension_of(iid)
        node = next((n for n in model.nodes if n.id == did), None)
        share = ""
        if node is not None and iid in [model.columns[k] for k in node.children]:
            total = sum(node.weights) or 1.0
            share = f"{ind.weight / total:.2f}"
        direction = ("more " + ("cooperation" if ind.polarity == "positive" else "friction")
                     if cat.index.kind != "composite" else
                     ("better" if ind.polarity == "positive" else "worse"))
        if cat.index.kind != "composite" and node is not None and node.polarity == "friction":
            direction = "more friction" if ind.polarity == "positive" else "less friction"
        n = len(recs.get(iid, []))
        lines.append(f"| [{md(ind.name)}](#indicator-{iid}) | "
                     f"[{md(did)}](#dimension-{did}) | {md(ind.unit)} | {direction} | "
                     f"{md(ind.normalisation.method)} | {share} | {n} |")
    return [*lines, ""]


def _leaf_ids(d: Any) -> Any:
    yield from d.indicators
    for sub in d.dimensions.values():
        yield from _leaf_ids(sub)


def _anchor_of(site: Site, iid: str) -> str:
    return f"series-{iid}" if iid in site.catalogue.series else f"indicator-{iid}"


def _what(site: Site, r: Any) -> str:
    e = r.evidence
    if e.value is not None:
        q = "" if e.qualifier == "exact" else f"{e.qualifier} "
        return f"{q}{value_text(e.value)} {e.unit}"
    et = site.catalogue.event_types.get(e.event_type or "")
    sev = e.severity if e.severity is not None else (et.severity if et else None)
    name = et.name if et else e.event_type
    return f"event: {name}" + (f" (severity {sev:g})" if sev is not None else "")


def page_ledger(site: Site) -> str:
    """Every evidence record: its quote, source, period, value, grade and whether it counts."""
    ds = site.dataset
    origin = "evidence.md"
    recs = _records_by_indicator(site)
    n = len(ds.records)
    n_out = sum(1 for r in ds.records if r.id in site.excluded)
    lines = [front_matter("Evidence ledger"), "# Evidence ledger", "",
             f"{n} records, {n - n_out} count, {n_out} do not (each with its reason). Every "
             "quote was found verbatim in its source by `relindex.load()`; follow a record's "
             "source link to see the quote highlighted in the full text. Grades are "
             "NATO/Admiralty: source reliability A–F and information credibility 1–6 "
             f"([how they weigh]({_md_link('methodology.md', origin, 'source-grading')})).", ""]
    for iid, rs in recs.items():
        if not rs:
            continue
        ind = ds.indicators[iid]
        cat_link = _md_link("catalogue.md", origin, _anchor_of(site, iid))
        lines += [f"## {md(ind.name)} {{#indicator-{iid}}}", "",
                  f"{code(iid)} · {md(ind.unit)} · {len(rs)} record(s) · "
                  f"[in the catalogue]({cat_link})", ""]
        for r in rs:
            lines.append(_record_html(site, r, origin))
            lines.append("")
    return "\n".join(lines) + "\n"


def _record_html(site: Site, r: Any, origin: str) -> str:
    e = r.evidence
    counts = r.id not in site.excluded
    if counts:
        status = (f'<span class="relindex-counts relindex-yes">counts</span> '
                  f'{h(site.roles.get(r.id, ""))}')
    else:
        status = (f'<span class="relindex-counts relindex-no">does not count</span> '
                  f'{h(site.excluded[r.id])}')
    period = h(e.period)
    if e.period_inferred:
        period += f" (inferred{': ' + h(e.period_reason) if e.period_reason else ''})"
    what = h(_what(site, r))
    if e.value_inferred:
        what += f" (inferred{': ' + h(e.value_reason) if e.value_reason else ''})"
    if e.assign_to is not None:
        period += f", assigned to {e.assign_to}" + (f": {h(e.assign_reason)}"
                                                      if e.assign_reason else "")
    if r.citation is None and e.source in site.dataset.sources:
        doc = site.dataset.sources[e.source]
        src = (f'<a class="relindex-source-link" href="'
               f'{site.link(source_page(site, e.source), origin, quote_anchor(site, e.id))}">'
               f'{h(short_title(doc.meta))}</a> ({code(e.source)})')
        quote = f'<blockquote class="relindex-quote">{h(e.quote)}</blockquote>'
    else:
        src = f"data table {code(r.origin.name)}"
        quote = f'<blockquote class="relindex-quote relindex-citation">{h(e.quote)}</blockquote>'
    extra = []
    if e.fact:
        extra.append(f"fact {code(e.fact)}")
    if e.actors:
        extra.append("actors " + h(", ".join(e.actors)))
    if e.credibility_reason:
        extra.append(f"credibility: {h(e.credibility_reason)}")
    if e.note:
        extra.append(f"note: {h(e.note)}")
    return (
        f'<div class="relindex-record" id="{h(record_anchor(site, e.id))}">'
        f'<p class="relindex-record-head"><a class="relindex-id" '
        f'href="#{h(record_anchor(site, e.id))}">'
        f"{code(e.id)}</a> · period {period} · <strong>{what}</strong>"
        f" · grade <strong>{h(r.reliability)}{e.credibility}</strong> (weight {r.weight:.3f})</p>"
        f"{quote}"
        f'<p class="relindex-record-meta">Source: {src} · {status}'
        + ("".join(f" · {x}" for x in extra)) + "</p></div>"
    )


def page_sources_index(site: Site) -> str:
    """Write the list of source documents with their grades."""
    origin = "sources/index.md"
    lines = [front_matter("Sources"), "# Sources", "",
             "One page per source document, with its full text and every cited quote "
             "highlighted. Reliability is the NATO/Admiralty grade of the source (A–F).", "",
             "| source | publisher | kind | date | reliability | records |",
             "|---|---|---|---|---|---:|"]
    cited: dict[str, int] = {}
    for r in site.dataset.records:
        cited[r.evidence.source] = cited.get(r.evidence.source, 0) + 1
    for sid, doc in site.dataset.sources.items():
        m = doc.meta
        date = md(m.date) + (" (inferred)" if m.date_inferred else "")
        lines.append(f"| [{md(short_title(m))}]({_md_link(source_page(site, sid), origin)}) | "
                     f"{md(m.publisher)} | {md(m.kind)} | {date} | {m.reliability}: "
                     f"{md(m.reliability_reason)} | {cited.get(sid, 0)} |")
    tables = site.catalogue.catalogue.tables
    if tables:
        lines += ["", "Data tables (rows are records of the ledger, with the table's citation):",
                  ""]
        for t in tables:
            lines.append(f"- {code(t.file)}: {md(t.citation)} (reliability "
                         f"{t.reliability}, credibility {t.credibility})")
    return "\n".join(lines) + "\n"


def highlight(text: str, spans: list[tuple[str, list[tuple[int, int]]]], ledger_href: Any,
              anchor: Any = lambda rid: f"q-{rid}") -> str:
    """Render the document's text as one line of HTML with every cited span marked.

    Parameters
    ----------
    text : str
    spans : list of (evidence id, list of (start, end))
        In ledger order; the first occurrence of each record carries the anchor
        ``anchor(evidence id)``.
    ledger_href : callable
        Evidence id -> URL of its ledger entry.
    anchor : callable
        Evidence id -> HTML id of its first highlighted quote (default ``q-<id>``).
    """
    cuts = {0, len(text)}
    for _, occ in spans:
        for a, b in occ:
            cuts.update((a, b))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    pending = {rid: occ[0][0] for rid, occ in spans if occ}
    ends: dict[int, list[str]] = {}
    for rid, occ in spans:
        for _, b in occ:
            ends.setdefault(b, []).append(rid)
    # one sweep over the cut points: the records whose occurrences cover each segment,
    # counted as occurrences open and close (linear in the occurrences, not quadratic)
    rank = {rid: k for k, (rid, _) in enumerate(spans)}
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for rid, occ in spans:
        for s, e in occ:
            if s < e:
                opens.setdefault(s, []).append(rid)
                closes.setdefault(e, []).append(rid)
    active: dict[str, int] = {}
    out = []
    for a, b in itertools.pairwise(points):
        for rid in opens.get(a, ()):
            active[rid] = active.get(rid, 0) + 1
        cover = sorted(active, key=rank.__getitem__)
        seg = h(text[a:b])
        if cover:
            starting = [rid for rid in cover if pending.get(rid) == a]
            for rid in starting[1:]:
                out.append(f'<mark id="{h(anchor(rid))}" class="relindex-anchor"></mark>')
            ident = f' id="{h(anchor(starting[0]))}"' if starting else ""
            for rid in starting:
                pending.pop(rid, None)
            out.append(f'<mark{ident} class="relindex-quote-mark" data-evidence="'
                       f'{h(" ".join(cover))}">{seg}</mark>')
        else:
            out.append(seg)
        for rid in ends.get(b, []):
            out.append(f'<sup class="relindex-ref"><a href="{ledger_href(rid)}" title="evidence '
                       f'record {h(rid)}">{h(rid)}</a></sup>')
        for rid in closes.get(b, ()):
            active[rid] -= 1
            if not active[rid]:
                del active[rid]
    return "".join(out)


def page_source(site: Site, sid: str) -> str:
    """One source document: metadata, the records citing it, and its text with highlights."""
    doc = site.dataset.sources[sid]
    m = doc.meta
    origin = source_page(site, sid)
    recs = [r for r in site.dataset.records if r.evidence.source == sid and r.citation is None]
    lines = [front_matter(short_title(m)), f"# {md(short_title(m))}", ""]
    date = md(m.date) + (" (inferred)" if m.date_inferred else "")
    lines.extend(_table([
        ("title", md(m.title)),
        ("id", f"{code(sid)}"),
        ("file", f"{code(doc.path.name)}"),
        ("publisher", md(m.publisher)),
        ("kind", md(m.kind)),
        ("date", date + (f": {md(m.date_reason)}" if m.date_reason else "")),
        ("reliability", f"**{m.reliability}**: {md(m.reliability_reason)}"),
        ("SHA-256", f"{code(m.sha256)}" if m.sha256 else ""),
        ("notes", md(m.notes)),
        ("records", f"{len(recs)} cite this document"),
    ]))
    lines += ["", "## Records citing this document", ""]
    for r in recs:
        counts = "counts" if r.id not in site.excluded else "does not count"
        link = _md_link("evidence.md", origin, record_anchor(site, r.id))
        lines.append(f"- [{code(r.id)}]({link}) "
                     f"({md(r.evidence.indicator)}, {md(r.evidence.period)}, {md(_what(site, r))}; "
                     f"{counts}) · [in the text](#{quote_anchor(site, r.id)})")
    if not recs:
        lines.append("None.")
    spans = [(r.id, list(r.occurrences) or ([r.span] if r.span else [])) for r in recs]
    spans = [(rid, occ) for rid, occ in spans if occ]
    lines += ["", "## Full text", "",
              "Cited passages are highlighted; the label after each links to its ledger entry.",
              "",
              '<div class="relindex-source-text">'
              + highlight(doc.text, spans, lambda rid: site.link("evidence.md", origin,
                                                                record_anchor(site, rid)),
                        anchor=lambda rid: quote_anchor(site, rid))
              + "</div>", ""]
    return "\n".join(lines) + "\n"


def _sens_dict(site: Site) -> dict[str, Any] | None:
    s = site.sensitivity
    if s is None:
        return None
    return s.to_dict() if hasattr(s, "to_dict") else dict(s)


def _legend_md(site: Site, r: Any, origin: str) -> list[str]:
    """The legend under the series: scales, what 0 means, coverage, flags, grades."""
    th = site.catalogue.index.headline_min_coverage
    flagged = [f"{p.period}: {'; '.join(md(m) for m in p.flag_messages)}"
               for p in r.periods if p.flags]
    events = any(i.kind == "event" for i in site.model.indicators)
    sentences = " ".join(md(x) for x in legend_sentences(
        r.kind, th, site.catalogue.index.headline_min_sources, events=events))
    sides = ("" if r.kind == "composite" else " Where a side has no evidence at all, the "
             "index is an interval over that side's range.")
    out = ["**Legend.** " + sentences + sides + " Every number traces to quotes graded by "
           "source reliability (A–F) and credibility (1–6). See "
           f"[how to read the index]({_md_link('reading.md', origin)}), "
           f"[evidence as measurement]({_md_link('measurement.md', origin)}) and the "
           f"[limitations]({_md_link('limitations.md', origin)}).", ""]
    if flagged:
        out += ["Flags:", ""] + [f"- {f}" for f in flagged] + [""]
    return out


def _sides(cat: Any) -> list[tuple[str, dict[str, Any]]]:
    """The top-level dimensions by side (one group, ``index``, for a composite index)."""
    if cat.index.kind == "composite":
        return [("index", dict(cat.dimensions))]
    out = []
    for side in ("cooperation", "friction"):
        dims = {k: d for k, d in cat.dimensions.items() if d.polarity == side}
        if dims:
            out.append((side, dims))
    return out


def _ranked_md(site: Site) -> list[str]:
    """Ranked tables of every entity, per period (a catalogue with several entities)."""
    panel = site.panel
    composite = panel.kind == "composite"
    out = ["## Entities ranked {#ranked}", "",
           f"The catalogue scores {len(panel.entities)} entities. The sections below show "
           f"**{md(panel.entity_names.get(site.entity, site.entity))}** ({code(site.entity)}); "
           f"build the site with `{ENTITY_ENV}=ID` for another. Ranks run across entities "
           "within a period; equal indices share a rank; an entity without an index is "
           "unranked.", ""]
    for year in reversed(panel.years):
        rows = [panel.period(year, e) for e in panel.entities]
        if all(p.index is None for p in rows):
            continue
        rows.sort(key=lambda p: (p.rank is None, p.rank or 0, p.entity or ""))
        out += [f"### {year}", "", "| rank | entity | name | index |"
                + ("" if composite else " cooperation | friction |"),
                "|---:|---|---|---:|" + ("" if composite else "---:|---:|")]
        for p in rows:
            ent = p.entity or ""
            sides = "" if composite else f" {num(p.cooperation)} | {num(p.friction)} |"
            out.append(f"| {p.rank or '—'} | {code(ent)} | {md(panel.entity_names.get(ent, ent))} "
                       f"| {num(p.index)} |{sides}")
        out.append("")
    return out


def page_results(site: Site) -> str:
    """Write the index over time, the contributions, uncertainty, re-weighting, the data."""
    r = site.result
    head = r.headline
    origin = "results.md"
    sens = _sens_dict(site)
    lines = [front_matter("Results"), "# Results", "",
             f"**{md(r.name)}**: relindex {md(r.version)}, data digest {code(r.digest[:12])}. "
             "Everything on this page was computed when the site was built, by "
             f"`relindex.score()` on the catalogue and evidence shown in the "
             f"[catalogue]({_md_link('catalogue.md', origin)}) and the "
             f"[ledger]({_md_link('evidence.md', origin)}).", ""]
    if site.panel is not None:
        lines += _ranked_md(site)
    composite = r.kind == "composite"
    noun = "index" if composite else "net index"
    if head is not None and composite:
        lines += [f"Headline **{head.period}**: index **{num(head.index)}**.", ""]
    elif head is not None:
        fr = num(head.friction) if _ok(head.friction) else "absent"
        lines += [f"Headline **{head.period}**: net index **{num(head.index, signed=True)}** = "
                  f"cooperation {num(head.cooperation)} − friction {fr}.", ""]
    elif composite:
        lines += ["No period is the headline: none has the coverage and the sources "
                  "`index.headline_min_coverage` and `index.headline_min_sources` ask for.", ""]
    else:
        lines += ["No period has enough coverage on both sides for a headline.", ""]

    lines += ["## The index over time {#series}", "",
              '<div class="relindex-chart" id="chart-series">'
              + rx_plot.to_svg(rx_plot.series(r, uncertainty=sens), salt="series",
                               label="the index over time" if composite else
                               "net index, cooperation and friction over time") +
              "</div>", "",
              ("The index is in [0, 1]. A gap is a period without enough evidence"
               if composite else
               "Cooperation and friction are each in [0, 1]; the net index is their difference, "
               "in [−1, 1]. A gap is a period without enough evidence on that side")
              + (f"; the grey band is the 5th–95th percentile of the {noun} under the "
                 "uncertainty analysis below." if sens else "."), ""]
    if head is not None:
        lines += [f"## Contributions, {head.period} {{#contributions}}", "",
                  '<div class="relindex-chart" id="chart-contributions">'
                  + rx_plot.to_svg(rx_plot.contributions(r), salt="contributions",
                                   label="contributions of the dimensions") +
                  "</div>", "",
                  ("Each bar is a dimension's share of the index; the bars add up exactly "
                   "to the index (" if composite else
                   "Each bar is a dimension's signed share of the net index; the bars add up "
                   "exactly to the net index (")
                  + f"[attribution]({_md_link('methodology.md', origin, 'attribution')})).", ""]
        lines += reweight_panel(site)

    lines += ["## Uncertainty and sensitivity {#uncertainty}", ""]
    lines += uncertainty_section(site, sens, origin)

    lines += ["## Data {#data}", "", "### Series", ""]
    if composite:
        lines += ["| period | index | coverage | headline |", "|---|---:|---:|---|"]
        lines += [f"| {p.period} | {num(p.index)} | {p.coverage.get('index', 0):.2f} | "
                  f"{'**headline**' if p.headline else ''} |" for p in r.periods]
    lines += [] if composite else [
        "| period | net index | cooperation | friction | coverage (cooperation) | "
        "coverage (friction) | headline |", "|---|---:|---:|---:|---:|---:|---|"]
    for p in ([] if composite else r.periods):
        cov = p.coverage
        lines.append(f"| {p.period} | {num(p.index, signed=True)} | {num(p.cooperation)} | "
                     f"{num(p.friction) if _ok(p.friction) else '—'} | "
                     f"{cov.get('cooperation', 0):.2f} | "
                     f"{num(cov.get('friction'), 2) if 'friction' in cov else '—'} | "
                     f"{'**headline**' if p.headline else ''} |")
    lines += ["", *_legend_md(site, r, origin)]
    years = [p.period for p in r.periods]
    lines += ["", "### Dimension scores", "",
              "| dimension | side | " + " | ".join(str(y) for y in years) + " |",
              "|---|---|" + "---:|" * len(years)]
    for k, d in enumerate(r.periods[0].dimensions):
        scores = [num(p.dimensions[k].score) for p in r.periods]
        lines.append(f"| [{md(d.name)}]({_md_link('catalogue.md', origin, f'dimension-{d.id}')})"
                     f" | {d.polarity} | " + " | ".join(scores) + " |")
    if head is not None:
        lines += ["", f"### Breakdown, {head.period} {{#breakdown}}", "",
                  "Each indicator's value as stated, normalised to [0, 1], its weight in its "
                  "dimension and its signed contribution to the net index; under its name, "
                  "the evidence records behind it.", "", breakdown_table(site, head, origin)]
    if head is not None and r.kind != "composite":
        lines += ["", *worked_example(site, head)]
    if r.notes:
        lines += ["", "### Notes", ""] + [f"- {md(n)}" for n in r.notes]
    lines += ["", f"The re-weighting data is also published as JSON: "
              f"[assets/reweight.json]({_md_link('assets/reweight.json', origin)}) "
              "(`relindex.export.reweight_payload`).", ""]
    return "\n".join(lines) + "\n"


def _step_normalise(site: Site, iid: str, t: float, x: float) -> str:
    """The normalisation of one value as arithmetic a reader can redo."""
    model = site.model
    c = model.columns.index(iid)
    ind = model.dataset.indicators[iid]
    method = ind.normalisation.method
    lo, hi = float(model.p1[c]), float(model.p2[c])
    if method == "goalposts":
        flip = "1 − " if ind.polarity == "negative" else ""
        return (f"{flip}({t:.4g} − {lo:.4g}) / ({hi:.4g} − {lo:.4g}), clipped to [0, 1] "
                f"= {x:.3f}")
    return f"{md(_norm_text(ind.normalisation, ind.unit))} = {x:.3f}"


def worked_example(site: Site, period: Any) -> list[str]:
    """One period carried from raw values to the net index, step by step.

    As the UNDP technical notes do for the HDI: every indicator's raw value, its transform
    and normalisation with the numbers filled in, the weighted sums of each dimension and
    side, and the difference that is the net index; every number is the library's own.
    """
    y = period.period
    lines = [f"### Worked example: {y} from raw values to the net index {{#worked-example}}",
             "", "The headline period step by step. **1. Indicators.** Each value is "
             "transformed (log where declared), mapped onto [0, 1] by its normalisation and "
             "weighted within its dimension (weights renormalised over the indicators with "
             "a value this year):", ""]
    sides: dict[str, list[Any]] = {}
    for top in period.dimensions:
        sides.setdefault(top.polarity, []).append(top)
        for d in top.walk():
            present = [i for i in d.indicators if _ok(i.normalized)]
            if not present:
                continue
            lines.append(f"*{md(d.name)}*")
            lines.append("")
            for i in present:
                ind = site.dataset.indicators[i.id]
                used = i.estimate if i.estimate is not None else i.raw
                tr = ("" if ind.transform == "none" else
                      f"{ind.transform}({value_text(used)}) = {i.transformed:.4g}; ")
                carried = f" (carried from {i.carried_from})" if i.carried else ""
                what = md(quantity(i.raw, i.unit))
                if i.n_events is not None:
                    events = (f"{i.n_kind} of {i.n_events} coded events" if i.n_kind is not None
                              else f"{i.n_events} event" + ("" if i.n_events == 1 else "s"))
                    what = (f"{events} reported; estimate "
                            f"{md(quantity(round(used, 4), i.unit))} "
                            f"[{i.estimate_low:.4g}, {i.estimate_high:.4g}] (90%)")
                step = _step_normalise(site, i.id, i.transformed, i.normalized)
                lines.append(f"- {md(i.name)}: {what}{carried}; {tr}"
                             f"normalised {step}; weight {num(i.weight)}.")
            terms = " + ".join([f"{num(i.weight)} × {num(i.normalized)}" for i in present]
                               + [f"{num(sd.weight)} × {num(sd.score)}" for sd in d.dimensions
                                  if _ok(sd.score)])
            how = ("weighted mean" if d.aggregation == "arithmetic" else
                   f"{d.aggregation} mean")
            lines += ["", f"  Score of {md(d.name)} ({how}): {terms} = **{num(d.score)}**"
                      if d.aggregation == "arithmetic" else
                      f"  Score of {md(d.name)} ({how} of the values above): **{num(d.score)}**",
                      ""]
    lines += ["**2. Sides.** Each side is the weighted mean of its dimensions present this "
              "year (weights renormalised over them):", ""]
    values = {"cooperation": period.cooperation, "friction": period.friction}
    for side, dims in sides.items():
        present = [d for d in dims if _ok(d.score)]
        terms = " + ".join(f"{num(d.weight)} × {num(d.score)}" for d in present)
        lines.append(f"- {side.capitalize()}: {terms} = **{num(values.get(side))}**")
    lines += ["", f"**3. Net index** = cooperation − friction = {num(period.cooperation)} − "
              f"{num(period.friction)} = **{num(period.index, signed=True)}**. Each "
              "dimension's contribution (its weight × score, negative for friction) is in the "
              "breakdown above; they add up to the net index.", ""]
    return lines


def breakdown_table(site: Site, period: Any, origin: str) -> str:
    """One period's indicators grouped by dimension, as one raw HTML block.

    The evidence ids sit under each indicator's name (no wide column to scroll to), values
    read with their units ("1 event", "22%", "severity 12"), and the table scrolls inside
    its own box on a narrow screen.
    """
    rows = []
    for top in period.dimensions:
        for d in top.walk():
            head = (f"{h(d.name)} <span class=\"relindex-bd-meta\">{h(d.polarity)}, score "
                    f"{num(d.score)}, contribution {num(d.contribution, signed=True)}</span>")
            rows.append(f'<tr class="relindex-bd-dim"><th colspan="5">{head}</th></tr>')
            for i in d.indicators:
                ev = ", ".join(
                    f'<a href="{h(site.link("evidence.md", origin, record_anchor(site, x)))}">'
                    f"{h(x)}</a>" for x in i.evidence)
                status = {"carried": f"carried from {i.carried_from}", "missing": "no evidence",
                          "zero": "no event in an observed span",
                          "estimated": "estimated: no events of its own"}.get(i.status, "")
                sub = " · ".join(x for x in (h(status), ev) if x)
                value = h(quantity(i.raw, i.unit))
                if i.n_events is not None and i.estimate is not None:
                    value = (f"{i.n_events} event{'' if i.n_events == 1 else 's'}"
                             + ("" if i.raw is None
                                else f", {h(quantity(round(i.raw, 3), i.unit))}")
                             + f"; estimate {h(quantity(round(i.estimate, 3), i.unit))} "
                             f"[{i.estimate_low:.3g}, {i.estimate_high:.3g}]")
                band = "" if i.interval is None else (
                    f' <span class="relindex-bd-meta">[{i.interval[0]:.2f}, '
                    f"{i.interval[1]:.2f}]</span>")
                rows.append(
                    f'<tr><td>{h(i.name)}'
                    + (f'<div class="relindex-bd-ev">{sub}</div>' if sub else "")
                    + f'</td><td>{value}</td><td>{num(i.normalized)}{band}</td>'
                    f"<td>{num(i.weight)}</td><td>{num(i.contribution, signed=True)}</td></tr>")
    return ('<div class="relindex-scroll"><table class="relindex-breakdown"><thead><tr>'
            "<th>indicator and evidence</th><th>value</th><th>normalised</th><th>weight</th>"
            f"<th>contribution</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def reweight_panel(site: Site) -> list[str]:
    """Write the sliders, output and payload (inline JSON) of the re-weighting panel."""
    payload = rx_export.reweight_payload(site.model, entity=site.entity)
    weights = [d["weight"] for d in payload["dimensions"]]
    top = max([*weights, 1.0]) * 3
    rows = []
    for side, spec in payload["sides"].items():
        fl = f", floor {spec['floor']:g}" if spec["floor"] else ""
        rows.append(f'<tr class="relindex-rw-side"><th colspan="5">{h(side.capitalize())} side '
                    f"({h(spec['aggregation'])} mean{h(fl)})</th></tr>")
        for d in payload["dimensions"]:
            if d["side"] != side:
                continue
            did = h(d["id"])
            rows.append(
                f'<tr data-dimension="{did}"><td>{h(d["name"])}</td>'
                f'<td class="relindex-rw-cell"><input type="range" class="relindex-rw-slider" '
                f'id="relindex-w-{did}" data-dimension="{did}" min="0" max="{top:g}" '
                f'step="any" value="{d["weight"]:g}" data-declared="{d["weight"]:g}" '
                f'aria-label="weight of {h(d["name"])}"> '
                f'<span class="relindex-rw-weight">{d["weight"]:.2f}</span></td>'
                f'<td class="relindex-rw-share">—</td>'
                f'<td class="relindex-rw-score">{num(_score_at(d, payload))}</td>'
                f'<td class="relindex-rw-contribution">—</td></tr>')
    head = payload["headline_period"]
    lib = payload["index"][payload["periods"].index(head)]
    sides = ", ".join(f"{k} {v['aggregation']}" + (f" (floor {v['floor']:g})" if v["floor"]
                                                   else "")
                      for k, v in payload["sides"].items())
    return [
        "## Re-weighting {#reweighting}", "",
        "Weights are value judgements (OECD/JRC 2008). Move a slider to give a dimension more "
        "or less weight within its side and see the headline net index change. The page "
        "recomputes from the scores exported at build time with the library's own rule: "
        f"weights renormalised over the dimensions present on each side ({md(sides)}), net "
        "index = cooperation − friction.", "",
        '<div class="relindex-reweight" id="relindex-reweight">'
        f'<script type="application/json" id="relindex-reweight-data">'
        f"{rx_export.to_json(payload, for_html=True)}</script>"
        f'<p class="relindex-rw-output">Net index {head} at these weights: '
        f'<strong id="relindex-rw-index" data-value="">{num(lib, signed=True)}</strong> = '
        f'cooperation <span id="relindex-rw-cooperation">—</span> − friction '
        f'<span id="relindex-rw-friction">—</span> '
        f'<span class="relindex-rw-declared">(declared weights: {num(lib, signed=True)})</span>'
        '<span id="relindex-rw-error" class="relindex-rw-error"></span></p>'
        "<table class=\"relindex-rw-table\"><thead><tr><th>dimension</th><th>weight</th>"
        "<th>share of its side</th><th>score</th><th>contribution</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
        '<p><button type="button" class="md-button" id="relindex-rw-reset">Reset to the '
        "declared weights</button></p></div>", "",
        "The same number from Python: `relindex.export.score_with_weights(model, "
        "{dimension: weight, ...})`, which runs the library's core with the weights "
        "overridden.", "",
    ]


def _score_at(d: dict[str, Any], payload: dict[str, Any]) -> float | None:
    return d["scores"][payload["periods"].index(payload["headline_period"])]


def uncertainty_section(site: Site, sens: dict[str, Any] | None, origin: str) -> list[str]:
    """Write the uncertainty bands and Sobol' indices, or a marked placeholder."""
    meth = _md_link("methodology.md", origin, "uncertainty-and-sensitivity")
    composite = site.result.kind == "composite"
    noun = "index" if composite else "net index"
    if sens is None:
        return ['<div class="admonition warning relindex-placeholder" id="uncertainty-pending">'
                '<p class="admonition-title">Uncertainty band and Sobol\' indices: pending</p>'
                f"<p>{h(site.sensitivity_note or 'not computed')}. This is where the Monte "
                f"Carlo band of the {noun} and the Sobol' indices of its inputs go.</p></div>",
                ""]
    out = [f"Monte Carlo over the modelling choices ({sens['samples']} quasi-random base samples, "
           f"seed {sens['seed']}, {sens['n_evaluations']:,} model runs; "
           f"[method]({meth})): weights, aggregation, normalisation, the evidence intervals and "
           "the inclusion of low-graded sources.", "",
           "| period | point | median | 5th percentile | 95th percentile |"
           + ("" if composite else " P(net index > 0) |"),
           "|---|---:|---:|---:|---:|" + ("" if composite else "---:|")]
    signed = not composite
    for p in sens["periods"]:
        i = p.get("index") or {}
        out.append(f"| {p['period']} | {num((p.get('point') or {}).get('index'), signed=signed)}"
                   f" | {num(i.get('median'), signed=signed)} | "
                   f"{num(i.get('p05'), signed=signed)} | {num(i.get('p95'), signed=signed)} |"
                   + ("" if composite else f" {num(i.get('p_positive'), 2)} |"))
    out += ["", f"### Sobol' indices, {sens['headline_period']} {{#sobol}}", "",
            '<div class="relindex-chart" id="chart-sobol">'
            + rx_plot.to_svg(rx_plot.sensitivity(sens, limit=10, kind=site.result.kind),
                             label="Sobol indices",
                             salt="sobol") +
            "</div>", "",
            "| input group | first order S<sub>i</sub> | 95% interval | total S<sub>Ti</sub> | "
            "95% interval | inputs |", "|---|---:|---|---:|---|---:|"]
    for row in sorted(sens["sobol"], key=lambda x: -(x.get("total_order") or 0)):
        ci1 = row.get("first_order_ci") or [None, None]
        cit = row.get("total_order_ci") or [None, None]
        out.append(f"| {md(row['input'])} | {num(row.get('first_order'))} | "
                   f"[{num(ci1[0])}, {num(ci1[1])}] | {num(row.get('total_order'))} | "
                   f"[{num(cit[0])}, {num(cit[1])}] | {len(row.get('members') or [])} |")
    if sens.get("rank_stability"):
        out += ["", "### Rank stability of the dimensions", "",
                "| dimension | nominal rank | modal rank | how often |", "|---|---:|---:|---:|"]
        for row in sens["rank_stability"]:
            nr = row.get("nominal_rank")
            out.append(f"| {md(row['dimension'])} | {'—' if nr is None else nr + 1} | "
                       f"{row['modal_rank'] + 1} | {num(row['modal_frequency'], 2)} |")
    if sens.get("notes"):
        out += [""] + [f"- {md(n)}" for n in sens["notes"]]
    return [*out, ""]


# --------------------------------------------------------------------------- TOML reference


_FILES = (
    ("indicators.toml", rx_models.Catalogue, "The catalogue: the index's tree, its rules and "
     "where its evidence lives."),
    ("sources.toml", rx_models.SourcesFile, "The source documents and their grades."),
    ("evidence.toml", rx_models.EvidenceFile, "The evidence ledger: one record per quoted "
     "observation."),
)


def _is_model(t: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(t, type) and issubclass(t, BaseModel)


def _strip_optional(t: Any) -> tuple[Any, bool]:
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return t, False


def type_text(t: Any, anchors: dict[type, str]) -> str:
    """Put a type annotation in words, for the reference."""
    t, optional = _strip_optional(t)
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        text = type_text(args[0], anchors)
    elif origin is typing.Literal:
        text = "one of " + ", ".join(f"{code_light(json.dumps(a))}" for a in args)
    elif origin in (typing.Union, types.UnionType):
        text = " or ".join(type_text(a, anchors) for a in args)
    elif origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            text = f"array of {type_text(args[0], anchors)}"
        else:
            text = "array of " + ", ".join(type_text(a, anchors) for a in args)
    elif origin is dict:
        text = f"table of {type_text(args[1], anchors)}, keyed by id"
    elif _is_model(t):
        text = f"[{t.__name__}](#{anchors[t]})" if t in anchors else t.__name__
    else:
        text = {str: "string", int: "integer", float: "number", bool: "boolean"}.get(
            t, getattr(t, "__name__", str(t)))
    return text + (" (optional)" if optional else "")


def _constraints(info: Any) -> str:
    out = []
    for m in info.metadata:
        for attr, sym in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"),
                          ("min_length", "length ≥"), ("max_length", "length ≤")):
            v = getattr(m, attr, None)
            if v is not None:
                out.append(f"{sym} {v}")
        pat = getattr(m, "pattern", None)
        if pat:
            out.append(f"pattern {code_light(pat)}")
    return ", ".join(out)


def toml_value(v: Any) -> str:
    """Write a default value as TOML."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, int | float):
        return f"{v:g}" if isinstance(v, float) else str(v)
    if isinstance(v, tuple | list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    return repr(v)


def _sections(model: type, key: str, display: str, seen: dict[type, list[str]],
              order: list[tuple[type, str]]) -> None:
    """Walk the models depth first: each model once, with every TOML path it appears at."""
    if model in seen:
        seen[model].append(display)
        return
    seen[model] = [display]
    order.append((model, display))
    # supporting series share the indicators' keys: document them under the dimensions first
    fields = sorted(model.model_fields.items(), key=lambda kv: kv[0] == "series")
    for name, info in fields:
        t, _ = _strip_optional(info.annotation)
        origin, args = typing.get_origin(t), typing.get_args(t)
        sub = f"{key}.{name}" if key else name
        if _is_model(t):
            _sections(t, sub, f"[{sub}]", seen, order)
        elif origin is dict and _is_model(args[1]):
            _sections(args[1], f"{sub}.<id>", f"[{sub}.<id>]", seen, order)
        elif origin is tuple and args and _is_model(args[0]):
            _sections(args[0], sub, f"[[{sub}]]", seen, order)


def page_toml_reference() -> str:
    """Every key of the three TOML files, from the pydantic models' attribute docstrings."""
    lines = ["# TOML reference", "",
             "<!-- Generated by 'python docs/hooks.py --write' from relindex.models; a test "
             "checks it is fresh. -->", "",
             "Generated from the pydantic models in `relindex.models` (their attribute "
             "docstrings), so it lists exactly the keys the loader accepts; an unknown key is "
             "an error. Paths are relative to the file that names them. Weights are normalised "
             "by the library: only their ratios matter.", "",
             "A complete small example is the [tutorial](tutorial/index.md)'s catalogue:", "",
             tutorial_file("tutorial/indicators.toml"), ""]
    for fname, root, what in _FILES:
        seen: dict[type, list[str]] = {}
        order: list[tuple[type, str]] = []
        _sections(root, "", "top level", seen, order)
        anchors = {m: f"{fname.split('.')[0]}-{m.__name__.lower()}" for m, _ in order}
        lines += [f'<a id="{fname.split(".")[0]}"></a>', "", f"## {fname}", "", what, ""]
        for model, path in order:
            title = path
            also = [p for p in seen[model] if p != path]
            lines += [f'<a id="{anchors[model]}"></a>', "", f"### {code_light(title)}", ""]
            doc = (model.__doc__ or "").strip()
            if doc:
                lines += [rst(p, light=True) for p in re.split(r"\n\s*\n", doc)]
                lines.append("")
            if also:
                lines += ["Also at " + ", ".join(f"{code_light(p)}" for p in also)
                          + " (same keys).", ""]
            lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
            docs = rx_models.field_docs(model)
            for name, info in model.model_fields.items():
                typ = type_text(info.annotation, anchors)
                cons = _constraints(info)
                if cons:
                    typ += f"; {cons}"
                if info.is_required():
                    default = "**required**"
                else:
                    dv = info.get_default(call_default_factory=True)
                    if _is_model(type(dv)):
                        default = "(its own defaults)"
                    elif dv is None:
                        default = "none"
                    elif dv in ({}, ()):
                        default = "empty"
                    else:
                        default = f"{code_light(toml_value(dv))}"
                lines.append(f"| {code_light(name)} | {typ} | {default} | "
                             f"{rst(docs.get(name, ''), light=True)} |")
            lines.append("")
    lines += ['<a id="csv-tables"></a>', "", "## CSV data tables", "",
              "A table named under `[[catalogue.tables]]` has a header row; each row "
              "is an evidence record with the columns `id, indicator, period, value, unit` "
              "and, optionally, any other key of `[[evidence]]` "
              "(`fact`, `qualifier`, `credibility`, ...). A "
              "`citation` column overrides the table's citation for its row; "
              "`actors` are separated by semicolons. The rows take the table's "
              "reliability grade. The tutorial's table:", "",
              tutorial_file("tutorial/statistics.csv"), "",
              "### Parquet tables", "",
              "A file ending in `.parquet` is read as Parquet (it needs pyarrow: "
              "`pip install 'relindex[fast]'`), with the same columns, read with their "
              "types: `value` (and `severity`) must hold numbers (integers or floats); "
              "`id` strings; `period`, `credibility` and `assign_to` strings or integers; "
              "every other column strings (a dictionary-encoded column is fine). A column "
              "of another type, or one holding lists or records, is refused naming the "
              "column. A null cell reads as an empty one (a plain row without a value is "
              "refused), except in `id`, where it is refused naming its row. Rows are "
              "numbered from 1, the first row of data (a CSV table's rows by their line, "
              "the header being line 1).", "",
              "Large tables (CSV over 1 MiB with pyarrow installed, and every Parquet "
              "table) are read as whole columns: numbers as numbers, text columns as "
              "dictionaries checked once per distinct value, and ids checked and compared "
              "as one column, never one Python string per row.", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python docs/hooks.py --write | --check
    stale = []
    for name, text in committed_pages().items():
        path = Path(__file__).resolve().parent / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if "--write" in sys.argv:
            path.write_text(text, encoding="utf-8")
    print(("rewrote " if "--write" in sys.argv else "stale: ") + ", ".join(stale)
          if stale else "up to date")
    sys.exit(1 if stale and "--write" not in sys.argv else 0)

"""Hypothesis strategies for relindex: core arrays with a tree, and whole catalogues.

Two levels, as the brief of the trust tests asks:

* :func:`core_cases` draws what the numerical core sees: raw values of shape
  ``(n_periods, n_leaves)`` with NaN gaps, per-indicator transform, normalisation and
  polarity, and a :class:`~relindex._core.aggregate.Tree` (dimensions, optional
  sub-dimensions, a cooperation side and an optional friction side).
* :func:`catalogues` draws a whole catalogue as plain data (``indicators.toml``,
  ``sources.toml``, an evidence ledger and the source texts), which
  :meth:`CatalogueCase.write` puts in a folder for :func:`relindex.load`.

Values lie on a grid of eighths so that sums are exact and the oracle comparison at
1e-12 tests the formulas, not the conditioning of nearly equal floats.

:func:`dumps` writes plain data as TOML (tomllib reads, nothing in the standard library
writes), including ``nan``/``inf`` and escapes for any character, so the fuzzers can
put odd values where the loader will read them.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from relindex._core.aggregate import Tree

NAN = float("nan")
YEARS = (2018, 2019, 2020, 2021, 2022)
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0)


# --------------------------------------------------------------------------- TOML writer

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def toml_string(s: str) -> str:
    """Return a TOML basic string holding exactly `s` (non-printable characters escaped)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif 0xD800 <= o <= 0xDFFF:
            raise ValueError("a lone surrogate cannot be written in TOML")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04X}")
        else:
            out.append(f"\\U{o:08X}")
    out.append('"')
    return "".join(out)


def toml_key(k: str) -> str:
    return k if k and set(k) <= _BARE else toml_string(k)


def toml_value(v: Any) -> str:
    """One TOML value (inline tables and arrays for nesting)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(type(v))


def dumps(doc: dict[str, Any]) -> str:
    """Write a TOML document: one ``key = value`` line per top-level key."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in doc.items())


# --------------------------------------------------------------------------- core level


@dataclass
class CoreCase:
    """Raw leaf values, how each leaf is normalised, and the tree that aggregates them."""

    raw: np.ndarray  # (n_periods, n_leaves)
    transform: np.ndarray  # int (n_leaves,)
    method: np.ndarray  # int (n_leaves,)
    p1: np.ndarray
    p2: np.ndarray
    sign: np.ndarray  # +1 / -1
    tree: Tree

    @property
    def direction(self) -> np.ndarray:
        """+1 where raising a leaf's raw value can only raise the net index, -1 where lower."""
        L = self.tree.n_leaves
        side = np.zeros(L)
        for leaf in range(L):
            slot = leaf
            while self.tree.parent[slot] >= 0:
                slot = self.tree.parent[slot]
            side[leaf] = 1.0 if slot - L == self.tree.cooperation else -1.0
        return side * self.sign


def _grid(lo: int, hi: int) -> st.SearchStrategy[float]:
    return st.integers(lo * 8, hi * 8).map(lambda k: k / 8)


@st.composite
def trees(draw: st.DrawFn, n_leaves: int, *, unfloored: bool = True) -> Tree:
    """Draw a tree over `n_leaves` leaves: dimensions (some nested), two sides.

    Each dimension takes at least one leaf; dimension ``d`` may nest in a later
    dimension, so nodes stay in bottom-up order.
    """
    n_dims = draw(st.integers(1, min(4, n_leaves)))
    owner = list(range(n_dims)) + [draw(st.integers(0, n_dims - 1))
                                   for _ in range(n_leaves - n_dims)]
    parent = [draw(st.one_of(st.none(), st.integers(d + 1, n_dims - 1)))
              if d < n_dims - 1 else None for d in range(n_dims)]
    top = [d for d in range(n_dims) if parent[d] is None]
    sides = [draw(st.sampled_from(("cooperation", "friction"))) for _ in top]
    sides[0] = "cooperation"
    coop = [d for d, s in zip(top, sides, strict=True) if s == "cooperation"]
    fric = [d for d, s in zip(top, sides, strict=True) if s == "friction"]

    def weights(k: int) -> np.ndarray:
        w = [draw(st.one_of(st.sampled_from(WEIGHTS), st.floats(0.01, 10.0))) for _ in range(k)]
        if sum(w) <= 0:
            w[0] = 1.0
        return np.array(w, dtype=float)

    def method_and_floor() -> tuple[int, float]:
        m = draw(st.sampled_from((0, 1)))
        if m == 0:
            return 0, NAN
        floors = (0.01, 0.1, 0.5, 1.0) + ((NAN,) if unfloored else ())
        return 1, draw(st.sampled_from(floors))

    children, ws, methods, floors = [], [], [], []
    for d in range(n_dims):
        kids = [leaf for leaf in range(n_leaves) if owner[leaf] == d]
        kids += [n_leaves + s for s in range(n_dims) if parent[s] == d]
        kids = draw(st.permutations(kids))
        children.append(np.array(kids, dtype=int))
        ws.append(weights(len(kids)))
        m, f = method_and_floor()
        methods.append(m)
        floors.append(f)
    for members in (coop, fric):
        if not members:
            continue
        children.append(np.array([n_leaves + d for d in members], dtype=int))
        ws.append(weights(len(members)))
        m, f = method_and_floor()
        methods.append(m)
        floors.append(f)
    return Tree(n_leaves, tuple(children), tuple(ws), np.array(methods, dtype=int),
                np.array(floors, dtype=float), n_dims,
                n_dims + 1 if fric else -1)


@st.composite
def leaf_specs(draw: st.DrawFn, methods: tuple[int, ...] = (0, 1, 2, 3, 4)
               ) -> tuple[int, int, float, float, float, st.SearchStrategy[float]]:
    """(transform, method, p1, p2, sign, value strategy) of one indicator."""
    transform = draw(st.sampled_from((0, 0, 1, 2)))
    method = draw(st.sampled_from(methods))
    values = {0: _grid(-50, 50), 1: _grid(1, 100).filter(lambda v: v > 0), 2: _grid(0, 100)}[
        transform]
    t = {0: lambda v: v, 1: math.log, 2: math.log1p}[transform]
    p1 = p2 = 0.0
    if method == 0:
        lo = draw(values)
        hi = lo + draw(_grid(1, 60).filter(lambda v: v > 0))
        p1, p2 = t(lo), t(hi)
    elif method == 2:
        p1 = draw(st.sampled_from((0.5, 1.0, 2.0, 3.0)))
    elif method == 3:
        p1 = t(draw(values))
        p2 = draw(_grid(1, 40).filter(lambda v: v > 0))
    sign = draw(st.sampled_from((1.0, -1.0)))
    return transform, method, p1, p2, sign, values


@st.composite
def core_cases(draw: st.DrawFn, *, max_leaves: int = 6, max_periods: int = 5,
               methods: tuple[int, ...] = (0, 1, 2, 3, 4), unfloored: bool = False,
               missing: bool = True) -> CoreCase:
    """Draw a core-level case: raw values with gaps, leaf specs and a tree.

    ``unfloored=True`` lets geometric nodes go without a floor, so a zero leaf may
    make the core raise; ``missing=False`` draws no NaN gaps.
    """
    L = draw(st.integers(1, max_leaves))
    P = draw(st.integers(1, max_periods))
    specs = [draw(leaf_specs(methods)) for _ in range(L)]
    raw = np.full((P, L), NAN)
    for i, spec in enumerate(specs):
        for p in range(P):
            if missing and draw(st.integers(0, 4)) == 0:
                continue
            raw[p, i] = draw(spec[5])
    tree = draw(trees(L, unfloored=unfloored))
    return CoreCase(raw, np.array([s[0] for s in specs], dtype=int),
                    np.array([s[1] for s in specs], dtype=int),
                    np.array([s[2] for s in specs]), np.array([s[3] for s in specs]),
                    np.array([s[4] for s in specs]), tree)


def permute_leaves(case: CoreCase, order: list[int]) -> CoreCase:
    """Store the same index's leaves in another column order (``order[new] = old``)."""
    L = case.tree.n_leaves
    new_of_old = {old: new for new, old in enumerate(order)}

    def remap(slot: int) -> int:
        return new_of_old[slot] if slot < L else slot

    t = case.tree
    tree = Tree(L, tuple(np.array([remap(int(c)) for c in kids], dtype=int)
                         for kids in t.children), t.weights, t.method, t.floor,
                t.cooperation, t.friction)
    idx = np.array(order, dtype=int)
    return CoreCase(case.raw[:, idx], case.transform[idx], case.method[idx], case.p1[idx],
                    case.p2[idx], case.sign[idx], tree)


def permute_children(tree: Tree, orders: list[list[int]]) -> Tree:
    """List each node's children (with their weights) in another order."""
    return Tree(tree.n_leaves,
                tuple(kids[np.array(o, dtype=int)] for kids, o in zip(tree.children, orders,
                                                                       strict=True)),
                tuple(w[np.array(o, dtype=int)] for w, o in zip(tree.weights, orders,
                                                                strict=True)),
                tree.method, tree.floor, tree.cooperation, tree.friction)


def scale_weights(tree: Tree, node: int, factor: float) -> Tree:
    """Multiply one node's weights by `factor`."""
    ws = list(tree.weights)
    ws[node] = ws[node] * factor
    return Tree(tree.n_leaves, tree.children, tuple(ws), tree.method, tree.floor,
                tree.cooperation, tree.friction)


# --------------------------------------------------------------------------- catalogue level


@dataclass
class CatalogueCase:
    """A whole catalogue as plain data, ready to write to a folder."""

    catalogue: dict[str, Any]
    sources: dict[str, Any]
    evidence: list[dict[str, Any]]
    docs: dict[str, str]
    tables: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        """Write indicators.toml, sources.toml, evidence.toml, the texts; return the folder."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "indicators.toml").write_text(dumps(self.catalogue), encoding="utf-8")
        (folder / "sources.toml").write_text(dumps(self.sources), encoding="utf-8")
        (folder / "evidence.toml").write_text(dumps({"evidence": self.evidence}),
                                             encoding="utf-8")
        for name, text in {**self.docs, **self.tables}.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    def copy(self) -> CatalogueCase:
        """Return a deep copy."""
        return copy.deepcopy(self)

    def all_dimensions(self) -> list[dict[str, Any]]:
        """Every dimension table, nested ones included."""
        out = []

        def walk(dims: dict[str, Any]) -> None:
            for d in dims.values():
                out.append(d)
                walk(d.get("dimensions", {}))

        walk(self.catalogue["dimensions"])
        return out

    def indicator(self, iid: str) -> tuple[dict[str, Any], str]:
        """Return an indicator's table and the side ('cooperation' or 'friction') it is on."""
        for top in self.catalogue["dimensions"].values():
            stack = [top]
            while stack:
                d = stack.pop()
                if iid in d.get("indicators", {}):
                    return d["indicators"][iid], top["polarity"]
                stack.extend(d.get("dimensions", {}).values())
        raise KeyError(iid)


SOURCES = {"s0": ("2019-03", "A"), "s1": ("2020-07", "B"), "s2": ("2022-11", "C")}


@st.composite
def catalogues(draw: st.DrawFn, *, methods: tuple[str, ...] = (
        "goalposts", "minmax", "zscore", "distance", "rank"), events: bool = True,
        geometric: bool = True, nested: bool = True) -> CatalogueCase:
    """Draw a valid catalogue with sources, one ledger and source texts.

    Every quote is a sentence of its source; cells of a ``latest`` indicator hold at
    most one record per source (the file order is the documented tie-break of records
    published on the same date, so it is kept out of the order-invariance tests).
    """
    counter = iter(range(10_000))
    records: list[dict[str, Any]] = []
    sentences: dict[str, list[str]] = {s: [] for s in SOURCES}

    def aggregation() -> dict[str, Any]:
        if geometric and draw(st.booleans()):
            return {"aggregation": "geometric", "floor": draw(st.sampled_from((0.01, 0.2)))}
        return {}

    def value_strategy(transform: str) -> st.SearchStrategy[float]:
        return {"none": _grid(-50, 50), "log": _grid(1, 100).filter(lambda v: v > 0),
                "log1p": _grid(0, 100)}[transform]

    def add_record(iid: str, year: int, body: dict[str, Any], source: str) -> None:
        rid = f"r{next(counter)}"
        quote = f"Record {rid} about {iid} in {year}."
        sentences[source].append(quote)
        records.append({"id": rid, "indicator": iid, "source": source, "quote": quote,
                        "period": str(year), **body})

    def numeric(iid: str) -> dict[str, Any]:
        transform = draw(st.sampled_from(("none", "none", "log1p", "log")))
        method = draw(st.sampled_from(methods))
        values = value_strategy(transform)
        norm: dict[str, Any] = {"method": method}
        if method == "goalposts":
            lo = draw(values)
            norm.update(min=lo, max=lo + draw(_grid(1, 60).filter(lambda v: v > 0)))
        elif method == "zscore":
            norm["clip"] = draw(st.sampled_from((1.0, 2.0, 3.0)))
        elif method == "distance":
            norm.update(reference=draw(values), scale=draw(_grid(1, 40).filter(lambda v: v > 0)))
        combine = draw(st.sampled_from(("latest", "mean", "max", "min", "sum")))
        ind = {"name": f"Indicator {iid}", "unit": "u", "transform": transform,
               "normalisation": norm, "polarity": draw(st.sampled_from(("positive",
                                                                       "negative"))),
               "weight": draw(st.sampled_from(WEIGHTS)), "combine": combine,
               "carry_forward": draw(st.integers(0, 2)), "rationale": "generated"}
        for year in YEARS:
            n = draw(st.integers(0, 2))
            srcs = draw(st.permutations(list(SOURCES)))[:n]
            fact = f"f-{iid}-{year}" if n > 1 and draw(st.booleans()) else None
            for s in srcs:
                body: dict[str, Any] = {"value": draw(values), "unit": "u",
                                        "credibility": draw(st.integers(1, 3))}
                if fact:
                    body["fact"] = fact
                add_record(iid, year, body, s)
        return ind

    def event(iid: str) -> dict[str, Any]:
        types = draw(st.sampled_from((["coop_ev"], ["fric_ev"], ["coop_ev", "fric_ev"])))
        measure = draw(st.sampled_from(("count", "severity")))
        ind: dict[str, Any] = {
            "name": f"Events {iid}", "unit": "events", "kind": "event", "event_types": types,
            "measure": measure, "polarity": draw(st.sampled_from(("positive", "negative"))),
            "weight": draw(st.sampled_from(WEIGHTS)), "rationale": "generated",
            "normalisation": draw(st.sampled_from((
                {"method": "goalposts", "min": 0, "max": 10},
                {"method": "minmax"}))),
        }
        if draw(st.booleans()):
            ind.update(observed="2018/2022", observed_reason="generated: complete")
        for year in YEARS:
            for _ in range(draw(st.integers(0, 2))):
                body: dict[str, Any] = {"event_type": draw(st.sampled_from(types))}
                if draw(st.integers(0, 3)) == 0:
                    body["severity"] = draw(_grid(0, 10))
                add_record(iid, year, body, draw(st.sampled_from(list(SOURCES))))
        return ind

    def indicators(k: int) -> dict[str, Any]:
        out = {}
        for _ in range(k):
            iid = f"i{next(counter)}"
            out[iid] = event(iid) if events and draw(st.integers(0, 3)) == 0 else numeric(iid)
        if sum(i["weight"] for i in out.values()) <= 0:
            next(iter(out.values()))["weight"] = 1.0
        return out

    def dimension(polarity: str | None, depth: int) -> dict[str, Any]:
        d: dict[str, Any] = {"name": f"Dimension {next(counter)}", "rationale": "generated",
                             "weight": draw(st.sampled_from(WEIGHTS[1:])), **aggregation()}
        if polarity:
            d["polarity"] = polarity
        d["indicators"] = indicators(draw(st.integers(1, 3)))
        if nested and depth == 0 and draw(st.integers(0, 3)) == 0:
            d["dimensions"] = {f"d{next(counter)}": dimension(None, 1)}
        return d

    dims = {}
    for _ in range(draw(st.integers(1, 2))):
        dims[f"d{next(counter)}"] = dimension("cooperation", 0)
    for _ in range(draw(st.integers(0, 2))):
        dims[f"d{next(counter)}"] = dimension("friction", 0)

    side = {"cooperation": aggregation(), "friction": aggregation()}
    catalogue = {
        "catalogue": {"id": "generated", "name": "Generated index", "sources": "sources.toml",
                      "evidence": ["evidence.toml"]},
        # data-based normalisations over a handful of generated periods: always allowed
        "index": {**side, "headline_min_coverage": draw(st.sampled_from((0.0, 0.5))),
                  "data_methods_min_distinct": 1},
        "reconciliation": {"choose": draw(st.sampled_from(("best_graded", "median", "mean")))},
        "event_types": {
            "coop_ev": {"name": "Joint exercise", "polarity": "cooperation", "severity": 7.0,
                        "reason": "generated"},
            "fric_ev": {"name": "Accusation", "polarity": "friction", "severity": 2.5,
                        "reason": "generated"},
        },
        "dimensions": dims,
    }
    sources = {"sources": {
        sid: {"file": f"{sid}.txt", "title": f"Source {sid}", "date": date,
              "reliability": grade, "reliability_reason": "generated"}
        for sid, (date, grade) in SOURCES.items()}}
    docs = {f"{sid}.txt": "Preamble.\n" + "\n".join(lines) + "\n"
            for sid, lines in sentences.items()}
    if not records:  # something must count
        first = next(iter(next(iter(dims.values()))["indicators"]))
        case_ind = next(iter(dims.values()))["indicators"][first]
        body = ({"value": 1.0, "unit": "u"} if case_ind.get("kind") != "event"
                else {"event_type": case_ind["event_types"][0]})
        add_record(first, 2020, body, "s0")
        docs["s0.txt"] += sentences["s0"][-1] + "\n"
    return CatalogueCase(catalogue, sources, records, docs)


def shuffled(case: CatalogueCase, rnd: random.Random) -> CatalogueCase:
    """Reorder every table's keys, the dimensions and the records of a catalogue."""

    def mix(d: dict[str, Any]) -> dict[str, Any]:
        keys = list(d)
        rnd.shuffle(keys)
        return {k: (mix(d[k]) if isinstance(d[k], dict) and k not in ("normalisation",)
                    else d[k]) for k in keys}

    out = case.copy()
    out.catalogue = mix(out.catalogue)
    out.sources = mix(out.sources)
    rnd.shuffle(out.evidence)
    out.evidence = [mix(r) for r in out.evidence]
    return out


@st.composite
def ledger_catalogues(draw: st.DrawFn, *, entities: bool = True) -> CatalogueCase:
    """:func:`catalogues` with a ledger that exercises triage, reconciliation and layout.

    On top of the generated catalogue: a grading threshold, records restated (the same
    value or another) by a second source of the same date, so that records nothing dates
    apart can disagree under ``latest``, records
    excluded in the ledger, graded below the threshold, for part of a year or for
    several years (some assigned to one), event reports of one fact, indicators that
    count, carry events forward, declare ``ties``, ``flow`` or ``partial``, and
    records about one of two entities.
    """
    case = draw(catalogues(geometric=False))
    cat, srcs = case.catalogue, case.sources["sources"]
    cat["grading"] = {"min_weight": draw(st.sampled_from((0.05, 0.25, 0.3)))}
    restating = {s: f"t{s[1:]}" for s in SOURCES}  # a second source of each date
    for s, t in restating.items():
        srcs[t] = {"file": f"{t}.txt", "title": f"Source {t}", "date": SOURCES[s][0],
                   "reliability": draw(st.sampled_from(("A", "B", "C", "D", "E"))),
                   "reliability_reason": "generated"}
    lines: dict[str, list[str]] = {t: [] for t in restating.values()}
    inds = {}
    for top in cat["dimensions"].values():
        stack = [top]
        while stack:
            d = stack.pop()
            inds.update(d.get("indicators", {}))
            stack.extend(d.get("dimensions", {}).values())
    # same-date records that disagree are an error under ties = "error": in a few cases
    rules = ("mean", "max", "min") + (("error",) if draw(st.integers(0, 3)) == 0 else ())
    for ind in inds.values():
        if ind.get("kind") == "event":
            ind["carry_forward"] = draw(st.integers(0, 1))
            continue
        ind["combine"] = draw(st.sampled_from(("latest", "latest", "latest", "mean", "max",
                                               "min", "sum", "count")))
        ind["ties"] = draw(st.sampled_from(rules))
        ind["flow"] = draw(st.booleans())
        ind["partial"] = draw(st.sampled_from(("exclude", "assign")))
    by_cell: dict[tuple[str, str], list[dict[str, Any]]] = {}
    names = ("AA-BB", "CC-DD") if entities and draw(st.booleans()) else ()
    restated: list[dict[str, Any]] = []
    for rec in case.evidence:
        year = int(rec["period"])
        if names:
            rec["entity"] = draw(st.sampled_from(names))
        kind = draw(st.integers(0, 11))
        if kind == 0:
            rec["exclude"] = "generated: left out"
        elif kind == 1:
            rec["credibility"] = draw(st.integers(3, 6))
        elif kind in (2, 3):  # restated, maybe otherwise, by a source of the same date
            again = {k: v for k, v in rec.items() if k != "fact" or draw(st.booleans())}
            again["id"] = f"{rec['id']}t"
            again["quote"] = f"Record {again['id']} restates {rec['indicator']}."
            again["source"] = restating[rec["source"]]
            if "value" in again:
                again["value"] = rec["value"] + draw(st.integers(0, 8)) / 8
            lines[again["source"]].append(again["quote"])
            restated.append(again)
        elif kind == 4:
            rec["period"] = draw(st.sampled_from((f"{year}-05", f"{year}-01/{year}-06",
                                                  f"{year}-02/{year}-12")))
        elif kind == 5:
            rec["period"] = f"{year}/{year + 1}"
            if draw(st.booleans()):
                rec["assign_to"] = draw(st.sampled_from((year, year + 1, year + 2)))
                rec["assign_reason"] = "generated"
        if "event_type" in rec:
            by_cell.setdefault((rec["indicator"], rec["period"]), []).append(rec)
    case.evidence.extend(restated)
    for (iid, period), recs in by_cell.items():
        if len(recs) > 1 and draw(st.booleans()):
            for rec in recs:
                rec["fact"] = f"e-{iid}-{period[:4]}"
    for t, quotes in lines.items():
        case.docs[f"{t}.txt"] = "Preamble.\n" + "".join(q + "\n" for q in quotes)
    return case

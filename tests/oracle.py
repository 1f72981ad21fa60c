"""A slow, obviously correct reference implementation of the index, used as a test oracle.

Plain Python loops over plain lists, one period and one node at a time, written from
the formulas in the docstrings of ``relindex._core`` (OECD/JRC Handbook, sections 5-6)
rather than from the vectorised code. The property tests compare the core against it
on generated inputs to 1e-12 (properscoring keeps its O(n^2) CRPS for the same reason).
The second half starts further back, from the ledger records as written (plain dicts):
triage, reconciliation of facts, combination per cell, zeros in observed spans and
carry-forward, compared with ``relindex.build_model`` in ``tests/test_oracle_records.py``.

Conventions (as documented in the core):

* NaN marks a missing value; it stays missing through transform and normalisation.
* Normalisation is per indicator over the periods; a constant column under min-max,
  z-score or rank maps to 0.5; negative polarity maps ``n`` to ``1 - n``.
* A node renormalises its children's weights over the children present in the period;
  with no present weight its score is missing; so is it under its ``min_coverage``
  or, where missing children propagate, with a child missing.
* Coverage is the share of a node's nominal weight that is present, counting a
  sub-dimension by its own coverage.
* The net index is cooperation minus friction, each side times its balance (cooperation
  alone without a friction side). Contributions start at ``+b_C C`` and ``-b_F F`` and
  are split among children by shares that sum to one (arithmetic: ``w x / S``;
  geometric: ``w ln x / ln S``; the weights themselves when ``S`` is 0, resp. 1). Node
  scores are clipped to [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NAN = float("nan")


class OracleGeometricZero(Exception):
    """A geometric node without a floor met a value <= 0 (the core raises GeometricZeroError)."""

    def __init__(self, node: int) -> None:
        self.node = node
        super().__init__(f"node {node}")


def isnan(x: float) -> bool:
    return x != x


def clip01(x: float) -> float:
    if isnan(x):
        return x
    return min(1.0, max(0.0, x))


# --------------------------------------------------------------------------- transform


def transform(x: float, code: int) -> float:
    """0 none, 1 ln x (missing unless x > 0), 2 ln(1 + x) (missing unless x > -1)."""
    if isnan(x) or code == 0:
        return x
    if code == 1:
        return math.log(x) if x > 0 else NAN
    return math.log1p(x) if x > -1 else NAN


# --------------------------------------------------------------------------- normalise


def normalise_column(col: list[float], method: int, p1: float, p2: float) -> list[float]:
    """Normalise one indicator's values over the periods (method codes as ``METHODS``)."""
    present = [v for v in col if not isnan(v)]
    out = []
    for v in col:
        if isnan(v):
            out.append(NAN)
            continue
        if method == 0:  # goalposts (low, high)
            out.append(clip01((v - p1) / (p2 - p1)))
        elif method == 1:  # min-max over the data
            lo, hi = min(present), max(present)
            out.append(0.5 if lo == hi else (v - lo) / (hi - lo))
        elif method == 2:  # z-score, clipped at +-k sd
            if min(present) == max(present):
                out.append(0.5)
                continue
            n = len(present)
            mean = 0.0
            for u in present:
                mean += u
            mean /= n
            var = 0.0
            for u in present:
                var += (u - mean) ** 2
            sd = math.sqrt(var / n)
            z = (v - mean) / sd
            out.append(clip01((z + p1) / (2 * p1)))
        elif method == 3:  # distance to a reference (reference, scale)
            out.append(clip01(1 - abs(v - p1) / p2))
        elif method == 4:  # percentile rank, ties averaged
            n = len(present)
            if n < 2:
                out.append(0.5)
                continue
            below = sum(1 for u in present if u < v)
            equal = sum(1 for u in present if u == v)
            rank0 = below + (equal - 1) / 2  # average 0-based rank of the tied run
            out.append(rank0 / (n - 1))
        else:
            raise ValueError(method)
    return out


def normalise(
    raw: list[list[float]],
    transforms: list[int],
    methods: list[int],
    p1: list[float],
    p2: list[float],
    sign: list[float],
) -> list[list[float]]:
    """Transform, normalise and orient a (periods x indicators) table of raw values."""
    n_p, n_i = len(raw), len(methods)
    out = [[NAN] * n_i for _ in range(n_p)]
    for i in range(n_i):
        col = [transform(raw[p][i], transforms[i]) for p in range(n_p)]
        norm = normalise_column(col, methods[i], p1[i], p2[i])
        for p in range(n_p):
            v = norm[p]
            out[p][i] = v if isnan(v) or sign[i] > 0 else 1.0 - v
    return out


# --------------------------------------------------------------------------- aggregate


@dataclass
class Node:
    """A node as the oracle sees it: children slots, nominal weights, method, floor."""

    children: list[int]
    weights: list[float]
    method: int  # 0 arithmetic, 1 geometric
    floor: float  # NaN: none


@dataclass
class PeriodOutcome:
    """Everything the oracle computes for one period."""

    values: list[float]  # leaves then nodes
    coverage: list[float]  # per node
    weights: list[list[float]]  # per node, renormalised over present (NaN where absent)
    contribution: list[float]  # leaves then nodes
    cooperation: float
    friction: float
    net: float


def nodes_of(tree) -> list[Node]:
    """Read a core ``Tree`` into plain oracle nodes."""
    return [
        Node([int(c) for c in tree.children[j]], [float(w) for w in tree.weights[j]],
             int(tree.method[j]), float(tree.floor[j]))
        for j in range(len(tree.children))
    ]


def evaluate_period(
    leaves: list[float],
    nodes: list[Node],
    cooperation: int,
    friction: int,
    counted: list[bool] | None = None,
    *,
    min_coverage: list[float] | None = None,
    propagate: list[bool] | None = None,
    balance: tuple[float, float] = (1.0, 1.0),
) -> PeriodOutcome:
    """Aggregate one period's normalised leaves up the tree and attribute the net index.

    A present leaf counts toward coverage unless `counted` says it does not (a carried
    value, an event estimate resting on too few sources). A node is missing when its
    coverage is under its `min_coverage` (NaN: no threshold; 1e-12 of slack for the
    rounding of a ratio of weights), or, where `propagate` is set, when any child is
    missing. A node's score is clipped to [0, 1] (a mean of values in [0, 1] can round an
    ulp outside). The net index is ``b_C C - b_F F`` with ``balance = (b_C, b_F)``.
    """
    n_leaves = len(leaves)
    values = list(leaves) + [NAN] * len(nodes)
    coverage = [NAN] * len(nodes)
    renorm: list[list[float]] = []
    shares: list[list[float]] = []
    for j, node in enumerate(nodes):
        kids = node.children
        total = sum(node.weights)
        present_weight = 0.0
        covered = 0.0
        for c, w in zip(kids, node.weights, strict=True):
            present = not isnan(values[c])
            if present:
                present_weight += w
            if c < n_leaves:
                counts = present and (counted is None or counted[c])
                covered += w if counts else 0.0
            else:
                covered += w * coverage[c - n_leaves]
        coverage[j] = covered / total if total > 0 else 0.0
        if present_weight <= 0:
            renorm.append([NAN] * len(kids))
            shares.append([NAN] * len(kids))
            continue
        wt = [w / present_weight if not isnan(values[c]) else NAN
              for c, w in zip(kids, node.weights, strict=True)]
        if node.method == 0:
            score = 0.0
            for c, w in zip(kids, wt, strict=True):
                if not isnan(w):
                    score += w * values[c]
            sh = [NAN if isnan(w) else (w * values[c] / score if score != 0 else w)
                  for c, w in zip(kids, wt, strict=True)]
        else:
            logs = []
            for c, w in zip(kids, wt, strict=True):
                if isnan(w):
                    logs.append(NAN)
                    continue
                v = values[c]
                if isnan(node.floor):
                    if v <= 0:
                        raise OracleGeometricZero(j)
                else:
                    v = max(v, node.floor)
                logs.append(math.log(v))
            log_score = 0.0
            for w, lv in zip(wt, logs, strict=True):
                if not isnan(w):
                    log_score += w * lv
            score = math.exp(log_score)
            sh = [NAN if isnan(w) else (w * lv / log_score if log_score != 0 else w)
                  for w, lv in zip(wt, logs, strict=True)]
        least = NAN if min_coverage is None else min_coverage[j]
        too_thin = not isnan(least) and coverage[j] < least - 1e-12
        gap = (propagate is not None and propagate[j]
               and any(isnan(values[c]) for c in kids))
        if too_thin or gap:  # scored, then dropped: the node is missing
            renorm.append([NAN] * len(kids))
            shares.append([NAN] * len(kids))
            continue
        values[n_leaves + j] = clip01(score)
        renorm.append(wt)
        shares.append(sh)

    coop = values[n_leaves + cooperation]
    fric = values[n_leaves + friction] if friction >= 0 else NAN
    b_c, b_f = balance
    net = b_c * coop - b_f * fric if friction >= 0 else coop

    contribution = [NAN] * len(values)
    if not isnan(net):
        contribution[n_leaves + cooperation] = b_c * coop if friction >= 0 else coop
        if friction >= 0:
            contribution[n_leaves + friction] = -b_f * fric
    for j in range(len(nodes) - 1, -1, -1):  # parents come after their children
        c_node = contribution[n_leaves + j]
        for c, s in zip(nodes[j].children, shares[j], strict=True):
            contribution[c] = c_node * s  # NaN propagates for missing children
    return PeriodOutcome(values, coverage, renorm, contribution, coop, fric, net)


def evaluate(leaves: list[list[float]], tree,
             counted: list[list[bool]] | None = None) -> list[PeriodOutcome]:
    """Evaluate every period of a (periods x leaves) table on a core ``Tree``."""
    nodes = nodes_of(tree)
    least = None if tree.min_coverage is None else [float(x) for x in tree.min_coverage]
    spread = None if tree.propagate is None else [bool(x) for x in tree.propagate]
    balance = (float(tree.balance[0]), float(tree.balance[1]))
    return [evaluate_period(list(row), nodes, tree.cooperation, tree.friction,
                            None if counted is None else list(counted[p]),
                            min_coverage=least, propagate=spread, balance=balance)
            for p, row in enumerate(leaves)]


def index(raw, transforms, methods, p1, p2, sign, tree,
          counted: list[list[bool]] | None = None) -> list[PeriodOutcome]:
    """Compute the whole index from raw leaf values: transform, normalise, aggregate."""
    rows = [[float(v) for v in row] for row in raw]
    norm = normalise(rows, [int(t) for t in transforms], [int(m) for m in methods],
                     [float(x) for x in p1], [float(x) for x in p2], [float(s) for s in sign])
    return evaluate(norm, tree, counted)


# --------------------------------------------------------------------------- combine


def combine_cell(rule: str, members: list[tuple[float, float, float]]) -> float:
    """Reduce one cell's observations ``(value, weight, order)``, in input order.

    ``latest``: the highest order wins; equal orders go to the observation given last.
    """
    if rule == "latest":
        best = members[0]
        for m in members[1:]:
            if m[2] >= best[2]:
                best = m
        return best[0]
    if rule == "mean":
        num = den = 0.0
        for v, w, _ in members:
            num += w * v
            den += w
        return num / den
    if rule == "max":
        return max(v for v, _, _ in members)
    if rule == "min":
        return min(v for v, _, _ in members)
    if rule == "sum":
        total = 0.0
        for v, _, _ in members:
            total += v
        return total
    if rule == "count":
        return float(len(members))
    raise ValueError(rule)


def combine(
    obs: list[tuple[int, int, float, float, float]], rules: list[str], n_periods: int,
    n_indicators: int,
) -> tuple[list[list[float]], list[list[int]]]:
    """Combine observations ``(period, indicator, value, weight, order)`` cell by cell.

    Returns the (periods x indicators) table of combined values (NaN where a cell has
    no observation) and of observation counts.
    """
    cells: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for p, i, v, w, o in obs:
        cells.setdefault((p, i), []).append((v, w, o))
    matrix = [[NAN] * n_indicators for _ in range(n_periods)]
    counts = [[0] * n_indicators for _ in range(n_periods)]
    for (p, i), members in cells.items():
        matrix[p][i] = combine_cell(rules[i], members)
        counts[p][i] = len(members)
    return matrix, counts


def carry_forward(col: list[float], window: int) -> tuple[list[float], list[int]]:
    """Fill one column's gaps from the latest value at most `window` periods earlier.

    Returns the filled column and, per period, the period its value comes from (-1: none).
    """
    filled, source = [], []
    last = -1
    for p, v in enumerate(col):
        if not isnan(v):
            last = p
            filled.append(v)
            source.append(p)
        elif last >= 0 and p - last <= window:
            filled.append(col[last])
            source.append(last)
        else:
            filled.append(NAN)
            source.append(-1)
    return filled, source


# --------------------------------------------------------------------------- from the ledger
#
# The records as written in the catalogue's files (plain dicts), to the model's
# (entity, period, indicator) cells: triage, reconciliation of facts, combination,
# zeros in observed spans, carry-forward. Rules as the docstrings of relindex.models
# (Indicator, Evidence, Grading, Reconciliation) state them.

RELIABILITY = {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0, "F": 0.25}
CREDIBILITY = {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25, 5: 0.0, 6: 0.25}


class OracleRefusal(Exception):
    """The ledger cannot be scored (the library raises ScoringError): the reason."""


@dataclass
class Counted:
    """A record that counts, for one year, as a value or as a lower bound."""

    rec: dict
    year: int
    role: str  # "value" or "bound"
    weight: float
    date: tuple[int, int, int]  # its source's publication date
    position: int  # place in the ledger (the tie-break of equal dates)


@dataclass
class Cells:
    """The oracle's laid-out cells, keyed by (entity, year, indicator id)."""

    periods: list[int]
    raw: dict[tuple, float]
    n_obs: dict[tuple, int]
    status: dict[tuple, str]


def parse_period(text: str) -> tuple[int, int, int, int]:
    """(start year, start month, end year, end month) of "2023", "2023-05", "A/B"."""
    parts = text.split("/")

    def one(s: str) -> tuple[int, int | None]:
        y, _, m = s.partition("-")
        return int(y), int(m) if m else None

    y1, m1 = one(parts[0])
    if len(parts) == 1:
        return y1, m1 or 1, y1, m1 or 12
    y2, m2 = one(parts[1])
    return y1, m1 or 1, y2, m2 or 12


def date_of(text: str) -> tuple[int, int, int]:
    """A source date "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a comparable (y, m, d).

    A date without a day (or a month) is taken late in its month (year): the tests draw
    no two dates that this would order differently.
    """
    parts = [int(x) for x in text.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28)


def indicators_of(dims: dict) -> dict[str, dict]:
    """Every indicator of a dimensions table (nested ones included), by id."""
    out: dict[str, dict] = {}
    for d in dims.values():
        out.update(d.get("indicators", {}))
        out.update(indicators_of(d.get("dimensions", {})))
    return out


def year_of(rec: dict, ind: dict) -> tuple[int | None, str]:
    """The year a counted record is for, and its role ('value', 'bound' or 'excluded')."""
    y1, m1, y2, m2 = parse_period(rec["period"])
    if rec.get("assign_to") is not None:
        a = rec["assign_to"]
        return (a, "value") if y1 <= a <= y2 else (None, "excluded")
    if y1 != y2:  # over several years, and not assigned
        return None, "excluded"
    if ind.get("kind") == "event" or (m1, m2) == (1, 12):
        return y1, "value"
    if ind.get("partial", "exclude") == "assign":
        return y1, "value"
    if ind.get("flow", False):
        return y1, "bound"
    return None, "excluded"


def triage(catalogue: dict, sources: dict, evidence: list[dict]) -> tuple[list[Counted], list[int]]:
    """The records that count (for which year, as what) and the scored years."""
    inds = indicators_of(catalogue["dimensions"])
    grading = catalogue.get("grading", {})
    rel = {**RELIABILITY, **grading.get("reliability", {})}
    cred = {**CREDIBILITY, **{int(k): v for k, v in grading.get("credibility", {}).items()}}
    min_w = grading.get("min_weight", 0.05)
    counted = []
    for position, rec in enumerate(evidence):
        assert not rec.get("tags"), "the oracle does not model tags"
        if rec.get("exclude") is not None:
            continue
        src = sources["sources"][rec["source"]]
        weight = rel[src["reliability"]] * cred[rec.get("credibility", 2)]
        if weight < min_w:
            continue
        year, role = year_of(rec, inds[rec["indicator"]])
        if year is None:
            continue
        counted.append(Counted(rec, year, role, weight, date_of(src["date"]), position))
    years = [c.year for c in counted if c.role == "value"]
    if not years:
        raise OracleRefusal("no evidence counts")
    return counted, list(range(min(years), max(years) + 1))


def severity(catalogue: dict, rec: dict) -> float:
    if rec.get("severity") is not None:
        return rec["severity"]
    return catalogue["event_types"][rec["event_type"]]["severity"]


def reconcile(catalogue: dict, ind: dict, values: list[Counted]) -> tuple[Counted, float]:
    """The record that stands for one fact, and the fact's value."""
    if ind.get("kind") == "event":
        # the best-graded report; among equally graded ones the median severity (ties by id)
        best = max(c.weight for c in values)
        tied = sorted((c for c in values if c.weight == best),
                      key=lambda c: (severity(catalogue, c.rec), c.rec["id"]))
        chosen = tied[(len(tied) - 1) // 2]
        v = severity(catalogue, chosen.rec) if ind.get("measure") in ("severity",
                                                                     "share") else 1.0
        return chosen, v
    vals = [c.rec["value"] for c in values]
    how = catalogue.get("reconciliation", {}).get("choose", "best_graded")
    by_grade = sorted(values, key=lambda c: (-c.weight, c.rec["id"]))
    if len(values) == 1:
        return values[0], vals[0]
    if all(abs(v - vals[0]) <= 1e-9 * abs(vals[0]) for v in vals):
        # values that agree (to the documented relative 1e-9) corroborate: the best-graded
        return by_grade[0], by_grade[0].rec["value"]
    if how == "best_graded":
        best = by_grade[0].weight
        tied = sorted((c for c in values if c.weight == best),
                      key=lambda c: (c.rec["value"], c.rec["id"]))
        chosen = tied[(len(tied) - 1) // 2]
        return chosen, chosen.rec["value"]
    if how == "median":
        ordered = sorted(values, key=lambda c: (c.rec["value"], c.rec["id"]))
        chosen = ordered[(len(ordered) - 1) // 2]
        return chosen, chosen.rec["value"]
    num = den = 0.0
    for c in values:
        num += c.weight * c.rec["value"]
        den += c.weight
    mean = num / den if den > 0 else sum(vals) / len(vals)
    return by_grade[0], mean


def latest(ind: dict, members: list[tuple[float, Counted]]) -> float:
    """``combine = "latest"``: the newest observation; same-date disagreement by ``ties``."""
    newest = max(c.date for _, c in members)
    tied = [v for v, c in members if c.date == newest]
    if len(set(tied)) > 1:
        rule = ind.get("ties", "error")
        if rule == "error":
            raise OracleRefusal("records of the same date disagree under combine = 'latest'")
        if rule == "mean":
            return sum(tied) / len(tied)
        return max(tied) if rule == "max" else min(tied)
    return tied[0]


def lay_out(catalogue: dict, sources: dict, evidence: list[dict]) -> Cells:
    """From the ledger records to raw values, observation counts and status per cell."""
    inds = indicators_of(catalogue["dimensions"])
    counted, periods = triage(catalogue, sources, evidence)

    # records stating one fact (per entity, indicator and year) count once
    groups: dict[tuple, list[Counted]] = {}
    for c in counted:
        fact = c.rec.get("fact") or ("record", c.rec["id"])
        key = (c.rec.get("entity"), c.rec["indicator"], fact, c.year)
        groups.setdefault(key, []).append(c)
    observations: dict[tuple, list[tuple[float, Counted]]] = {}
    for (entity, iid, _, year), members in groups.items():
        values = [c for c in members if c.role == "value"]
        if not values:  # lower bounds only: no value
            continue
        chosen, v = reconcile(catalogue, inds[iid], values)
        observations.setdefault((entity, year, iid), []).append((v, chosen))

    entities = list(dict.fromkeys(rec.get("entity") for rec in evidence))
    raw: dict[tuple, float] = {}
    n_obs: dict[tuple, int] = {}
    status: dict[tuple, str] = {}
    for e in entities:
        for iid, ind in inds.items():
            event = ind.get("kind") == "event"
            rule = "sum" if event else ind.get("combine", "latest")
            observed_span = None
            if event and ind.get("observed") and ind.get("measure") != "share":
                y1, _, y2, _ = parse_period(ind["observed"])
                observed_span = (y1, y2)
            col = []
            for year in periods:
                members = observations.get((e, year, iid), [])
                n_obs[(e, year, iid)] = len(members)
                if not members:
                    zero = observed_span and observed_span[0] <= year <= observed_span[1]
                    col.append(0.0 if zero else NAN)
                    status[(e, year, iid)] = "zero" if zero else "missing"
                    continue
                status[(e, year, iid)] = "observed"
                if rule == "latest":
                    col.append(latest(ind, members))
                else:
                    ordered = sorted(members, key=lambda m: m[1].position)
                    col.append(combine_cell(rule, [(v, max(c.weight, 1e-12), 0.0)
                                                   for v, c in ordered]))
            filled, source = carry_forward(col, ind.get("carry_forward", 0))
            for p, year in enumerate(periods):
                raw[(e, year, iid)] = filled[p]
                if isnan(col[p]) and source[p] >= 0:
                    status[(e, year, iid)] = "carried"
    return Cells(periods, raw, n_obs, status)

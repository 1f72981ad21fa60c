r"""The method's own audit: ``relindex check`` (OECD/JRC Handbook, step 4, and more).

Each finding has a rule, a severity (``error``, ``warning`` or ``info``), where it is
and a message; a catalogue accepts a finding with a reason under ``[[check.accept]]``.
The rules:

* ``high_correlation`` (warning): two indicators whose normalised values correlate above
  ``check.correlation_threshold`` in absolute value over the entities and periods they
  share (Pearson's :math:`r`), a possible double counting;
* ``negative_correlation`` (warning): two indicators of one dimension that move against
  each other, so the dimension averages opposites;
* ``sparse`` (info): pairs, and dimensions for Cronbach's alpha, with fewer than
  ``check.min_pairs`` complete observations: too sparse to judge;
* ``low_alpha`` (info): Cronbach's :math:`\alpha = \frac{k}{k-1}\left(1 -
  \frac{\sum_i \sigma_i^2}{\sigma_T^2}\right)` of a dimension's indicators below 0.7;
* ``goalpost_without_basis`` (error): fixed bounds with no declared basis outside the
  data; ``goalpost_from_data`` (error): bounds declared as read off the data they score;
* ``construct_on_both_sides`` (error): one construct (an indicator's ``concept``, or a
  series that feeds indicators) counted on the cooperation and the friction side;
* ``one_statistic_twice`` (warning): two counted records of different indicators with one
  ``concept``, from one source and for one period, whose values agree within
  ``reconciliation.qualifier_margin``: very probably one statistic told twice, a double count;
* ``tagged_record_counted`` (error): a record tagged as a forecast, an author's
  characterisation or a non-state action that counts as an event;
  ``possible_forecast`` (warning): an event record that counts, is not tagged, and whose
  quote reads as a prediction ("will", "is expected to", "likely");
* ``goldstein_mismatch`` (warning): an event type whose severity (or polarity) differs
  from the shipped Goldstein value of its CAMEO code, with both values;
* ``unreviewed_draft`` (info): a ledger entry from ``relindex extract --append`` that is
  not reviewed yet, and the fields it still needs;
* ``below_coverage`` (info): periods whose coverage is below the headline threshold;
* ``placeholder`` (error): a ``FILL IN`` marker left by ``relindex init`` in a file of the
  catalogue, by file, line and key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .dataset import Dataset
from .scoring import DATA_METHODS, Model, build_model
from .scoring.tree import sides

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AuditResult", "Finding", "audit"]

_FUTURE = re.compile(r"\b(will|would likely|is expected to|are expected to|likely to|"
                     r"is set to|are set to|plans? to|forecasts?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One finding of the audit."""

    rule: str
    severity: str
    where: str
    message: str
    accepted: bool = False
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"rule": self.rule, "severity": self.severity, "where": self.where,
                "message": self.message, "accepted": self.accepted, "reason": self.reason}


@dataclass(frozen=True)
class AuditResult:
    """Every finding, the correlations and Cronbach's alpha per dimension."""

    findings: tuple[Finding, ...]
    correlations: tuple[dict[str, Any], ...] = ()
    alpha: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        """True when no unaccepted error remains."""
        return not any(f.severity == "error" and not f.accepted for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the documented ``relindex check`` shape)."""
        return {"findings": [f.to_dict() for f in self.findings],
                "correlations": [dict(c) for c in self.correlations],
                "alpha": [dict(a) for a in self.alpha], "passed": self.passed}

    def to_frame(self, table: str = "findings") -> pd.DataFrame:
        """A table of the audit: ``findings``, ``correlations`` or ``alpha``.

        See `relindex.frames.audit_frame`.
        """
        from .frames import audit_frame

        return audit_frame(self, table)

    def __repr__(self) -> str:
        from ._display import audit_repr

        return audit_repr(self)


def _cronbach(x: np.ndarray) -> float:
    """Cronbach's alpha of complete rows `x` (n x k)."""
    k = x.shape[1]
    total = x.sum(axis=1).var(ddof=1)
    if total <= 0:
        return math.nan
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total)




def _as_observed(model: Model) -> NDArray[np.float64]:
    """Normalised values as the evidence gives them, shape (E, P, L).

    Correlations read what the sources say in each period: an event indicator's raw
    measure, not its smoothed estimate (estimates of neighbouring years correlate by
    construction); no carried value and no estimate without events of its own.
    """
    from .scoring.cells import CARRIED, ESTIMATED

    raw = model.raw.copy()
    if model.events is not None:
        for c in model.events.posteriors:
            raw[..., c] = model.events.observed[..., c]
    x = model.normalised(raw)
    filled = np.isin(model.status[..., :model.n_leaves], (CARRIED, ESTIMATED))
    out: NDArray[np.float64] = np.where(filled, np.nan, x)
    return out


@dataclass
class _Audit:
    """What the rules read: the model, its normalised values and what is computed once."""

    model: Model
    x: NDArray[np.float64]
    """Normalised values of every entity and period, shape (E * P, L); NaN where the value
    is carried or an event estimate without events of its own."""
    coverage: NDArray[np.float64]
    """Coverage of every node, shape (E, P, nodes)."""

    @property
    def ds(self) -> Dataset:
        """The dataset audited."""
        return self.model.dataset

    @cached_property
    def pairs(self) -> list[dict[str, Any]]:
        """Pearson's r of every pair of indicators with enough joint observations.

        Only pairs that share ``check.min_pairs`` observations are visited
        (`relindex._core.pairs.supported_pairs`), so the cost follows those pairs, not
        the square of the catalogue; their r are computed together
        (`relindex._core.pairs.pair_correlations`), with no step per pair but the row of
        the table.
        """
        from ._core.pairs import pair_correlations, supported_pairs

        present = ~np.isnan(self.x)
        cols = self.model.columns
        a, b, n = supported_pairs(present, self.ds.catalogue.check.min_pairs)
        r = pair_correlations(self.x, a, b)
        return [{"a": cols[i], "b": cols[j], "r": None if math.isnan(v) else v, "n": k}
                for i, j, k, v in zip(a.tolist(), b.tolist(), n.tolist(), r.tolist(),
                                      strict=True)]

    @cached_property
    def alpha(self) -> list[dict[str, Any]]:
        """Cronbach's alpha of each dimension of two or more indicators (None: too sparse)."""
        out = []
        for node in self.model.nodes:
            if node.dim is None or len(node.children) < 2:
                continue
            sub = self.x[:, list(node.children)]
            complete = ~np.isnan(sub).any(axis=1)
            n = int(complete.sum())
            a_val = (_cronbach(sub[complete]) if n >= self.ds.catalogue.check.min_pairs
                     else math.nan)
            out.append({"dimension": node.id, "alpha": None if math.isnan(a_val) else a_val,
                        "n": n, "k": len(node.children)})
        return out


def _high_correlation(au: _Audit) -> Iterator[Finding]:
    """Two indicators that correlate above the threshold: a possible double counting."""
    threshold = au.ds.catalogue.check.correlation_threshold
    for c in au.pairs:
        if c["r"] is not None and abs(c["r"]) > threshold:
            yield Finding("high_correlation", "warning", f"{c['a']}~{c['b']}",
                          f"{c['a']} and {c['b']} correlate at r = {c['r']:+.2f} over "
                          f"{c['n']} observations: a possible double counting")


def _negative_correlation(au: _Audit) -> Iterator[Finding]:
    """Two indicators of one dimension that move against each other."""
    dim_of = au.ds.dimension_of
    for c in au.pairs:
        if c["r"] is not None and c["r"] < 0 and dim_of(c["a"]) == dim_of(c["b"]):
            yield Finding("negative_correlation", "warning", f"{c['a']}~{c['b']}",
                          f"{c['a']} and {c['b']} of dimension {dim_of(c['a'])} move against "
                          f"each other (r = {c['r']:+.2f}, n = {c['n']})")


def _sparse(au: _Audit) -> Iterator[Finding]:
    """Pairs, and dimensions for Cronbach's alpha, too sparse to judge."""
    min_pairs = au.ds.catalogue.check.min_pairs
    L = au.model.n_leaves
    n_pairs = L * (L - 1) // 2
    sparse_pairs = n_pairs - len(au.pairs)
    if sparse_pairs:
        yield Finding("sparse", "info", "correlations",
                      f"{sparse_pairs} of {n_pairs} pairs of indicators share fewer than "
                      f"{min_pairs} observations: too sparse to judge their correlation")
    for a in au.alpha:
        if a["n"] < min_pairs:
            yield Finding("sparse", "info", a["dimension"],
                          f"dimension {a['dimension']}: {a['n']} complete observation(s) of "
                          f"its {a['k']} indicators, fewer than {min_pairs}: too sparse to "
                          "judge Cronbach's alpha")


def _low_alpha(au: _Audit) -> Iterator[Finding]:
    """A dimension whose indicators do not measure one thing (Cronbach's alpha < 0.7)."""
    for a in au.alpha:
        if a["alpha"] is not None and a["alpha"] < 0.7:
            yield Finding("low_alpha", "info", a["dimension"],
                          f"dimension {a['dimension']}: Cronbach's alpha {a['alpha']:.2f} "
                          f"(n = {a['n']}) is below 0.7; its indicators do not measure one "
                          "thing")


def _fixed_bounds(au: _Audit) -> Iterator[tuple[str, str, Any]]:
    """(indicator id, where, normalisation) of every normalisation with fixed bounds."""
    inds = au.ds.indicators
    for cid in au.model.columns[:au.model.n_leaves]:
        ind = inds[cid]
        for where, nm in (("normalisation", ind.normalisation),
                          *((f"alternatives[{n}]", a) for n, a in enumerate(ind.alternatives))):
            if nm.method not in DATA_METHODS:
                yield cid, where, nm


def _goalpost_from_data(au: _Audit) -> Iterator[Finding]:
    """Bounds declared as read off the data they score."""
    for cid, where, nm in _fixed_bounds(au):
        if nm.from_data:
            yield Finding("goalpost_from_data", "error", f"{cid}.{where}",
                          f"{cid}: the {nm.method} bounds are declared as read off the data "
                          "they score, so the level of the index has no meaning outside this "
                          "corpus")


def _goalpost_without_basis(au: _Audit) -> Iterator[Finding]:
    """Fixed bounds with no declared basis outside the data."""
    for cid, where, nm in _fixed_bounds(au):
        if not nm.from_data and not (nm.basis or "").strip():
            yield Finding("goalpost_without_basis", "error", f"{cid}.{where}",
                          f"{cid}: the {nm.method} bounds declare no basis (a published "
                          "statistic or a reference set, with its citation)")


def _construct_on_both_sides(au: _Audit) -> Iterator[Finding]:
    """One construct (a concept, or a series feeding indicators) on both sides."""
    model, inds = au.model, au.ds.indicators
    side_of: dict[str, set[str]] = {}
    for node in model.nodes:
        if node.dim is None:
            continue
        for c in node.children:
            cid = model.columns[c]
            ind = inds[cid]
            keys = [f"concept {ind.concept}"] if ind.concept else []
            if ind.derived is not None:
                keys += [f"series {s}" for s in ind.derived.of]
            for key in keys:
                side_of.setdefault(key, set()).add(f"{node.polarity}:{cid}")
    for key, members in sorted(side_of.items()):
        if {"cooperation", "friction"} <= {m.split(":", 1)[0] for m in members}:
            yield Finding("construct_on_both_sides", "error", key.split(" ", 1)[1],
                          f"{key} is counted on both sides ({', '.join(sorted(members))}): "
                          "one construct both raises cooperation and friction")


def _one_statistic_twice(au: _Audit) -> Iterator[Finding]:
    """Two indicators of one concept holding the same figure from one source and period."""
    excluded = {x.id for x in au.model.excluded}
    inds, margin = au.ds.indicators, au.ds.catalogue.reconciliation.qualifier_margin
    seen: dict[tuple[str, str, str], list[Any]] = {}
    for rec in au.ds.ledger:
        e = rec.evidence
        concept = inds[e.indicator].concept
        if concept and e.value is not None and e.id not in excluded:
            seen.setdefault((concept, e.source, e.period), []).append(e)
    for (concept, source, period), recs in sorted(seen.items()):
        for i, a in enumerate(recs):
            for b in recs[i + 1:]:
                top = max(abs(a.value), abs(b.value))
                if a.indicator != b.indicator and abs(a.value - b.value) <= margin * top:
                    yield Finding(
                        "one_statistic_twice", "warning", f"{a.id}~{b.id}",
                        f"records {a.id} ({a.indicator}, {a.value:g}) and {b.id} "
                        f"({b.indicator}, {b.value:g}) of concept {concept} come from "
                        f"{source} for {period} and agree within {margin:g}: very probably "
                        "one statistic counted twice; record it under one indicator with "
                        "one fact id, or accept the finding with the reason they differ")


def _counted_events(au: _Audit) -> Iterator[tuple[Any, Any]]:
    """(evidence, indicator) of every record that counts as an event."""
    excluded = {x.id for x in au.model.excluded}
    inds = au.ds.indicators
    for rec in au.ds.ledger:
        ind = inds[rec.evidence.indicator]
        if ind.kind == "event" and rec.evidence.id not in excluded:
            yield rec.evidence, ind


def _tagged_record_counted(au: _Audit) -> Iterator[Finding]:
    """A record tagged forecast, characterisation or non-state that counts as an event."""
    for e, ind in _counted_events(au):
        if e.tags and not ind.tags:
            yield Finding("tagged_record_counted", "error", e.id,
                          f"record {e.id} is tagged {', '.join(e.tags)} yet counts as an "
                          f"event of {e.indicator}")


def _possible_forecast(au: _Audit) -> Iterator[Finding]:
    """An untagged event record whose quote reads as a prediction."""
    for e, _ind in _counted_events(au):
        if not e.tags and _FUTURE.search(e.quote):
            yield Finding("possible_forecast", "warning", e.id,
                          f"record {e.id} counts as an event of {e.indicator} but its quote "
                          "reads as a prediction; tag it forecast or say why it reports an "
                          "event")


def _goldstein_mismatch(au: _Audit) -> Iterator[Finding]:
    """An event type whose severity or polarity differs from its CAMEO code's Goldstein value."""
    from .goldstein import severity_mismatches

    for m in severity_mismatches(au.ds.catalogue.event_types):
        yield Finding("goldstein_mismatch", "warning", f"event_types.{m.event_type}",
                      m.message)


def _unreviewed_draft(au: _Audit) -> Iterator[Finding]:
    """A ledger draft not reviewed yet, and the fields it still needs."""
    for d in au.ds.drafts:
        todo = f": fill in {', '.join(d.todo)}" if d.todo else ""
        yield Finding("unreviewed_draft", "info", d.id or f"{d.path.name}[{d.index}]",
                      f"draft {d.id or d.index} in {d.path.name} is not reviewed and does "
                      f"not count{todo}")


def _placeholder(au: _Audit) -> Iterator[Finding]:
    """Every ``FILL IN`` marker a scaffold left, by file and key."""
    from .scaffold import placeholders

    for ph in placeholders(au.ds):
        where = f"{ph.path.name}: {ph.key}" if ph.key else f"{ph.path.name}:{ph.line}"
        yield Finding("placeholder", "error", where,
                      f"line {ph.line} is still marked FILL IN: {ph.text or 'your own text'}")


def _below_coverage(au: _Audit) -> Iterator[Finding]:
    """Periods whose coverage is below the headline threshold."""
    model, tree = au.model, au.model.tree
    threshold = au.ds.catalogue.index.headline_min_coverage
    side_nodes = list(sides(tree).values())
    low = [str(year) if len(model.entities) == 1 else f"{ent} {year}"
           for ei, ent in enumerate(model.entities) for p, year in enumerate(model.periods)
           if min(float(au.coverage[ei, p, j]) for j in side_nodes) < threshold]
    if low:
        yield Finding("below_coverage", "info", "periods",
                      f"coverage below the headline threshold {threshold:g} in "
                      f"{', '.join(low)}: these periods are flagged and never the headline")


Rule = Callable[[_Audit], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    _high_correlation, _negative_correlation, _sparse, _low_alpha, _goalpost_from_data,
    _goalpost_without_basis, _construct_on_both_sides, _one_statistic_twice,
    _tagged_record_counted,
    _possible_forecast, _goldstein_mismatch, _unreviewed_draft, _placeholder, _below_coverage)
"""Every rule of the audit, one function each (the module docstring lists what they check)."""

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def audit(data: Model | Dataset | str | Path | None = None) -> AuditResult:
    """Audit a catalogue's method and data.

    Parameters
    ----------
    data : Model, Dataset, str or Path, optional
        What to audit; default the shipped catalogue.

    Returns
    -------
    AuditResult
        Findings of every rule in `RULES`, unaccepted errors first, then by severity,
        rule and place; the correlations and Cronbach's alpha they were judged on.

    Examples
    --------
    >>> from relindex.audit import audit
    >>> res = audit("tests/fixtures/mini")
    >>> {f.rule for f in res.findings} >= {"goalpost_without_basis"}
    True
    """
    from .dataset import load

    model = data if isinstance(data, Model) else build_model(
        data if isinstance(data, Dataset) else load(data))
    ev = model.evaluate()
    x = _as_observed(model)
    au = _Audit(model, x.reshape(-1, model.n_leaves), ev.coverage)
    accepted = {(a.rule, a.where): a.reason for a in model.dataset.catalogue.check.accept}
    out = []
    for rule in RULES:
        for f in rule(au):
            reason = accepted.get((f.rule, f.where))
            out.append(f if reason is None else
                       Finding(f.rule, f.severity, f.where, f.message, True, reason))
    out.sort(key=lambda f: (f.accepted, _SEVERITY_ORDER[f.severity], f.rule, f.where))
    return AuditResult(tuple(out), tuple(au.pairs), tuple(au.alpha))

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .dataset import Dataset
from .scoring import DATA_METHODS, Model, build_model

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


def _placeholder_findings(ds: Dataset) -> list[Finding]:
    """The ``placeholder`` rule: every ``FILL IN`` marker a scaffold left, by file and key."""
    from .scaffold import placeholders

    out = []
    for ph in placeholders(ds):
        where = f"{ph.path.name}: {ph.key}" if ph.key else f"{ph.path.name}:{ph.line}"
        out.append(Finding("placeholder", "error", where,
                           f"line {ph.line} is still marked FILL IN: {ph.text or 'your own text'}"))
    return out


def audit(data: Model | Dataset | str | Path | None = None) -> AuditResult:
    """Audit a catalogue's method and data.

    Parameters
    ----------
    data : Model, Dataset, str or Path, optional
        What to audit; default the shipped catalogue.

    Returns
    -------
    AuditResult

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
    ds = model.dataset
    cat = ds.catalogue
    spec = cat.check
    inds = ds.indicators
    L = model.n_leaves
    ev = model.evaluate()
    findings: list[Finding] = []

    # ------------------------------------------------------------------ correlations
    x = ev.values[..., :L].reshape(-1, L)
    dim_of = {model.columns[i]: ds.dimension_of(model.columns[i]) for i in range(L)}
    present = ~np.isnan(x)
    correlations: list[dict[str, Any]] = []
    sparse_pairs = 0
    for a in range(L):
        for b in range(a + 1, L):
            both = present[:, a] & present[:, b]
            n = int(both.sum())
            ia, ib = model.columns[a], model.columns[b]
            if n < spec.min_pairs:
                sparse_pairs += 1
                continue
            xa, xb = x[both, a], x[both, b]
            if xa.std() == 0 or xb.std() == 0:
                correlations.append({"a": ia, "b": ib, "r": None, "n": n})
                continue
            r = float(np.corrcoef(xa, xb)[0, 1])
            correlations.append({"a": ia, "b": ib, "r": r, "n": n})
            if abs(r) > spec.correlation_threshold:
                findings.append(Finding(
                    "high_correlation", "warning", f"{ia}~{ib}",
                    f"{ia} and {ib} correlate at r = {r:+.2f} over {n} observations: a "
                    "possible double counting"))
            if r < 0 and dim_of[ia] == dim_of[ib]:
                findings.append(Finding(
                    "negative_correlation", "warning", f"{ia}~{ib}",
                    f"{ia} and {ib} of dimension {dim_of[ia]} move against each other "
                    f"(r = {r:+.2f}, n = {n})"))
    n_pairs = L * (L - 1) // 2
    if sparse_pairs:
        findings.append(Finding(
            "sparse", "info", "correlations",
            f"{sparse_pairs} of {n_pairs} pairs of indicators share fewer than "
            f"{spec.min_pairs} observations: too sparse to judge their correlation"))

    # ------------------------------------------------------------------ Cronbach's alpha
    alpha: list[dict[str, Any]] = []
    for node in model.nodes:
        if node.dim is None or len(node.children) < 2:
            continue
        cols = list(node.children)
        sub = x[:, cols]
        complete = ~np.isnan(sub).any(axis=1)
        n = int(complete.sum())
        if n < spec.min_pairs:
            alpha.append({"dimension": node.id, "alpha": None, "n": n, "k": len(cols)})
            findings.append(Finding(
                "sparse", "info", node.id,
                f"dimension {node.id}: {n} complete observation(s) of its {len(cols)} "
                f"indicators, fewer than {spec.min_pairs}: too sparse to judge Cronbach's "
                "alpha"))
            continue
        a_val = _cronbach(sub[complete])
        alpha.append({"dimension": node.id, "alpha": None if math.isnan(a_val) else a_val,
                      "n": n, "k": len(cols)})
        if not math.isnan(a_val) and a_val < 0.7:
            findings.append(Finding(
                "low_alpha", "info", node.id,
                f"dimension {node.id}: Cronbach's alpha {a_val:.2f} (n = {n}) is below 0.7; "
                "its indicators do not measure one thing"))

    # ------------------------------------------------------------------ goalposts
    for i in range(L):
        cid = model.columns[i]
        ind = inds[cid]
        for where, nm in (("normalisation", ind.normalisation),
                          *((f"alternatives[{n}]", a) for n, a in enumerate(ind.alternatives))):
            if nm.method in DATA_METHODS:
                continue
            if nm.from_data:
                findings.append(Finding(
                    "goalpost_from_data", "error", f"{cid}.{where}",
                    f"{cid}: the {nm.method} bounds are declared as read off the data they "
                    "score, so the level of the index has no meaning outside this corpus"))
            elif not (nm.basis or "").strip():
                findings.append(Finding(
                    "goalpost_without_basis", "error", f"{cid}.{where}",
                    f"{cid}: the {nm.method} bounds declare no basis (a published statistic "
                    "or a reference set, with its citation)"))

    # ------------------------------------------------------------------ one construct
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
        sides = {m.split(":", 1)[0] for m in members}
        if {"cooperation", "friction"} <= sides:
            findings.append(Finding(
                "construct_on_both_sides", "error", key.split(" ", 1)[1],
                f"{key} is counted on both sides ({', '.join(sorted(members))}): one "
                "construct both raises cooperation and friction"))

    # ------------------------------------------------------------------ tagged records
    excluded = {x.id for x in model.excluded}
    for rec in ds.ledger:
        e = rec.evidence
        ind = inds[e.indicator]
        if ind.kind != "event" or e.id in excluded:
            continue
        if e.tags and not ind.tags:
            findings.append(Finding(
                "tagged_record_counted", "error", e.id,
                f"record {e.id} is tagged {', '.join(e.tags)} yet counts as an event of "
                f"{e.indicator}"))
        elif not e.tags and _FUTURE.search(e.quote):
            findings.append(Finding(
                "possible_forecast", "warning", e.id,
                f"record {e.id} counts as an event of {e.indicator} but its quote reads as "
                "a prediction; tag it forecast or say why it reports an event"))

    # ------------------------------------------------------------------ event scale
    from .goldstein import severity_mismatches

    for m in severity_mismatches(cat.event_types):
        findings.append(Finding("goldstein_mismatch", "warning", f"event_types.{m.event_type}",
                                m.message))
    for d in ds.drafts:
        todo = f": fill in {', '.join(d.todo)}" if d.todo else ""
        findings.append(Finding("unreviewed_draft", "info", d.id or f"{d.path.name}[{d.index}]",
                                f"draft {d.id or d.index} in {d.path.name} is not reviewed and "
                                f"does not count{todo}"))

    findings.extend(_placeholder_findings(ds))

    # ------------------------------------------------------------------ coverage
    threshold = cat.index.headline_min_coverage
    result_low = []
    tree = model.tree
    for ei, ent in enumerate(model.entities):
        for p, year in enumerate(model.periods):
            covs = [float(ev.coverage[ei, p, tree.cooperation])]
            if tree.friction >= 0:
                covs.append(float(ev.coverage[ei, p, tree.friction]))
            if min(covs) < threshold:
                result_low.append(str(year) if len(model.entities) == 1 else f"{ent} {year}")
    if result_low:
        findings.append(Finding(
            "below_coverage", "info", "periods",
            f"coverage below the headline threshold {threshold:g} in {', '.join(result_low)}: "
            "these periods are flagged and never the headline"))

    # ------------------------------------------------------------------ acceptances
    accepted = {(a.rule, a.where): a.reason for a in spec.accept}
    out = []
    for f in findings:
        reason = accepted.get((f.rule, f.where))
        out.append(Finding(f.rule, f.severity, f.where, f.message, reason is not None, reason)
                   if reason is not None else f)
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (f.accepted, order[f.severity], f.rule, f.where))
    return AuditResult(tuple(out), tuple(correlations), tuple(alpha))

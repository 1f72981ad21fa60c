"""Compare two weightings, or two catalogues: both indices, the difference, the rank changes.

`with_weights` returns a copy of a prepared model whose declared weights are replaced
for the dimensions and indicators named; scoring it goes through the library's core
like any other model. `compare` scores two models (two catalogues, or one catalogue
and other weights) and lines their results up per entity and period.

Examples
--------
>>> from relindex.compare import compare
>>> c = compare("tests/fixtures/mini", weights={"trade": 3})
>>> [r["period"] for r in c.to_records()]
[2021, 2022, 2023]
>>> row = c.to_records()[-1]
>>> round(row["index_b"] - row["index_a"], 12) == round(row["difference"], 12)
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .dataset import Dataset
from .errors import InputFileError, RelindexError
from .result import Result
from .scoring import Model, build_model, score
from .scoring.tree import slot_in_parent
from .weights import (
    check_group_sums,
    check_unique_ids,
    check_weights,
    read_weights,
    read_weights_file,
)

__all__ = ["COLUMNS", "Comparison", "compare", "is_weights_file", "read_weights", "weight_slots",
           "with_weights"]

#: The columns of `Comparison.to_records`, in order.
COLUMNS = ("entity", "period", "index_a", "index_b", "difference", "rank_a", "rank_b",
           "rank_change", "cooperation_a", "cooperation_b", "friction_a", "friction_b")


def weight_slots(model: Model) -> dict[str, tuple[int, int]]:
    """Where each weight lives in the model's tree, by dimension or indicator id.

    Returns
    -------
    dict of str to (int, int)
        For every dimension (at any depth) and every scored indicator, the node whose
        children it is among and its position there: ``model.tree.weights[node][pos]``.
    """
    tree, L = model.tree, model.n_leaves
    out: dict[str, tuple[int, int]] = {}
    for c in range(L):
        out[model.columns[c]] = slot_in_parent(tree, c)
    for j, node in enumerate(model.nodes):
        if node.dim is not None:
            out[node.id] = slot_in_parent(tree, L + j)
    check_unique_ids([(c, "indicator") for c in model.columns[:L]]
                     + [(n.id, "dimension") for n in model.nodes if n.dim is not None])
    return out


def _unknown_weight_id(model: Model, key: str, slots: Mapping[str, Any], *,
                      path: str | Path | None = None, where: str = "weights") -> RelindexError:
    """The error for a weight whose id is neither a dimension nor an indicator of `model`.

    `where` is the key as the user wrote it (``weights.ID`` in a file,
    ``--weight ID`` on the command line); the fix names the nearest id, if one is close.
    """
    import difflib

    close = difflib.get_close_matches(key, list(slots), n=1)
    shown = ", ".join(n.id for n in model.nodes if n.dim is not None)
    fix = (f"did you mean {close[0]}? " if close else "") + (
        f"use a dimension id ({shown}) or an indicator id")
    return RelindexError("is not a dimension or indicator of the catalogue", path=path,
                         key=where, value=key, fix=fix)


def with_weights(model: Model | Dataset | str | Path | None,
                 weights: Mapping[str, float], *, path: str | Path | None = None) -> Model:
    """Return a copy of the model with other declared weights.

    Parameters
    ----------
    model : Model, Dataset, str, Path or None
        A prepared model, a loaded dataset or a catalogue path (default: the shipped
        catalogue).
    weights : mapping of str to float
        New (unnormalised) weights by dimension id (at any depth: the weight among its
        sibling dimensions) or indicator id (the weight inside its dimension). Ids not
        named keep their declared weight; each node still renormalises its children's
        weights over those present in a period.
    path : str or Path, optional
        The file the weights come from, named in errors.

    Returns
    -------
    Model
        A new model; the one passed in is not modified. ``relindex.score`` of it scores
        the catalogue under these weights through the core.

    Raises
    ------
    RelindexError
        For an id that is neither a dimension nor an indicator of the catalogue, or a
        weight that is not a finite number >= 0.
    """
    model = _model(model)
    slots = weight_slots(model)
    weights = check_weights(weights, path=path)
    new = [np.array(w, dtype=float) for w in model.tree.weights]
    changed = []
    done = dict(model.reweighted)
    touched: set[int] = set()
    for key, wf in weights.items():
        if key not in slots:
            raise _unknown_weight_id(model, key, slots, path=path, where=f"weights.{key}")
        j, pos = slots[key]
        if new[j][pos] != wf:
            _refuse_only_child(model, key, j, path)
            changed.append(f"{key} = {wf:g} (declared {new[j][pos]:g})")
            done[key] = wf
        new[j][pos] = wf
        touched.add(j)
    names = _child_names(model)
    check_group_sums({model.nodes[j].id: list(zip(names[j], new[j].tolist(), strict=True))
                      for j in sorted(touched)}, path=path)
    tree = dataclasses.replace(model.tree, weights=tuple(new))
    nodes = [dataclasses.replace(n, weights=[float(x) for x in new[j]])
             for j, n in enumerate(model.nodes)]
    notes = [n for n in model.notes if not n.startswith("weights of ")]
    if changed:
        notes.append("weights changed from the catalogue's: " + ", ".join(changed))
    return dataclasses.replace(model, tree=tree, nodes=nodes, notes=notes, reweighted=done)


def _refuse_only_child(model: Model, key: str, j: int, path: str | Path | None) -> None:
    """Refuse a weight that cannot change anything: its node has no sibling to share with."""
    kids = model.tree.children[j]
    if len(kids) > 1:
        return
    node = model.nodes[j]
    side = node.dim is None and model.kind != "composite"
    what = f"the {node.id} side" if side else f"{node.id}"
    fix = (f"weight {node.id} among its siblings instead" if not side else
           "weight the dimensions of the other side, or add a dimension to this one")
    raise RelindexError(
        f"cannot change the index: {key} is the only child of {what}, and a weight is a "
        "share among siblings (renormalised to 1)", path=path, key=f"weights.{key}",
        fix=fix)


def _child_names(model: Model) -> list[list[str]]:
    """The ids of each node's children, in the order of ``model.tree.weights``."""
    L = model.n_leaves
    return [[model.columns[c] if c < L else model.nodes[c - L].id for c in map(int, kids)]
            for kids in model.tree.children]


def is_weights_file(path: str | Path) -> bool:
    """Whether a path is a weights file (a TOML file with ``[weights]`` and no dimensions).

    A ``.toml`` path that the bounded reader refuses (a FIFO, a device, too large,
    not TOML) is taken as a catalogue, whose loader says why it cannot be read.
    """
    p = Path(path)
    if p.is_dir() or p.suffix.lower() != ".toml":
        return False
    try:
        data = read_weights_file(p)
    except InputFileError:
        return False
    return "weights" in data and "dimensions" not in data


@dataclass(frozen=True)
class Comparison:
    """Two results lined up per entity and period.

    ``rows`` hold, per entity and period present in either result, the columns of
    `COLUMNS`: both indices (``index_a``, ``index_b``), ``difference`` (b - a), the
    ranks under each and ``rank_change`` (``rank_b - rank_a``: negative moves up),
    and both sides. With several entities, ranks are across entities within a
    period (as ``PeriodResult.rank``); with one, across the periods of the entity.
    ``None`` marks a missing value.
    """

    a: Result
    b: Result
    label_a: str
    label_b: str
    rows: tuple[dict[str, Any], ...]

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (columns `COLUMNS`)."""
        return [dict(r) for r in self.rows]

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (``pip install 'relindex[pandas]'``)."""
        from .errors import require_pandas

        pd = require_pandas("Comparison.to_frame")
        frame = pd.DataFrame(self.to_records(), columns=list(COLUMNS))
        for c in ("rank_a", "rank_b", "rank_change"):
            frame[c] = frame[c].astype("Int64")
        return frame

    def __repr__(self) -> str:
        from ._display import comparison_repr

        return comparison_repr(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: both labels, digests, and the rows."""
        return {"a": {"label": self.label_a, "catalogue": self.a.catalogue,
                      "digest": self.a.digest},
                "b": {"label": self.label_b, "catalogue": self.b.catalogue,
                      "digest": self.b.digest},
                "rows": self.to_records()}


def _model(data: Model | Dataset | str | Path | None) -> Model:
    if isinstance(data, Model):
        return data
    if isinstance(data, Result):
        raise TypeError("compare needs catalogues or models, not a Result: pass the "
                        "catalogue path or relindex.build_model(dataset)")
    from .dataset import load

    return build_model(data if isinstance(data, Dataset) else load(data))


def _ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranks, 1 = highest; ties share; None for missing."""
    ok = sorted(v for v in values if v is not None)
    out: list[int | None] = []
    for v in values:
        out.append(None if v is None else 1 + sum(1 for x in ok if x > v))
    return out


def _lookup(result: Result) -> dict[tuple[str, int], dict[str, Any]]:
    recs = result.to_records()
    many = len(result.entities) > 1
    if not many:
        for r, rank in zip(recs, _ranks([r["index"] for r in recs]), strict=True):
            r["rank"] = rank
    return {(r["entity"], r["period"]): r for r in recs}


def compare(a: Model | Dataset | str | Path | None,
            b: Model | Dataset | str | Path | None = None, *,
            weights: Mapping[str, float] | str | Path | None = None,
            label_a: str | None = None, label_b: str | None = None) -> Comparison:
    """Score two catalogues (or one under other weights) and line the results up.

    Parameters
    ----------
    a : Model, Dataset, str, Path or None
        The first catalogue (default: the shipped one).
    b : Model, Dataset, str, Path or None, optional
        The second catalogue; default `a` itself (with `weights`). A path to a weights
        file (see `read_weights`) means `a` under those weights.
    weights : mapping or path, optional
        Weights applied to `b` (see `with_weights`), or a weights file.
    label_a, label_b : str, optional
        Names of the two sides in text output (default: the catalogue ids, or
        "declared weights" and "other weights").

    Returns
    -------
    Comparison

    Raises
    ------
    RelindexError
        When the two results share no entity, or on bad weights.
    """
    model_a = _model(a)
    wfile: str | Path | None = None
    if isinstance(b, str | Path) and is_weights_file(b):
        wfile, b = b, None
    if isinstance(weights, str | Path):
        wfile, weights = weights, None
    model_b = model_a if b is None else _model(b)
    chosen: dict[str, float] = {}
    if wfile is not None:
        chosen.update(read_weights(wfile))
    if weights:
        chosen.update(weights)
    if chosen:
        model_b = with_weights(model_b, chosen, path=wfile)
    ra, rb = score(model_a), score(model_b)
    shared = [e for e in ra.entities if e in rb.entities]
    if not shared and not (len(ra.entities) == len(rb.entities) == 1):
        raise RelindexError("share no entity", key="catalogues",
                            value=[list(ra.entities)[:6], list(rb.entities)[:6]],
                            fix="compare catalogues of the same entities")
    la, lb = _lookup(ra), _lookup(rb)
    if len(ra.entities) == len(rb.entities) == 1 and ra.entities != rb.entities:
        lb = {(ra.entities[0], k[1]): v for k, v in lb.items()}
    entities = list(ra.entities) + [e for e in rb.entities if e not in ra.entities]
    periods = sorted(set(ra.years) | set(rb.years))
    rows = []
    for e in entities:
        for y in periods:
            x, z = la.get((e, y)), lb.get((e, y))
            if x is None and z is None:
                continue
            ia = None if x is None else x["index"]
            ib = None if z is None else z["index"]
            rka = None if x is None else x["rank"]
            rkb = None if z is None else z["rank"]
            rows.append({
                "entity": e, "period": y, "index_a": ia, "index_b": ib,
                "difference": None if ia is None or ib is None else ib - ia,
                "rank_a": rka, "rank_b": rkb,
                "rank_change": None if rka is None or rkb is None else rkb - rka,
                "cooperation_a": None if x is None else x.get("cooperation"),
                "cooperation_b": None if z is None else z.get("cooperation"),
                "friction_a": None if x is None else x.get("friction"),
                "friction_b": None if z is None else z.get("friction"),
            })
    same = model_b.dataset is model_a.dataset
    return Comparison(
        ra, rb,
        label_a or ("declared weights" if same else ra.catalogue),
        label_b or ((Path(wfile).name if wfile is not None else "other weights") if same
                    else rb.catalogue),
        tuple(rows))

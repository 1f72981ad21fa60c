"""One weight rule for the catalogue, weights files, ``--weight`` and the API.

Weights come from the catalogue, a weights file, the command line (``--weight
ID=W``) or the API (``compare(weights=...)``), and obey one rule. A weight is a
finite number >= 0 (not a boolean, not text); among the children of one node (a
sibling group) the weights add up to more than 0; dimension and indicator ids
share one namespace, so an id names one weight only.

Examples
--------
>>> check_weight(2, key="trade")
2.0
>>> parse_weight_option("trade=0.5")
('trade', 0.5)
>>> try:
...     check_group_sums({"cooperation": [("trade", 0.0), ("visits", 0.0)]})
... except RelindexError as e:
...     print(e.rule)
add up to zero: trade = 0, visits = 0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import InputFileError, RelindexError

__all__ = [
    "WEIGHTS_MAX_BYTES",
    "check_group_sums",
    "check_unique_ids",
    "check_weight",
    "check_weights",
    "parse_weight_option",
    "read_weights",
    "read_weights_file",
]

#: Largest weights file read (1 MB).
WEIGHTS_MAX_BYTES = 1_000_000


def check_weight(value: Any, *, key: str, path: str | Path | None = None) -> float:
    """A weight as a float, refusing anything but a finite number >= 0.

    Raises
    ------
    RelindexError
        For a boolean, text, None, NaN, an infinity or a negative number.
    """
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok:
        try:
            import numpy as np

            ok = isinstance(value, np.integer | np.floating)
        except ImportError:  # pragma: no cover - numpy is a dependency
            ok = False
    wf = float(value) if ok else math.nan
    if not (math.isfinite(wf) and wf >= 0):
        raise RelindexError("must be a finite number >= 0", path=path, key=key, value=value,
                            fix="give a non-negative weight")
    return wf


def check_weights(weights: Mapping[str, Any], *, where: str = "weights",
                  path: str | Path | None = None) -> dict[str, float]:
    """Check every weight of a mapping of id to weight; ids must be non-empty text.

    Raises
    ------
    RelindexError
        For a mapping of another shape, an empty or non-text id, or a weight that
        `check_weight` refuses.
    """
    if not isinstance(weights, Mapping):
        raise RelindexError("must be a mapping of dimension or indicator id to weight",
                            path=path, key=where, value=type(weights).__name__,
                            fix="pass e.g. {'trade': 2}")
    out: dict[str, float] = {}
    for k, v in weights.items():
        if not isinstance(k, str) or not k.strip():
            raise RelindexError("must be a dimension or indicator id", path=path, key=where,
                                value=k, fix="name each weight by its id")
        out[k] = check_weight(v, key=f"{where}.{k}", path=path)
    return out


def parse_weight_option(item: str) -> tuple[str, float]:
    """``"ID=W"`` (the ``--weight`` option) as ``(id, weight)``, under the weight rule."""
    key, sep, value = item.partition("=")
    try:
        w: Any = float(value)
    except ValueError:
        w = value
    if not sep or not key.strip():
        raise RelindexError("must be ID=W with a finite weight >= 0", key="--weight",
                            value=item, fix="pass e.g. --weight trade_volume=2")
    return key.strip(), check_weight(w, key=f"--weight {key.strip()}")


def check_group_sums(groups: Mapping[str, Sequence[tuple[str, float]]], *,
                     path: str | Path | None = None) -> None:
    """Refuse a sibling group whose weights add up to zero.

    Parameters
    ----------
    groups : mapping of str to sequence of (str, float)
        For each parent (a dimension, a side), its children's ids and weights.
    """
    for parent, kids in groups.items():
        if kids and not sum(w for _, w in kids) > 0:
            shown = ", ".join(f"{k} = {w:g}" for k, w in kids[:8])
            more = ", ..." if len(kids) > 8 else ""
            raise RelindexError(f"add up to zero: {shown}{more}", path=path,
                                key=f"weights of {parent}",
                                fix="give at least one of them a weight > 0")


def check_unique_ids(ids: Iterable[tuple[str, str]], *, path: str | Path | None = None
                     ) -> None:
    """Refuse an id used twice across dimensions and indicators (one namespace).

    Parameters
    ----------
    ids : iterable of (str, str)
        ``(id, what)`` pairs, e.g. ``("trade", "dimension")``.
    """
    seen: dict[str, str] = {}
    for ident, what in ids:
        if ident in seen:
            raise RelindexError(f"names both {_a(seen[ident])} and {_a(what)}", path=path,
                                key="id", value=ident,
                                fix="give every dimension and indicator its own id (a "
                                "weight names one of them)")
        seen[ident] = what


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


#: The top-level keys a weights file may have.
_FILE_KEYS = ("name", "weights")


def _check_top_keys(data: Mapping[str, Any], path: Path) -> None:
    """Refuse a top-level key a weights file does not have (a typo would be ignored)."""
    import difflib

    for key in data:
        if key in _FILE_KEYS:
            continue
        close = difflib.get_close_matches(key, _FILE_KEYS, n=1)
        what = f"rename it to {close[0]!r}" if close else "correct its spelling"
        raise InputFileError(
            "is not a key of a weights file, which has an optional name and a [weights] table",
            path=path, key=key, value=data[key],
            fix=f"{what} or remove it; ids to weight go under [weights]")
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise InputFileError("must be text (a label for comparisons)", path=path, key="name",
                             value=name, fix='write e.g. name = "trade counts double"')


def read_weights_file(path: str | Path) -> dict[str, Any]:
    """The parsed TOML of a weights file, through the bounded reader.

    Raises
    ------
    InputFileError
        When it is missing, not a regular file, over `WEIGHTS_MAX_BYTES`, not UTF-8,
        not TOML, or nested too deeply.
    """
    from .files import read_toml

    return read_toml(Path(path), max_bytes=WEIGHTS_MAX_BYTES, what="weights file")


def read_weights(path: str | Path) -> dict[str, float]:
    """Read a weights file: a TOML ``[weights]`` table of id = weight.

    Parameters
    ----------
    path : str or Path
        A TOML file such as::

            name = "trade counts double"      # optional, a label for comparisons
            [weights]
            trade_volume = 2
            friction_events = 0.5

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputFileError
        When the file cannot be read or is not TOML.
    RelindexError
        When it has a top-level key other than ``name`` and ``weights`` (a typo would
        otherwise be ignored), no ``[weights]`` table, or a weight that is not a finite
        number >= 0.
    """
    p = Path(path)
    data = read_weights_file(p)
    _check_top_keys(data, p)
    table = data.get("weights")
    if not isinstance(table, dict) or not table:
        raise InputFileError("must hold a [weights] table of dimension or indicator ids",
                             path=p, key="weights",
                             fix="write e.g. [weights] then trade_volume = 2")
    return check_weights(table, path=p)

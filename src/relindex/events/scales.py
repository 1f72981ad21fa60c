"""Event scales: what an event code means for cooperation and friction.

Each scale turns an event code into a *quad class* (1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict) and a *score* on a
-10..+10 cooperation-conflict scale.

* ``"goldstein"``: CAMEO codes scored with GDELT's CAMEO → Goldstein (1992) table
  (``data/CAMEO.goldsteinscale.tsv``); the quad class comes from the root code
  (Schrodt 2012: roots 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4).
* ``"plover"``: PLOVER categories and modes scored with the PLOVER manual's table
  (``data/PLOVER_scores.csv``). CAMEO codes are first translated with the
  ``CAMEO2PLOVER-2021`` crosswalk; a mode without its own score takes its
  category's base score. A category's quad class is that of the CAMEO roots the
  crosswalk maps to it.
* ``"column"``: the score the file itself carries (GDELT ``GoldsteinScale``, ICEWS
  ``Intensity``), with the quad class from the code as for ``"goldstein"``.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .._package_data import package_text
from ..goldstein import goldstein_table

__all__ = ["SCALES", "Scale", "cameo_quad", "get_scale"]

#: Names of the scales, for validation and the CLI.
SCALES = ("goldstein", "plover", "column")

_CITATIONS = {
    "goldstein": "Goldstein (1992), JCR 36(2), via The GDELT Project's CAMEO.goldsteinscale.txt; "
    "quad classes after Schrodt, CAMEO codebook v1.1b3 (2012)",
    "plover": "PLOVER manual draft 0.8 (openeventdata/PLOVER @ 5e0c24fb), table of scores and "
    "CAMEO2PLOVER-2021 crosswalk; ACCUSE base score read as -3",
    "column": "the score column of the input file; quad classes after Schrodt, CAMEO codebook "
    "v1.1b3 (2012)",
}

_CAMEO_CODE = re.compile(r"[0-9]{2,4}")


def cameo_quad(code: str) -> int | None:
    """The CAMEO quad class (1-4) of a code, from its two-digit root; None if not a code.

    Examples
    --------
    >>> cameo_quad("042"), cameo_quad("0874"), cameo_quad("190"), cameo_quad("42")
    (1, 2, 4, None)
    """
    if not _CAMEO_CODE.fullmatch(code):
        return None
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


@dataclass(frozen=True)
class Scale:
    """A scale: for each code it knows, the quad class and the score.

    Attributes
    ----------
    name : str
        ``"goldstein"``, ``"plover"`` or ``"column"``.
    entries : mapping of str to (int, float or None)
        Code → (quad class 1-4, score); the score is None under ``"column"``. Read-only:
        `get_scale` hands the same scale to every caller.
    citation : str
        The tables the scale rests on.
    """

    name: str
    entries: Mapping[str, tuple[int, float | None]]
    citation: str

    def lookup(self, code: str) -> tuple[int, float | None] | None:
        """Quad class and score of a code (CAMEO code, or ``CATEGORY`` / ``CATEGORY|mode``)."""
        hit = self.entries.get(code)
        if hit is None and "|" in code:
            hit = self.entries.get(code.split("|", 1)[0])
        return hit


def _data(name: str) -> str:
    return package_text(name)


@functools.cache
def _plover_scores() -> dict[str, float]:
    out: dict[str, float] = {}
    for row in csv.DictReader(_data("PLOVER_scores.csv").splitlines()):
        key = row["category"] if not row["mode"] else f"{row['category']}|{row['mode']}"
        out[key] = float(row["score"])
    return out


@functools.cache
def _crosswalk() -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER category, mode) from CAMEO2PLOVER-2021.txt."""
    out: dict[str, tuple[str, str]] = {}
    for raw in _data("CAMEO2PLOVER-2021.txt").splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = (s.strip() for s in line.split(":", 1))
        parts = [p.strip() for p in rest.split(",")]
        if not _CAMEO_CODE.fullmatch(code) or not parts[0]:
            continue
        out.setdefault(code, (parts[0], parts[1] if len(parts) > 1 else ""))
    return out


@functools.cache
def _plover_quads() -> dict[str, int]:
    """Each PLOVER category's quad class: that of the CAMEO roots mapped to it."""
    quads: dict[str, set[int]] = {}
    for code, (category, _) in _crosswalk().items():
        q = cameo_quad(code)
        if q is not None:
            quads.setdefault(category, set()).add(q)
    # a category whose codes straddle classes takes the most conflictual (none do in 2021)
    return {c: max(q) for c, q in quads.items()}


@functools.cache
def get_scale(name: str) -> Scale:
    """The scale called `name` (one of `SCALES`).

    Examples
    --------
    >>> get_scale("goldstein").lookup("062")
    (2, 7.4)
    >>> get_scale("plover").lookup("062"), get_scale("plover").lookup("COOPERATE")
    ((2, 9.5), (2, 9.5))
    """
    entries: dict[str, tuple[int, float | None]] = {}
    if name in ("goldstein", "column"):
        for code, g in goldstein_table().items():
            q = cameo_quad(code)
            if q is not None:
                entries[code] = (q, g if name == "goldstein" else None)
    elif name == "plover":
        scores = _plover_scores()
        quads = _plover_quads()
        for key, s in scores.items():
            category = key.split("|", 1)[0]
            if category in quads:
                entries[key] = (quads[category], s)
        for code, (category, mode) in _crosswalk().items():
            hit = entries.get(f"{category}|{mode}") or entries.get(category)
            if hit is not None:
                entries[code] = hit
    else:
        raise ValueError(f"unknown scale {name!r}")
    return Scale(name, MappingProxyType(entries), _CITATIONS[name])

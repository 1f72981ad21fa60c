"""The Goldstein (1992) scale of CAMEO event codes, and checks of declared severities.

The table is the GDELT ``CAMEO.goldsteinscale.txt`` shipped as
``relindex/data/CAMEO.goldsteinscale.tsv``: a CAMEO code (a string, leading
zeros kept) to a value from -10 (most conflictual) to +10 (most cooperative).
A catalogue's event type declares ``severity`` as the absolute Goldstein value
of its ``cameo`` code; `severity_mismatches` names each type whose declared
severity or polarity disagrees with the table, with both values.

References
----------
Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data.
Journal of Conflict Resolution, 36(2), 369-385.

Examples
--------
>>> goldstein_table()["062"]
7.4
>>> drill = {"cameo": "062", "severity": 5.0, "polarity": "cooperation"}
>>> [(m.severity, m.goldstein) for m in severity_mismatches({"drill": drill})]
[(5.0, 7.4)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ._package_data import package_text

__all__ = ["SeverityMismatch", "goldstein_table", "severity_mismatches"]


@lru_cache(maxsize=1)
def goldstein_table() -> Mapping[str, float]:
    """The shipped CAMEO code to Goldstein value table (read once, read-only).

    Returns
    -------
    mapping of str to float
        A read-only view (`types.MappingProxyType`): the table is shared by every
        caller in the process, so it cannot be changed by one of them.

    Examples
    --------
    >>> goldstein_table()["062"] = 0.0
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    """
    raw = package_text("CAMEO.goldsteinscale.tsv")
    table: dict[str, float] = {}
    for line in raw.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 2 and parts[0].strip():
            table[parts[0].strip()] = float(parts[1])
    return MappingProxyType(table)


@dataclass(frozen=True, slots=True)
class SeverityMismatch:
    """An event type whose declared severity or polarity disagrees with the Goldstein table.

    Parameters
    ----------
    event_type : str
        The event type's id.
    cameo : str
        Its CAMEO code.
    severity : float or None
        The declared severity.
    goldstein : float or None
        The table's value for the code; None when the code is not in it.
    message : str
        One line naming both values.
    """

    event_type: str
    cameo: str
    severity: float | None
    goldstein: float | None
    message: str


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)


def severity_mismatches(event_types: Mapping[str, Any], *, tolerance: float = 0.05
                        ) -> list[SeverityMismatch]:
    """Event types whose severity or polarity contradicts the Goldstein value of their code.

    Parameters
    ----------
    event_types : mapping
        Event type id to its table (a dict) or model (attributes ``cameo``,
        ``severity``, ``polarity``), as in a catalogue's ``[event_types]``.
    tolerance : float, default 0.05
        Largest accepted difference between the severity and the absolute
        Goldstein value.

    Returns
    -------
    list of SeverityMismatch
        In the order of `event_types`: an unknown code, a severity that
        differs from ``abs(goldstein)``, or a polarity against the sign
        (cooperation with a negative value, friction with a positive one).
        Types without a ``cameo`` are not checked.
    """
    table = goldstein_table()
    out: list[SeverityMismatch] = []
    for type_id, et in event_types.items():
        cameo = _get(et, "cameo")
        if cameo is None:
            continue
        severity = _get(et, "severity")
        sev = float(severity) if isinstance(severity, int | float) else None
        g = table.get(str(cameo))
        label = f"event type {type_id!r}"
        if g is None:
            out.append(SeverityMismatch(type_id, str(cameo), sev, None,
                                        f"{label}: CAMEO code {cameo} is not in the Goldstein "
                                        "table"))
            continue
        if sev is not None and not (math.isfinite(sev) and abs(abs(g) - sev) <= tolerance):
            out.append(SeverityMismatch(
                type_id, str(cameo), sev, g,
                f"{label}: severity {sev} differs from the Goldstein value of CAMEO {cameo} "
                f"({g:+.1f}, severity {abs(g):.1f})"))
        polarity = _get(et, "polarity")
        if (polarity == "cooperation" and g < 0) or (polarity == "friction" and g > 0):
            out.append(SeverityMismatch(
                type_id, str(cameo), sev, g,
                f"{label}: polarity {polarity} contradicts the sign of the Goldstein value of "
                f"CAMEO {cameo} ({g:+.1f})"))
    return out

"""The shipped country list (actors that are states) and the PLOVER category of a CAMEO code.

``relindex/data/countries.csv`` has one row per state: its ISO 3166-1 alpha-2
code, its short name and, ``;``-separated, its other names, demonyms and
capital (a capital stands for its government, as "Beijing" or "New Delhi"
do in news prose). Where it comes from is in ``relindex/data/SOURCES.md``.

Examples
--------
>>> dict(country_actors())["KH"][:3]
('Cambodia', 'Cambodian', 'Cambodians')
>>> plover_category("062"), plover_category("1125"), plover_category(None)
('COOPERATE', 'ACCUSE', None)
"""

from __future__ import annotations

import csv
from functools import cache

from .._package_data import package_text

__all__ = ["country_actors", "plover_category"]


@cache
def country_actors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every state of the shipped list: ``(code, (name, *aliases))``, in file order.

    Returns
    -------
    tuple of (str, tuple of str)
        Read once; a tuple, so no caller can change it.
    """
    raw = package_text("countries.csv")
    rows = csv.DictReader(raw.splitlines())
    return tuple(
        (row["code"], (row["name"], *(a for a in row["aliases"].split(";") if a)))
        for row in rows)


def plover_category(cameo: str | None) -> str | None:
    """The PLOVER category of a CAMEO code, from the CAMEO2PLOVER-2021 crosswalk.

    A code the crosswalk lacks takes its parent's category (``"0621"`` as
    ``"062"``); None for None or a code with no category.

    Parameters
    ----------
    cameo : str or None
        A CAMEO event code (``"062"``).

    Returns
    -------
    str or None
    """
    if cameo is None:
        return None
    from ..events.scales import _crosswalk

    table = _crosswalk()
    for k in range(len(cameo), 1, -1):
        hit = table.get(cameo[:k])
        if hit is not None:
            return hit[0]
    return None

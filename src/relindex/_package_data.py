"""The data files shipped inside the package (``relindex/data``), read in one place."""

from __future__ import annotations


def package_text(name: str) -> str:
    """The text of a data file shipped with relindex.

    Parameters
    ----------
    name : str
        The file's name in ``relindex/data`` (``"countries.csv"``).

    Returns
    -------
    str
        Its contents, decoded as UTF-8.

    Examples
    --------
    >>> package_text("countries.csv").splitlines()[0].startswith("code,")
    True
    """
    from importlib import resources  # only when a data file is read: not at start-up

    return (resources.files("relindex") / "data" / name).read_text(encoding="utf-8")

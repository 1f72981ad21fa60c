"""Periods as written in the evidence: a year, a month, or a range of months or years."""

import re

from ._base import (
    _Model,
)

_MONTHS = r"(0[1-9]|1[0-2])"
_PERIOD_RE = re.compile(
    rf"^(?P<y1>[0-9]{{4}})(-(?P<m1>{_MONTHS}))?(/(?P<y2>[0-9]{{4}})(-(?P<m2>{_MONTHS}))?)?$",
    re.ASCII,
)


class Period(_Model):
    """A time span: a whole year, a month, or a range of months or years.

    Written in TOML as a string: ``"2023"`` (the year), ``"2024-05"`` (a month),
    ``"2023-01/2023-11"`` (January to November 2023), ``"2014/2019"`` (a range of
    years).
    """

    start_year: int
    """First year of the span."""
    start_month: int
    """First month (1-12) of the span."""
    end_year: int
    """Last year of the span."""
    end_month: int
    """Last month (1-12) of the span."""
    text: str
    """The period as written."""

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Parse ``"2023"``, ``"2024-05"``, ``"2023-01/2023-11"`` or ``"2014/2019"``.

        Raises
        ------
        ValueError
            If the text is not one of these forms, or the span ends before it starts.
        """
        m = _PERIOD_RE.fullmatch(text)
        if not m:
            raise ValueError(
                "must be a period such as '2023', '2024-05', '2023-01/2023-11' or '2014/2019'"
            )
        y1 = int(m["y1"])
        m1 = int(m["m1"]) if m["m1"] else 1
        if m["y2"]:
            y2 = int(m["y2"])
            m2 = int(m["m2"]) if m["m2"] else 12
        else:
            y2 = y1
            m2 = int(m["m1"]) if m["m1"] else 12
        if (y2, m2) < (y1, m1):
            raise ValueError("the period ends before it starts")
        # every field is of its type by construction: no validation (and no schema) needed
        return cls.model_construct(start_year=y1, start_month=m1, end_year=y2, end_month=m2,
                                   text=text)

    @property
    def is_full_year(self) -> bool:
        """True when the span is exactly one calendar year."""
        return (
            self.start_year == self.end_year and self.start_month == 1 and self.end_month == 12
        )

    @property
    def within_one_year(self) -> bool:
        """True when the span lies inside one calendar year."""
        return self.start_year == self.end_year

    def __str__(self) -> str:
        return self.text

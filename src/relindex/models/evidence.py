"""Sources and the evidence ledger: ``sources.toml``, ``evidence.toml``, omissions."""

import datetime
import math
import re
from functools import cached_property
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    Field,
    field_validator,
    model_validator,
)

from ._base import (
    Id,
    Label,
    Reason,
    _Model,
    _plain_text,
    problem,
    refuse,
)
from .period import Period


class Source(_Model):
    """A source document and its grading."""

    file: str = Field(min_length=1)
    """Path of the text file, relative to the sources file's folder."""
    title: Label
    """Title as the text shows it (or a description when it shows none)."""
    publisher: Annotated[str, AfterValidator(_plain_text)] = ""
    """Publisher, where the text shows it."""
    url: str = ""
    """Address where the text was published (for an excerpt: the page it is taken from)."""
    kind: str = ""
    """news article, analysis, government assessment, ..."""
    date: str
    """Publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    date_inferred: bool = False
    """True when the date is inferred from the text rather than printed in it."""
    date_reason: str = ""
    """What the date (or its inference) rests on."""
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    """NATO/Admiralty source reliability."""
    reliability_reason: Reason
    """One line on why that grade."""
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """Optional checksum of the file's bytes; verified when present."""
    notes: str = ""
    """Anything a reader should know (repeated passages, corrections)."""

    @field_validator("date")
    @classmethod
    def _date(cls, v: str) -> str:
        if not re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?", v):
            raise ValueError("must be a date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'")
        if len(v) == 10:
            try:
                datetime.date(int(v[:4]), int(v[5:7]), int(v[8:]))
            except ValueError:
                raise ValueError(f"must be a day of the calendar ({v[5:7]}/{v[:4]} has no "
                                 f"day {int(v[8:])})") from None
        return v


class SourcesFile(_Model):
    """The whole of ``sources.toml``."""

    sources: dict[Id, Source]
    """Sources, keyed by id."""


Qualifier = Literal[
    "exact", "about", "over", "more than", "nearly", "almost", "up to", "under", "at least"
]


class Evidence(_Model):
    """One observation taken from a source: a number or an event, with its quote."""

    id: Id
    """Unique id of the record."""
    indicator: Id
    """The indicator or series it measures."""
    source: Id
    """The source document it comes from."""
    quote: str = Field(min_length=1, max_length=5000)
    """Verbatim quote from the source that states the value or event."""
    period: str
    """What the value refers to: ``"2023"``, ``"2024-05"``, ``"2023-01/2023-11"``."""
    period_inferred: bool = False
    """True when the period is inferred rather than stated in the quote."""
    period_reason: str = ""
    """What the period (or its inference) rests on."""
    assign_to: int | None = None
    """For a figure over a range that is not one year: the year it is assigned to."""
    assign_reason: str = ""
    """Why it is assigned to that year."""
    value: float | None = None
    """The number stated (numeric indicators)."""
    value_inferred: bool = False
    """True when the value is inferred from the quote's words rather than stated as a number
    in it."""
    value_reason: str = ""
    """What the value is inferred from."""
    unit: str | None = None
    """Its unit; must equal the indicator's unit."""
    qualifier: Qualifier = "exact"
    """How the source qualifies the number (``over 218``: ``over``)."""
    event_type: Id | None = None
    """The event type (event indicators)."""
    severity: float | None = Field(default=None, ge=0, le=10)
    """Overrides the event type's severity for this event."""
    actors: tuple[str, ...] = ()
    """The actors involved (ISO codes)."""
    entity: Id | None = None
    """The entity (dyad or country) the record is about; may be left out when the
    catalogue has one entity."""
    credibility: int = Field(default=2, ge=1, le=6)
    """Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."""
    credibility_reason: str = ""
    """Why that credibility."""
    fact: Id | None = None
    """Records sharing a fact id state the same fact: they count once, reconciled."""
    exclude: str | None = None
    """A reason to keep the record in the ledger without counting it."""
    tags: tuple[Literal["forecast", "characterisation", "non_state"], ...] = ()
    """What kind of statement the record is, where it is not a report of a state's action:
    ``forecast`` (a prediction), ``characterisation`` (an author's reading), ``non_state``
    (an action of citizens, firms or media)."""
    note: str = ""
    """Anything else a reader should know."""

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        Period.parse(v)
        return v

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _value_inferred(self) -> Self:
        if not self.value_inferred:
            return self
        problems = []
        if not self.value_reason.strip():
            problems.append(problem(
                ("value_reason",), "must say what the value is inferred from, as value_inferred "
                "is true", "give value_reason (the words of the quote the value rests on), or "
                "remove value_inferred if the quote states the number"))
        if self.value is None:
            problems.append(problem(
                ("value",), "is missing, and value_inferred is true", "give the value inferred "
                "(with its unit), or remove value_inferred"))
        refuse("Evidence", problems)
        return self

    @model_validator(mode="after")
    def _kind(self) -> Self:
        if self.value is None and self.event_type is None:
            raise ValueError("a record needs a 'value' (with 'unit') or an 'event_type'")
        if self.value is not None and self.unit is None:
            raise ValueError("a value needs its 'unit'")
        return self

    @cached_property
    def parsed_period(self) -> Period:
        """The period as a `Period` (parsed on first use, then kept)."""
        return Period.parse(self.period)


class Omission(_Model):
    """A sentence with a number or an event that is deliberately not evidence."""

    source: Id
    """The source document."""
    quote: str = Field(min_length=1, max_length=5000)
    """The sentence (or the part of it) left out, verbatim."""
    reason: Reason
    """Why it is left out (not about the relationship, a restatement of record X, ...)."""


class OmissionsFile(_Model):
    """The whole of an omissions file (``omissions.toml``)."""

    description: str = ""
    """What the file is for."""
    omit: tuple[Omission, ...] = ()
    """The omitted sentences."""


class EvidenceFile(_Model):
    """The whole of an ``evidence.toml`` ledger."""

    evidence: tuple[Evidence, ...] = ()
    """The records."""

"""Which column of an event file holds what: GDELT, ICEWS, relindex's own names, or declared.

A *mapping* names, for each role relindex needs, the column that carries it: by
header name, or by 0-based position for a file without a header. Three layouts are
known by their column names and recognised from the header; GDELT's daily export,
which has no header, is recognised by its field count. Any other layout is declared
in a small TOML file:

```toml
# mapping.toml: a PLOVER-coded file with its own column names
date = "story_date"
source = "actor_country"
target = "recipient_country"
event_type = "plover_type"
mode = "plover_mode"
weight = "n_sources"        # optional: mention-weighted sums
delimiter = ","
header = true
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputFileError

__all__ = [
    "GDELT",
    "GDELT_COLUMNS",
    "GDELT_EXPORT",
    "ICEWS",
    "PRESETS",
    "RELINDEX",
    "ColumnMapping",
    "load_mapping",
]

#: GDELT event export columns 0-34, shared by the 1.0 daily files (58 fields) and the
#: 2.0 15-minute files (61 fields). GDELT 1.0 Data Format Codebook v1.03 and GDELT 2.0
#: Event Codebook (data.gdeltproject.org/documentation/), checked against
#: jdrumgoole/gdelttools ``gdelt_field_file.ff``. GDELT 2.0 calls column 1 "Day".
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code",
    "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code",
    "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
)
#: Field counts of GDELT's headerless exports: 1.0 daily (57 before April 2013, 58 after)
#: and 2.0 (61).
GDELT_FIELD_COUNTS = (57, 58, 61)

Column = str | int


class ColumnMapping(BaseModel):
    """Where each role lives in an event file (column names, or 0-based positions).

    A file needs a date, a source and a target actor, and something that says what
    happened: a CAMEO ``code``, a PLOVER ``event_type`` (with an optional ``mode``),
    or a ``quad`` class with a ``score``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    date: Column
    """Event date: ``YYYYMMDD``, ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    source: Column
    """Source actor (who acts): a country code such as ``CHN``."""
    target: Column
    """Target actor (who is acted upon)."""
    code: Column | None = None
    """CAMEO event code, read as text so that leading zeros stay (``042``)."""
    event_type: Column | None = None
    """PLOVER event category (``COOPERATE``, ``ACCUSE``, ...)."""
    mode: Column | None = None
    """PLOVER mode (``visit``, ``allege``, ...); optional."""
    quad: Column | None = None
    """Quad class 1-4; when absent it is derived from the code."""
    score: Column | None = None
    """The file's own cooperation-conflict score (used with ``scale = "column"``)."""
    weight: Column | None = None
    """Non-negative integer weight of each event (mentions, sources, articles)."""
    code_width: int | None = Field(default=None, ge=2, le=4)
    """Width of the event codes when a Parquet file stores them as integers (leading
    zeros lost): ``3`` restores ``10`` to ``010``. Only where every code has this width
    (GDELT's ``EventBaseCode``: 3; ``EventRootCode``: 2); integer codes are refused
    otherwise."""
    delimiter: Literal[",", "\t", ";", "|"] = ","
    """Field separator."""
    header: bool = True
    """Whether the first line holds column names."""
    quoting: bool = True
    """Whether fields may be quoted with double quotes (GDELT's exports are not)."""
    name: str = Field(default="declared", min_length=1)
    """A label for the layout, shown in reports."""

    @model_validator(mode="after")
    def _roles(self) -> ColumnMapping:
        if self.code is None and self.event_type is None and self.quad is None:
            raise ValueError("a mapping needs 'code' (CAMEO), 'event_type' (PLOVER) or 'quad'")
        if self.mode is not None and self.event_type is None:
            raise ValueError("'mode' needs 'event_type'")
        refs = [c for c in self.columns().values()]
        if any(isinstance(c, int) for c in refs) and self.header:
            raise ValueError("columns given by position need 'header = false'")
        if any(isinstance(c, int) and c < 0 for c in refs):
            raise ValueError("column positions are 0-based and must be >= 0")
        return self

    def columns(self) -> dict[str, Column]:
        """The roles that are mapped, role → column."""
        roles = ("date", "source", "target", "code", "event_type", "mode", "quad", "score",
                 "weight")
        return {r: getattr(self, r) for r in roles if getattr(self, r) is not None}

    def with_weight(self, weight: Column | None) -> ColumnMapping:
        """A copy with `weight` as the weight column (a GDELT name becomes its position)."""
        if weight is None:
            return self
        if isinstance(weight, str) and not self.header and weight in GDELT_COLUMNS:
            weight = GDELT_COLUMNS.index(weight)
        return self.model_copy(update={"weight": weight})


#: GDELT event files with their header (as exported from BigQuery or with
#: ``CSV.header.dailyupdates.txt`` prepended).
GDELT = ColumnMapping(
    name="gdelt", date="SQLDATE", source="Actor1CountryCode", target="Actor2CountryCode",
    code="EventCode", quad="QuadClass", score="GoldsteinScale", delimiter="\t",
    quoting=False)
#: GDELT's daily export as published: tab-separated, no header.
GDELT_EXPORT = ColumnMapping(
    name="gdelt-export", header=False, delimiter="\t", quoting=False,
    date=GDELT_COLUMNS.index("SQLDATE"), source=GDELT_COLUMNS.index("Actor1CountryCode"),
    target=GDELT_COLUMNS.index("Actor2CountryCode"), code=GDELT_COLUMNS.index("EventCode"),
    quad=GDELT_COLUMNS.index("QuadClass"), score=GDELT_COLUMNS.index("GoldsteinScale"))
#: ICEWS coded event files (Harvard Dataverse doi:10.7910/DVN/28075).
ICEWS = ColumnMapping(
    name="icews", date="Event Date", source="Source Country", target="Target Country",
    code="CAMEO Code", score="Intensity", delimiter="\t")
#: relindex's own plain names.
RELINDEX = ColumnMapping(
    name="relindex", date="date", source="source", target="target", code="code")
#: Layouts recognised from a header, tried in this order.
PRESETS = (GDELT, ICEWS, RELINDEX)
#: GDELT columns recognised under a header besides the required ones (GDELT 2.0 says "Day").
GDELT_ALIASES = {"Day": "SQLDATE"}


#: Largest mapping file read (100 kB).
MAPPING_MAX_BYTES = 100_000


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read and validate a mapping file (TOML), through the bounded reader.

    Raises
    ------
    InputFileError
        When the file is missing, not a regular file, over `MAPPING_MAX_BYTES`, not
        TOML, or breaks a rule of `ColumnMapping`
        (the message names the key and the fix).
    """
    from ..files import read_toml

    p = Path(path)
    data = read_toml(p, max_bytes=MAPPING_MAX_BYTES, what="mapping file")
    try:
        return ColumnMapping.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(x) for x in err["loc"]) or None
        fix = ("remove it; known keys: " + ", ".join(ColumnMapping.model_fields)
               if err["type"] == "extra_forbidden" else
               "see the mapping keys in docs/events.md")
        raise InputFileError(err["msg"].removeprefix("Value error, "), path=p, key=key,
                             fix=fix) from None

"""Coded event data (GDELT, ICEWS, PLOVER/POLECAT, any declared layout) as dyad-period measures.

Read event files in chunks, score each event on the Goldstein or PLOVER scale with its
CAMEO quad class, and sum per dyad and period within bounded memory, on one machine or a
Dask cluster, to the same exact table::

    from relindex import events

    table = events.aggregate(["20230101.export.CSV"], period="month")
    table["friction_events"], table.malformed
    events.write_table(table, "events.csv")   # a relindex data table, one entity per dyad

See ``docs/events.md`` for the formulas, the tables and their citations.
"""

from __future__ import annotations

from .aggregate import aggregate, aggregate_arrays
from .errors import EventDataError
from .mapping import ColumnMapping, load_mapping
from .scales import SCALES
from .table import COLUMNS, MEASURES, WEIGHTED_COLUMNS, EventTable, write_table

__all__ = [
    "COLUMNS",
    "MEASURES",
    "SCALES",
    "WEIGHTED_COLUMNS",
    "ColumnMapping",
    "EventDataError",
    "EventTable",
    "aggregate",
    "aggregate_arrays",
    "load_mapping",
    "write_table",
]

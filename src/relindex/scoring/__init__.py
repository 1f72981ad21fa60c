"""Score a dataset: from evidence records to the index and its breakdown.

The public layer between the loaded `relindex.dataset.Dataset` and the
numerical core, as a package of named steps run in this order by `build_model`:

1. `relindex.scoring.tree` lays the catalogue's dimensions out as the index tree;
2. `relindex.scoring.triage` decides, record by record, what counts (with the
   reason for whatever does not) and which years are scored;
3. `relindex.scoring.reconcile` merges the records that state the same fact;
4. `relindex.scoring.observations` turns the plain rows of data tables into
   observations, column by column;
5. `relindex.scoring.cells` combines observations into arrays of shape
   ``(entities, periods, columns)``, with ties, conflicts, event shares, zeros
   and carry-forward;
6. `relindex.scoring.derive` computes derived indicators.

The steps read a `relindex.scoring.context.Context` (only the parts of the
dataset they use) and hand each other frozen, typed results. `score` runs the
core on the model once for every entity and period, and wraps the outcome in a
`relindex.result.Result` (`relindex.scoring.results`).
"""

from __future__ import annotations

from .cells import STATUS
from .model import DATA_METHODS, Model, build_model, normalisation_params
from .results import FLAGS, score
from .triage import YEAR_BOUNDS

__all__ = ["DATA_METHODS", "FLAGS", "STATUS", "YEAR_BOUNDS", "Model", "build_model",
           "normalisation_params", "score"]

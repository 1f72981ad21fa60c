"""Exceptions raised by relindex.

Every error that relindex raises on bad input is a subclass of
`RelindexError`. Each carries the file, the key path inside it and the
offending value as attributes, and its message ends with how to fix it, so that
the command line can print the message alone, without a traceback.

Examples
--------
>>> from relindex.errors import CatalogueError
>>> err = CatalogueError(
...     "must be a finite number >= 0",
...     path="indicators.toml",
...     key="dimensions.trade.weight",
...     value=-1.0,
...     fix="set a non-negative weight",
... )
>>> print(err)
... # doctest: +NORMALIZE_WHITESPACE
indicators.toml: dimensions.trade.weight must be a finite number >= 0. Got -1.0.
Fix: set a non-negative weight.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "CatalogueError",
    "EvidenceError",
    "InputFileError",
    "LimitExceededError",
    "MissingExtraError",
    "PathOutsideError",
    "QuoteNotFoundError",
    "RelindexError",
    "RelindexWarning",
    "ScoringError",
    "UnknownIdError",
]

_UNSET: Any = object()


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


class RelindexError(ValueError):
    """Base class of every error relindex raises on bad input.

    Parameters
    ----------
    rule : str
        What must hold, phrased to follow the key ("must be a finite number").
    path : str or Path, optional
        The file the problem is in.
    key : str, optional
        The dotted key path inside the file (``dimensions.trade.weight``).
    value : object, optional
        The offending value, shown with ``repr``.
    fix : str, optional
        How to fix it.

    Attributes
    ----------
    path, key, value, fix, rule
        As passed in, for code that wants to react to the error.
    """

    def __init__(
        self,
        rule: str,
        *,
        path: str | Path | None = None,
        key: str | None = None,
        value: Any = _UNSET,
        fix: str | None = None,
    ) -> None:
        self.rule = rule
        self.path = str(path) if path is not None else None
        self.key = key
        self.value = None if value is _UNSET else value
        self.has_value = value is not _UNSET
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        subject = f"{self.key} " if self.key else ""
        text = f"{where}{subject}{self.rule.rstrip('.')}."
        if self.has_value:
            text += f" Got {_short(self.value)}."
        if self.fix:
            text += f" Fix: {self.fix.rstrip('.')}."
        return text


class InputFileError(RelindexError):
    """A file is missing, unreadable, too large, not UTF-8 or not valid TOML/CSV."""


class UnknownIdError(RelindexError, KeyError):
    """An id (dimension, source, entity) that the catalogue or result does not have.

    Also a `KeyError`, for code that looked ids up as keys before.
    """

    __str__ = BaseException.__str__


class CatalogueError(RelindexError):
    """The indicator catalogue (``indicators.toml``) breaks a rule."""


class EvidenceError(RelindexError):
    """An evidence record, a source's metadata or a data table breaks a rule."""


class QuoteNotFoundError(EvidenceError):
    """An evidence record's quote does not occur in its source document.

    Attributes
    ----------
    evidence_id : str
        The id of the evidence record.
    quote : str
        The quote that was looked for.
    source_file : str
        The source document it was looked for in.
    """

    def __init__(
        self, evidence_id: str, quote: str, source_file: str, *, path: str | Path | None = None
    ) -> None:
        self.evidence_id = evidence_id
        self.quote = quote
        self.source_file = source_file
        super().__init__(
            f"quote not found in source file {source_file}",
            path=path,
            key=f"evidence[{evidence_id}].quote",
            value=quote,
            fix="copy the sentence verbatim from the source (whitespace, quote marks and dashes "
            "may differ), or point 'source' at the document that contains it",
        )


class PathOutsideError(RelindexError):
    """A path inside a catalogue leads outside the catalogue's own folder."""


class ScoringError(RelindexError):
    """The index cannot be computed as declared (e.g. a zero under a geometric mean)."""


class LimitExceededError(RelindexError):
    """An input or a requested computation exceeds a declared resource limit."""


class MissingExtraError(RelindexError):
    """An optional dependency is needed but not installed."""


def require_pandas(what: str) -> Any:
    """Import pandas for `what` (e.g. ``Result.to_frame``), or say which extra installs it.

    Raises
    ------
    MissingExtraError
        When pandas is not installed.
    """
    try:
        import pandas
    except ImportError:
        raise MissingExtraError("needs pandas, which is not installed", key=what,
                                fix="pip install 'relindex[pandas]'") from None
    return pandas


class RelindexWarning(UserWarning):
    """A degenerate but computable case (e.g. a constant indicator under min-max)."""


def _warn(message: str) -> None:
    """Issue a `RelindexWarning` reported at the first caller outside relindex.

    The depth at which the library warns differs between the public verbs that
    reach it (``score``, ``reweight``, ``analyse``, ...), so a fixed ``stacklevel``
    would point into the library for some of them; the frames of relindex's own
    modules are skipped instead, and the warning names the user's line.
    """
    import os
    import sys
    import warnings

    package = str(Path(__file__).resolve().parent) + os.sep
    frame = sys._getframe(1)
    level = 2  # 1 is this function's own call of warnings.warn
    while frame is not None and os.path.realpath(frame.f_code.co_filename).startswith(package):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, RelindexWarning, stacklevel=level)

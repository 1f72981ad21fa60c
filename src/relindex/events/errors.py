"""The error raised on a malformed event row under ``strict=True``."""

from __future__ import annotations

from ..errors import InputFileError

__all__ = ["EventDataError"]


class EventDataError(InputFileError):
    """An event row is malformed (unknown code, bad date, missing actor, bad number).

    Raised under ``strict=True``; otherwise such rows are counted by reason in
    `EventTable.malformed`. ``path`` is the file and ``key`` the line
    (``"line 17"``); ``reason`` is the malformed-row reason.
    """

    def __init__(self, reason: str, *, path: str, line: int, column: str, value: str) -> None:
        self.reason = reason
        self.line = line
        super().__init__(
            f"column {column!r} is malformed ({reason.replace('_', ' ')})",
            path=path, key=f"line {line}", value=value,
            fix="correct or remove the row, or run without --strict to count such rows "
            "by reason",
        )

"""Small helpers shared by the tests."""

from pathlib import Path


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur) by `new` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

"""Small helpers shared by the tests."""

import subprocess
from pathlib import Path
from typing import Any


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur) by `new` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cli(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``relindex ARGS`` in process; the exit status and the captured stdout and stderr.

    Returns the shape of ``subprocess.run`` (``returncode``, ``stdout``, ``stderr``) so a
    test reads the same either way; `cli_process` runs the real console script.
    """
    import contextlib
    import io
    import os

    from relindex.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse: usage errors (2) and --help (0)
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["relindex", *args], code, out.getvalue(),
                                       err.getvalue())


def cli_process(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m relindex ARGS`` as a real process (for the few smoke tests)."""
    import os
    import sys

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "relindex", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def only(cands: list[Any], kind: str) -> list[Any]:
    """The extraction candidates of one kind."""
    return [c for c in cands if c.kind == kind]


def one(text: str, kind: str) -> Any:
    """The one candidate of `kind` that `relindex.extract.extract` finds in `text`."""
    from relindex.extract import extract

    found = only(extract(text), kind)
    assert len(found) == 1, [c.quote for c in found]
    return found[0]

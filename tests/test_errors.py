"""Every user error is one line on stderr and exit status 2; a bug stays a traceback.

The console script is run in a subprocess on inputs that used to escape as Python
exceptions: an absurd ``--max-bytes``, ``plot --out`` naming a folder or a path under a
file, and a ``sensitivity`` sample count that cannot fit in memory. In the library,
``relindex.sensitivity.analyse`` lets a ``ValueError`` from its own code through as itself
(exit 1 with a traceback on the command line), not as a user error.
"""

from __future__ import annotations

import os
import subprocess
import tracemalloc
from pathlib import Path

import pytest

import relindex
from _util import cli
from relindex.errors import LimitExceededError, RelindexError
from relindex.files import read_bytes

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args)


def one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Assert exit 2 and a single 'relindex: error:' line naming the fragments."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if not ln.startswith("relindex: note:")]
    assert len(lines) == 1 and lines[0].startswith("relindex: error: "), proc.stderr
    for frag in fragments:
        assert frag in lines[0], (frag, lines[0])
    return lines[0]


def test_a_max_bytes_beyond_any_file_is_no_overflow() -> None:
    """--max-bytes 10**20 reads the catalogue (no OverflowError)."""
    proc = run("score", "-c", str(MINI), "--max-bytes", "100000000000000000000")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_huge_byte_limit_allocates_only_what_the_file_holds(tmp_path: Path) -> None:
    """Reading a small file under a limit of 10**12 bytes allocates about the file's size."""
    f = tmp_path / "small.txt"
    f.write_bytes(b"x" * 1000)
    tracemalloc.start()
    try:
        assert read_bytes(f, max_bytes=10**12) == b"x" * 1000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000, peak


def test_a_file_read_into_given_memory_is_checked_as_read_bytes_checks(tmp_path: Path) -> None:
    """`read_into` returns the bytes `read_bytes` returns, as a view, and refuses the same."""
    from relindex.files import read_into

    f = tmp_path / "table.csv"
    f.write_bytes(b"a,b\n1,2\n" * 1000)
    allocated: list[int] = []

    def allocate(n: int) -> bytearray:
        allocated.append(n)
        return bytearray(n)

    got = read_into(f, allocate, max_bytes=10**12)
    assert isinstance(got, memoryview) and got == read_bytes(f) and allocated == [8001]
    (tmp_path / "empty.csv").write_bytes(b"")
    assert read_into(tmp_path / "empty.csv", allocate) == b""
    for path, limit in ((f, 100), (tmp_path / "missing.csv", 10**6), (tmp_path, 10**6)):
        with pytest.raises(RelindexError) as want:
            read_bytes(path, max_bytes=limit, what="CSV table")
        with pytest.raises(RelindexError) as info:
            read_into(path, allocate, max_bytes=limit, what="CSV table")
        assert type(info.value) is type(want.value) and str(info.value) == str(want.value)


@pytest.fixture
def plot_ok() -> None:
    pytest.importorskip("matplotlib")


def test_plot_out_naming_a_folder_is_one_line(plot_ok: None, tmp_path: Path) -> None:
    """A folder as plot --out is a one-line error naming the folder."""
    (tmp_path / "here.svg").mkdir()
    one_line_error(run("plot", "-c", str(MINI), "--out", str(tmp_path / "here.svg")),
                   "here.svg", "folder")


def test_plot_out_under_a_file_is_one_line(plot_ok: None, tmp_path: Path) -> None:
    """A path under a file as plot --out (<file>/x.svg) is a one-line error naming the path."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    one_line_error(run("plot", "-c", str(MINI), "--out", str(tmp_path / "file" / "x.svg")),
                   "x.svg", "cannot be written")


def test_sensitivity_samples_beyond_memory_is_one_line() -> None:
    """A sample count whose arrays cannot fit in memory is refused before anything is drawn."""
    n = str(2**40)
    one_line_error(run("sensitivity", "-c", str(MINI), "--samples", n, "--max-samples", n),
                   "samples", "memory")


def test_analyse_refuses_samples_beyond_memory_without_allocating() -> None:
    """analyse() raises LimitExceededError for 2**40 samples with a small peak allocation."""
    from relindex.sensitivity import analyse

    model = relindex.build_model(relindex.load(MINI))
    tracemalloc.start()
    try:
        with pytest.raises(LimitExceededError):
            analyse(model, samples=2**40, max_samples=2**40, seed=1, n_resamples=0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, peak


def test_a_value_error_from_relindex_itself_is_not_a_user_error(monkeypatch) -> None:
    """A ValueError raised inside the run (a bug) reaches the caller as itself."""
    import relindex.sensitivity as sens

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug in relindex")

    monkeypatch.setattr("relindex._core.sobol.sobol_indices", broken)
    with pytest.raises(ValueError, match="a bug in relindex") as info:
        sens.analyse(MINI, samples=8, seed=1, n_resamples=0)
    assert not isinstance(info.value, RelindexError)

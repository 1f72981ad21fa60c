"""Outputs that never clobber what they point to, and a CLI that never leaks a traceback.

A write goes to a regular file or a new path; a directory, device, FIFO, symlink or a
path under a file is refused before any lock or temporary file is made. Temporaries
are removed on SIGTERM and when a later write finds them stale. A closed or full
standard output is exit 2 with one line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relindex._output import atomic_write, check_output, stale_temporary_files
from relindex.cli import main
from relindex.errors import InputFileError

EVENTS = "date,source,target,code\n20230105,CHN,RUS,010\n20230301,RUS,CHN,112\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    p = tmp_path / "ev.csv"
    p.write_text(EVENTS)
    return p


def test_symlinked_output_is_refused_and_kept(tmp_path: Path, events_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """--out to a symlink is refused: the link and its target are untouched."""
    target = tmp_path / "real.csv"
    target.write_text("keep")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert main(["events", str(events_file), "--out", str(link)]) == 2
    err = capsys.readouterr().err
    assert "symlink" in err and err.count("\n") == 1
    assert link.is_symlink() and target.read_text() == "keep"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["dir", "fifo", "under_file", "device"])
def test_non_regular_outputs_are_refused_before_anything_is_made(
        tmp_path: Path, events_file: Path, kind: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A folder, FIFO, device or path under a file: exit 2, no lock, no temporary."""
    if kind == "dir":
        out = tmp_path / "d"
        out.mkdir()
    elif kind == "fifo":
        out = tmp_path / "f"
        os.mkfifo(out)
    elif kind == "under_file":
        out = events_file / "x.csv"
    else:
        out = Path("/dev/null")
    before = _leftovers(tmp_path)
    assert main(["events", str(events_file), "--out", str(out)]) == 2
    assert main(["events", str(events_file), "--table", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("relindex: error:")
    assert _leftovers(tmp_path) == before
    assert not Path("/dev/.null.lock").exists()
    if kind == "device":
        assert Path("/dev/null").is_char_device()


def test_check_output_accepts_new_and_regular_files(tmp_path: Path) -> None:
    """A new path (in a folder still to be made) and a regular file pass the check."""
    assert check_output(tmp_path / "new" / "deeper" / "x.csv") == tmp_path / "new" / \
        "deeper" / "x.csv"
    (tmp_path / "r.csv").write_text("old")
    atomic_write(tmp_path / "r.csv", "new")
    assert (tmp_path / "r.csv").read_text() == "new"


def test_stale_temporaries_are_removed_live_ones_kept(tmp_path: Path) -> None:
    """A temporary of a dead process is removed by the next write; a live one stays."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".out.csv.{dead}.abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    live = tmp_path / f".out.csv.{os.getppid()}.def456.tmp"
    live.write_bytes(b"y")
    assert stale_temporary_files(tmp_path / "out.csv") == [stale]
    atomic_write(tmp_path / "out.csv", "data")
    assert not stale.exists() and live.exists()


def test_sigterm_during_a_write_leaves_no_temporary(tmp_path: Path) -> None:
    """SIGTERM while the data is written: the old file stays, no temporary is left."""
    target = tmp_path / "out.csv"
    target.write_text("old")
    code = textwrap.dedent(f"""
        import os, sys, time
        from relindex._output import atomic_write
        real = os.fsync
        def slow(fd):
            print("writing", flush=True)
            time.sleep(30)
        os.fsync = slow
        atomic_write({str(target)!r}, "new" * 1000)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          env=env) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert proc.returncode != 0
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.update(kw.pop("env", {}))  # type: ignore[arg-type]
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "relindex", *args], stderr=subprocess.PIPE,
                          text=True, env=env, timeout=120, **kw)  # type: ignore[call-overload]


def test_closed_stdout_is_exit_2(events_file: Path) -> None:
    """With stdout closed, a command says so and exits 2 (was exit 0, nothing written)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    p = subprocess.run(f'"{sys.executable}" -m relindex events "{events_file}" >&-',
                       shell=True, capture_output=False, stderr=subprocess.PIPE, text=True,
                       env=env, timeout=120)
    assert p.returncode == 2
    assert "standard output is closed" in p.stderr and p.stderr.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_full_stdout_is_exit_2_one_line(events_file: Path, fmt: str) -> None:
    """ENOSPC on stdout: exit 2, one line on stderr, no traceback."""
    with open("/dev/full", "w") as full:
        p = _run(["events", str(events_file), "-f", fmt], stdout=full)
    assert p.returncode == 2
    assert "No space left" in p.stderr and "Traceback" not in p.stderr
    assert p.stderr.count("\n") == 1


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_any_output_encoding_is_survived(events_file: Path, encoding: str) -> None:
    """PYTHONIOENCODING=ascii or latin-1: exit 0 and escaped text, never a traceback."""
    p = _run(["score"], env={"PYTHONIOENCODING": encoding})
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr


def test_outside_world_errors_are_one_line_and_bugs_stay_tracebacks(
        monkeypatch: pytest.MonkeyPatch, events_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An OSError from the run is exit 2 with one line; a bug in relindex propagates."""
    import relindex.cli.events as ev

    def disk_gone(args: object) -> int:
        raise OSError(5, "Input/output error", str(events_file))

    monkeypatch.setattr(ev, "run", disk_gone)
    assert main(["events", str(events_file)]) == 2
    err = capsys.readouterr().err
    assert "Input/output error" in err and err.count("\n") == 1

    def bug(args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(ev, "run", bug)
    with pytest.raises(ZeroDivisionError):
        main(["events", str(events_file)])


def test_write_error_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing write (disk full) is an InputFileError naming the target."""
    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(InputFileError, match=r"out\.csv.*No space left"):
        atomic_write(tmp_path / "out.csv", "x")
    assert _leftovers(tmp_path) == []


def test_lock_is_not_made_beside_a_device(tmp_path: Path) -> None:
    """The append lock checks its target first: no .null.lock appears in /dev."""
    from relindex._lock import exclusive_lock

    with pytest.raises(InputFileError, match="not a regular file"), \
            exclusive_lock(Path("/dev/null")):
        pass
    assert not Path("/dev/.null.lock").exists()


def test_append_past_the_ledger_limit_is_refused_before_writing(tmp_path: Path) -> None:
    """An append that would take the ledger over max_bytes is refused; the ledger is kept."""
    from relindex.errors import LimitExceededError
    from relindex.extract import append_to_ledger, extract

    text = ("China and Russia held a joint naval exercise in the Sea of Japan in July 2023. "
            "Bilateral trade reached 240 billion dollars in 2023.")
    ledger = tmp_path / "evidence.toml"
    ledger.write_text("# ledger\n" + "# padding\n" * 50)
    before = ledger.read_bytes()
    with pytest.raises(LimitExceededError, match="would grow"):
        append_to_ledger(ledger, extract(text), "s", text=text, max_bytes=len(before) + 10)
    assert ledger.read_bytes() == before
    assert _leftovers(tmp_path) in ([], [".evidence.toml.lock"])

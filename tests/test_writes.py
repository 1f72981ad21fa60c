"""Writes never lose data: ``relindex.files.atomic_write`` replaces a file whole or not at all.

It writes to a temporary file beside the target, flushes and fsyncs it, then renames it
into place. A process killed with SIGKILL part-way through leaves the old file intact
byte for byte (a stray hidden ``.name.*.tmp`` may remain beside it, never at its path);
a write that fails leaves the old file and no temporary file; a completed write replaces
the old content whole (no tail of a longer old file) and keeps the file's permissions.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relindex.errors import InputFileError
from relindex.files import atomic_write

ROOT = Path(__file__).resolve().parents[1]
OLD = b"old ledger content\n" * 1000


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != name)


def test_writes_a_new_file(tmp_path: Path) -> None:
    """A new file gets exactly the bytes (str as UTF-8), in a new folder, with no leftovers."""
    target = tmp_path / "new" / "out.json"
    atomic_write(target, "caf\u00e9 \u202e\n")
    assert target.read_bytes() == "caf\u00e9 \u202e\n".encode()
    assert _leftovers(target.parent, "out.json") == []


def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    """Writing a shorter payload over a longer file leaves exactly the new payload."""
    target = tmp_path / "evidence.toml"
    target.write_bytes(OLD)
    atomic_write(target, b"short\n")
    assert target.read_bytes() == b"short\n"
    atomic_write(target, OLD * 3)
    assert target.read_bytes() == OLD * 3
    assert _leftovers(tmp_path, "evidence.toml") == []


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    """A 0644 ledger stays 0644 (the temporary file is created 0600)."""
    target = tmp_path / "evidence.toml"
    target.write_bytes(OLD)
    os.chmod(target, 0o644)
    atomic_write(target, b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_new_file_gets_the_umask_default(tmp_path: Path) -> None:
    """A new file is created like open() would: 0o666 less the umask."""
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "out.txt", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


def test_failed_write_keeps_the_old_file_and_cleans_up(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """If fsync fails (disk full), the old file is untouched and no temporary file stays."""
    target = tmp_path / "evidence.toml"
    target.write_bytes(OLD)

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(InputFileError, match="No space left"):
        atomic_write(target, b"new content")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, "evidence.toml") == []


def test_write_over_a_directory_fails_cleanly(tmp_path: Path) -> None:
    """Writing where a directory stands is refused, leaves the directory and no temporary file."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_bytes(b"keep")
    with pytest.raises(InputFileError, match="is a folder"):
        atomic_write(tmp_path / "out", b"data")
    assert (tmp_path / "out" / "keep.txt").read_bytes() == b"keep"
    assert _leftovers(tmp_path, "out") == []


# A child that writes a large payload through atomic_write and stalls at a chosen point:
# 'write' stops after half the payload has reached the temporary file, 'fsync' after
# all of it (before the rename). It prints READY, then the parent kills it with SIGKILL.
CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import relindex.files as files_module

    target, stage = Path(sys.argv[1]), sys.argv[2]
    payload = b"NEW" * 2_000_000  # 6 MB

    def ready():
        sys.stdout.write("READY\\n")
        sys.stdout.flush()
        time.sleep(60)

    if stage == "write":
        real_fdopen = os.fdopen

        class Stalling:
            def __init__(self, fh):
                self.fh = fh
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)
            def write(self, data):
                half = len(data) // 2
                self.fh.write(data[:half])
                self.fh.flush()
                os.fsync(self.fh.fileno())
                ready()
                return self.fh.write(data[half:])
            def __getattr__(self, name):
                return getattr(self.fh, name)

        files_module.os.fdopen = lambda fd, *a, **k: Stalling(real_fdopen(fd, *a, **k))
    else:
        real_fsync = os.fsync

        def stalling_fsync(fd):
            real_fsync(fd)
            ready()

        files_module.os.fsync = stalling_fsync
    files_module.atomic_write(target, payload)
    sys.stdout.write("FINISHED\\n")
""")


@pytest.mark.parametrize("stage", ["write", "fsync"])
def test_sigkill_mid_write_leaves_the_old_file_intact(tmp_path: Path, stage: str) -> None:
    """SIGKILL while the payload is half written (or written, not yet renamed): old file intact."""
    target = tmp_path / "evidence.toml"
    target.write_bytes(OLD)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with subprocess.Popen([sys.executable, "-c", CHILD, str(target), stage],
                          stdout=subprocess.PIPE, text=True, env=env) as child:
        try:
            line = child.stdout.readline()  # type: ignore[union-attr]
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=60)
    assert line == "READY\n", "the kill did not land during the write"
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD  # byte for byte
    stray = _leftovers(tmp_path, "evidence.toml")
    assert all(n.startswith(".evidence.toml.") and n.endswith(".tmp") for n in stray), stray
    # the kill landed mid-write: the temporary file holds part (or all) of the new payload
    sizes = [(tmp_path / n).stat().st_size for n in stray]
    assert sizes and 0 < sizes[0] <= 6_000_000
    if stage == "write":
        assert sizes[0] == 3_000_000

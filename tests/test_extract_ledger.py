"""relindex.extract.ledger: appending drafts to a ledger under a lock."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from relindex import extract as ex
from relindex.extract import (
    extract,
)

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------ appends

_APPENDER = """
import sys
from relindex.extract import append_to_ledger, extract
ledger, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    text = f"Trade reached ${worker * 1000 + i + 1} billion."
    append_to_ledger(ledger, extract(text), "s", text=text)
"""


def test_concurrent_appends_lose_nothing(tmp_path):
    """Four processes appending 50 drafts each to one ledger leave all 200, with unique ids."""
    ledger = tmp_path / "evidence.toml"
    ledger.write_text('[[evidence]]\nid = "s-cand-0007"\nindicator = "x"\nsource = "s"\n'
                      'quote = "q"\nperiod = "2023"\nvalue = 1.0\nunit = "%"\n', encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    procs = [subprocess.Popen([sys.executable, "-c", _APPENDER, str(ledger), str(w), "50"],
                              env=env, stderr=subprocess.PIPE, text=True) for w in range(4)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    entries = tomllib.loads(ledger.read_text(encoding="utf-8"))["evidence"]
    values = sorted(e["value"] for e in entries[1:])
    assert values == sorted(float(w * 1000 + i + 1) for w in range(4) for i in range(50))
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids) == 201
    assert ids[1:] == [f"s-cand-{n:04d}" for n in range(8, 208)]
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_an_append_waits_for_the_lock_and_says_so(tmp_path):
    """While another writer holds the lock, extract --append says on stderr that it waits."""
    from relindex._lock import exclusive_lock

    ledger = tmp_path / "evidence.toml"
    doc = tmp_path / "doc.txt"
    doc.write_text("Trade reached $12 billion in 2024.", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    with exclusive_lock(ledger):
        proc = subprocess.Popen([sys.executable, "-m", "relindex", "extract", str(doc),
                                 "--append", str(ledger)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        first = proc.stderr.readline()  # blocks until the child reports that it waits
        assert "waiting for another writer" in first
        assert not ledger.exists()
    out, err = proc.communicate()
    assert proc.returncode == 0 and "appended 1 draft entry" in err and out == ""
    assert tomllib.loads(ledger.read_text(encoding="utf-8"))["evidence"][0]["value"] == 12.0


def test_stale_temporary_files_are_removed_and_reported(tmp_path):
    """A temporary file left by a killed writer is removed by the next append, which says so."""
    ledger = tmp_path / "evidence.toml"
    stale = tmp_path / ".evidence.toml.k1ll3d.tmp"
    stale.write_text("half-written", encoding="utf-8")
    notes: list[str] = []
    text = "Trade reached $12 billion."
    res = ex.append_to_ledger(ledger, extract(text), "s", text=text, on_note=notes.append)
    assert not stale.exists() and res.removed == (stale,)
    assert len(notes) == 1 and stale.name in notes[0]


def test_sigterm_during_an_append_leaves_no_temporary_file(tmp_path, monkeypatch):
    """SIGTERM in the middle of the write removes the temporary file and keeps the old ledger."""
    import signal

    from relindex._lock import exclusive_lock

    ledger = tmp_path / "evidence.toml"
    ledger.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", lambda fd: os.kill(os.getpid(), signal.SIGTERM))
    text = "Trade reached $12 billion."
    with pytest.raises(SystemExit):
        ex.append_to_ledger(ledger, extract(text), "s", text=text)
    assert ledger.read_text(encoding="utf-8") == "# old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".evidence.toml.lock", "evidence.toml"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with exclusive_lock(ledger) as waited:  # the lock was released
        assert waited is False

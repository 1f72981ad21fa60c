"""relindex extract on the command line (in process): errors, the recall report, drafts."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from relindex.cli import main


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``relindex ARGS`` in process; the exit status, stdout and stderr."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", ["max_bytes_0", "missing_folder", "fifo_document",
                                  "fifo_lexicon", "ledger_not_toml"])
def test_extract_errors_are_one_line_and_exit_2(tmp_path, case, capsys):
    """Bad input to relindex extract prints one 'relindex: error:' line and exits 2."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Trade reached $12 billion in 2024.", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    bad_ledger = tmp_path / "bad.toml"
    bad_ledger.write_text("[[evidence]\n", encoding="utf-8")
    args = {
        "max_bytes_0": [str(doc), "--max-bytes", "0"],
        "missing_folder": [str(doc), "--append", str(tmp_path / "no" / "such" / "ev.toml")],
        "fifo_document": [str(fifo)],
        "fifo_lexicon": [str(doc), "--lexicon", str(fifo)],
        "ledger_not_toml": [str(doc), "--append", str(bad_ledger)],
    }[case]
    code, out, err = _cli(capsys, "extract", *args)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("relindex: error: "), err
    assert "Fix:" in lines[0] and out == ""
    assert bad_ledger.read_text(encoding="utf-8") == "[[evidence]\n"
    assert not (tmp_path / "no").exists()


def test_recall_prints_text_or_json_never_a_dict(capsys):
    """The --recall option prints a sentence and 'missed' lines, or JSON with --format json."""
    code, out, err = _cli(capsys, "extract", "--recall")
    assert code == 0, err
    assert out.startswith("Recall of numeric ledger facts: ")
    assert "{'" not in out and "': " not in out
    data = json.loads(_cli(capsys, "extract", "--recall", "--format", "json")[1])
    assert set(data) == {"found", "total", "recall", "missed"}


def test_appended_drafts_are_excluded_and_name_what_to_fill(tmp_path, capsys):
    """Drafts appended to a ledger carry exclude = 'draft: ...' naming the fields to fill in."""
    ledger = tmp_path / "evidence.toml"
    doc = tmp_path / "doc.txt"
    doc.write_text("China and Russia held a joint exercise. Trade hit $5 billion in 2023.",
                   encoding="utf-8")
    assert _cli(capsys, "extract", str(doc), "--append", str(ledger))[0] == 0
    entries = tomllib.loads(ledger.read_text(encoding="utf-8"))["evidence"]
    assert [e["exclude"].split(" (")[0] for e in entries] == ["draft: not reviewed"] * 2
    assert "fill in indicator, period;" in entries[0]["exclude"]
    assert "fill in indicator;" in entries[1]["exclude"]

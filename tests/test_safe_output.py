"""Text from documents and user files cannot drive the terminal or inject HTML.

A catalogue whose names, units, quotes, exclusion reasons and source text carry ANSI
escape sequences (colour, an OSC window-title sequence ending in BEL, the 8-bit CSI
U+009B), carriage returns and bidi overrides is run through the real console script
(``score``, ``explain``, ``evidence``, ``verify``; text and JSON): the output holds none of
those raw characters. ``Result._repr_html_`` escapes ``<script>``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import relindex
from strategies import toml_string

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"

EVIL = ("\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 over\rwrite \u202eevil\u202c \u2066iso\u2069 "
        "\x9b31m csi")
RAW = ("\x1b", "\x9b", "\x07", "\r", "\u202e", "\u2066", "\u2069")  # none may reach a terminal


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the mini catalogue with EVIL in names, a unit, quotes, a reason and the text."""
    folder = tmp_path_factory.mktemp("evil") / "mini"
    shutil.copytree(MINI, folder)
    s = toml_string(EVIL)
    cat, ev = folder / "indicators.toml", folder / "evidence.toml"
    edit(cat, 'name = "Mini test index"', f"name = {s}")
    edit(cat, 'name = "Trade"', f"name = {s}")
    edit(cat, 'name = "Share"\nunit = "%"', f"name = {s}\nunit = {toml_string(EVIL + '%')}")
    for _ in range(2):
        edit(ev, 'unit = "%"', f"unit = {toml_string(EVIL + '%')}")
    edit(ev, 'quote = "50 per cent in 2023"', f"quote = {toml_string('Share: ' + EVIL)}")
    edit(ev, 'value = 100\nunit = "USD bn"', f'value = 100\nunit = "USD bn"\nexclude = {s}')
    with open(folder / "doc.txt", "a", encoding="utf-8") as fh:
        fh.write(f"Share: {EVIL} (and more).\n")
    return folder


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
COMMANDS = [("score", "--all-periods"), ("explain", "--all-periods"), ("evidence",),
            ("verify",), ("explain", "-f", "json"), ("evidence", "-f", "json")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relindex", *args], capture_output=True,
                          text=True, timeout=120, env=ENV)


@pytest.fixture(scope="module")
def outputs(evil: Path) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Every command of COMMANDS run on the evil catalogue, concurrently: (exit, out, err)."""
    procs = {args: subprocess.Popen([sys.executable, "-m", "relindex", *args, "-c", str(evil)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=ENV) for args in COMMANDS}
    done = {}
    for args, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        done[args] = (proc.returncode, out, err)
    return done


def raw_controls(text: str) -> list[str]:
    return [repr(c) for c in RAW if c in text]


def test_fixture_really_carries_the_escapes(evil: Path) -> None:
    """The library hands the raw text on (so the CLI tests below test the CLI's escaping)."""
    ds = relindex.load(evil)
    assert EVIL in ds.catalogue.catalogue.name
    assert any(EVIL in r.evidence.quote for r in ds.records)
    assert EVIL in ds.sources["doc"].text


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cli_output_escapes_document_text(outputs: dict, args: tuple[str, ...]) -> None:
    """No raw ESC, CSI, BEL, carriage return or bidi override in any command's output."""
    code, out, err = outputs[args]
    assert code == 0, err
    assert "Traceback" not in err
    if "json" in args:  # JSON escapes C0 controls itself; the data stays exact
        assert "\x1b" not in out and "\r" not in out and "\x07" not in out
        assert "\\u001b[31m" in out
    else:
        assert not raw_controls(out + err), raw_controls(out)
        if args[0] != "verify":
            assert "\\x1b[31m" in out  # shown, escaped


def test_verify_not_found_escapes_the_quote(evil: Path, tmp_path: Path) -> None:
    """Verify's NOT FOUND line shows an escaped quote."""
    folder = tmp_path / "mini"
    shutil.copytree(evil, folder)
    edit(folder / "evidence.toml", "In 2023 Aland accused Borduria of espionage.",
         "\\u001b]0;title\\u0007\\u001b[2J not in the text \\u202e")
    proc = run("verify", "-c", str(folder))
    assert proc.returncode == 1, proc.stderr
    assert "NOT FOUND  acc-2023" in proc.stdout
    assert not raw_controls(proc.stdout + proc.stderr)


def test_error_messages_escape_the_offending_value(tmp_path: Path) -> None:
    """An error message quoting an evil value (exit 2) is escaped too."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    edit(folder / "evidence.toml", 'unit = "%"', f"unit = {toml_string(EVIL)}")
    proc = run("score", "-c", str(folder))
    assert proc.returncode == 2
    assert proc.stderr.startswith("relindex: error: ")
    assert not raw_controls(proc.stderr), proc.stderr


def test_verify_escapes_source_file_names(tmp_path: Path) -> None:
    """A source document whose file name holds an escape sequence is shown escaped."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    name = "doc\x1b[31m.txt"
    shutil.copy(folder / "doc.txt", folder / name)
    edit(folder / "sources.toml", 'file = "doc.txt"', f"file = {toml_string(name)}")
    edit(folder / "evidence.toml", "In 2023 Aland accused Borduria of espionage.", "absent")
    proc = run("verify", "-c", str(folder))
    assert proc.returncode == 1
    assert not raw_controls(proc.stdout), proc.stdout


def test_period_with_control_whitespace_is_not_printed_raw(tmp_path: Path) -> None:
    r"""A period of "\u001c2021\r" is refused, or printed without the raw control characters."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    edit(folder / "evidence.toml", 'period = "2021"', 'period = "\\u001c2021\\r"')
    proc = run("evidence", "-c", str(folder))  # explain prints the period raw too
    assert "\r" not in proc.stdout and "\x1c" not in proc.stdout


def test_html_repr_escapes_markup(tmp_path: Path) -> None:
    """Result._repr_html_ escapes <script> and attribute injection in names."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    edit(folder / "indicators.toml", 'name = "Mini test index"',
         'name = "<script>alert(1)</script>"')
    edit(folder / "indicators.toml", 'name = "Trade"', "name = '<img src=x onerror=\"alert(2)\">'")
    html = relindex.score(folder)._repr_html_()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html

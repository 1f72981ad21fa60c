"""Text from documents and user files cannot drive the terminal or inject HTML.

A catalogue whose quotes, exclusion reasons and source text carry ANSI escape sequences
(colour, an OSC window-title sequence ending in BEL, the 8-bit CSI U+009B), carriage
returns, newlines, bidi overrides, isolates and marks, and line and paragraph separators is
run through the real console script (``score``, ``explain``, ``evidence``, ``verify``; text
and JSON): the output holds none of those raw characters, and no line of it is forged.
(Names, titles and units with such characters are refused when the catalogue loads:
tests/test_validation.py.) ``Result._repr_html_`` escapes ``<script>``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import relindex
from _util import cli
from strategies import toml_string

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"

EVIL = ("\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 over\rwrite \u202eevil\u202c \u2066iso\u2069 "
        "\x9b31m csi \u200emark\u200f \u061calm \u2028line\u2029para \x85nel \u200bzw")
RAW = ("\x1b", "\x9b", "\x07", "\r", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f",
       "\u061c", "\u2028", "\u2029", "\x85", "\u200b")  # none may reach a terminal
FORGED = "\n2021  FORGED LINE"  # a newline followed by what would look like output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the mini catalogue with EVIL in quotes, an exclusion reason and the text."""
    folder = tmp_path_factory.mktemp("evil") / "mini"
    shutil.copytree(MINI, folder)
    s = toml_string(EVIL + FORGED)
    ev = folder / "evidence.toml"
    edit(ev, 'quote = "50 per cent in 2023"', f"quote = {toml_string('Share: ' + EVIL)}")
    edit(ev, 'value = 100\nunit = "USD bn"', f'value = 100\nunit = "USD bn"\nexclude = {s}')
    with open(folder / "doc.txt", "a", encoding="utf-8") as fh:
        fh.write(f"Share: {EVIL} (and more).\n")
    return folder


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
COMMANDS = [("score", "--all-periods"), ("explain", "--all-periods"), ("evidence",),
            ("verify",), ("explain", "-f", "json"), ("evidence", "-f", "json")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args)


@pytest.fixture(scope="module")
def outputs(evil: Path) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Every command of COMMANDS run on the evil catalogue, in process: (exit, out, err)."""
    done = {}
    for args in COMMANDS:
        proc = cli(*args, "-c", str(evil))
        done[args] = (proc.returncode, proc.stdout, proc.stderr)
    return done


def strings(x: object) -> list[str]:
    """Every string inside parsed JSON."""
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in strings(v)]
    if isinstance(x, list):
        return [s for v in x for s in strings(v)]
    return []


def raw_controls(text: str) -> list[str]:
    return [repr(c) for c in RAW if c in text]


def test_fixture_really_carries_the_escapes(evil: Path) -> None:
    """The library hands the raw text on (so the CLI tests below test the CLI's escaping)."""
    ds = relindex.load(evil)
    assert any(r.evidence.exclude == EVIL + FORGED for r in ds.records)
    assert any(EVIL in r.evidence.quote for r in ds.records)
    assert EVIL in ds.sources["doc"].text


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cli_output_escapes_document_text(outputs: dict, args: tuple[str, ...]) -> None:
    """No raw ESC, CSI, BEL, carriage return or bidi override in any command's output."""
    code, out, err = outputs[args]
    assert code == 0, err
    assert "Traceback" not in err
    assert not raw_controls(out + err), raw_controls(out + err)
    if "json" in args:  # every control and format character as \uXXXX; the data stays exact
        assert "\\u001b[31m" in out and "\\u202e" in out and "\\u200e" in out
        assert "\\u0085" in out and "\\u2028" in out
        assert any(EVIL in x for x in strings(json.loads(out)))  # parsed back exactly
    elif args[0] not in ("verify", "score"):
        assert "\\x1b[31m" in out and "\\u202e" in out and "\\u2028" in out  # shown, escaped
    if "json" not in args:
        assert not any(line.startswith("2021  FORGED") for line in (out + err).splitlines())


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


def test_terminal_escaping_covers_every_control_format_and_separator_character() -> None:
    """safe() escapes every Cc, Cf, Zl and Zp code point; newline and tab become spaces."""
    from relindex.cli._format import safe

    bad = [chr(c) for c in range(0x110000)
           if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")]
    shown = safe("".join(bad))
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in shown)
    assert safe("a\nb\tc") == "a b c"
    assert safe("Торговля – 貿易 é") == "Торговля – 貿易 é"  # ordinary text untouched


def test_explain_shows_a_multi_line_exclusion_reason_on_one_line(evil: Path) -> None:
    """A reason holding a newline and a fake output line stays on its record's line."""
    proc = run("explain", "--all-periods", "-c", str(evil))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    hits = [ln for ln in lines if "FORGED LINE" in ln]
    assert hits and all(not ln.startswith("2021") for ln in hits), hits

"""The TOML parser relindex reads with: tomli's compiled TOML 1.0 parser when installed."""

from __future__ import annotations

import sys
import tomllib
import types
from pathlib import Path

import pytest

import relindex.files as files
from relindex.errors import InputFileError

ROOT = Path(__file__).resolve().parents[1]
BAD = ["a = ", "a = 1\na = 2", "[x]\n[x]", 'a = "\\q"', "x = {a=1, a=2}", "a=1 b=2",
       # TOML 1.1 only: refused by tomllib, so by relindex whichever parser is installed
       "a = {\n b = 1,\n}", 'a = "\\e"', "a = 1979-05-27T07:32"]


def _message(data: bytes) -> str:
    with pytest.raises(InputFileError) as e:
        files.parse_toml(data, Path("x.toml"))
    return str(e.value)


def test_parser_reads_every_shipped_file_as_tomllib_does():
    """Same values, same refusals, same messages as the standard library's parser."""
    paths = [ROOT / "indicators.toml", *sorted((ROOT / "seeds").glob("*.toml"))]
    for p in paths:
        data = p.read_bytes()
        assert files.parse_toml(data, p) == tomllib.loads(data.decode("utf-8-sig")), p
    for text in BAD:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            assert f"is not valid TOML ({e})" in _message(text.encode())
        else:  # pragma: no cover - every entry is invalid TOML 1.0
            raise AssertionError(text)


def test_tomli_is_used_when_installed():
    """With tomli 2.1 or 2.2 installed (the 'fast' and 'test' extras), it is the parser."""
    tomli = pytest.importorskip("tomli")
    if tomli.__version__.split(".")[:2] not in (["2", "1"], ["2", "2"]):
        pytest.skip(f"tomli {tomli.__version__} reads TOML 1.1")
    assert files._toml_parser() == (tomli, tomli.TOMLDecodeError)


@pytest.mark.parametrize("version", ["2.3.0", "2.5.0", "1.2.3", None])
def test_other_tomli_releases_are_passed_over(monkeypatch, version):
    """A tomli reading TOML 1.1 (2.3 on), an old one or one without a version: tomllib."""
    fake = types.ModuleType("tomli")
    if version is not None:
        fake.__version__ = version  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tomli", fake)
    assert files._toml_parser() == (tomllib, tomllib.TOMLDecodeError)


def _longest_word_by_runs(data: bytes) -> int:
    """The longest run of bare-word bytes, measured run by run (the plain definition)."""
    import re

    return max((len(w) for w in re.findall(rb"[A-Za-z0-9_-]+", data)), default=0)


@pytest.mark.parametrize("seed", range(40))
def test_long_word_check_agrees_with_measuring_every_run(seed):
    """The long-word bound is found from spaces and line ends only when that decides it.

    Words of 1020-1030 bytes joined by every kind of separator (a space, a line end,
    a tab, punctuation, a non-ASCII byte, none): whether some run is longer than the
    bound is what measuring every run says.
    """
    import random

    import numpy as np

    rng = random.Random(seed)
    seps = [b" ", b"\n", b"\t", b"=", b".", b'"', b"\xc3\xa9", b"", b"\r\n"]
    parts = [b"k" * rng.choice([0, 1, 5, 512, 1020, 1023, 1024, 1025, 1030])
             for _ in range(rng.randint(0, 6))]
    data = b"".join(p + rng.choice(seps) for p in parts)
    b = np.frombuffer(data, np.uint8)
    want = _longest_word_by_runs(data) > files.MAX_TOML_KEY_CHARS
    assert files._long_word(b) is want
    if want:  # the first scan never passes a file that breaks the bound
        assert files._shape_risky(b)

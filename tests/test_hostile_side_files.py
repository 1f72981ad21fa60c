"""Side files (weights, mappings, catalogues) through one bounded reader, and one weight rule.

A FIFO or a device never blocks or floods memory; a TOML file whose shape would make
the parser's cost grow faster than the file (a 20,000-part dotted key, deep nesting,
a huge key) is refused before the parser sees it; weights from the command line,
weights files and the API pass the same rule.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from relindex.cli import main
from relindex.errors import InputFileError, RelindexError
from relindex.events import load_mapping
from relindex.files import (
    MAX_TOML_KEY_PARTS,
    MAX_TOML_NESTING,
    check_toml_shape,
    parse_toml,
    toml_parser,
)
from relindex.weights import check_weight, parse_weight_option, read_weights

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("reader", [read_weights, load_mapping])
def test_fifo_and_devices_are_refused_without_blocking(tmp_path: Path, reader: object) -> None:
    """A FIFO (which would block forever) and /dev/zero (endless) are refused at once."""
    fifo = tmp_path / "w.toml"
    os.mkfifo(fifo)
    for p in (fifo, Path("/dev/zero")):
        with pytest.raises(InputFileError, match="not a regular file"):
            reader(p)  # type: ignore[operator]


def test_oversized_side_files_are_refused_unread(tmp_path: Path) -> None:
    """A weights file over its limit is refused by size, never read whole."""
    p = tmp_path / "big.toml"
    with p.open("wb") as f:
        f.truncate(100_000_000)  # sparse: 100 MB reported, nothing written
    with pytest.raises(RelindexError, match="over the limit"):
        read_weights(p)


@pytest.mark.parametrize("parts", [10, 100, 1_000, 20_000])
def test_dotted_key_depth_is_bounded_before_parsing(monkeypatch: pytest.MonkeyPatch,
                                                    parts: int) -> None:
    """Keys of more parts than the bound never reach the (quadratic) parser."""
    calls: list[int] = []
    parser, _ = toml_parser()  # tomllib, or tomli's compiled build of it
    real = parser.loads

    def counting(text: str) -> dict[str, object]:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(parser, "loads", counting)
    text = ("a" + ".a" * (parts - 1) + " = 1\n").encode()
    if parts < MAX_TOML_KEY_PARTS:
        assert parse_toml(text, Path("k.toml"))
        assert calls
    else:
        with pytest.raises(InputFileError, match="dotted key"):
            parse_toml(text, Path("k.toml"))
        assert calls == []


@pytest.mark.parametrize("shape", ["array", "inline", "key", "header"])
def test_deep_or_long_shapes_are_one_line_errors(shape: str) -> None:
    """Deep arrays or inline tables and huge keys: InputFileError, not RecursionError."""
    depth = MAX_TOML_NESTING * 20
    text = {"array": "x = " + "[" * depth + "]" * depth,
            "inline": "x = " + "{a = " * depth + "1" + "}" * depth,
            "key": "k" * 5000 + " = 1",
            "header": "[" + ".".join(["t"] * 500) + "]"}[shape]
    with pytest.raises(InputFileError):
        parse_toml(text.encode(), Path("s.toml"))


def test_shape_check_leaves_strings_and_comments_alone() -> None:
    """Dots, brackets and long words inside strings and comments are not keys."""
    text = ('q = "' + "a." * 200 + '"\n# ' + "[" * 200 + "\nm = '''\n" + "{" * 100
            + "\n'''\nx = [[1], [2]]\n[t.u]\nv = 1.5\n")
    check_toml_shape(text, Path("ok.toml"))
    assert parse_toml(text.encode(), Path("ok.toml"))["t"]["u"]["v"] == 1.5


@pytest.mark.parametrize("value", [True, "2", None, float("nan"), float("inf"), -1])
def test_the_weight_rule_refuses_non_weights(value: object) -> None:
    """Booleans, text, None, NaN, infinities and negatives are not weights."""
    with pytest.raises(RelindexError, match="finite number >= 0"):
        check_weight(value, key="trade")


def test_numpy_numbers_are_weights() -> None:
    """Integers and floats of numpy are weights like Python numbers."""
    assert check_weight(np.int64(2), key="a") == 2.0
    assert check_weight(np.float32(0.5), key="a") == 0.5
    assert parse_weight_option("trade=0") == ("trade", 0.0)
    with pytest.raises(RelindexError):
        parse_weight_option("trade=nan")


def test_zero_weights_on_a_sibling_group_are_refused_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--weight, a weights file and compare(weights=...) refuse a group summing to 0."""
    from relindex.compare import compare

    with pytest.raises(RelindexError, match="add up to zero"):
        compare(str(MINI), weights={"trade": 0, "military": 0})
    assert main(["score", "--catalogue", str(MINI), "--weight", "trade=0", "--weight",
                 "military=0"]) == 2
    err = capsys.readouterr().err
    assert "add up to zero" in err and err.count("\n") == 1
    w = tmp_path / "w.toml"
    w.write_text("[weights]\ntrade = 0\nmilitary = 0\n")
    assert main(["compare", str(MINI), str(w)]) == 2
    assert "add up to zero" in capsys.readouterr().err


def test_dimension_and_indicator_ids_share_one_namespace(tmp_path: Path) -> None:
    """An indicator named like a dimension is refused (a weight would name both)."""
    from relindex.compare import with_weights

    cat = tmp_path / "cat"
    shutil.copytree(MINI, cat)
    p = cat / "indicators.toml"
    text = p.read_text().replace("[dimensions.trade.indicators.share]",
                                 "[dimensions.trade.indicators.military]")
    p.write_text(text)
    ev = cat / "evidence.toml"
    ev.write_text(ev.read_text().replace('indicator = "share"', 'indicator = "military"'))
    # refused as the catalogue loads, before any weight is read
    with pytest.raises(RelindexError, match="is also the id of a dimension"):
        with_weights(str(cat), {"military": 2})

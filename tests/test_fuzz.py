"""Fuzzing every input: only a RelindexError naming the file (and key) may come out.

Starting from the mini catalogue, hypothesis breaks one input at a time: the catalogue,
the sources' metadata, the evidence ledger (numeric and event records), CSV data tables,
the source texts, the raw bytes of any file (binary garbage, non-UTF-8, truncation,
10,000-deep nesting, 5,000-digit integers, escaped surrogates) and the command line.
Values include NaN and infinities (TOML ``nan``, ``inf``), 1e308, 10**30, empty strings,
NUL, right-to-left overrides, combining characters, ANSI escapes and deep nesting.

The contract: :func:`relindex.load` and :func:`relindex.score` either succeed or raise a
:class:`relindex.RelindexError` whose message starts with the file and names the key
where there is one. numpy RuntimeWarnings are errors here (overflow is a bug, not a
result). The CLI exits 0, 1 or 2, prints that message on exit 2, and never a traceback.
A line per fuzz test reports how many generated inputs it tried.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import relindex
from _util import cli
from relindex import LimitExceededError, RelindexError, RelindexWarning
from relindex.cli import main as cli_main
from strategies import dumps

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
FILES = ("indicators.toml", "sources.toml", "evidence.toml", "doc.txt")
BASE = {name: tomllib.loads((MINI / name).read_text(encoding="utf-8"))
        for name in FILES if name.endswith(".toml")}

FUZZ = settings(max_examples=100, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

COUNTS: dict[str, Counter[str]] = defaultdict(Counter)
STAGES: dict[str, Counter[str]] = defaultdict(Counter)
"""Per fuzz test: how many generated inputs reached each stage (generated, loaded, scored)."""

REACH = {
    # the least share of generated inputs that must load and score, per fuzz test: a
    # strategy that stops producing inputs the library accepts tests only the refusals
    "test_fuzz_catalogue": (0.15, 0.15),
    "test_fuzz_source_metadata": (0.05, 0.05),
    "test_fuzz_ledger": (0.15, 0.15),
    "test_fuzz_event_records": (0.05, 0.05),  # 7-14% over the derandomised draws seen
    "test_fuzz_csv_tables": (0.05, 0.05),
}
"""Fuzz test -> (least share loaded, least share scored) of its generated inputs."""


@pytest.fixture(autouse=True)
def _stages_reached(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a fuzz test: enough of its generated inputs got as far as loading and scoring."""
    yield
    name = request.node.originalname
    if name not in REACH or not STAGES[name]["generated"]:
        return
    c = STAGES[name]
    least_loaded, least_scored = REACH[name]
    assert c["loaded"] >= least_loaded * c["generated"], (name, dict(c))
    assert c["scored"] >= least_scored * c["generated"], (name, dict(c))


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: one line per fuzz test with the number of generated inputs tried."""
    yield
    lines = [f"{name}: {sum(c.values())} generated inputs ("
             + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + "); reached: "
             + ", ".join(f"{k} {STAGES[name][k]}" for k in ("generated", "loaded", "scored"))
             for name, c in sorted(COUNTS.items())]
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n".join(["", "fuzz summary (outcome counts per test):", *lines]),
              file=sys.__stderr__, flush=True)


# --------------------------------------------------------------------------- the contract


def check_library(folder: Path, test: str, **kw: Any) -> str:
    """Load and score `folder`; only a RelindexError naming a file of it may escape."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy overflow and invalid-value warnings are bugs
        warnings.simplefilter("ignore", RelindexWarning)  # documented degenerate cases
        STAGES[test]["generated"] += 1
        try:
            ds = relindex.load(folder, **kw)
            STAGES[test]["loaded"] += 1
            result = relindex.score(ds)
            STAGES[test]["scored"] += 1
            result.to_dict()
            repr(result)
            result._repr_html_()
            outcome = "ok"
        except RelindexError as e:
            check_message(e, folder)
            outcome = type(e).__name__
    COUNTS[test][outcome] += 1
    return outcome


def check_message(e: RelindexError, folder: Path) -> None:
    """Check that the message starts with a file of the catalogue and names its key if any."""
    msg = str(e)
    assert e.path is not None, f"error names no file: {msg}"
    assert msg.startswith(f"{e.path}: "), msg
    assert Path(e.path).resolve().is_relative_to(folder.resolve()), msg
    if e.key is not None:
        assert e.key in msg, msg
    if isinstance(e, relindex.CatalogueError | relindex.EvidenceError):
        assert e.key is not None, f"a catalogue or evidence error names no key: {msg}"


@contextlib.contextmanager
def mini_copy(**replace: str | bytes) -> Iterator[Path]:
    """Yield a temporary copy of the mini catalogue with some files replaced."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mini"
        shutil.copytree(MINI, folder)
        for name, content in replace.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        yield folder


# --------------------------------------------------------------------------- odd values

ODD_STRINGS = ("", " ", "\x00", "a\x00b", "\u202eevil", "e\u0301\u0301\u0301", "\x1b[31mred",
               "\x1b]0;title\x07", "line\rover", "\ufeff", "\U0001F600", "../../etc/passwd",
               "/etc/hostname", "x" * 5001, "2023", "2023-13", "9999/0001", "nan", "A", "Z")
ODD_NUMBERS = (float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 1.7976931348623157e308,
               5e-324, -0.0, 0, -1, 1, 7, 10**30, -10**30, 2**63, -2**63 - 1)


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


odd_values = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from((True, False, [], {}, [[]], {"x": 1}, ["a", 1], dt.date(2023, 5, 1),
                     dt.datetime(2023, 5, 1, 12, 0))),
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.integers(1, 120).map(nested),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
).map(copy.deepcopy)  # sampled containers are shared objects: never mutate them in place


def paths_of(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path (dict keys and list indices) inside a document."""
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += paths_of(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += paths_of(v, (*prefix, i))
    return out


def _get(doc: Any, path: tuple) -> Any:
    for k in path:
        doc = doc[k]
    return doc


def _kind(value: Any) -> str:
    """The TOML type of a value, ints and floats counted as one (a number)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return type(value).__name__


@st.composite
def mutated(draw: st.DrawFn, doc: dict[str, Any], *, within: tuple = ()
            ) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """`doc` with one to three keys set to odd values, deleted, renamed or added.

    Also returns the key paths whose new value must be refused: a key added to a table
    (every table of the schema forbids unknown keys, and a map's new entry must be a
    table with its required keys), and a value whose TOML type differs from the one it
    replaces (the schema is strict: no text for a number, no number for a flag).
    """
    doc = copy.deepcopy(doc)
    refused: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in paths_of(doc) if p[: len(within)] == within and len(p) > len(within)]
        if not paths:
            break
        leaves = [p for p in paths if not isinstance(_get(doc, p), dict | list)]
        if leaves and draw(st.integers(0, 3)):  # mostly a single value, now and then a table
            paths = leaves
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        key = path[-1]
        op = draw(st.sampled_from(("set", "set", "set", "delete", "rename", "add",
                                   "plausible", "plausible", "plausible")))
        before = parent[key]
        if op == "plausible":
            if not isinstance(parent[key], dict | list):
                parent[key] = _plausible(draw, parent[key])
        elif op == "set" and isinstance(parent[key], int | float) and draw(st.booleans()):
            parent[key] = draw(st.sampled_from(ODD_NUMBERS) | st.floats() | st.integers())
        elif op == "set":
            parent[key] = draw(odd_values)
            if (not isinstance(before, dict | list)
                    and _kind(parent[key]) != _kind(before)):
                refused.append(path)
        elif op == "delete":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from(ODD_STRINGS[:12]) | st.text(min_size=1, max_size=8))
            parent[new.replace("\x00", "")] = parent.pop(key)
        elif op == "add" and isinstance(parent, dict):
            new_key = draw(st.text(min_size=1, max_size=8))
            if new_key not in parent:
                refused.append((*path[:-1], new_key))
            parent[new_key] = draw(odd_values)
        elif isinstance(parent, list):
            parent.append(draw(odd_values))
    return doc, [p for p in refused if _holds(doc, p)]


def _holds(doc: Any, path: tuple[Any, ...]) -> bool:
    """Whether the path still leads to a value (a later change may have removed it)."""
    try:
        _get(doc, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def check_expected(outcome: str, refused: list[tuple[Any, ...]], doc: dict[str, Any]) -> None:
    """An input with a value the schema must refuse was refused (not loaded and scored)."""
    if refused:
        shown = [(p, repr(_get(doc, p))[:40]) for p in refused]
        assert outcome != "ok", f"loaded a value the schema forbids: {shown}"


def _plausible(draw: st.DrawFn, value: Any) -> Any:
    """A value like `value`, of its type and near it, so that some inputs still load."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + draw(st.integers(-1, 1)))
    if isinstance(value, float):
        return value * draw(st.sampled_from((0.5, 0.9, 1.0, 1.1, 2.0)))
    return value


def toml_text(doc: dict[str, Any]) -> str:
    try:
        return dumps(doc)
    except RecursionError:  # pragma: no cover - nested() stays far below the limit
        pytest.skip("document too deep for the test's own writer")


# --------------------------------------------------------------------------- library fuzzers


@FUZZ
@given(mutated(BASE["indicators.toml"]))
def test_fuzz_catalogue(case: tuple[dict[str, Any], list[tuple[Any, ...]]]) -> None:
    """A catalogue with odd values, missing or unknown keys loads or fails with a named error.

    An unknown key or a value of the wrong type always fails.
    """
    doc, refused = case
    with mini_copy(**{"indicators.toml": toml_text(doc)}) as folder:
        check_expected(check_library(folder, "test_fuzz_catalogue"), refused, doc)


@FUZZ
@given(mutated(BASE["sources.toml"]))
def test_fuzz_source_metadata(case: tuple[dict[str, Any], list[tuple[Any, ...]]]) -> None:
    """Odd source metadata (paths, dates, grades, checksums) fails with a named error.

    An unknown key or a value of the wrong type always fails.
    """
    doc, refused = case
    with mini_copy(**{"sources.toml": toml_text(doc)}) as folder:
        check_expected(check_library(folder, "test_fuzz_source_metadata"), refused, doc)


@FUZZ
@given(st.integers(0, len(BASE["evidence.toml"]["evidence"]) - 1).flatmap(
    lambda i: mutated(BASE["evidence.toml"], within=("evidence", i))))
def test_fuzz_ledger(case: tuple[dict[str, Any], list[tuple[Any, ...]]]) -> None:
    """Odd evidence records (values, units, periods, quotes, facts) fail with a named error.

    An unknown key or a value of the wrong type always fails.
    """
    doc, refused = case
    with mini_copy(**{"evidence.toml": toml_text(doc)}) as folder:
        check_expected(check_library(folder, "test_fuzz_ledger"), refused, doc)


EVENT_RECORDS = [i for i, r in enumerate(BASE["evidence.toml"]["evidence"]) if "event_type" in r]


@FUZZ
@given(st.sampled_from(EVENT_RECORDS).flatmap(
    lambda i: mutated(BASE["evidence.toml"], within=("evidence", i))), st.data())
def test_fuzz_event_records(case: tuple[dict[str, Any], list[tuple[Any, ...]]],
                            data: st.DataObject) -> None:
    """Odd event records (types, severities, actors, dates) fail with a named error.

    An unknown key or a value of the wrong type always fails.
    """
    doc, refused = case
    extra = data.draw(st.just({}) | st.fixed_dictionaries({}, optional={
        "severity": odd_values, "actors": odd_values, "assign_to": odd_values,
        "fact": odd_values}))
    i = data.draw(st.sampled_from(EVENT_RECORDS))
    if i < len(doc.get("evidence", [])) and isinstance(doc["evidence"][i], dict):
        doc["evidence"][i].update(extra)
    with mini_copy(**{"evidence.toml": toml_text(doc)}) as folder:
        check_expected(check_library(folder, "test_fuzz_event_records"), refused, doc)


COLUMNS = ("id", "indicator", "period", "value", "unit", "citation", "credibility", "fact",
           "qualifier", "actors", "event_type", "severity", "exclude", "note", "assign_to",
           "source", "quote", "bogus", "", " id ")
cell = st.one_of(
    st.sampled_from(("share", "volume", "exercises", "2021", "2022-05", "30", "%", "USD bn",
                     "nan", "inf", "-inf", "1e308", "1e400", "9" * 5000, "", "a,b", '"q"',
                     "x\ny", "\x00", "\u202e", "\x1b[31m", "1;2;;3", "exercise", "t-1", "t-1"))
    | st.text(max_size=10))


@st.composite
def csv_tables(draw: st.DrawFn) -> bytes:
    """Draw a CSV table: well-formed rows of odd cells, ragged rows, or raw garbage."""
    kind = draw(st.sampled_from(("rows", "rows", "rows", "ragged", "garbage", "plain", "plain")))
    if kind == "garbage":
        return draw(st.binary(max_size=300))
    if kind == "plain":  # well-formed rows of plausible values, now and then one odd cell
        lines = ["id,indicator,period,value,unit"]
        for n in range(draw(st.integers(1, 5))):
            year = draw(st.integers(2019, 2024))
            value = draw(st.floats(0, 100, allow_nan=False) | st.integers(0, 100))
            lines.append(f"t-{n},share,{year},{value},%")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"t-odd,share,{draw(cell)},{draw(cell)},%")
        return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8))
    base = ["id", "indicator", "period", "value", "unit"]
    if draw(st.booleans()):
        header = base + [h for h in header if h not in base]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for n in range(draw(st.integers(0, 4))):
        width = len(header) if kind == "rows" else draw(st.integers(0, len(header) + 2))
        row = [draw(cell) for _ in range(width)]
        if kind == "rows" and "id" in header:
            row[header.index("id")] = f"t-{n}"
        writer.writerow(row)
    return out.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(csv_tables(), st.sampled_from(("A", "B", "F", "Q")), odd_values)
def test_fuzz_csv_tables(table: bytes, reliability: str, citation: Any) -> None:
    """A CSV data table with odd headers, cells, row lengths or bytes fails with a named error."""
    cat = copy.deepcopy(BASE["indicators.toml"])
    spec: dict[str, Any] = {"file": "table.csv", "citation": "Test table",
                            "reliability": reliability}
    if len(table) % 4 == 0:
        spec["citation"] = citation  # an odd citation now and then
    cat["catalogue"]["tables"] = [spec]
    with mini_copy(**{"indicators.toml": toml_text(cat), "table.csv": table}) as folder:
        check_library(folder, "test_fuzz_csv_tables")


def deep(opener: str, closer: str, depth: int = 10_000) -> str:
    return "a = " + opener * depth + "1" + closer * depth + "\n"


RAW_CASES = {
    "binary": bytes((i * 37 + 11) % 256 for i in range(256)),
    "not-utf8": b"[catalogue]\nid = \"\xff\xfe\"\n",
    "latin1": "name = \"caf\u00e9\"\n".encode("latin-1"),
    "utf16": "[catalogue]\nid = \"x\"\n".encode("utf-16"),
    "bom": b"\xef\xbb\xbf",
    "nul": b"a = 1\x00\n",
    "deep-arrays": deep("[", "]").encode(),
    "deep-tables": deep("{b = ", "}").encode(),
    "deep-headers": ("[" + ".".join(["a"] * 10_000) + "]\n").encode(),
    "huge-int": ("a = " + "9" * 5000 + "\n").encode(),
    "huge-float": ("a = 1" + "0" * 5000 + ".0\n").encode(),
    "surrogate": b'a = "\\uD800"\n',
    "surrogate-pair": b'a = "\\uD83D\\uDE00"\n',
    "bad-escape": b'a = "\\x41"\n',
    "crlf": None,  # the original with CRLF line ends
    "truncated": None,  # the original cut in the middle
}


@FUZZ
@given(st.sampled_from(FILES), st.sampled_from(sorted(RAW_CASES)) | st.binary(max_size=200),
       st.integers(0, 10_000))
def test_fuzz_raw_bytes(name: str, case: str | bytes, cut: int) -> None:
    """Any file turned to garbage, non-UTF-8, truncated or 10,000-deep TOML fails cleanly."""
    original = (MINI / name).read_bytes()
    if isinstance(case, bytes):
        content = case
    elif case == "crlf":
        content = original.replace(b"\n", b"\r\n")
    elif case == "truncated":
        content = original[: cut % max(len(original), 1)]
    else:
        content = RAW_CASES[case]
    with mini_copy(**{name: content}) as folder:
        check_library(folder, "test_fuzz_raw_bytes")


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.sampled_from(FILES), st.binary(min_size=1, max_size=64), st.integers(0, 10_000))
def test_fuzz_byte_flips(name: str, chunk: bytes, where: int) -> None:
    """The original files with a few bytes overwritten fail cleanly or still load."""
    original = bytearray((MINI / name).read_bytes())
    at = where % len(original)
    original[at:at + len(chunk)] = chunk
    with mini_copy(**{name: bytes(original)}) as folder:
        check_library(folder, "test_fuzz_byte_flips")


# --------------------------------------------------------------------------- overflow cases


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    p = folder / name
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


SHARE_NORM = 'normalisation = { method = "goalposts", min = 0, max = 100 }'


@pytest.mark.parametrize("norm", [
    'normalisation = { method = "goalposts", min = -1e308, max = 1e308 }',
    'normalisation = { method = "minmax" }',
    'normalisation = { method = "zscore" }',
    'normalisation = { method = "zscore", clip = 1e308 }',
    'normalisation = { method = "zscore", clip = 5e-324 }',
    'normalisation = { method = "distance", reference = -1.7e308, scale = 1 }',
    'normalisation = { method = "rank" }',
])
def test_values_near_the_float_maximum_score_without_overflow(norm: str) -> None:
    """Values of +-1.7e308 under every normalisation score in range, with no numpy overflow."""
    with mini_copy() as folder:
        _edit(folder, "indicators.toml", SHARE_NORM, norm)
        _edit(folder, "indicators.toml", "[index]\n",
              "[index]\ndata_methods_min_distinct = 2\n")
        _edit(folder, "evidence.toml", "value = 40", "value = -1.7e308")
        _edit(folder, "evidence.toml", "value = 50", "value = 1.7e308")
        assert check_library(folder, "test_values_near_the_float_maximum") == "ok"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RelindexWarning)
            head = relindex.score(folder).period(2023)
        share = next(i for d in head.dimensions for i in d.indicators if i.id == "share")
        assert 0 <= share.normalized <= 1
        assert -1 <= head.index <= 1


def test_weights_near_the_float_maximum_inside_a_dimension() -> None:
    """Two indicator weights of 1e308 give the same index as weights of 1."""
    with mini_copy() as folder:
        before = relindex.score(folder).headline.index
        _edit(folder, "indicators.toml", f"{SHARE_NORM}\nweight = 1",
              f"{SHARE_NORM}\nweight = 1e308")
        _edit(folder, "indicators.toml", "carry_forward = 1\n",
              "carry_forward = 1\nweight = 1e308\n")
        assert check_library(folder, "test_weights_near_the_float_maximum") == "ok"
        assert relindex.score(folder).headline.index == pytest.approx(before, abs=1e-12)


def test_top_dimension_weights_near_the_float_maximum() -> None:
    """Top-level dimension weights of 1e308 score like weights 2 : 1 scaled (no overflow)."""
    with mini_copy() as folder:
        _edit(folder, "indicators.toml", "weight = 2\n", "weight = 1e308\n")
        _edit(folder, "indicators.toml", 'polarity = "cooperation"\nweight = 1\n',
              'polarity = "cooperation"\nweight = 1e308\n')
        assert check_library(folder, "fixed") == "ok"


def test_integer_over_the_conversion_limit_is_a_named_error() -> None:
    """A 5,000-digit integer (over Python's 4,300-digit limit) is an InputFileError."""
    with mini_copy() as folder:
        _edit(folder, "evidence.toml", "value = 100", "value = " + "1" * 5000)
        with pytest.raises(relindex.InputFileError, match=r"evidence\.toml: is not valid TOML"):
            relindex.load(folder)


def test_partial_grading_table_is_a_named_error() -> None:
    """[grading] reliability = {A = 1.0} with a source graded B is a named error, not KeyError."""
    with mini_copy() as folder:
        _edit(folder, "indicators.toml", "[event_types.exercise]",
              "[grading]\nreliability = {A = 1.0}\n\n[event_types.exercise]")
        check_library(folder, "fixed")


def test_distance_reference_must_be_finite() -> None:
    """Distance with reference = nan is refused with a CatalogueError naming the key."""
    with mini_copy() as folder:
        _edit(folder, "indicators.toml", SHARE_NORM,
              'normalisation = { method = "distance", reference = nan, scale = 1 }')
        with pytest.raises(relindex.CatalogueError, match="reference"):
            relindex.load(folder)


# --------------------------------------------------------------------------- resource bounds


@pytest.mark.parametrize("name", ["indicators.toml", "sources.toml", "evidence.toml",
                                  "doc.txt", "table.csv"])
def test_file_over_max_bytes_is_refused(name: str) -> None:
    """A file one byte over max_bytes raises LimitExceededError naming it and the max_bytes fix."""
    with mini_copy() as folder:
        if name == "table.csv":
            _edit(folder, "indicators.toml", 'evidence = ["evidence.toml"]',
                  'evidence = ["evidence.toml"]\ntables = [{file = "table.csv", citation = "c"}]')
            (folder / name).write_text("id,indicator,period,value,unit\n", encoding="utf-8")
        limit = max(p.stat().st_size for p in folder.iterdir())
        with open(folder / name, "ab") as fh:  # pad the one file past every other
            fh.write(b"\n" * (limit + 1 - (folder / name).stat().st_size))
        relindex.load(folder, max_bytes=limit + 1)  # at the limit: fine
        with pytest.raises(LimitExceededError) as info:
            relindex.load(folder, max_bytes=limit)
        msg = str(info.value)
        assert msg.startswith(f"{folder / name}: ")
        assert "max_bytes" in msg and "--max-bytes" in msg
        COUNTS["test_file_over_max_bytes_is_refused"][type(info.value).__name__] += 1


def test_file_longer_than_its_reported_size_is_cut_at_max_bytes() -> None:
    """A regular file that reports size 0 but holds more (/proc/self/maps) is cut at max_bytes."""
    assert Path("/proc/self/maps").stat().st_size == 0
    with pytest.raises(LimitExceededError, match=r"maps: file is longer than its reported size"):
        relindex.files.read_bytes(Path("/proc/self/maps"), max_bytes=100)


def test_endless_device_is_refused_without_reading_it() -> None:
    """A device that never ends (/dev/zero, a symlink target) is refused, not read into memory."""
    code = ("import resource, sys\n"
            "from pathlib import Path\n"
            "from relindex.files import read_bytes\n"
            "resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n"
            "try:\n"
            "    read_bytes(Path('/dev/zero'), max_bytes=1000)\n"
            "except Exception as e:\n"
            "    print(type(e).__name__, e)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=_env())
    assert proc.stdout.startswith("InputFileError /dev/zero: file is not a regular file"), proc


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO named as a source document is refused at once instead of blocking the read."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    os.mkfifo(folder / "pipe.txt")
    _edit(folder, "sources.toml", 'file = "doc.txt"', 'file = "pipe.txt"')
    code = f"import relindex\nrelindex.load({str(folder)!r})\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, env=_env())
    assert "InputFileError" in proc.stderr and "not a regular file" in proc.stderr


# --------------------------------------------------------------------------- command line


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args)


def check_cli_outcome(code: int, out: str, err: str, argv: list[str] = ()) -> None:
    """Exit 0, 1 or 2; a usage or 'relindex: error:' line on 2; never a traceback or raw ESC.

    (argparse echoes unrecognised arguments as typed: an ESC the user typed may come back.)
    """
    assert "Traceback" not in out + err, err
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        assert err.startswith("usage:") or "relindex: error: " in err, err
    if not any("\x1b" in a for a in argv):
        assert "\x1b" not in out + err


BROKEN = {  # name -> (file to replace, content, what the message must name)
    "bad-toml": ("indicators.toml", "[catalogue\n", "indicators.toml"),
    "bad-key": ("evidence.toml", None, "evidence.toml"),
    "binary-source": ("doc.txt", b"\xff\xfe\x00garbage", "doc.txt"),
    "deep": ("sources.toml", deep("[", "]"), "sources.toml"),
    "missing-quote": ("doc.txt", "nothing here\n", "evidence.toml"),
    "outside": ("sources.toml", None, "sources.toml"),
}


def make_broken(kind: str, folder: Path) -> None:
    name, content, _ = BROKEN[kind]
    if kind == "bad-key":
        _edit(folder, "evidence.toml", "value = 100", 'value = "a hundred\\u001b[31m"')
    elif kind == "outside":
        _edit(folder, "sources.toml", 'file = "doc.txt"', 'file = "../doc.txt"')
    else:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)


def test_cli_broken_inputs_exit_2_naming_the_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Every command on every broken catalogue exits 2 with the file's name and no traceback.

    Every (input, command) pair runs in-process through ``main()``; one command per broken
    input also runs as the real console script in a subprocess.
    """
    commands = ("score", "explain", "evidence", "verify")
    jobs = []
    for n, kind in enumerate(BROKEN):
        folder = tmp_path / kind
        shutil.copytree(MINI, folder)
        make_broken(kind, folder)
        for command in commands:
            if kind == "missing-quote" and command == "verify":
                continue  # verify reports missing quotes itself (exit 1)
            code = cli_main([command, "-c", str(folder)])
            out, err = capsys.readouterr()
            COUNTS["test_cli_broken_inputs"][f"in-process exit {code}"] += 1
            check_cli_outcome(code, out, err)
            assert code == 2 and err.startswith("relindex: error: "), (kind, command, err)
            assert BROKEN[kind][2] in err, (kind, command, err)
        command = commands[n % (len(commands) - 1)]
        jobs.append((kind, command, subprocess.Popen(
            [sys.executable, "-m", "relindex", command, "-c", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())))
    for kind, command, proc in jobs:
        out, err = proc.communicate(timeout=120)
        COUNTS["test_cli_broken_inputs"][f"subprocess exit {proc.returncode}"] += 1
        check_cli_outcome(proc.returncode, out, err)
        assert proc.returncode == 2, (kind, command, err)
        assert err.startswith("relindex: error: "), err
        assert BROKEN[kind][2] in err, (kind, command, err)


ARG_TOKENS = ("score", "explain", "evidence", "verify", "bogus", "-c", "--catalogue", "-f",
              "--format", "json", "text", "xml", "--period", "--all-periods", "--max-bytes",
              "--allow-outside", "--indicator", "--help", "--version", "-", "--", "=", "2023",
              "-1", "0", "99999999999999999999", "1e3", "nan", "", " ", "\u202e", "\x1b[31m",
              "e\u0301", "x" * 200, "/", "/dev/null", "/nonexistent", "MINI", "BROKEN")


@st.composite
def argv_lists(draw: st.DrawFn, mini: str, broken: str) -> list[str]:
    """Command lines: mostly a real command first, then any tokens."""
    head = [draw(st.sampled_from(("score", "explain", "evidence", "verify")))] \
        if draw(st.integers(0, 4)) else []
    rest = draw(st.lists(st.sampled_from(ARG_TOKENS) | st.text(max_size=6).filter(
        lambda s: "\x00" not in s), max_size=6))
    return [{"MINI": mini, "BROKEN": broken}.get(t, t) for t in head + rest]


@pytest.mark.slow  # 250 command lines
@settings(max_examples=250, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_cli_arguments_in_process(data: st.DataObject, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    """The CLI's main() on any arguments returns 0, 1 or 2 (argparse: exits 2), never raises."""
    argv = data.draw(argv_lists(str(MINI), str(MINI / "missing-folder")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", RelindexWarning)
        try:
            code = cli_main(argv)
        except SystemExit as e:  # argparse: --help, --version, usage errors
            code = e.code if isinstance(e.code, int) else 2
    out, err = capsys.readouterr()
    COUNTS["test_fuzz_cli_arguments_in_process"][f"exit {code}"] += 1
    check_cli_outcome(code, out, err, argv)


@pytest.mark.slow  # a real process per batch
@settings(max_examples=1, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 2**32 - 1), min_size=8, max_size=8), st.data())
def test_fuzz_cli_subprocess(seeds: list[int], data: st.DataObject) -> None:
    """The real console script on a batch of generated command lines: exit 0-2, no traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        broken = Path(tmp) / "broken"
        shutil.copytree(MINI, broken)
        make_broken("bad-key", broken)
        argvs = [data.draw(argv_lists(str(MINI), str(broken))) for _ in seeds]
        procs = [subprocess.Popen([sys.executable, "-m", "relindex", *a], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=_env()) for a in argvs]
        for argv, proc in zip(argvs, procs, strict=True):
            out, err = proc.communicate(timeout=120)
            COUNTS["test_fuzz_cli_subprocess"][f"exit {proc.returncode}"] += 1
            check_cli_outcome(proc.returncode, out, err, argv)


def test_cli_max_bytes_names_the_option(tmp_path: Path) -> None:
    """--max-bytes under a file's size exits 2 with LimitExceeded's fix naming --max-bytes."""
    proc = run_cli("score", "-c", str(MINI), "--max-bytes", "100")
    check_cli_outcome(proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 2
    assert "indicators.toml" in proc.stderr and "--max-bytes" in proc.stderr


def test_cli_max_bytes_zero_is_a_limit_of_zero() -> None:
    """--max-bytes 0 refuses every non-empty file, like any other limit."""
    proc = run_cli("score", "-c", str(MINI), "--max-bytes", "0")
    assert proc.returncode == 2 and "--max-bytes" in proc.stderr


def test_overlong_catalogue_path_is_a_named_error(tmp_path: Path) -> None:
    """A catalogue path with a 300-character name fails with InputFileError, not OSError."""
    with pytest.raises(relindex.InputFileError):
        relindex.load(tmp_path / ("x" * 300))

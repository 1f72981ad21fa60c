"""A hostile campaign against relindex's command line and API (run by hand, not by pytest).

Tries many hostile inputs, generated here, and classifies each outcome:

* handled: a result (and, where the input is one, the right number), or a
  ``RelindexError`` (API), or exit status 2 with one line on stderr and no
  traceback (CLI);
* escape: a traceback or another exception, a hang (over 30 s), a wrong number with
  exit 0, or several lines of error; for the shapes of `costs` (which once cost more
  than linear time or memory), not finishing inside their budget.

Covers event files (both CSV engines), Parquet column types, outputs and their targets,
side files, API argument shapes, catalogue and data-table shapes (the quoted-newline id),
wrong numbers (score and weight columns near their bounds, zero weights), stdout
encodings and full or closed streams, growing shapes, and errors of the outside world.

    python tests/hostile_campaign.py [-v]

Prints the counts and every escape.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import relindex
import relindex.events
import relindex.goldstein
from relindex.cli import main
from relindex.errors import RelindexError

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"
RESULTS: list[tuple[str, str, str]] = []


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang


def record(name: str, ok: bool, why: str = "") -> None:
    RESULTS.append((name, "handled" if ok else "escape", why))


def cli(name: str, argv: list[str], expect: Callable[[int, str, str], bool] | None = None
        ) -> None:
    """Run main(argv) in process; handled when exit 0/1 or 2 with one clean error line."""
    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except _Hang:
        return record(name, False, "hang")
    except SystemExit as e:  # argparse usage errors
        code = int(e.code or 0)
        if code == 2:
            return record(name, True)
        return record(name, False, f"SystemExit {code}")
    except BaseException as e:
        return record(name, False, f"{type(e).__name__}: {e}"[:200])
    finally:
        signal.alarm(0)
    o, e = out.getvalue(), err.getvalue()
    if expect is not None and not expect(code, o, e):
        return record(name, False, f"unexpected outcome: exit {code}: {e.strip()[:160]}")
    if code == 2:
        lines = [ln for ln in e.splitlines() if ln.startswith("relindex: error:")]
        return record(name, len(lines) == 1 and "Traceback" not in e, e.strip()[:160])
    record(name, code in (0, 1), f"exit {code}")


def api(name: str, fn: Callable[[], Any], expect: Callable[[Any], bool] | None = None,
        error: bool | None = None) -> None:
    """Call fn; handled when it returns (as expected) or raises a RelindexError."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        value = fn()
    except _Hang:
        return record(name, False, "hang")
    except RelindexError as e:
        return record(name, error is not False, f"refused when it should work: {e}"[:200])
    except BaseException as e:
        return record(name, False, f"{type(e).__name__}: {e}"[:200])
    finally:
        signal.alarm(0)
    if error:
        return record(name, False, "accepted when it should be refused")
    record(name, expect is None or bool(expect(value)), "wrong value")


def proc(name: str, args: list[str], env: dict[str, str] | None = None, stdout: Any = None,
         shell_suffix: str = "", want: int | None = None) -> None:
    """Run the CLI in a subprocess (for streams and encodings)."""
    full = {**os.environ, "PYTHONPATH": str(HERE.parent / "src"), **(env or {})}
    cmd = [sys.executable, "-m", "relindex", *args]
    try:
        if shell_suffix:
            p = subprocess.run(" ".join(f'"{c}"' for c in cmd) + shell_suffix, shell=True,
                               stderr=subprocess.PIPE, text=True, errors="replace", env=full,
                               timeout=60)
        else:
            p = subprocess.run(cmd, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace", env=full, timeout=60)
    except subprocess.TimeoutExpired:
        return record(name, False, "hang")
    ok = "Traceback" not in p.stderr and (want is None or p.returncode == want)
    if p.returncode == 2:
        ok = ok and p.stderr.count("\n") == 1
    record(name, ok, f"exit {p.returncode}: {p.stderr.strip()[:160]}")


# --- inputs -------------------------------------------------------------------------------

HEADER = "date,source,target,code"
GOOD = ["20230105,CHN,RUS,010", "20230301,RUS,CHN,020", "2023-04-01,CHN,USA,190"]
BAD = ["20230105,CHN,RUS,010,extra", "20230105,CHN", "", "   ", '"2023\n0105",CHN,RUS,010',
       "2023-02-30,CHN,RUS,010", "\u00b2023-01-01,CHN,RUS,010", "20230105,,RUS,010",
       "20230105,CHN,RUS,999", '"20230105","CHN","RUS","010"', "20230105,CHN,CHN,010",
       "\x00,CHN,RUS,010", "20230105,CHN,RUS,\u0661\u0660", "0000-01-01,CHN,RUS,010",
       "99999999,CHN,RUS,010", "20230105,CHN,RUS,01O"]


def _both_engines(path: Path) -> list[Any]:
    """What each CSV engine makes of one event file: counts and malformed rows, or the error."""
    outs: list[Any] = []
    for engine in ("csv", "pyarrow"):
        try:
            t = relindex.events.aggregate(path, read_engine=engine)  # type: ignore[arg-type]
            outs.append((t["events"].tolist(), t.malformed, t.malformed_first))
        except RelindexError as e:
            outs.append(str(e))
        except BaseException as e:
            outs.append(f"ESCAPE {type(e).__name__}: {e}")
    return outs


def event_files(d: Path) -> None:
    rng = np.random.default_rng(2026)
    for i in range(60):
        lines = [str(rng.choice(GOOD)) if rng.random() < 0.5 else str(rng.choice(BAD))
                 for _ in range(int(rng.integers(1, 15)))]
        eol = str(rng.choice(["\n", "\r\n", "\r"]))
        text = ("\ufeff" if i % 7 == 0 else "") + HEADER + eol + eol.join(lines) + eol
        p = d / f"ev{i}.csv"
        p.write_bytes(text.encode("utf-8"))
        outs = _both_engines(p)
        ok = outs[0] == outs[1] and not any(isinstance(o, str) and o.startswith("ESCAPE")
                                            for o in outs)
        record(f"engines agree on fuzzed file {i}", ok, str(outs)[:200])
        cli(f"events fuzzed file {i}", ["events", str(p)])
        cli(f"events --strict fuzzed file {i}", ["events", str(p), "--strict"])
    (d / "latin1.csv").write_bytes((HEADER + "\n20230105,CH\xc9,RUS,010\n").encode("latin-1"))
    cli("events latin-1 file", ["events", str(d / "latin1.csv")])
    (d / "gz.csv").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(200))
    cli("events gzip bytes", ["events", str(d / "gz.csv")])
    (d / "empty.csv").write_bytes(b"")
    cli("events empty file", ["events", str(d / "empty.csv")])
    (d / "header.csv").write_text(HEADER + "\n")
    cli("events header only", ["events", str(d / "header.csv")])
    (d / "wide.csv").write_text(HEADER + "\n" + ("x" * 2_000_000) + ",CHN,RUS,010\n")
    cli("events 2 MB field", ["events", str(d / "wide.csv")])
    os.mkfifo(d / "fifo.csv")
    cli("events FIFO input", ["events", str(d / "fifo.csv")])
    cli("events directory input", ["events", str(d)])
    cli("events /dev/zero input", ["events", "/dev/zero"])


def parquet_files(d: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = {"date": pa.array([20230105, 20230106], pa.int32()),
            "source": pa.array(["CHN", "RUS"]), "target": pa.array(["RUS", "CHN"])}
    codes = {
        "int codes": (pa.array([10, 20], pa.int64()), "error"),
        "float codes": (pa.array([10.0, 20.0]), "error"),
        "list codes": (pa.array([["010"], ["020"]]), "error"),
        "struct codes": (pa.array([{"a": 1}, {"a": 2}]), "error"),
        "dict codes": (pa.array(["010", "020"]).dictionary_encode(), 3.0),
        "null codes": (pa.array(["010", None]), 0.0),
        "large string codes": (pa.array(["010", "020"], pa.large_string()), 3.0),
        "binary codes": (pa.array([b"010", b"020"]), "error"),
        "bool codes": (pa.array([True, False]), "any"),
    }
    for label, (arr, want) in codes.items():
        p = d / f"{label.replace(' ', '_')}.parquet"
        pq.write_table(pa.table({**base, "code": arr}), p)

        def check(t: Any, want: Any = want) -> bool:
            return want == "any" or list(t["goldstein_sum"]) == [want]

        api(f"parquet {label}", lambda p=p: relindex.events.aggregate(p),
            None if want == "error" else check, error=True if want == "error" else None)
        cli(f"events parquet {label}", ["events", str(p)])
    dates = {"date32": pa.array([19362, 19363], pa.date32()),
             "timestamp": pa.array([0, 10**9], pa.timestamp("s")),
             "tz timestamp": pa.array([0, 10**9], pa.timestamp("ms", tz="Asia/Tokyo")),
             "string dates": pa.array(["2023-01-05", "2023-02-30"]),
             "float dates": pa.array([20230105.0, float("nan")]),
             "null dates": pa.array([20230105, None], pa.int64()),
             "negative dates": pa.array([-20230105, 20230105], pa.int64())}
    for label, arr in dates.items():
        p = d / f"{label.replace(' ', '_')}.parquet"
        pq.write_table(pa.table({**base, "date": arr, "code": pa.array(["010", "020"])}), p)
        api(f"parquet {label}", lambda p=p: relindex.events.aggregate(p, period="month"),
            lambda t: sum(t["events"]) + sum(t.malformed.values()) == 2)
    (d / "corrupt.parquet").write_bytes(b"PAR1" + os.urandom(300) + b"PAR1")
    cli("events corrupt parquet", ["events", str(d / "corrupt.parquet")])
    (d / "trunc.parquet").write_bytes((d / "dict_codes.parquet").read_bytes()[:-20])
    cli("events truncated parquet", ["events", str(d / "trunc.parquet")])
    pq.write_table(pa.table({k: v.slice(0, 0) for k, v in {**base, "code":
                                                           pa.array(["010", "1"])}.items()}),
                   d / "zero.parquet")
    cli("events zero-row parquet", ["events", str(d / "zero.parquet")])


def outputs(d: Path) -> None:
    ev = d / "ok.csv"
    ev.write_text(HEADER + "\n" + "\n".join(GOOD) + "\n")
    (d / "real.csv").write_text("keep")
    (d / "link.csv").symlink_to(d / "real.csv")
    (d / "adir").mkdir()
    os.mkfifo(d / "out.fifo")
    targets = {"directory": d / "adir", "fifo": d / "out.fifo", "/dev/null": "/dev/null",
               "/dev/full": "/dev/full", "symlink": d / "link.csv",
               "under a file": ev / "x.csv", "/proc": "/proc/version", "empty": "",
               "nul": "a\x00b", "new folder": d / "new" / "deep" / "x.csv"}
    for label, t in targets.items():
        for opt in ("--out", "--table"):
            cli(f"events {opt} {label}", ["events", str(ev), opt, str(t)])
    cli("events -f parquet --out dir", ["events", str(ev), "-f", "parquet", "--out",
                                        str(d / "adir")])
    record("symlink target kept", (d / "real.csv").read_text() == "keep"
           and (d / "link.csv").is_symlink())
    record("no lock beside /dev/null", not Path("/dev/.null.lock").exists())


def side_files(d: Path) -> None:
    shapes = {
        "dotted 20000": "a" + ".a" * 20000 + " = 1\n",
        "deep arrays": "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "deep inline": "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
        "long key": "k" * 100_000 + " = 1\n",
        "5000 digits": "[weights]\ntrade = " + "1" * 5000 + "\n",
        "nan weight": "[weights]\ntrade = nan\n",
        "inf weight": "[weights]\ntrade = inf\n",
        "bool weight": "[weights]\ntrade = true\n",
        "string weight": '[weights]\ntrade = "2"\n',
        "negative weight": "[weights]\ntrade = -1\n",
        "zero group": "[weights]\ntrade = 0\nmilitary = 0\n",
        "unknown id": "[weights]\nnope = 1\n",
        "no table": "trade = 1\n",
        "array table": "[[weights]]\ntrade = 1\n",
        "not utf-8": b"[weights]\ntrade = 1 # \xff\n",
        "bom": "\ufeff[weights]\ntrade = 2\n",
        "nested weights": "[weights.trade]\nx = 1\n",
    }
    for label, text in shapes.items():
        p = d / f"w_{label.replace(' ', '_')}.toml"
        p.write_bytes(text if isinstance(text, bytes) else text.encode())
        cli(f"score --weights {label}", ["score", "--catalogue", str(MINI), "--weights", str(p)])
        cli(f"compare weights file {label}", ["compare", str(MINI), str(p)])
        cli(f"events --mapping {label}", ["events", str(d / "ok.csv"), "--mapping", str(p)])
    os.mkfifo(d / "w.toml")
    for argv in (["score", "--catalogue", str(MINI), "--weights", str(d / "w.toml")],
                 ["compare", str(MINI), str(d / "w.toml")],
                 ["events", str(d / "ok.csv"), "--mapping", str(d / "w.toml")],
                 ["score", "--catalogue", str(MINI), "--weights", "/dev/zero"],
                 ["events", str(d / "ok.csv"), "--mapping", "/dev/zero"]):
        cli("side file " + " ".join(argv[-2:]), argv)
    for w in ("trade=0", "trade=nan", "trade=inf", "trade=-1", "=1", "trade", "trade=",
              "nope=1", "trade=1e309", "trade=0x10", " trade = 2 "):
        cli(f"--weight {w!r}", ["score", "--catalogue", str(MINI), "--weight", w])
    cli("--weight zero group", ["score", "--catalogue", str(MINI), "--weight", "trade=0",
                                "--weight", "military=0"])
    maps = {"wrong delimiter": 'date = 0\nsource = 1\ntarget = 2\ncode = 3\nheader = false\n'
            'delimiter = ";"\n',
            "past field count": "date = 0\nsource = 1\ntarget = 2\ncode = 40\nheader = false\n",
            "negative column": "date = -1\nsource = 1\ntarget = 2\ncode = 3\nheader = false\n",
            "positions with header": "date = 0\nsource = 1\ntarget = 2\ncode = 3\n",
            "code width 9": 'date = "date"\nsource = "source"\ntarget = "target"\n'
            'code = "code"\ncode_width = 9\n',
            "unknown key": 'date = "date"\nsource = "s"\ntarget = "t"\ncode = "c"\nx = 1\n'}
    for label, text in maps.items():
        p = d / f"m_{label.replace(' ', '_')}.toml"
        p.write_text(text)
        cli(f"mapping {label}", ["events", str(d / "ok.csv"), "--mapping", str(p)])


def api_shapes(d: Path) -> None:
    agg, arr = relindex.events.aggregate, relindex.events.aggregate_arrays
    ev = d / "ok.csv"
    one = (np.array([0]), np.array([1]), np.array([24276]), np.array([0]))
    kw = {"actors": ["CHN", "RUS"], "codes": ["010"]}
    api("aggregate actors='CHN'", lambda: agg(ev, actors="CHN"), error=True)  # type: ignore[arg-type]
    api("aggregate actors=[1]", lambda: agg(ev, actors=[1]), error=True)  # type: ignore[list-item]
    api("aggregate actors=['CHN','RUS']", lambda: agg(ev, actors=["CHN", "RUS"]),
        lambda t: list(t["events"]) == [2])
    for k, v in {"chunk_rows": 0, "period": "week", "dyads": "x", "scale": "x",
                 "engine": "x", "read_engine": "x", "mapping": 3}.items():
        api(f"aggregate {k}={v!r}", lambda k=k, v=v: agg(ev, **{k: v}), error=True)
    api("aggregate chunk_rows=True", lambda: agg(ev, chunk_rows=True), error=True)
    api("aggregate [] files", lambda: agg([]), error=True)
    api("aggregate_arrays period=-5", lambda: arr(*one[:2], np.array([-5]), one[3], **kw),
        error=True)
    api("aggregate_arrays period float", lambda: arr(*one[:2], np.array([2.5]), one[3], **kw),
        error=True)
    api("aggregate_arrays code -1", lambda: arr(*one[:3], np.array([-1]), **kw), error=True)
    api("aggregate_arrays code 7", lambda: arr(*one[:3], np.array([7]), **kw), error=True)
    api("aggregate_arrays lengths", lambda: arr(one[0], np.array([1, 0]), *one[2:], **kw),
        error=True)
    api("aggregate_arrays actors str", lambda: arr(*one, actors="CR", codes=["010"]),
        error=True)
    api("aggregate_arrays codes str", lambda: arr(*one, actors=["C", "R"], codes="010"),
        error=True)
    api("aggregate_arrays int16", lambda: arr(*(a.astype(np.int32) for a in one), **kw),
        lambda t: list(t["events"]) == [1])
    r = relindex.score(str(MINI))
    api("Result.period(np.int64)", lambda: r.period(np.int64(2023)))
    api("Result.period('2023')", lambda: r.period("2023"), error=True)  # type: ignore[arg-type]
    api("Result.period(1999)", lambda: r.period(1999), error=True)
    api("PeriodResult.dimension('x')", lambda: r.period(2023).dimension("x"), error=True)
    ds = relindex.load(str(MINI))
    api("Dataset.find unknown source", lambda: ds.find("nope", "q"), error=True)
    api("compare weights='abc'", lambda: relindex.compare(str(MINI), weights="abc"),  # type: ignore[arg-type]
        error=True)
    api("compare weights bool", lambda: relindex.compare(str(MINI), weights={"trade": True}),
        error=True)
    api("compare weights zero group", lambda: relindex.compare(
        str(MINI), weights={"trade": 0, "military": 0}), error=True)
    api("compare weights np.float64", lambda: relindex.compare(
        str(MINI), weights={"trade": np.float64(2)}))
    import operator

    def change_table() -> None:
        try:
            operator.setitem(relindex.goldstein.goldstein_table(), "062", 0)  # type: ignore[arg-type]
        except TypeError:
            raise RelindexError("read-only") from None

    api("goldstein table read-only", change_table, error=True)


def catalogue_shapes(d: Path) -> None:
    edits = {"dotted key": ("[catalogue]", "a" + ".a" * 20000 + " = 1\n[catalogue]"),
             "deep array": ("[catalogue]", "x = " + "[" * 3000 + "]" * 3000 + "\n[catalogue]"),
             "5000 digits": ("weight = 2", "weight = " + "1" * 5000),
             "zero top weights": ("weight = 2", "weight = 0"),
             "nan weight": ("weight = 2", "weight = nan")}
    for label, (old, new) in edits.items():
        folder = d / f"cat_{label.replace(' ', '_')}"
        shutil.copytree(MINI, folder)
        p = folder / "indicators.toml"
        p.write_text(p.read_text().replace(old, new, 1))
        cli(f"catalogue {label}", ["score", "--catalogue", str(folder)])


def streams(d: Path) -> None:
    ev = d / "ok.csv"
    for enc in ("ascii", "latin-1", "cp1252"):
        for args in (["score"], ["explain"], ["compare", str(MINI), "--weight", "trade=2"],
                     ["evidence"]):
            proc(f"PYTHONIOENCODING={enc} {args[0]}", args, env={"PYTHONIOENCODING": enc},
                 want=0)
    for args in (["score"], ["score", "-f", "json"], ["evidence", "-f", "csv"],
                 ["events", str(ev)], ["events", str(ev), "-f", "json"]):
        with open("/dev/full", "w") as full:
            proc(f"/dev/full {' '.join(args[:3])}", args, stdout=full, want=2)
        proc(f"closed stdout {' '.join(args[:3])}", args, shell_suffix=" >&-", want=2)
    proc("sensitivity --seed -1", ["sensitivity", "--seed", "-1", "-n", "8"])


# --- classes added in the third round: numbers, tables, outputs, cost, outside world -----

def _rows(d: Path, name: str, header: str, rows: list[str]) -> Path:
    p = d / name
    p.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def wrong_numbers(d: Path) -> None:
    """Sums that could overflow or drop a sign: refused, or the exact number."""
    header = "date,source,target,code,score,w"
    scale_map = d / "score_map.toml"
    scale_map.write_text('date = "date"\nsource = "source"\ntarget = "target"\ncode = "code"\n'
                         'score = "score"\nweight = "w"\n')
    for label, score in {"1e20": "1e20", "-1e20": "-1e20", "1e308": "1e308", "nan": "nan",
                         "inf": "inf", "10": "10", "-10.5": "-10.5", "11": "11",
                         "tiny": "1e-300", "text": "high"}.items():
        p = _rows(d, f"score_{label}.csv", header, [f"20230105,CHN,RUS,010,{score},1"] * 3)

        def exact(code: int, out: str, err: str, score: str = score) -> bool:
            """Exit 2, or the rows refused as malformed, or the sum 3 x score.

            Scores are summed in integer thousandths of a point (docs/events.md).
            """
            lines = out.splitlines()
            if code != 0 or len(lines) < 2:
                return code == 2 or (code == 0 and "malformed" in err)
            row = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
            return abs(float(row["goldstein_sum"]) - 3 * float(score)) <= 3 * 0.0005

        cli(f"events --scale column score {label}", ["events", str(p), "--mapping",
                                                      str(scale_map), "--scale", "column"],
            exact)
    for label, w in {"2^40": str(2**40), "2^40+1": str(2**40 + 1), "2^62": str(2**62),
                     "-1": "-1", "1.5": "1.5", "0": "0", "huge": "9" * 40, "text": "x"}.items():
        p = _rows(d, f"w_{label.replace('^', '')}.csv", header,
                  [f"20230105,CHN,RUS,010,0,{w}", f"20230106,CHN,RUS,190,0,{w}"])
        cli(f"events --weight {label}", ["events", str(p), "--mapping", str(scale_map)],
            lambda code, out, err: code in (0, 2) and "-" not in out.split("\n", 2)[-1][:1])
    cs = d / "csv_extra.csv"
    cs.write_text("date,source,target,code\n20230105,CHN,RUS,010,extra\n"
                  "20230105,CHN,RUS,010\n\"2023\n0105\",CHN,RUS,010\n")
    outs = _both_engines(cs)
    record("engines agree on a quoted newline and an extra field", outs[0] == outs[1],
           str(outs)[:200])
    for w in (["trade=0", "military=0"], ["trade=1e-320"], ["trade=1e300", "military=1e300"]):
        opts = [a for x in w for a in ("--weight", x)]
        cli(f"--weight {' '.join(w)}", ["score", "--catalogue", str(MINI), *opts])
        cli(f"compare --weight {' '.join(w)}", ["compare", str(MINI), *opts])


def _table_catalogue(d: Path, name: str, table: bytes) -> Path:
    folder = d / name
    shutil.copytree(MINI, folder)
    toml = folder / "indicators.toml"
    toml.write_text(toml.read_text().replace(
        'evidence = ["evidence.toml"]',
        'evidence = ["evidence.toml"]\ntables = [{file = "t.csv", citation = "a table"}]'))
    (folder / "t.csv").write_bytes(table)
    return folder


def table_shapes(d: Path) -> None:
    """Id and row shapes of a data table: the quoted-newline id bypass and its cousins."""
    head = b"id,indicator,period,value,unit\n"
    ok = b"t-1,share,2021,10,%\n"
    shapes = {
        "quoted newline id": b'"t-1\nfake-row",share,2021,10,%\n',
        "quoted CR id": b'"t-1\rx",share,2021,10,%\n',
        "NUL id": b"t\x00,share,2021,10,%\n",
        "id with slash": b"a/b,share,2021,10,%\n",
        "id dot dot": b"..,share,2021,10,%\n",
        "long id": b"x" * 5000 + b",share,2021,10,%\n",
        "duplicate id": ok + ok,
        "id of the ledger": b"vol-2021,share,2021,10,%\n",
        "NFD id": "e\u0301,share,2021,10,%\n".encode(),
        "superscript period": "t-1,share,\u00b22021,10,%\n".encode(),
        "period 2023-02-30": b"t-1,share,2023-02-30,10,%\n",
        "value nan": b"t-1,share,2021,nan,%\n",
        "value 1e400": b"t-1,share,2021,1e400,%\n",
        "unknown indicator": b"t-1,nope,2021,10,%\n",
        "bom crlf": b"\xef\xbb\xbf" + head.replace(b"\n", b"\r\n") + ok.replace(b"\n", b"\r\n"),
        "latin-1": b"t-1,share,2021,10,\xb0\n",
        "gzip": b"\x1f\x8b\x08\x00" + bytes(range(200)),
        "empty": b"",
        "header only": head,
    }
    for label, body in shapes.items():
        table = body if label in ("bom crlf", "gzip", "empty", "header only") else head + body
        folder = _table_catalogue(d, "tab_" + label.replace(" ", "_"), table)
        cli(f"table {label}: score", ["score", "--catalogue", str(folder), "--all-periods"])
        cli(f"table {label}: evidence csv", ["evidence", "--catalogue", str(folder), "-f",
                                             "csv"],
            lambda code, out, err: code != 0 or out.count("\n") == len(out.splitlines()))


def more_outputs(d: Path) -> None:
    """Writers other than events: plot --out and extract --append."""
    (d / "keep.txt").write_text("keep")
    (d / "plink.svg").symlink_to(d / "keep.txt")
    (d / "pdir").mkdir(exist_ok=True)
    os.mkfifo(d / "plot.fifo")
    targets = {"directory": d / "pdir", "fifo": d / "plot.fifo", "/dev/full": "/dev/full",
               "symlink": d / "plink.svg", "under a file": d / "keep.txt" / "x.svg",
               "/proc": "/proc/version", "no suffix": d / "chart", "bad suffix": d / "c.exe"}
    for label, t in targets.items():
        cli(f"plot --out {label}", ["plot", "--catalogue", str(MINI), "--out", str(t)])
    record("plot kept the symlink's target", (d / "keep.txt").read_text() == "keep")
    doc = d / "doc.txt"
    doc.write_text("China and Russia held joint naval exercises in 2023, with 3,000 troops.\n")
    big = d / "big_ledger.toml"
    big.write_text("# a ledger near the limit\n" + "#" * 2_000_000 + "\n")
    cli("extract --append past --max-bytes", ["extract", str(doc), "--append", str(big),
                                              "--max-bytes", "2000000"])
    for label, t in {"directory": d / "pdir", "/dev/null": "/dev/null", "fifo":
                     d / "plot.fifo", "under a file": d / "keep.txt" / "l.toml"}.items():
        cli(f"extract --append {label}", ["extract", str(doc), "--append", str(t)])
    for src in ("directory", "fifo", "/dev/zero", "binary", "latin-1", "missing"):
        p = {"directory": d / "pdir", "fifo": d / "plot.fifo", "/dev/zero": Path("/dev/zero"),
             "binary": d / "bin.txt", "latin-1": d / "l1.txt", "missing": d / "nope.txt"}[src]
        if src == "binary":
            p.write_bytes(bytes(range(256)) * 10)
        if src == "latin-1":
            p.write_bytes("caf\xe9 2023 3,000 troops".encode("latin-1"))
        cli(f"extract input {src}", ["extract", str(p)])


def _timed(name: str, fn: Callable[[], Any], budget: int = 30) -> None:
    """Handled when `fn` finishes (any RelindexError counts) within `budget` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            fn()
    except _Hang:
        return record(name, False, f"over {budget} s")
    except (RelindexError, SystemExit):
        pass
    except BaseException as e:
        return record(name, False, f"{type(e).__name__}: {e}"[:200])
    finally:
        signal.alarm(0)
    record(name, True)


def costs(d: Path) -> None:
    """Shapes that once cost more than linear: each must finish well inside 30 s."""
    import dataclasses

    sys.path.insert(0, str(HERE))
    import relindex.plot
    from _shapes import quoted_catalogue, wide_catalogue
    from relindex.extract import extract
    from relindex.extract.lexicon import load_lexicon
    from relindex.uncited import relevant_sentences, uncited

    w300 = wide_catalogue(d / "w300", 300)
    _timed("sensitivity -n 8, 300 dimensions", lambda: main(
        ["sensitivity", "--catalogue", str(w300), "-n", "8"]))
    w2000 = wide_catalogue(d / "w2000", 2000, entities=1)
    _timed("score 2,000 dimensions", lambda: main(["score", "--catalogue", str(w2000)]))
    _timed("check 2,000 indicators", lambda: main(["check", "--catalogue", str(w2000)]))
    _timed("plot contributions, 2,000 bars", lambda: relindex.plot.to_svg(
        relindex.plot.contributions(relindex.score(str(w2000)), period=2001)))
    long = wide_catalogue(d / "long", 20, entities=500, periods=5)
    for argv in (["explain", "--all-entities", "--all-periods", "-f", "json"],
                 ["explain", "--all-entities", "--all-periods", "-f", "csv"],
                 ["evidence", "-f", "csv"], ["evidence", "-f", "json"]):
        # the indented JSON encoder writes ~1.5 MB/s here: linear, and slow
        _timed(f"{' '.join(argv)} on 50,000 rows", lambda argv=argv: main(
            [*argv, "--catalogue", str(long)]), budget=90 if "json" in argv else 30)
    _timed("coverage of 600 kB of '1. '", lambda: relevant_sentences("1. " * 200_000))
    _timed("extract 2 MB of newlines", lambda: extract("\n" * 2_000_000))
    _timed("uncited with 200,000 cited spans", lambda: uncited(
        "Trade fell 5% in 2020. " * 2000, [(k, k + 1) for k in range(0, 400_000, 2)], []))
    lex = load_lexicon()
    big = dataclasses.replace(lex, qualifiers={**lex.qualifiers,
                                               **{f"q{k} w": "about" for k in range(20_000)}})
    text = " ".join(f"In {1900 + k % 120} trade rose over ${k} billion with {k} troops."
                    for k in range(4000))
    _timed("extract with 20,000 qualifiers", lambda: extract(text, lexicon=big))
    q = quoted_catalogue(d / "one", "It is 1. " + "a " * 1_000_000 + "\n", "a")
    _timed("load a 1-character quote in 2 MB", lambda: relindex.load(str(q), max_bytes=10**8))
    _timed("coverage, a 1-character quote in 2 MB", lambda: main(
        ["coverage", "--catalogue", str(q), "--max-bytes", str(10**8)]))
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 200_000
    pq.write_table(pa.table({"date": pa.array(np.full(n, 20230105, np.int32)),
                             "source": pa.array([f"A{k}" for k in range(n)]),
                             "target": pa.array([f"B{k}" for k in range(n)]),
                             "code": pa.array(["010"] * n)}), d / "actors.parquet")
    _timed("events, 200,000 distinct dyads", lambda: main(
        ["events", str(d / "actors.parquet"), "--out", str(d / "actors.csv")]), budget=60)


def outside_world(d: Path) -> None:
    """Errors of the world outside relindex: one line, exit 2, never a traceback."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = {"date": pa.array([20230105, 20230106], pa.int32()),
            "source": pa.array(["CHN", "RUS"]), "target": pa.array(["RUS", "CHN"]),
            "code": pa.array(["010", "020"])}
    for col, arr in {"source": pa.array([["CHN"], ["RUS"]]),
                     "target": pa.array([{"a": 1}, {"a": 2}]),
                     "date": pa.array([["2023"], ["2023"]]),
                     "source ints": pa.array([1, 2])}.items():
        p = d / f"world_{col.replace(' ', '_')}.parquet"
        pq.write_table(pa.table({**base, col.split()[0]: arr}), p)
        cli(f"events parquet {col} column of another type", ["events", str(p)])
    _rows(d, "sup.csv", HEADER, ["\u00b92023-01-05,CHN,RUS,010", "2023-01-05,CHN,RUS,010"])
    cli("events superscript date", ["events", str(d / "sup.csv")],
        lambda code, out, err: code in (0, 2))
    import gzip

    (d / "export.csv").write_bytes(gzip.compress((HEADER + "\n" + "\n".join(GOOD)).encode()))
    cli("events gzipped export", ["events", str(d / "export.csv")])
    cli("events --engine dask bad scheduler", ["events", str(d / "sup.csv"), "--engine", "dask",
                                                "--scheduler", "tcp://127.0.0.1:1"])
    for label, edit in {"dirichlet 1e-300": "dirichlet_concentration = 1e-300",
                        "dirichlet -1": "dirichlet_concentration = -1",
                        "samples 3": "samples = 3"}.items():
        folder = d / f"unc_{label.replace(' ', '_')}"
        shutil.copytree(MINI, folder)
        p = folder / "indicators.toml"
        p.write_text(p.read_text() + f"\n[uncertainty]\n{edit}\n")
        cli(f"catalogue uncertainty {label}", ["sensitivity", "--catalogue", str(folder),
                                               "-n", "8"])
    for label, body in {"deep": "x = " + "[" * 5000 + "]" * 5000, "dotted": "a" + ".a" * 20000
                        + " = 1", "not toml": "[[[", "bad type": "[events]\nx = 1\n"}.items():
        p = d / f"lex_{label.replace(' ', '_')}.toml"
        p.write_text(body + "\n")
        cli(f"extract --lexicon {label}", ["extract", str(d / "doc.txt"), "--lexicon", str(p)])
    for p in ("/dev/zero", str(d / "plot.fifo"), str(d / "pdir")):
        cli(f"extract --lexicon {p.rsplit('/', 1)[-1]}", ["extract", str(d / "doc.txt"),
                                                          "--lexicon", p])
    for enc in ("ascii", "latin-1"):
        for args in (["sensitivity", "-n", "8"], ["check"], ["coverage"],
                     ["extract", str(d / "doc.txt")], ["explain", "-f", "csv"]):
            proc(f"PYTHONIOENCODING={enc} {args[0]}", args, env={"PYTHONIOENCODING": enc})
    for args in (["explain", "-f", "json"], ["evidence"], ["coverage", "-f", "json"],
                 ["check", "-f", "json"]):
        with open("/dev/full", "w") as full:
            proc(f"/dev/full {' '.join(args)}", args, stdout=full, want=2)


def main_campaign() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        event_files(d)
        parquet_files(d)
        outputs(d)
        side_files(d)
        api_shapes(d)
        catalogue_shapes(d)
        streams(d)
        wrong_numbers(d)
        table_shapes(d)
        more_outputs(d)
        costs(d)
        outside_world(d)
    escapes = [r for r in RESULTS if r[1] == "escape"]
    print(f"inputs tried: {len(RESULTS)}, handled: {len(RESULTS) - len(escapes)}, "
          f"escapes: {len(escapes)}")
    for name, _, why in escapes:
        print(f"ESCAPE {name}: {why}")
    if "-v" in sys.argv:
        for name, kind, why in RESULTS:
            print(f"{kind:8} {name}: {why[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main_campaign())

"""The console script, run as a real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _util import edit

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


def cli(*args, cwd=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "relindex", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_score_json_shape():
    """score --format json has the documented keys, and contributions add up."""
    out = cli("score", "-c", str(MINI), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"period", "index", "cooperation", "friction", "dimensions"} <= set(data)
    total = 0.0
    for d in data["dimensions"]:
        assert {"id", "name", "polarity", "score", "weight", "coverage", "contribution",
                "indicators"} <= set(d)
        for i in d["indicators"]:
            assert {"id", "raw", "normalized", "weight", "contribution", "carried",
                    "evidence"} <= set(i)
        total += d["contribution"] or 0.0
    assert total == pytest.approx(data["index"], abs=1e-12)


def test_score_all_periods_oldest_first():
    """--all-periods prints a list, oldest first."""
    data = json.loads(cli("score", "-c", str(MINI), "-f", "json", "--all-periods").stdout)
    assert [p["period"] for p in data] == [2021, 2022, 2023]


def test_score_unknown_period_exits_2():
    """A period outside the scored span is a usage error, exit 2."""
    out = cli("score", "-c", str(MINI), "--period", "1990")
    assert out.returncode == 2 and "--period" in out.stderr and "Traceback" not in out.stderr


def test_evidence_json_shape():
    """evidence --format json lists every record with quote, span, value, period."""
    data = json.loads(cli("evidence", "-c", str(MINI), "-f", "json").stdout)
    assert len(data) == 10
    rec = next(r for r in data if r["id"] == "vol-2021")
    assert {"id", "indicator", "source", "quote", "span", "value", "unit", "period"} <= set(rec)
    text = (MINI / "doc.txt").read_text()
    assert text[rec["span"][0]:rec["span"][1]] == rec["quote"]


def test_explain_shows_quotes_and_reconciliation():
    """explain goes down to the quotes and shows the reconciled alternatives."""
    out = cli("explain", "-c", str(MINI), "--period", "2022")
    assert out.returncode == 0
    assert "In 2022 it rose to $150 billion." in out.stdout
    assert "alternative to vol-2022-a (not used)" in out.stdout


def test_verify_passes_and_fails(mini):
    """verify exits 0 when every quote is found and 1, naming the record, when one is not."""
    assert cli("verify", "-c", str(mini)).returncode == 0
    edit(mini / "doc.txt", "$150 billion", "$151 billion")
    out = cli("verify", "-c", str(mini))
    assert out.returncode == 1 and "vol-2022-a" in out.stdout


def test_bad_input_exits_2_without_traceback(mini):
    """A bad catalogue prints the library's message and exits 2."""
    edit(mini / "indicators.toml", "weight = 2", "weight = -2")
    out = cli("score", "-c", str(mini))
    assert out.returncode == 2
    assert "indicators.toml" in out.stderr and "dimensions.trade.weight" in out.stderr
    assert "Traceback" not in out.stderr


def test_shipped_catalogue_from_another_directory(tmp_path):
    """With no --catalogue, the shipped Russia-China dataset scores from any directory."""
    out = cli("score", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert -1 <= data["index"] <= 1
    total = sum(d["contribution"] or 0.0 for d in data["dimensions"])
    assert total == pytest.approx(data["index"], abs=1e-12)


def test_score_does_not_import_scipy_or_pandas():
    """relindex score starts without importing scipy or pandas."""
    code = ("import sys, relindex.cli as c; c.main(['score', '-c', %r]); "
            "print(sorted(m for m in ('scipy', 'pandas', 'matplotlib') if m in sys.modules))"
            % str(MINI))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"

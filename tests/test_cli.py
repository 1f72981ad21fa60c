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
    """Score --format json has the documented keys, and contributions add up."""
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
    """Evidence --format json lists every record with quote, span, value, period."""
    data = json.loads(cli("evidence", "-c", str(MINI), "-f", "json").stdout)
    assert len(data) == 10
    rec = next(r for r in data if r["id"] == "vol-2021")
    assert {"id", "indicator", "source", "quote", "span", "value", "unit", "period"} <= set(rec)
    text = (MINI / "doc.txt").read_text()
    assert text[rec["span"][0]:rec["span"][1]] == rec["quote"]


def test_explain_shows_quotes_and_reconciliation():
    """Explain goes down to the quotes and shows the reconciled alternatives."""
    out = cli("explain", "-c", str(MINI), "--period", "2022")
    assert out.returncode == 0
    assert "In 2022 it rose to $150 billion." in out.stdout
    assert "alternative to vol-2022-a (not used)" in out.stdout


def test_verify_passes_and_fails(mini):
    """Verify exits 0 when every quote is found and 1, naming the record, when one is not."""
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
    """Relindex score starts without importing scipy or pandas."""
    code = (f"import sys, relindex.cli as c; c.main(['score', '-c', {str(MINI)!r}]); "
            "print(sorted(m for m in ('scipy', 'pandas', 'matplotlib') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_coverage_of_the_shipped_ledger_is_complete():
    """Coverage finds no relevant sentence of the five documents uncited."""
    out = cli("coverage", "-f", "json")
    assert out.returncode == 0, out.stdout[-2000:]
    data = json.loads(out.stdout)
    assert data["complete"] and data["n_uncited"] == 0
    assert len(data["sources"]) == 5


def test_coverage_reports_an_uncited_sentence(mini):
    """A sentence with a number and no evidence is listed, and the exit status is 1."""
    with (mini / "doc.txt").open("a", encoding="utf-8") as fh:
        fh.write("In 2024 trade fell by 12 per cent.\n")
    out = cli("coverage", "-c", str(mini))
    assert out.returncode == 1 and "In 2024 trade fell by 12 per cent." in out.stdout


def test_explain_shows_reconciled_2023_trade():
    """Explain shows the 2023 trade value used, with its alternatives and bounds."""
    data = json.loads(cli("explain", "--period", "2023", "-f", "json").stdout)
    facts = {f["fact"]: f for f in data["periods"][0]["facts"]}
    trade = facts["trade-2023"]
    assert trade["value"] == 240
    roles = [a["role"] for a in trade["alternatives"]]
    assert "used" in roles and any(r.startswith("lower bound") for r in roles)
    assert any(a["value"] == 218 and a["qualifier"] == "over" for a in trade["alternatives"])


def test_extract_json_quotes_are_exact_spans(tmp_path):
    """Extract --format json proposes candidates whose quote is the exact span."""
    doc = tmp_path / "new.txt"
    text = "In March 2024 Aland and Borduria held a joint naval exercise. Trade hit $12.5 billion."
    doc.write_text(text, encoding="utf-8")
    data = json.loads(cli("extract", str(doc), "-f", "json").stdout)
    assert data, "no candidates"
    for c in data:
        assert text[c["span"][0]:c["span"][1]] == c["quote"]
    assert any(c["kind"] == "money" and c["value"] == 12.5 for c in data)


def test_extract_recall_on_the_five_documents():
    """The extractor proposes at least 90% of the ledger's numeric facts."""
    data = json.loads(cli("extract", "--recall", "-f", "json").stdout)
    assert data["recall"] >= 0.9


def test_extract_append_keeps_existing_records(tmp_path):
    """Appending candidates to a ledger keeps its other records byte for byte."""
    ledger = tmp_path / "evidence.toml"
    original = (MINI / "evidence.toml").read_bytes()
    ledger.write_bytes(original)
    doc = tmp_path / "new.txt"
    doc.write_text("Trade reached $12 billion in 2024.", encoding="utf-8")
    out = cli("extract", str(doc), "--append", str(ledger))
    assert out.returncode == 0, out.stderr
    after = ledger.read_bytes()
    assert after.startswith(original) and b"cand-0001" in after


def test_sensitivity_json_identical_on_second_run():
    """Sensitivity --seed 1 --format json is identical run to run and covers every period."""
    a = cli("sensitivity", "--seed", "1", "--samples", "128", "-f", "json")
    b = cli("sensitivity", "--seed", "1", "--samples", "128", "-f", "json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert {"periods", "sobol", "samples", "seed"} <= set(data)
    assert data["samples"] == 128 and data["seed"] == 1
    for p in data["periods"]:
        assert {"period", "index", "cooperation", "friction"} <= set(p)
        assert {"median", "p05", "p95", "p_positive"} <= set(p["index"])
    assert all({"input", "first_order", "total_order", "first_order_ci", "total_order_ci"}
               <= set(s) for s in data["sobol"])


def test_score_uncertainty_shows_interval():
    """Score --uncertainty prints the 5-95% interval beside the point value."""
    out = cli("score", "--uncertainty", "--seed", "1", "--samples", "64")
    assert out.returncode == 0, out.stderr
    assert "P(index > 0)" in out.stdout and "[" in out.stdout.splitlines()[2]

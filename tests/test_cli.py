"""The command line, in process (relindex.cli.main with captured streams).

A few smoke tests run the real console script (cli_process): a traceback-free error,
the shipped catalogue from another folder, and the imports of a start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _util import cli, cli_process, edit

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


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
    out = cli_process("score", "-c", str(mini))
    assert out.returncode == 2
    assert "indicators.toml" in out.stderr and "dimensions.trade.weight" in out.stderr
    assert "Traceback" not in out.stderr


def test_shipped_catalogue_from_another_directory(tmp_path):
    """With no --catalogue, the shipped Russia-China dataset scores from any directory."""
    out = cli_process("score", "--format", "json", cwd=tmp_path)
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
    assert len(data["sources"]) == 20  # five documents and fifteen excerpts of public reports


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
    assert trade["value"] == 240.11  # China's customs, best graded; the documents say 240
    roles = [a["role"] for a in trade["alternatives"]]
    assert "used" in roles and any(r.startswith("lower bound") for r in roles)
    assert any(a["value"] == 218 and a["qualifier"] == "over" for a in trade["alternatives"])
    assert any(a["value"] == 240 for a in trade["alternatives"])


def test_explain_shows_the_official_2021_trade_beside_the_documents():
    """Where a document disagrees with the customs figure, explain shows both, by fact id."""
    data = json.loads(cli("explain", "--period", "2021", "-f", "json").stdout)
    facts = {f["fact"]: f for f in data["periods"][0]["facts"]}
    trade = facts["trade-2021"]
    assert trade["value"] == 146.887
    values = {a["value"] for a in trade["alternatives"]}
    assert {146.887, 130.1} <= values


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


@pytest.mark.slow  # two Monte Carlo runs
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


# --------------------------------------------------------------------------- the analyst's desk

DYADS = Path(__file__).parent / "fixtures" / "dyads"


def parse_csv(text):
    """Rows of a CSV output as dicts."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def test_score_quiet_by_default_and_verbose_on_stderr():
    """The shipped dataset scores with no note on stdout; -v prints the declared ones on stderr."""
    out = cli("score")
    assert out.returncode == 0, out.stderr
    assert "note:" not in out.stdout and out.stderr == ""
    loud = cli("score", "-v")
    assert "normalised to 1" in loud.stderr and "note:" not in loud.stdout
    lines = [line for line in loud.stderr.splitlines() if "note:" in line]
    assert len(lines) == len(set(lines)), "a note printed twice"


def test_score_says_why_values_are_missing_and_ends_with_a_legend():
    """Every missing index has a reason; carried and low-coverage periods are marked."""
    out = cli("score", "--all-periods")
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line for line in out.stdout.splitlines()
            if line[:4].isdigit()}
    import relindex

    result = relindex.score()
    assert any("few_sources" in p.flags for p in result.periods)
    for p in result.periods:
        row = rows[str(p.period)]
        if p.index is None:
            assert "no friction evidence" in row or "no cooperation evidence" in row, row
        elif "below_coverage" in p.flags:
            assert "coverage" in row and "< 0.5" in row, row
        if "few_sources" in p.flags:
            assert "few sources" in row, row
        if p.index is not None and "carried" in p.flags:
            assert "carried" in row, row
    legend = out.stdout[out.stdout.index("Legend:"):]
    assert "0 means" in legend and "coverage" in legend and "data =" in legend
    one = cli("score", "--period", "2024").stdout
    assert "carried" in one and "2023" in one and "Legend:" in one


def test_explain_lists_only_the_periods_excluded_records():
    """Explain --period 2023 lists the records excluded for 2023, not those of 2008 or 2013."""
    out = cli("explain", "--period", "2023")
    assert out.returncode == 0, out.stderr
    tail = out.stdout[out.stdout.index("Records that do not count"):]
    assert "pd-trade-growth-jan-nov-2023" in tail
    assert "et-border-settlement-2008" not in tail and "ca-usd-share-2013" not in tail
    assert "grade = " in tail
    js = json.loads(cli("explain", "--period", "2023", "-f", "json").stdout)
    ids = {e["id"] for e in js["excluded"]}
    assert "pd-trade-growth-jan-nov-2023" in ids and "et-trade-2002" not in ids


def test_verify_summarises_repeated_passages_in_one_line():
    """Verify notes repeated passages on stderr in one line; -v lists them there, relative."""
    out = cli("verify")
    assert out.returncode == 0
    assert len(out.stdout.splitlines()) == 1 and "quotes found" in out.stdout
    assert "more than once" in out.stderr and "more than once" not in out.stdout
    loud = cli("verify", "-v")
    assert loud.stdout == out.stdout
    repeated = [line for line in loud.stderr.splitlines() if "note: repeated" in line]
    assert repeated and "site-packages" not in loud.stderr
    assert all(" in seeds/" in line for line in repeated)


def test_weight_agrees_with_the_python_api():
    """Score --weight and --weights score through the core, as relindex.compare does."""
    import relindex
    from relindex.compare import compare, with_weights
    from relindex.export import score_with_weights

    js = json.loads(cli("score", "--weight", "trade_volume=3", "--all-periods",
                        "-f", "json").stdout)
    model = with_weights(relindex.build_model(relindex.load()), {"trade_volume": 3})
    expect = relindex.score(model)
    for d in js:
        assert d["index"] == expect.period(d["period"]).index
    assert js[-1]["index"] == pytest.approx(
        score_with_weights(None, {"trade_volume": 3}, period=2024), abs=1e-12)
    rows = {r["period"]: r for r in compare(None, weights={"trade_volume": 3}).to_records()}
    assert rows[2024]["index_b"] == pytest.approx(js[-1]["index"], abs=1e-12)


def test_weights_file_and_bad_weights(tmp_path):
    """--weights FILE reads a [weights] table; unknown ids and bad numbers exit 2."""
    f = tmp_path / "w.toml"
    f.write_text('[weights]\ntrade = 3\n', encoding="utf-8")
    a = json.loads(cli("score", "-c", str(MINI), "--weights", str(f), "-f", "json").stdout)
    b = json.loads(cli("score", "-c", str(MINI), "--weight", "trade=3", "-f", "json").stdout)
    assert a["index"] == b["index"]
    for bad in (("--weight", "nope=1"), ("--weight", "trade=-1"), ("--weight", "trade"),
                ("--weights", str(tmp_path / "missing.toml"))):
        out = cli("score", "-c", str(MINI), *bad)
        assert out.returncode == 2 and "Traceback" not in out.stderr, bad
    typo = tmp_path / "typo.toml"
    typo.write_text('nme = "x"\n[weights]\ntrade = 2\n', encoding="utf-8")
    for cmd in (("score", "-c", str(MINI), "--weights", str(typo)), ("compare", str(typo))):
        out = cli(*cmd)
        assert out.returncode == 2 and len(out.stderr.splitlines()) == 1, out.stderr
        assert "typo.toml: nme " in out.stderr and "Fix:" in out.stderr


def test_compare_text_json_csv_agree_with_python(tmp_path):
    """Relindex compare prints both indices, the difference and ranks, as compare() computes."""
    from relindex.compare import COLUMNS, compare

    f = tmp_path / "w.toml"
    f.write_text('name = "trade first"\n[weights]\ntrade = 5\n', encoding="utf-8")
    expect = compare(str(DYADS), weights={"trade": 5}).to_records()
    js = json.loads(cli("compare", str(DYADS), str(f), "-f", "json").stdout)
    assert js["rows"] == json.loads(json.dumps(expect))
    table = parse_csv(cli("compare", str(DYADS), "--weight", "trade=5", "-f", "csv").stdout)
    assert list(table[0]) == list(COLUMNS) and len(table) == len(expect)
    for got, want in zip(table, expect, strict=True):
        assert float(got["difference"]) == pytest.approx(want["difference"])
        assert int(got["rank_change"]) == want["rank_change"]
    text = cli("compare", str(DYADS), str(f), "--period", "2022")
    assert text.returncode == 0 and "trade first" in text.stdout
    assert "US-CN" in text.stdout and "Legend:" in text.stdout
    two = json.loads(cli("compare", str(DYADS), str(DYADS), "-f", "json").stdout)
    assert all(r["difference"] == 0 for r in two["rows"])
    assert cli("compare").returncode == 2


def test_csv_outputs_have_the_documented_columns():
    """--format csv on score, explain, evidence and sensitivity parses into its columns."""
    import relindex
    from relindex.cli.evidence import CSV_COLUMNS as EVIDENCE
    from relindex.cli.explain import CSV_COLUMNS as EXPLAIN
    from relindex.cli.sensitivity import CSV_COLUMNS as SENSITIVITY

    score = parse_csv(cli("score", "--all-periods", "-f", "csv").stdout)
    assert list(score[0])[:11] == ["entity", "period", "index", "cooperation", "friction",
                                   "coverage", "coverage_cooperation", "coverage_friction",
                                   "rank", "headline", "flags"]
    assert [int(r["period"]) for r in score] == list(range(2017, 2025))
    first = relindex.score().period(2017)
    assert float(score[0]["index"]) == first.index
    assert score[0]["flags"].split(";") == list(first.flags)
    explain = parse_csv(cli("explain", "--period", "2023", "-f", "csv").stdout)
    assert list(explain[0]) == EXPLAIN
    head = relindex.score().period(2023)
    total = sum(float(r["contribution"]) for r in explain if r["contribution"])
    assert total == pytest.approx(head.index, abs=1e-12)
    evidence = parse_csv(cli("evidence", "-f", "csv").stdout)
    assert list(evidence[0]) == EVIDENCE and len(evidence) == len(relindex.load().records)
    sens = parse_csv(cli("sensitivity", "-n", "64", "-f", "csv").stdout)
    assert list(sens[0]) == SENSITIVITY and [int(r["period"]) for r in sens] == list(
        range(2017, 2025))


def test_filters_that_match_nothing_exit_1():
    """An evidence filter that matches no record says so on stderr and exits 1."""
    out = cli("evidence", "-c", str(MINI), "--period", "1999")
    assert out.returncode == 1 and "no evidence record matches --period 1999" in out.stderr
    assert out.stdout == ""
    assert cli("evidence", "--indicator", "nope").returncode == 2


def test_contradictory_options_are_refused(tmp_path):
    """Options that cannot hold together exit 2 with a message, not silently."""
    for args in (("score", "--period", "2023", "--all-periods"),
                 ("score", "--seed", "3"),
                 ("score", "--uncertainty", "-f", "csv"),
                 ("explain", "--period", "2023", "--all-periods")):
        out = cli(*args, "-c", str(MINI))
        assert out.returncode == 2, (args, out.stderr)
        assert "cannot be combined" in out.stderr or "has no effect" in out.stderr, args
        assert "Traceback" not in out.stderr


def test_option_errors_name_the_option_typed_and_a_correct_fix():
    """--samples, --weight ID and a lone --from/--to are named as typed, with a usable fix."""
    cases = [(("score", "--uncertainty", "--samples", "100"),
              "--samples must be a power of two, at least 8. Got 100. Fix: use a power of two "
              "such as 256, 1024 or 4096."),
             (("sensitivity", "--samples", "100"), "--samples must be a power of two"),
             (("score", "--uncertainty", "--samples", "128", "--max-samples", "64"),
              "Fix: pass a larger --max-samples if you mean it."),
             (("score", "--weight", "trade_volum=2"),
              "--weight trade_volum is not a dimension or indicator of the catalogue. Got "
              "'trade_volum'. Fix: did you mean trade_volume?"),
             (("compare", "--weight", "trade_volum=2"), "--weight trade_volum is not"),
             (("explain", "--to", "2024"),
              "--to needs --from as well (the change between two periods). Got 2024. "
              "Fix: pass --from YEAR --to 2024."),
             (("explain", "--from", "2023"), "Fix: pass --from 2023 --to YEAR.")]
    for args, message in cases:
        out = cli(*args)
        assert out.returncode == 2 and len(out.stderr.splitlines()) == 1, (args, out.stderr)
        assert message in out.stderr and ", ." not in out.stderr, (args, out.stderr)


def test_help_text_shows_no_double_percent():
    """No help text shows an escaped '%%'."""
    from relindex.cli import COMMANDS

    for name in COMMANDS:
        out = cli(name, "--help")
        assert out.returncode == 0 and "%%" not in out.stdout, name


def test_sensitivity_default_seed_is_printed_and_repeatable():
    """Without --seed, sensitivity uses a printed default seed, so two runs agree."""
    a = cli("sensitivity", "-c", str(MINI), "-n", "64")
    b = cli("sensitivity", "-c", str(MINI), "-n", "64")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout and "(seed 1;" in a.stdout and "None" not in a.stdout
    c = cli("sensitivity", "-c", str(MINI), "-n", "64", "--seed", "7")
    assert "(seed 7)" in c.stdout

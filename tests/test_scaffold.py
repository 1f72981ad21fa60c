"""``relindex init``, the placeholder rule of ``check``, and messages that name the real cause."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import relindex
from relindex.cli import main
from relindex.errors import CatalogueError, InputFileError, RelindexError
from relindex.scaffold import MARKER, TEMPLATES, init, placeholders


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def fill(folder: Path) -> None:
    """Do what a user does: replace every marked value (here, by the marker's own text)."""
    for path in folder.iterdir():
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if path.suffix == ".txt" and MARKER in line:
                continue  # the source's placeholder line goes; its real sentences stay
            line = re.sub(r"\s*# FILL IN:.*$", "", line)
            lines.append(line.replace(f"{MARKER}: ", ""))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_a_scaffold_loads_scores_and_names_its_placeholders(tmp_path: Path,
                                                            template: str) -> None:
    """As written, the scaffold scores; check fails on each FILL IN, keyed; filled, it passes."""
    folder = tmp_path / "new"
    written = init(folder, template)
    assert all(p.is_file() for p in written) and (folder / "indicators.toml") in written
    result = relindex.score(folder)
    assert result.headline_period is not None
    found = relindex.audit(folder)
    marks = [f for f in found.findings if f.rule == "placeholder"]
    assert marks and not found.passed
    assert all(f.severity == "error" for f in marks)
    wheres = {f.where for f in marks}
    assert "indicators.toml: catalogue.name" in wheres
    assert any(w.endswith("normalisation.basis") for w in wheres)
    n_markers = sum(p.read_text().count(MARKER) for p in written) - sum(
        1 for p in written if p.suffix == ".toml"
        for line in p.read_text().splitlines() if line.startswith("#") and MARKER in line)
    assert len(marks) == n_markers
    fill(folder)
    assert placeholders(relindex.load(folder)) == []
    after = relindex.audit(folder)
    assert after.passed, [f for f in after.findings if f.severity == "error"]
    assert relindex.score(folder).headline_period == result.headline_period


def test_init_never_overwrites_and_refuses_unknown_templates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second init into the same folder names the files there; exit 2, one line."""
    code, out, err = run(capsys, "init", str(tmp_path / "c"))
    assert code == 0 and "indicators.toml" in out and "FILL IN" in err
    before = (tmp_path / "c" / "indicators.toml").read_text()
    code, out, err = run(capsys, "init", str(tmp_path / "c"), "--template", "composite")
    assert code == 2 and out == "" and "already holds" in err and "indicators.toml" in err
    assert (tmp_path / "c" / "indicators.toml").read_text() == before
    with pytest.raises(RelindexError, match="dyad"):
        init(tmp_path / "d", "triad")
    with pytest.raises(InputFileError):
        init(tmp_path / "c")


def _drafted(tmp_path: Path, ids: tuple[str, ...]) -> Path:
    """A scaffold whose records `ids` are unreviewed drafts."""
    folder = tmp_path / "drafted"
    init(folder)
    ledger = folder / "evidence.toml"
    text = ledger.read_text()
    for i in ids:
        text = text.replace(f'id = "{i}"\n', f'id = "{i}"\nexclude = "draft: not reviewed"\n')
    ledger.write_text(text)
    return folder


def test_verify_with_every_record_a_draft_fails_and_says_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing verified is not a pass: exit 1, naming the drafts and how to review them."""
    folder = _drafted(tmp_path, ("trade-2023", "trade-2024", "accusation-2024"))
    code, out, err = run(capsys, "verify", "-c", str(folder))
    assert code == 1 and "0 of 0" not in out
    assert "3 unreviewed drafts in evidence.toml" in err and "exclude" in err
    code, out, _ = run(capsys, "verify", "-c", str(folder), "--format", "json")
    assert code == 1 and '"ok": false' in out and "unreviewed" in out


def test_score_and_evidence_point_to_unreviewed_drafts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Drafts that leave nothing (or no headline) are named as the cause, not the threshold."""
    folder = _drafted(tmp_path, ("trade-2023", "trade-2024", "accusation-2024"))
    for command in ("score", "evidence"):
        code, _, err = run(capsys, command, "-c", str(folder))
        assert code == 2 and "3 unreviewed drafts" in err, err
        assert "without filters" not in err and "headline_min_coverage" not in err
    partial = _drafted(tmp_path / "p", ("accusation-2024",))
    text = (partial / "indicators.toml").read_text().replace('observed = "2023/2024"', "")
    (partial / "indicators.toml").write_text(text)
    code, _, err = run(capsys, "score", "-c", str(partial))
    assert code == 2 and err.index("1 unreviewed draft") < err.index("headline_min_coverage")


def test_compare_with_a_missing_file_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    """A compare of a path that does not exist names it (not 'B needs something')."""
    code, _, err = run(capsys, "compare", "no-such-weights.toml")
    assert code == 2 and "no-such-weights.toml" in err and "not found" in err
    assert "needs something" not in err


def test_catalogue_errors_list_every_problem(tmp_path: Path) -> None:
    """Four missing rationales are named in one error, not one per run."""
    folder = tmp_path / "bad"
    init(folder)
    path = folder / "indicators.toml"
    path.write_text("\n".join(x for x in path.read_text().splitlines()
                              if not x.startswith("rationale")))
    with pytest.raises(CatalogueError) as info:
        relindex.load(folder)
    text = str(info.value)
    assert text.count("rationale") == 4 and "3 more problem(s)" in text

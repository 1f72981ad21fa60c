"""The catalogues the project ships pass their own audit, and their prose names what exists.

``relindex check`` exits 0 on the Russia-China catalogue, the HDI example, the tutorial and
the fixtures the docs use, with every error and warning accepted with its reason; the pages
about the Russia-China dataset and the catalogue's own text name only indicators, dimensions
and series the catalogue declares (a dropped id such as ``trade_share_gap`` fails).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from relindex import models
from relindex.audit import audit
from relindex.cli import main

ROOT = Path(__file__).resolve().parents[1]

SHIPPED = [
    ".",  # the Russia-China catalogue (indicators.toml)
    "docs/examples/hdi",
    "docs/tutorial",
    "tests/fixtures/dyads",  # README's many-entity example
    "tests/fixtures/events_dyads",  # docs/events.md's example
]

# the pages that describe the Russia-China dataset and its choices
DATASET_PAGES = ["docs/goalpost-sources.md", "docs/references.md", "docs/validation.md"]

# a snake_case name; not a formula symbol (s_i) nor a file name (admiralty_scale.csv)
_TOKEN = re.compile(r"\b[a-z][a-z0-9]+(?:_[a-z0-9]+)+\b(?!\.[a-z])")
_CODE = re.compile(r"`([^`\n]+)`")


@pytest.mark.parametrize("folder", SHIPPED)
def test_check_passes_on_every_shipped_catalogue(folder: str) -> None:
    """The audit passes: every error and warning is accepted, each with a reason."""
    res = audit(ROOT / folder)
    assert res.passed, [f.to_dict() for f in res.findings if f.severity == "error"]
    for f in res.findings:
        if f.severity in ("error", "warning"):
            assert f.accepted, f.to_dict()
        if f.accepted:
            assert f.reason and f.reason.strip(), f.to_dict()


@pytest.mark.parametrize("folder", SHIPPED)
def test_check_cli_exits_zero(folder: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``relindex check -c FOLDER`` exits 0 on each shipped catalogue."""
    code = main(["check", "-c", str(ROOT / folder)])
    out = capsys.readouterr().out
    assert code == 0, out[-2000:]
    assert "check passed" in out


def test_mini_fixture_fails_only_for_goalposts_without_basis() -> None:
    """tests/fixtures/mini is the audit's negative fixture: it fails on the basis rule alone.

    It is not shipped and no page uses it; tests/test_method.py accepts its findings to
    test ``[[check.accept]]``.
    """
    res = audit(ROOT / "tests/fixtures/mini")
    errors = {f.rule for f in res.findings if f.severity == "error" and not f.accepted}
    assert errors == {"goalpost_without_basis"}


def _walk_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """Every field name of a pydantic model and of the models its fields hold."""
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for f in model.model_fields.values():
        for arg in _types(f.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _walk_fields(arg, seen)
    return names


def _types(tp: Any) -> list[Any]:
    out = [tp]
    for a in getattr(tp, "__args__", ()) or ():
        out += _types(a)
    return out


def _catalogue() -> dict[str, Any]:
    with (ROOT / "indicators.toml").open("rb") as f:
        return tomllib.load(f)


def _ids(cat: dict[str, Any]) -> set[str]:
    """Dimension, indicator and series ids of a catalogue (nested dimensions included)."""
    out: set[str] = set(cat.get("series", {}))

    def walk(dims: dict[str, Any]) -> None:
        for did, d in dims.items():
            out.add(did)
            out.update(d.get("indicators", {}))
            walk(d.get("dimensions", {}))

    walk(cat.get("dimensions", {}))
    return out


def _vocabulary(cat: dict[str, Any]) -> set[str]:
    """Words the prose may use beside the ids: TOML keys, event types, rules, flags."""
    keys: set[str] = set()
    for name in dir(models):
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            keys |= _walk_fields(obj, set())
    audit_src = "".join(p.read_text(encoding="utf-8")
                        for p in (ROOT / "src" / "relindex").rglob("*.py"))
    rules = set(re.findall(r'"([a-z]+(?:_[a-z]+)+)"', audit_src))
    return keys | set(cat.get("event_types", {})) | rules


def _prose(cat: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) of every free-text value of the catalogue."""
    out: list[tuple[str, str]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str) and k in ("description", "rationale", "reason", "basis",
                                               "carry_forward_reason", "observed_reason",
                                               "exclude_tags_reason"):
                    out.append((f"{where}.{k}", v))
                else:
                    walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(cat, "indicators.toml")
    comments = [ln.split("#", 1)[1] for ln in
                (ROOT / "indicators.toml").read_text(encoding="utf-8").splitlines()
                if ln.lstrip().startswith("#")]
    out.append(("indicators.toml comments", "\n".join(comments)))
    return out


def test_catalogue_prose_names_only_declared_ids() -> None:
    """Every snake_case name in the catalogue's text is a declared id or a known key."""
    cat = _catalogue()
    known = _ids(cat) | _vocabulary(cat)
    stale = {(where, tok) for where, text in _prose(cat) for tok in _TOKEN.findall(text)
             if tok not in known}
    assert not stale, sorted(stale)


@pytest.mark.parametrize("page", DATASET_PAGES)
def test_dataset_pages_name_only_declared_ids(page: str) -> None:
    """Each `code` name on the dataset's pages is an id of the catalogue or a known key."""
    cat = _catalogue()
    known = _ids(cat) | _vocabulary(cat)
    text = (ROOT / page).read_text(encoding="utf-8")
    names = {m for span in _CODE.findall(text) for m in _TOKEN.findall(span)
             if _TOKEN.fullmatch(span.strip())}
    assert not names - known, sorted(names - known)


def test_the_four_named_indicators_exist() -> None:
    """Trade asymmetry, dependency share, joint exercises and friction events are scored."""
    cat = _catalogue()
    dims = cat["dimensions"]
    assert "trade_share_symmetry" in dims["trade_asymmetry"]["indicators"]
    assert "critical_goods_dependence" in dims["dependency"]["indicators"]
    assert "joint_exercises" in dims["military_exercises"]["indicators"]
    assert "friction_severity" in dims["friction_events"]["indicators"]

"""The examples in relindex's docstrings run and print what they show (doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import relindex

ROOT = Path(__file__).resolve().parents[1]
#: Modules whose examples need an extra that the test extra does not install.
NEEDS = {"relindex.plot": "matplotlib"}


def _modules() -> list[str]:
    """Every module of the package, the CLI and private ones included (not ``__main__``)."""
    return sorted(m.name for m in pkgutil.walk_packages(relindex.__path__, "relindex.")
                  if not m.name.endswith(".__main__"))


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, name) if t.examples]


def test_the_package_has_examples_to_run() -> None:
    """The finder sees the examples (a broken finder would pass every module below)."""
    found = sum(len(t.examples) for name in _modules() for t in _examples(name))
    assert found >= 50


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example of the module gives the output its docstring shows."""
    if name in NEEDS:
        pytest.importorskip(NEEDS[name], reason=f"{name}'s examples need {NEEDS[name]}")
    monkeypatch.chdir(ROOT)  # examples name fixtures by their path in the repository
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in _examples(name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"

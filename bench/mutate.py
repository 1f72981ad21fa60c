"""A small AST mutation run: do the tests notice when the code is changed?

Each mutant changes one site of one module: a comparison operator flipped (``<`` to
``<=``, ``==`` to ``!=``, ``in`` to ``not in``), an arithmetic operator swapped
(``+``/``-``, ``*``/``/``, ``**`` to ``*``), ``and``/``or`` swapped, a unary minus or
``not`` dropped, a number or flag constant changed (``0`` to ``1``, ``n`` to ``n + 1``,
``x`` to ``2x``, ``True`` to ``False``), or a ``raise`` replaced by ``pass``. Sites are
found anywhere in the module, decorated functions (pydantic validators) included, which
is where mutmut does not look. Mutants are sampled with a seed, written into a copy of
``src/`` (no bytecode is written or read there), and the test files that cover the
module run against it; a mutant is *killed* when they fail or time out.

Run from the repository root, e.g.::

    python bench/mutate.py src/relindex/change.py=tests/test_change.py -n 30 --seed 1

Each argument is ``MODULE=TEST[,TEST...]``. The report gives killed/total per module and
every surviving mutant (line and change), so that each one can be judged: a test is
missing, or the mutant does not change behaviour (an equivalent mutant).
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
           ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
           ast.In: ast.NotIn, ast.NotIn: ast.In}
BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
          ast.Pow: ast.Mult, ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv}
BOOL = {ast.And: ast.Or, ast.Or: ast.And}


@dataclass(frozen=True)
class Site:
    """One place a mutant can change: the node's position in the walk, and how."""

    index: int
    kind: str
    line: int
    what: str


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (never mutated)."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    out.add(id(stmt.value))
    return out


def _new_constant(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return 1 if value == 0 else (0 if value == 1 else value + 1)
    if isinstance(value, float):
        return 1.0 if value == 0 else value * 2
    raise TypeError(value)


def sites(tree: ast.AST) -> Iterator[Site]:
    """Every mutable site of a module, in walk order."""
    docs = _docstrings(tree)
    for i, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARE:
                    yield Site(i, f"compare:{k}", line,
                               f"{type(op).__name__} -> {COMPARE[type(op)].__name__}")
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINARY:
            yield Site(i, "binary", line,
                       f"{type(node.op).__name__} -> {BINARY[type(node.op)].__name__}")
        elif isinstance(node, ast.BoolOp):
            yield Site(i, "bool", line,
                       f"{type(node.op).__name__} -> {BOOL[type(node.op)].__name__}")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
            yield Site(i, "unary", line, f"drop {type(node.op).__name__}")
        elif (isinstance(node, ast.Constant) and id(node) not in docs
              and isinstance(node.value, bool | int | float)):
            yield Site(i, "constant", line,
                       f"{node.value!r} -> {_new_constant(node.value)!r}")
        elif isinstance(node, ast.Raise):
            yield Site(i, "raise", line, "raise -> pass")


def mutate(tree: ast.Module, site: Site) -> str:
    """The source of the module with the one change of `site`."""
    tree = copy.deepcopy(tree)
    parents: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for k, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        parents[id(child)] = (parent, field, k)
            elif isinstance(value, ast.AST):
                parents[id(value)] = (parent, field, None)
    node = list(ast.walk(tree))[site.index]
    if site.kind.startswith("compare:"):
        k = int(site.kind.split(":")[1])
        node.ops[k] = COMPARE[type(node.ops[k])]()  # type: ignore[attr-defined]
    elif site.kind == "binary":
        node.op = BINARY[type(node.op)]()  # type: ignore[attr-defined]
    elif site.kind == "bool":
        node.op = BOOL[type(node.op)]()  # type: ignore[attr-defined]
    elif site.kind == "constant":
        node.value = _new_constant(node.value)  # type: ignore[attr-defined]
    else:  # unary or raise: replace the node
        parent, field, k = parents[id(node)]
        new: ast.AST = (node.operand if site.kind == "unary"  # type: ignore[attr-defined]
                        else ast.Pass())
        if k is None:
            setattr(parent, field, new)
        else:
            getattr(parent, field)[k] = new
    return ast.unparse(ast.fix_missing_locations(tree))


def run_tests(src: Path, tests: list[str], timeout: float) -> str:
    """'killed', 'timeout' or 'survived' for the tests run against the tree at `src`."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
           "-m", "not slow", *tests]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if proc.returncode == 0 else "killed"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("targets", nargs="+", metavar="MODULE=TEST[,TEST...]")
    p.add_argument("-n", type=int, default=20, help="mutants sampled per module")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=180.0)
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--part", default="1/1", metavar="I/N",
                   help="run only the I-th of N equal parts of each module's sample "
                   "(the sample is the same whatever the part)")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
        # the shipped catalogue is found beside src/, as in a checkout
        shutil.copy(ROOT / "indicators.toml", Path(tmp) / "indicators.toml")
        shutil.copytree(ROOT / "seeds", Path(tmp) / "seeds")
        for target in args.targets:
            module, _, tests = target.partition("=")
            path = Path(module)
            original = (ROOT / path).read_text(encoding="utf-8")
            tree = ast.parse(original)
            found = list(sites(tree))
            chosen = sorted(rng.sample(found, min(args.n, len(found))), key=lambda s: s.index)
            part, parts = (int(x) for x in args.part.split("/"))
            chosen = chosen[part - 1::parts]
            if run_tests(src, tests.split(","), args.timeout) != "survived":
                print(f"{module}: the tests fail on the unchanged code; skipped")
                continue
            rows = []
            for site in chosen:
                (src / path.relative_to("src")).write_text(mutate(tree, site), encoding="utf-8")
                outcome = run_tests(src, tests.split(","), args.timeout)
                rows.append({"line": site.line, "change": site.what, "outcome": outcome})
                print(f"  {module}:{site.line} {site.what}: {outcome}", flush=True)
            (src / path.relative_to("src")).write_text(original, encoding="utf-8")
            killed = sum(r["outcome"] != "survived" for r in rows)
            results[module] = {"tests": tests, "sites": len(found), "sampled": len(rows),
                               "killed": killed, "mutants": rows}
            print(f"{module}: {killed}/{len(rows)} killed ({len(found)} sites; tests {tests})",
                  flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What ``relindex score`` does before and while it runs: imports and model builds, counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One process: import what `relindex score` imports, note what is loaded and built, run it,
# note again. Run as a subprocess so that nothing imported by other tests is counted.
PROBE = """
import io, sys, contextlib
import pydantic
from relindex.cli import main, build_parser, _command_of
import relindex.models as m

def built():
    return sorted(n for n, c in vars(m).items() if isinstance(c, type)
                  and issubclass(c, pydantic.BaseModel) and c.__module__.startswith(m.__name__)
                  and c.__pydantic_complete__)

heavy = ("scipy", "pandas", "matplotlib", "pyarrow", "importlib.resources", "relindex.events",
         "relindex.extract", "relindex.sensitivity", "relindex.plot", "relindex.change",
         "relindex._core.inputs", "relindex._core.sobol", "numpy.ma", "json")
def loaded():
    return sorted(h for h in heavy if h in sys.modules)

def commands():
    return sorted(n for n in sys.modules if n.startswith("relindex.cli.")
                  and n.rsplit(".", 1)[1] in ("explain", "compare", "evidence", "verify",
                  "coverage", "extract", "sensitivity", "plot", "events", "check", "score"))

build_parser(only=_command_of(["score"]))
at_import = {"built": built(), "heavy": loaded(), "commands": commands()}
with contextlib.redirect_stdout(io.StringIO()):
    status = main(["score"])
import relindex.files as f
after = {"status": status, "at_import": at_import, "heavy_after_run": loaded(),
         "relindex_after_run": sorted(n for n in sys.modules if n.startswith("relindex")),
         "commands_after_run": commands(), "built_after_run": built(),
         "toml": [name for name in ("tomli", "tomllib") if name in sys.modules],
         "parser": f.toml_parser()[0].__name__}
import json  # only now: relindex score itself never imports it
print(json.dumps(after))
"""


def probe() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_score_start_up_builds_no_model_and_imports_only_its_command():
    """Start-up builds no model, imports no heavy module and no other command's module.

    Nor does the run: no table library, no plotting, no event-file reader, no extractor,
    no uncertainty analysis or change decomposition (relindex imports those when asked).
    """
    res = probe()
    assert res["status"] == 0
    # score's --uncertainty options may come from `relindex sensitivity`'s module
    own = {"relindex.cli.score", "relindex.cli.sensitivity"}
    assert res["at_import"]["built"] == []
    assert res["at_import"]["heavy"] == []
    assert "relindex.cli.score" in res["at_import"]["commands"]
    assert set(res["at_import"]["commands"]) <= own
    # running validates the catalogue: pydantic's plugin loader then imports
    # importlib.metadata, which imports importlib.resources; relindex itself never does
    assert set(res["heavy_after_run"]) <= {"importlib.resources"}
    assert set(res["commands_after_run"]) <= own
    # validating builds the schemas of the files read, no other: a period or an entity
    # made of values already validated is constructed as it is
    assert res["built_after_run"] == ["Catalogue", "EvidenceFile", "OmissionsFile",
                                      "SourcesFile"]
    # one TOML parser is imported: tomli's compiled one when the 'fast' extra installed a
    # TOML 1.0 release of it, the standard library's otherwise (never both)
    assert res["toml"] == [res["parser"]]


# Modules `relindex score` on a catalogue without data tables has no use for: the other
# verbs (the audit of `relindex check`, comparisons), the readers of data tables (CSV and
# Parquet by column, the read-ahead thread, table ids), tables passed from memory, and
# the rules of weights given as options (none is given).
NOT_ON_SCORE_PATH = frozenset({
    "relindex._api", "relindex.audit", "relindex.compare", "relindex.tables",
    "relindex._table_reading", "relindex._parquet", "relindex._prefetch", "relindex._ids",
    "relindex._frame_input", "relindex.frames", "relindex._display", "relindex.export",
    "relindex.goldstein", "relindex.scaffold", "relindex.uncited", "relindex.scoring.draws",
    "relindex.weights",
})


def test_score_imports_only_the_modules_it_uses():
    """``relindex score`` imports no other verb's module and no table reader.

    The shipped catalogue has no data table; each is imported when a command or a table
    needs it.
    """
    import importlib.util

    assert all(importlib.util.find_spec(name) for name in NOT_ON_SCORE_PATH)
    res = probe()
    assert res["status"] == 0
    loaded = set(res["relindex_after_run"])
    assert not loaded & NOT_ON_SCORE_PATH
    assert {"relindex.dataset", "relindex.scoring.results", "relindex.result"} <= loaded


# `import relindex`, then every public name: what each step imports, in one fresh process
LAZY_PROBE = """
import sys, json
import relindex
on_import = sorted(n for n in sys.modules if n.startswith("relindex"))
files = type(relindex.files).__name__  # a public module, imported on first use
import relindex.audit, relindex.compare  # the modules named as the verbs are
resolved = {n: type(getattr(relindex, n)).__name__ for n in relindex.__all__}
from relindex import audit, compare, score, RelindexError
print(json.dumps({"on_import": on_import, "files": files, "resolved": resolved,
                  "dir": dir(relindex),
                  "verbs": [audit.__module__, compare.__module__, score.__module__,
                            RelindexError.__module__]}))
"""


def test_import_relindex_binds_public_names_on_first_use():
    """``import relindex`` imports only its errors and version; the rest comes on first use.

    Every name of ``__all__`` resolves, ``dir()`` lists it, and the verbs ``audit`` and
    ``compare`` keep their names once the modules of the same names are imported.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout)
    assert res["on_import"] == ["relindex", "relindex._version", "relindex.errors"]
    assert res["files"] == "module"
    import relindex

    assert set(res["resolved"]) == set(relindex.__all__)
    assert res["resolved"]["audit"] == res["resolved"]["compare"] == "function"
    assert res["resolved"]["Result"] == "type" and res["resolved"]["__version__"] == "str"
    assert set(relindex.__all__) <= set(res["dir"])
    assert res["verbs"] == ["relindex._api", "relindex._api", "relindex.scoring.results",
                            "relindex.errors"]


def test_every_public_module_is_an_attribute_on_first_use():
    """``relindex.files`` (any public module) works after ``import relindex`` alone.

    The modules named as verbs are the exception: ``relindex.audit`` and
    ``relindex.compare`` stay the verbs.
    """
    import pkgutil
    import types

    import relindex

    public = {m.name for m in pkgutil.iter_modules(relindex.__path__)
              if not m.name.startswith("_")}
    assert public == relindex._SUBMODULES
    assert set(dir(relindex)) >= public
    for name in public - relindex._VERBS:
        module = getattr(relindex, name)
        assert isinstance(module, types.ModuleType) and module.__name__ == f"relindex.{name}"
    assert callable(relindex.audit) and callable(relindex.compare)


def test_names_bound_on_first_use_are_those_named_for_type_checkers():
    """The names bound on first use are those the ``TYPE_CHECKING`` block imports.

    Type checkers and the API reference read that block: both name the same names from
    the same modules.
    """
    import ast

    import relindex

    tree = ast.parse((ROOT / "src" / "relindex" / "__init__.py").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If)
                 and getattr(n.test, "id", None) == "TYPE_CHECKING")
    typed = {a.name: node.module for node in block.body if isinstance(node, ast.ImportFrom)
             for a in node.names}
    assert typed == relindex._LAZY
    eager = {n for n in relindex.__all__ if n not in typed}
    assert eager == {"__version__"} | {n for n in relindex.__all__
                                        if n.endswith(("Error", "Warning"))}


def test_help_still_lists_every_command(capsys):
    """``relindex --help`` registers every command, so it lists them all."""
    import pytest

    from relindex.cli import COMMANDS, main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


HELP_PROBE = """
import contextlib, io, sys
from relindex.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main([sys.argv[1]])
print(sorted(n for n in ("numpy", "pydantic", "importlib.resources", "relindex.dataset",
                         "relindex.models") if n in sys.modules))
"""


def test_help_and_version_load_no_catalogue_machinery():
    """``relindex --help`` and ``--version`` import neither numpy nor pydantic.

    Every command registers its options, but none imports the loader, the schema or the
    package's data files until it runs.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    for option in ("--help", "--version"):
        out = subprocess.run([sys.executable, "-c", HELP_PROBE, option], capture_output=True,
                             text=True, env=env, cwd=ROOT)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip() == "[]", option


def test_lazy_parser_reports_unknown_commands_and_options():
    """An unknown command or an option of another command is still a usage error (exit 2)."""
    import pytest

    from relindex.cli import main

    for argv in (["nosuchcommand"], ["score", "--chunk-rows", "4"]):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2


def test_leave_one_out_evaluates_every_variant_in_one_batch(monkeypatch):
    """``score`` rescores every left-out source through one batched pass of the core.

    The shipped catalogue's variants share the full model's axes, so the core aggregates
    them all at once (values only); no event estimate of the full model is repeated, and
    the catalogue's tree is laid out once for all of them.
    """
    import relindex
    import relindex._core.aggregate as agg
    import relindex.scoring.events as se
    import relindex.scoring.model as sm
    import relindex.scoring.reconcile as rc
    import relindex.scoring.triage as tr

    walks: list[tuple[bool, tuple[int, ...]]] = []
    real_walk = agg._walk

    def walk(leaves, tree, weights, method, shares, counted=None, **kw):  # type: ignore[no-untyped-def]
        walks.append((shares, leaves.shape))
        return real_walk(leaves, tree, weights, method, shares, counted, **kw)

    fits: list[tuple[object, ...]] = []
    real_estimate = se.estimate

    def estimate(family, k, n, **kw):  # type: ignore[no-untyped-def]
        fits.append((family, k.tobytes(), n.tobytes(), kw.get("tau")))
        return real_estimate(family, k, n, **kw)

    layouts: list[object] = []
    real_layout = sm.lay_out_tree

    def lay_out_tree(dimensions, index):  # type: ignore[no-untyped-def]
        layouts.append(index)
        return real_layout(dimensions, index)

    monkeypatch.setattr(agg, "_walk", walk)
    monkeypatch.setattr(se, "estimate", estimate)
    reconciled: list[str] = []
    real_fact = rc._fact

    def fact(ctx, axes, pidx, e, iid, *args):  # type: ignore[no-untyped-def]
        reconciled.append(iid)
        return real_fact(ctx, axes, pidx, e, iid, *args)

    triaged: list[str] = []
    real_triaged = tr._triaged

    def one(ctx, rec):  # type: ignore[no-untyped-def]
        triaged.append(rec.id)
        return real_triaged(ctx, rec)

    monkeypatch.setattr(sm, "lay_out_tree", lay_out_tree)
    monkeypatch.setattr(rc, "_fact", fact)
    monkeypatch.setattr(tr, "_triaged", one)
    model = relindex.build_model(relindex.load())
    own = set(fits)
    own_facts = len(reconciled)
    walks.clear()
    layouts.clear()
    reconciled.clear()
    triaged.clear()
    result = relindex.score(model)
    # the catalogue's tree is laid out once for all the variants; a fact is reconciled
    # again only where a left-out source's records were among its own (each record has
    # one source: far fewer than once per fact and variant)
    assert len(layouts) == 1
    n_records = sum(1 for r in model.dataset.ledger if r.id in model.roles)
    assert 0 < len(reconciled) <= own_facts + n_records
    # each ledger record is triaged once for all the variants
    assert sorted(triaged) == sorted(r.id for r in model.dataset.ledger)
    n_sources = len(result.periods[0].leave_one_source_out["by_source"])
    assert n_sources == 20
    # the full model's evaluation with its attribution to the nodes, then one batch of
    # every variant; the attribution down to the leaves only once a breakdown is read
    full = (*model.raw.shape[:2], model.n_leaves)
    assert walks == [(True, full), (False, (n_sources, *full)), (True, full)]
    rescored = fits[len(own):]
    assert rescored and not own & set(rescored)
    assert len(rescored) == len(set(rescored))


def test_leave_one_out_reads_the_catalogues_own_parts_once(monkeypatch):
    """The rescorings read the catalogue's places, dimensions and severities once for all.

    They depend on the catalogue alone, which every dataset left without one source shares;
    the context of each rescoring takes them as the first one read them, and the analysis
    is the one each dataset gives alone.
    """
    import relindex
    from relindex.leave_out import without_source

    ds = relindex.load()
    model = relindex.build_model(ds)
    alone = {sid: relindex.build_model(without_source(ds, sid)).evaluate().net
             for sid in ("nis-focus-2025", "cracks-analysis-2020")}
    cat_type = type(ds.catalogue)
    reads: list[object] = []
    real = cat_type.places

    def places(self):  # type: ignore[no-untyped-def]
        reads.append(self)
        return real(self)

    monkeypatch.setattr(cat_type, "places", places)
    result = relindex.score(model)
    assert reads == [ds.catalogue]
    by_source = result.periods[-1].leave_one_source_out["by_source"]
    assert len(by_source) == 20
    for sid, net in alone.items():
        assert by_source[sid] == float(net[0, -1])


# `relindex score` through the console entry, with every garbage collection counted from the
# moment relindex.cli is imported; then one collection, and the thresholds after it.
GC_PROBE = """
import contextlib, gc, io, json, sys
default = gc.get_threshold()
import relindex.cli as cli
on_import = gc.get_threshold()
counts = [0, 0, 0]
def count(phase, info):
    if phase == "start":
        counts[info["generation"]] += 1
gc.callbacks.append(count)
sys.argv = ["relindex", "score"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli.entry()
    except SystemExit as e:
        status = e.code
during = gc.get_threshold()
gc.callbacks.remove(count)
gc.collect(0)
print(json.dumps({"status": status, "collections": counts, "default": default,
                  "on_import": on_import, "during": during, "after": gc.get_threshold()}))
"""


def test_the_command_collects_no_garbage_during_start_up_then_as_python_does():
    """``relindex score`` runs no garbage collection; the first one restores the thresholds.

    A program that imports relindex keeps the interpreter's thresholds; the command's own
    process defers its first collection past start-up, and after that collection a large
    run collects exactly as by default (no garbage cycle kept longer than start-up).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", GC_PROBE], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["status"] == 0
    assert res["collections"] == [0, 0, 0]
    assert res["on_import"] == res["default"]
    assert res["during"][0] > res["default"][0]
    assert res["after"] == res["default"]

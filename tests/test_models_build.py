"""What defining, building and validating the TOML models costs, counted (never timed)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import typing
from pathlib import Path

import pydantic
import pytest

import relindex.models as m

ROOT = Path(__file__).resolve().parents[1]


def _models() -> list[type[pydantic.BaseModel]]:
    return [c for c in vars(m).values() if isinstance(c, type)
            and issubclass(c, pydantic.BaseModel) and c.__module__.startswith(m.__name__)]


def test_field_annotations_are_evaluated_by_python_not_parsed_from_strings():
    """Every field annotation of the models is a type object when its class is created.

    A string annotation (``from __future__ import annotations``) is compiled and evaluated
    by pydantic for every field of every model at import; written as objects, only the
    one self-reference (a dimension's sub-dimensions) is a forward reference.
    """
    strings = {f"{c.__name__}.{name}": a for c in _models()
               for name, a in vars(c).get("__annotations__", {}).items()
               if isinstance(a, str)}
    assert strings == {}
    refs = [(c.__name__, name) for c in _models()
            for name, a in vars(c).get("__annotations__", {}).items()
            if typing.get_origin(a) in (dict, tuple)
            and any(isinstance(x, str | typing.ForwardRef) for x in typing.get_args(a))]
    assert refs == [("Dimension", "dimensions")]


PLUGIN_PROBE = """
import contextlib, io, json, sys
import importlib.metadata as md
lookups = []
real = md.entry_points
def counted(**kw):
    lookups.append(kw.get("group"))
    return real(**kw)
md.entry_points = counted
from relindex.cli import entry
sys.argv = ["relindex", "score"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        entry()
    except SystemExit as e:
        status = e.code
print(json.dumps({"status": status, "lookups": lookups}))
"""


def test_the_command_validates_without_looking_up_pydantic_plugins():
    """``relindex score`` reads no installed distribution's entry points (pydantic plugins)."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-c", PLUGIN_PROBE], capture_output=True,
                         text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res == {"status": 0, "lookups": []}


@pytest.mark.parametrize(("given", "kept"), [(None, "__all__"), ("", ""), ("x", "x")])
def test_the_command_keeps_the_users_plugin_setting(monkeypatch, given, kept):
    """The command turns pydantic plugins off only where the user has not said otherwise."""
    from relindex.cli import entry

    if given is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", given)
    monkeypatch.setattr(sys, "argv", ["relindex", "--version"])
    with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()):
        entry()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == kept

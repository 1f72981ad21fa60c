"""What defining, building and validating the TOML models costs, counted (never timed)."""

from __future__ import annotations

import typing

import pydantic

import relindex.models as m


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

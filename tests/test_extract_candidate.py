"""Candidate: the public names of relindex.extract and the candidate record."""

from __future__ import annotations

import inspect
import json
import typing

import pytest

from _util import one
from relindex import extract as ex

# ------------------------------------------------------------------------------ API


def test_public_names_are_documented_and_hinted():
    """Every public function and class of relindex.extract has a docstring and full type hints."""
    for name in ex.__all__:
        obj = getattr(ex, name)
        if inspect.isfunction(obj):
            assert inspect.getdoc(obj), name
            sig = inspect.signature(obj)
            assert sig.return_annotation is not inspect.Signature.empty, name
            for p in sig.parameters.values():
                assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name})"
        elif inspect.isclass(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name


def test_candidate_to_dict_has_exactly_the_documented_keys():
    """Candidate.to_dict gives the fourteen JSON keys, spans as lists, and survives json.dumps."""
    c = one("Trade surged to $240 billion in 2023.", "money")
    d = c.to_dict()
    assert set(d) == {"quote", "span", "kind", "value", "unit", "period", "event_type",
                      "polarity", "actors", "qualifier", "negated", "forecast", "plover",
                      "clause"}
    assert d["span"] == [c.span[0], c.span[1]]
    assert json.loads(json.dumps(d)) == d


def test_candidate_is_frozen_and_hashable():
    """A Candidate cannot be reassigned and can be put in a set."""
    c = one("Trade surged to $240 billion.", "money")
    with pytest.raises(AttributeError):
        c.value = 1.0  # type: ignore[misc]
    assert len({c, c}) == 1


def test_ledger_qualifiers_match_the_evidence_model():
    """LEDGER_QUALIFIERS is the Qualifier vocabulary of relindex.models.Evidence."""
    from relindex import models

    assert set(ex.LEDGER_QUALIFIERS) == set(typing.get_args(models.Qualifier))



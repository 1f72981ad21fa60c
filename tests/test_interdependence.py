"""Barbieri trade interdependence: known values and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relindex._core.interdependence import (
    asymmetry,
    dependence,
    interdependence,
    salience,
    symmetry,
)

share = st.floats(0.0, 1.0)
trade = st.floats(0.0, 1e6)
positive = st.floats(1e-3, 1e9)


def test_russia_china_figures() -> None:
    """s_RU = 0.40, s_CN = 0.05 give salience 0.1414, symmetry 0.65, interdependence 0.0919."""
    m = interdependence(240.0, 600.0, 4800.0)
    assert float(m["dependence_i"]) == pytest.approx(0.40)
    assert float(m["dependence_j"]) == pytest.approx(0.05)
    assert float(m["salience"]) == pytest.approx(math.sqrt(0.02))
    assert float(m["symmetry"]) == pytest.approx(0.65)
    assert float(m["interdependence"]) == pytest.approx(math.sqrt(0.02) * 0.65)


def test_bad_denominators_are_missing() -> None:
    """A zero or negative total, or negative trade, gives NaN, not a number or a warning."""
    out = dependence([5.0, 5.0, -1.0, np.nan], [0.0, -3.0, 10.0, 10.0])
    assert np.isnan(out).all()


@given(s_i=share, s_j=share)
def test_ranges_and_symmetry_of_the_measures(s_i: float, s_j: float) -> None:
    """Salience, symmetry and interdependence lie in [0, 1] and ignore the order of sides."""
    for f in (salience, symmetry):
        v = float(f(s_i, s_j))
        assert -1e-12 <= v <= 1 + 1e-12
        assert v == pytest.approx(float(f(s_j, s_i)))
    assert float(asymmetry(s_i, s_j)) == pytest.approx(-float(asymmetry(s_j, s_i)))
    assert float(symmetry(s_i, s_j)) == pytest.approx(1 - abs(float(asymmetry(s_i, s_j))))


@given(t=trade, a=positive, b=positive)
def test_interdependence_is_salience_times_symmetry(t: float, a: float, b: float) -> None:
    """Interdependence = salience x symmetry, and salience <= the larger dependence."""
    a, b = max(a, t), max(b, t)  # totals include the bilateral trade
    m = interdependence(t, a, b)
    assert float(m["interdependence"]) == pytest.approx(float(m["salience"] * m["symmetry"]))
    assert float(m["salience"]) <= max(float(m["dependence_i"]), float(m["dependence_j"])) + 1e-12


@given(s=share)
def test_equal_dependence_is_fully_symmetric(s: float) -> None:
    """Equal shares: symmetry 1 and interdependence equal to the share."""
    assert float(symmetry(s, s)) == 1.0
    m = interdependence(s, 1.0, 1.0)
    assert float(m["interdependence"]) == pytest.approx(s)


@given(t=st.floats(0.0, 100.0), k=st.floats(0.1, 10.0))
def test_scale_free(t: float, k: float) -> None:
    """Measuring trade in other units (all flows times k) changes nothing."""
    a = interdependence(t, 200.0, 800.0)
    b = interdependence(t * k, 200.0 * k, 800.0 * k)
    for key in a:
        assert float(a[key]) == pytest.approx(float(b[key]), abs=1e-12)


def test_broadcasts_over_dyads_and_periods() -> None:
    """Arrays of shape (dyads, periods) broadcast against per-dyad totals."""
    bilateral = np.array([[1.0, 2.0], [3.0, 4.0]])
    m = interdependence(bilateral, np.array([[10.0], [20.0]]), 40.0)
    assert m["interdependence"].shape == (2, 2)

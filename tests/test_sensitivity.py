"""The index-level uncertainty and sensitivity analysis (relindex.sensitivity)."""

import json
from pathlib import Path

import numpy as np
import pytest

import relindex
from relindex.models import Uncertainty
from relindex.sensitivity import analyse
from relindex.sensitivity._design import NormalisationGroup, build_design
from relindex.sensitivity._run import Runner

NO_VARIATION = {"weight_range": 0.0, "vary_aggregation": False, "vary_normalisation": False,
                "include_low_grade_probability": 1.0, "vary_evidence": False}

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def model():
    return relindex.build_model(relindex.load(MINI))


def test_same_seed_same_result(model):
    """--seed makes the whole result identical run to run."""
    a = analyse(model, samples=64, seed=3, n_resamples=50).to_dict()
    b = analyse(model, samples=64, seed=3, n_resamples=50).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_vectorised_equals_per_sample_loop(model):
    """One array computation over samples equals evaluating each sample alone."""
    design, _ = build_design(model, Uncertainty())
    from dataclasses import replace

    tree = replace(model.tree, floor=np.where(np.isnan(model.tree.floor), 0.01,
                                              model.tree.floor))
    ev = Runner(model, design, tree, headline=len(model.periods) - 1)
    rng = np.random.default_rng(0)
    x = np.stack([inp.ppf(rng.random(32)) for inp in design.inputs])
    batch = ev.run(x).net
    for i in range(32):
        np.testing.assert_allclose(ev.run(x[:, i:i + 1]).net[0], batch[i], rtol=0, atol=1e-14)


def test_nominal_sample_reproduces_the_point_score(model):
    """With every input at its nominal value the evaluator gives relindex.score's index."""
    design, _ = build_design(model, Uncertainty())
    ev = Runner(model, design, model.tree, headline=len(model.periods) - 1)
    x = np.ones((len(design.inputs), 1))
    for inp_i, inp in enumerate(design.inputs):
        kind = type(inp).__name__
        if kind == "Choice":
            x[inp_i] = 0.0  # declared normalisation / arithmetic
        elif inp.name.startswith("evidence"):
            x[inp_i] = 0.5  # the value used
    assert x[:, 0].tolist() == design.declared()[:, 0].tolist()
    net = ev.run(x).net[0, 0]
    point = [p.index for p in relindex.score(model).periods]
    np.testing.assert_allclose(net, point, atol=1e-12)


def test_bands_cover_periods_and_agree_with_the_sign_probability(model):
    """Every period has a band of some width, and P(index > 0) agrees with where it lies.

    The quantiles and the share of positive samples are computed apart, so a band that
    is mislabelled, collapsed or shifted shows: wholly above zero means P > 0.95, wholly
    below zero P < 0.05, a positive median P >= 0.5; ``point_inside`` says whether the
    point value lies in the band.
    """
    res = analyse(model, samples=128, seed=1, n_resamples=0)
    assert [p["period"] for p in res.periods] == model.periods
    for p in res.periods:
        i = p["index"]
        if i["median"] is None:
            continue
        assert i["p95"] - i["p05"] > 1e-6, p["period"]
        if i["p05"] > 0:
            assert i["p_positive"] >= 0.95, p
        if i["p95"] < 0:
            assert i["p_positive"] <= 0.05, p
        assert (i["median"] > 0) == (i["p_positive"] >= 0.5), p
        point = p["point"]["index"]
        if point is not None:
            assert p["point_inside"] == (i["p05"] - 1e-12 <= point <= i["p95"] + 1e-12)


def test_sobol_lists_every_declared_group(mini):
    """Sobol' indices are given for every group of declared inputs."""
    from _util import edit

    edit(mini / "indicators.toml", "[index]\n",
         "[index]\ndata_methods_min_distinct = 2\n")
    res = analyse(relindex.build_model(relindex.load(mini)), samples=64, seed=1, n_resamples=0)
    groups = {i["group"] for i in res.inputs}
    assert {s["input"] for s in res.sobol} == groups
    assert "normalisation" in groups and "weights: trade" in groups


def test_no_variation_gives_point_estimate(model):
    """Without uncertain inputs the analysis says so instead of inventing spread."""
    with pytest.raises(relindex.RelindexError, match="no uncertain input"):
        analyse(model, NO_VARIATION, samples=64, seed=1)


def test_sample_limit(model):
    """Sample counts over the limit are refused with the option that raises it."""
    with pytest.raises(relindex.LimitExceededError, match="max_samples"):
        analyse(model, samples=2**17, seed=1)


def test_samples_must_be_power_of_two(model):
    """A sample size that is not a power of two is a clear error."""
    with pytest.raises(relindex.RelindexError, match="power of two"):
        analyse(model, samples=100, seed=1)


def test_chunked_equals_unchunked(model):
    """A tiny memory budget (many chunks) gives the same result."""
    a = analyse(model, samples=64, seed=5, n_resamples=0).to_dict()
    b = analyse(model, samples=64, seed=5, n_resamples=0, memory_budget=1).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_dirichlet_weights_option(mini):
    """Weights = 'dirichlet' draws a level's weights jointly; the run still reproduces."""
    path = mini / "indicators.toml"
    path.write_text(path.read_text() + '\n[uncertainty]\nweights = "dirichlet"\n'
                    "dirichlet_concentration = 30\n")
    m = relindex.build_model(relindex.load(mini))
    assert m.dataset.catalogue.uncertainty.weights == "dirichlet"
    a = analyse(m, samples=64, seed=2, n_resamples=0).to_dict()
    b = analyse(m, samples=64, seed=2, n_resamples=0).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert {i["group"] for i in a["inputs"]} >= {"weights: trade", "weights: cooperation"}


def test_declared_alternative_normalisations_are_sampled(mini):
    """An indicator's declared alternatives replace the min-max default in the choice."""
    from _util import edit

    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 100 }',
         'normalisation = { method = "goalposts", min = 0, max = 100 }\n'
         'alternatives = [{ method = "rank" }, { method = "goalposts", min = 20, max = 80 }]')
    edit(mini / "indicators.toml", "[index]\n",
         "[index]\ndata_methods_min_distinct = 2\n")
    m = relindex.build_model(relindex.load(mini))
    res = analyse(m, samples=64, seed=1, n_resamples=0)
    share = next(i for i in res.inputs if i["name"] == "normalisation share")
    assert share["options"] == ["declared (goalposts)", "rank", "goalposts"]
    design, _ = build_design(m, Uncertainty(**{**NO_VARIATION, "vary_normalisation": True}))
    ev = Runner(m, design, m.tree, headline=len(m.periods) - 1)
    group = design.find(NormalisationGroup)
    assert isinstance(group, NormalisationGroup) and design.groups == (group,)
    x = np.zeros((len(design.inputs), 1))
    x[group.rows[m.columns.index("share")]] = 2.0  # goalposts 20-80: 50% -> 0.5, 40% -> 1/3
    net = ev.run(x).net[0, 0]
    base = relindex.score(m).period(2022)
    vol = base.dimension("trade").indicators[0].normalized
    ex = base.dimension("military").indicators[0].normalized  # the estimate of 1 exercise
    acc = base.dimension("friction").indicators[0].normalized
    coop = (2 * (0.5 * vol + 0.5 * (40 - 20) / 60) + 1 * ex) / 3
    assert net[m.periods.index(2022)] == pytest.approx(coop - acc)
    assert base.index != pytest.approx(coop)  # the declared normalisation gives another value


def test_a_constant_sobol_target_warns_and_gives_nan(model, monkeypatch):
    """A target the inputs never move has undefined Sobol' indices, said in a warning."""
    monkeypatch.setattr(Runner, "target", lambda self, x: np.zeros(x.shape[1]))
    with pytest.warns(relindex.RelindexWarning, match="Sobol' target.*constant"):
        res = analyse(model, samples=16, seed=1, n_resamples=0)
    assert all(s["first_order"] is None and s["total_order"] is None for s in res.sobol)


def test_the_warning_points_at_the_callers_line(model, monkeypatch):
    """relindex.analyse's RelindexWarning names the line that called it, not the library."""
    import sys
    import warnings

    monkeypatch.setattr(Runner, "target", lambda self, x: np.zeros(x.shape[1]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        relindex.analyse(model, samples=16, seed=1, n_resamples=0)
    hits = [w for w in caught if issubclass(w.category, relindex.RelindexWarning)]
    assert hits and all((w.filename, w.lineno) == (__file__, line) for w in hits), [
        (w.filename, w.lineno) for w in hits]


def test_sobol_runs_take_the_lean_path(model, monkeypatch):
    """The Sobol' design's runs compute values only; the attribution runs for the bands."""
    import relindex.sensitivity._run as run_mod

    seen = {"full": 0, "lean": 0}
    full, lean = run_mod.evaluate, run_mod.evaluate_values

    def count(kind, fn):
        def wrapped(leaves, *a, **kw):
            seen[kind] += int(np.prod(leaves.shape[:-3]))  # samples: the axes before (E, P, L)
            return fn(leaves, *a, **kw)
        return wrapped

    monkeypatch.setattr(run_mod, "evaluate", count("full", full))
    monkeypatch.setattr(run_mod, "evaluate_values", count("lean", lean))
    res = analyse(model, samples=64, seed=1, n_resamples=0)
    groups = len(res.sobol)
    assert seen["full"] == 64  # the bands' samples, with their contributions
    assert seen["lean"] >= 64 * (groups + 2)  # the design (and the headline probe)


def _sobol_runner(catalogue):
    """The model, design, Sobol' target and runner `analyse` builds for a catalogue."""
    from dataclasses import replace

    import relindex.sensitivity as rs

    m = relindex.build_model(relindex.load(catalogue))
    opts = rs.uncertainty_options(m, None)
    design, _ = build_design(m, opts)
    target = rs._Target.of(m, relindex.score(m, leave_one_out=False), None)
    tree = replace(m.tree, floor=np.where(np.isnan(m.tree.floor), opts.geometric_floor,
                                          m.tree.floor))
    ev = Runner(m, design, tree, target.h, target.e,
                nominal_ranks=target.nominal_ranks if target.many else None)
    return m, design, target, ev


@pytest.mark.parametrize("catalogue", [MINI, Path(__file__).parent / "fixtures" / "dyads"])
def test_sobol_target_aggregates_the_headline_period_only(catalogue, monkeypatch):
    """The Sobol' target's net index is the whole panel's headline column bit for bit.

    The tree is walked over that one period (every stage still sees every period).
    """
    import relindex.sensitivity._run as run_mod

    _m, design, target, ev = _sobol_runner(catalogue)
    rng = np.random.default_rng(2)
    x = np.stack([inp.ppf(rng.random(200)) for inp in design.inputs])
    whole = ev.net(x)[:, :, target.h]
    periods: list[int] = []
    lean = run_mod.evaluate_values

    def seen(leaves, *a, **kw):  # type: ignore[no-untyped-def]
        periods.append(leaves.shape[-2])
        return lean(leaves, *a, **kw)

    monkeypatch.setattr(run_mod, "evaluate_values", seen)
    got = ev._headline_net(x)
    assert periods == [1]
    np.testing.assert_array_equal(got, whole)
    if not target.many:
        np.testing.assert_array_equal(ev.target(x), whole[:, target.e])


def test_posterior_draw_counts_grid_points_below_the_quantile():
    """Posterior draws equal their definition, bit for bit.

    The grid value after the points whose cumulative probability is below u, plus the
    tent toward the mean.
    """
    from types import SimpleNamespace

    from relindex.sensitivity._design import _posterior_draw

    rng = np.random.default_rng(4)
    marginal = rng.random((2, 3, 41)) ** 6
    marginal[0, 0] = 0.0
    marginal[0, 0, 7] = 1.0  # a point mass: every u below 1 lands on it
    marginal /= marginal.sum(axis=-1, keepdims=True)
    values = np.linspace(-1.0, 2.0, 41)
    post = SimpleNamespace(marginal=marginal, values=values, mean=marginal @ values)
    u = np.concatenate([[0.0, 0.5, 1.0], rng.random(300)])
    cdf = np.cumsum(marginal, axis=-1)
    uc = np.clip(u, 1e-9, 1 - 1e-9)

    def quantile(q: np.ndarray) -> np.ndarray:
        return values[np.minimum((cdf[None] < q[:, None, None, None]).sum(axis=-1), 40)]

    tent = (1.0 - np.abs(2.0 * uc - 1.0))[:, None, None]
    want = quantile(uc) + tent * (post.mean - quantile(np.array([0.5]))[0])[None]
    np.testing.assert_array_equal(_posterior_draw(post, u), want)


@pytest.mark.parametrize("catalogue", [MINI, Path(__file__).parent / "fixtures" / "dyads",
                                       None])
def test_sobol_blocks_reuse_the_stages_before_each_group(catalogue, monkeypatch):
    """The Sobol' target evaluates the design's blocks as the plain target would, bit for bit.

    A stage runs again only for the blocks of groups acting at or before it.
    """
    import relindex.sensitivity._run as run_mod
    from relindex._core.sobol import _resolve_groups

    m, design, _target, ev = _sobol_runner(catalogue)
    names, members = _resolve_groups(design.inputs, None)
    rng = np.random.default_rng(5)
    a, b = (np.stack([inp.ppf(rng.random(40)) for inp in design.inputs]) for _ in "ab")
    transformed, raw = [], []  # rows through the normalised stage, through the raw one
    base_transform = run_mod.apply_transform

    def count(x, codes):  # type: ignore[no-untyped-def]
        transformed.append(x.shape[0])
        return base_transform(x, codes)

    monkeypatch.setattr(run_mod, "apply_transform", count)
    evaluations = []  # samples per aggregation
    base_values = run_mod.evaluate_values

    def values(leaves, *a, **kw):  # type: ignore[no-untyped-def]
        evaluations.append(int(np.prod(leaves.shape[:-3])))
        return base_values(leaves, *a, **kw)

    monkeypatch.setattr(run_mod, "evaluate_values", values)
    for group in design.groups:
        if group.stage == "raw":
            monkeypatch.setattr(group, "apply", lambda x, s, f=group.apply: (
                raw.append(x.shape[1]), f(x, s))[1])
    got = ev.target.sobol_blocks(a, b, members)
    first = ev.first_stages()
    at = [int(first[cols].min()) for cols in members]
    assert len(transformed) == 2 + sum(k <= 1 for k in at)  # A, B, and the groups before
    assert sum(transformed) == 40 * len(transformed)
    raw_groups = sum(g.stage == "raw" for g in design.groups)
    assert len(raw) == raw_groups * (2 + sum(k == 0 for k in at))
    # the blocks sharing A's normalised values are aggregated together, P at a time
    shared, periods = sum(k >= 2 for k in at), len(m.periods)
    assert len(evaluations) == 2 + sum(k <= 1 for k in at) + -(-shared // periods)
    assert sum(evaluations) == 40 * (2 + len(members))
    monkeypatch.undo()
    want = [ev.target(a), ev.target(b)]
    for cols in members:
        x = a.copy()
        x[cols] = b[cols]
        want.append(ev.target(x))
    np.testing.assert_array_equal(got, np.stack(want))
    assert len(names) == len(got) - 2


@pytest.fixture(scope="module")
def composite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The composite scaffold of ``relindex init --template composite``."""
    from _util import cli

    path = tmp_path_factory.mktemp("scaffold") / "comp"
    assert cli("init", str(path), "--template", "composite").returncode == 0
    return path


def test_composite_bands_name_one_index_with_its_own_range(composite: Path) -> None:
    """A composite's analysis has no cooperation or friction: one index in [0, 1]."""
    pytest.importorskip("pandas")
    from _util import cli

    with pytest.warns(relindex.RelindexWarning):
        res = relindex.analyse(relindex.load(composite), samples=64)
    assert set(res.to_frame()["quantity"]) == {"index"}
    assert all(set(p["point"]) == {"index"} for p in res.periods)
    text = cli("sensitivity", "-c", str(composite), "-n", "64").stdout
    assert "coop median" not in text and "cooperation - friction" not in text
    assert "index = the composite index, in [0, 1]" in text


def test_composite_rank_shift_constant_says_the_ranks_never_change(composite: Path) -> None:
    """Two entities far apart: the rank shift is constant, and the note says why."""
    ds = relindex.load(composite)
    with pytest.warns(relindex.RelindexWarning, match="never reorder the entities"):
        res = relindex.analyse(ds, samples=64)
    assert any("(weights: index, aggregation: index, evidence)" in n for n in res.notes)
    assert all(s["total_order"] is None for s in res.sobol)
    # the varied inputs reach one entity's index: its Sobol' indices are defined
    one = relindex.analyse(ds, samples=64, entity="AAA")
    assert max(s["total_order"] for s in one.sobol) > 0.5

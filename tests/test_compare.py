"""relindex.compare: other weights through the core, and two results lined up."""

from __future__ import annotations

from pathlib import Path

import pytest

import relindex
from relindex.compare import COLUMNS, compare, read_weights, with_weights
from relindex.errors import RelindexError
from relindex.export import score_with_weights

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
DYADS = FIXTURES / "dyads"


def test_with_weights_matches_score_with_weights() -> None:
    """A re-weighted model scores the headline as the export's core path does."""
    model = relindex.build_model(relindex.load(DYADS))
    res = relindex.score(with_weights(model, {"trade": 4, "security": 0.5}))
    for e in res.entities:
        for y in res.years:
            got = res.period(y, e).index
            want = score_with_weights(model, {"trade": 4, "security": 0.5}, period=y, entity=e)
            assert (got is None and want != want) or got == pytest.approx(want, abs=1e-12)


def test_with_weights_leaves_the_model_alone() -> None:
    """The model passed in keeps its weights."""
    model = relindex.build_model(relindex.load(MINI))
    before = [w.copy() for w in model.tree.weights]
    with_weights(model, {"trade": 9})
    assert all((a == b).all() for a, b in zip(before, model.tree.weights, strict=True))


def test_scaling_every_weight_changes_nothing() -> None:
    """Weights are relative: the same weights times a constant give no difference."""
    model = relindex.build_model(relindex.load(MINI))
    ids = [n.id for n in model.nodes if n.dim is not None] + model.columns[:model.n_leaves]
    from relindex.compare import weight_slots

    slots = weight_slots(model)
    # an only child's weight is refused (it cannot change anything): every other one doubles
    shared = [k for k in ids if len(model.tree.children[slots[k][0]]) > 1]
    doubled = {k: 2 * float(model.tree.weights[slots[k][0]][slots[k][1]]) for k in shared}
    for row in compare(model, weights=doubled).to_records():
        assert row["difference"] is None or abs(row["difference"]) < 1e-12
        assert row["rank_change"] in (0, None)


def test_rows_columns_and_rank_changes() -> None:
    """Rows carry the documented columns; rank_change is rank_b - rank_a."""
    c = compare(DYADS, weights={"trade": 5})
    rows = c.to_records()
    assert all(list(r) == list(COLUMNS) for r in rows)
    assert len(rows) == 9
    for r in rows:
        assert r["difference"] == pytest.approx(r["index_b"] - r["index_a"])
        assert r["rank_change"] == r["rank_b"] - r["rank_a"]
    assert {r["rank_change"] for r in rows} != {0}
    assert c.to_dict()["b"]["label"] == "other weights"


def test_weights_file(tmp_path: Path) -> None:
    """A weights file is read as a [weights] table; compare(a, file) uses it."""
    f = tmp_path / "w.toml"
    f.write_text("[weights]\ntrade = 5\n", encoding="utf-8")
    assert read_weights(f) == {"trade": 5.0}
    assert compare(DYADS, f).to_records() == compare(DYADS, weights={"trade": 5}).to_records()
    (tmp_path / "bad.toml").write_text("trade = 5\n", encoding="utf-8")
    with pytest.raises(RelindexError, match=r"\[weights\] table"):
        read_weights(tmp_path / "bad.toml")


def test_weights_file_with_an_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    """A typo in a weights file's top-level key names the file, the key and the fix."""
    f = tmp_path / "typo.toml"
    f.write_text('nme = "x"\n[weights]\ntrade = 2\n', encoding="utf-8")
    with pytest.raises(RelindexError) as info:
        read_weights(f)
    err = info.value
    assert err.path == str(f) and err.key == "nme" and err.value == "x"
    assert "Fix: rename it to 'name'" in str(err)
    with pytest.raises(RelindexError, match="nme"):
        compare(DYADS, f)
    f.write_text("name = 3\n[weights]\ntrade = 2\n", encoding="utf-8")
    with pytest.raises(RelindexError, match="name must be text"):
        read_weights(f)


@pytest.mark.parametrize("weights", [{"nope": 1}, {"trade": -1}, {"trade": float("nan")},
                                     {"trade": "x"}, {"trade": True}])
def test_bad_weights_are_refused(weights: dict[str, object]) -> None:
    """Unknown ids and weights that are not finite numbers >= 0 raise RelindexError."""
    with pytest.raises(RelindexError):
        with_weights(MINI, weights)  # type: ignore[arg-type]


def test_to_frame() -> None:
    """The comparison converts to a DataFrame with nullable integer ranks."""
    pytest.importorskip("pandas")
    frame = compare(MINI, weights={"trade": 2}).to_frame()
    assert list(frame.columns) == list(COLUMNS) and str(frame["rank_a"].dtype) == "Int64"

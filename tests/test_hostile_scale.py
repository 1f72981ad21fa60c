"""Cost linear in the catalogue: shapes grow, the work counted (never the time) stays linear.

Each test grows one shape of the input (dimensions, bars) and counts what relindex
does: lines of its own code run (`_shapes.lines_run`), bars drawn.
"""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from _shapes import lines_run, wide_catalogue
from relindex.cli import main


def _sensitivity_lines(folder: Path) -> int:
    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["sensitivity", "--catalogue", str(folder), "-n", "8"]) == 0

    run()  # imports and caches out of the count
    return lines_run(run)


@pytest.mark.slow
def test_sensitivity_work_is_linear_in_the_dimensions(tmp_path: Path) -> None:
    """8x the dimensions, at most ~8x the lines run.

    A position looked up per dimension in a list of every dimension made it 12x here.
    """
    small = _sensitivity_lines(wide_catalogue(tmp_path / "s", 16))
    large = _sensitivity_lines(wide_catalogue(tmp_path / "l", 128))
    assert large <= 10 * small, (small, large)


def test_slot_in_parent_does_not_walk_the_siblings() -> None:
    """The position of a child among its parent's children is stored, not searched."""
    from relindex._core.aggregate import Tree
    from relindex.scoring.tree import slot_in_parent

    L = 5000
    tree = Tree(L, (np.arange(L), np.array([L])), (np.ones(L), np.ones(1)),
                np.zeros(2, int), np.full(2, np.nan), cooperation=1)
    assert [slot_in_parent(tree, s) for s in (0, 17, L - 1, L)] == [
        (0, 0), (0, 17), (0, L - 1), (1, 0)]
    assert lines_run(lambda: [slot_in_parent(tree, s) for s in range(L)]) <= 3 * L


def _dim(k: int, contribution: float | None) -> SimpleNamespace:
    ind = SimpleNamespace(carried=k % 97 == 0)
    node = SimpleNamespace(indicators=(ind,))
    return SimpleNamespace(name=f"D{k}", contribution=contribution, polarity="cooperation",
                           walk=lambda: (node,))


def test_contributions_draw_at_most_max_bars_and_still_add_up() -> None:
    """5,000 dimensions give MAX_BARS bars: the largest apart, the rest added in one bar."""
    pytest.importorskip("matplotlib")
    from relindex import plot

    rng = np.random.default_rng(3)
    values = rng.normal(0, 1e-3, 5000)
    values[[10, 4000]] = [0.2, -0.1]
    dims = [_dim(k, None if k == 7 else float(v)) for k, v in enumerate(values)]
    names, contrib, carried, colours, rest = plot._bars(dims)
    assert len(names) == len(contrib) == len(carried) == len(colours) == plot.MAX_BARS
    assert rest == 5000 - (plot.MAX_BARS - 1)
    assert names[-1] == f"{rest} other dimensions" and colours[-1] == plot.COLOURS["other"]
    assert "D10" in names and "D4000" in names and names.index("D10") < names.index("D4000")
    total = math.fsum(v for k, v in enumerate(values) if k != 7)
    assert math.isclose(math.fsum(c or 0.0 for c in contrib), total, abs_tol=1e-12)
    assert carried[-1]


def test_contributions_chart_of_a_wide_catalogue_names_the_grouped_bar(tmp_path: Path) -> None:
    """A scored catalogue of 60 dimensions: MAX_BARS bars and a legend saying what was added."""
    pytest.importorskip("matplotlib")
    import relindex
    from relindex import plot

    res = relindex.score(str(wide_catalogue(tmp_path / "w", 60))).entity("E0")
    fig = plot.contributions(res, period=2001)
    ax = fig.axes[0]
    assert len(ax.patches) == plot.MAX_BARS
    widths = math.fsum(p.get_width() for p in ax.patches)
    assert math.isclose(widths, res.period(2001).index or 0.0, abs_tol=1e-9)
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert f"the {60 - plot.MAX_BARS + 1} dimensions of smallest |contribution|" in legend


def test_newlines_cost_no_memory_per_blank_line() -> None:
    """50,000 newlines: split_sentences keeps no span per blank line (it kept 125 bytes)."""
    from _shapes import peak_bytes
    from relindex.extract.sentences import split_sentences

    n = 50_000
    assert split_sentences("\n" * n + "Last line.") == [(n, n + 10)]
    assert peak_bytes(lambda: split_sentences("\n" * n)) < 4 * n
    assert peak_bytes(lambda: split_sentences(" \n\t\n" * (n // 4))) < 4 * n


def test_repeated_short_lines_are_read_once() -> None:
    """'1. 1. 1. ...': each repeat costs a few lines of work, not a reading of the line."""
    from relindex.uncited import relevant_sentences

    relevant_sentences("1. 1. ")
    small = lines_run(lambda: relevant_sentences("1. " * 1000))
    large = lines_run(lambda: relevant_sentences("1. " * 4000))
    assert large <= 4.5 * small and large <= 100 * 4000, (small, large)


def test_uncited_is_linear_in_the_cited_spans() -> None:
    """10x the cited spans (a one-character quote occurs everywhere): a few lines a span.

    Every sentence was compared with every span before: 200 lines a span here.
    """
    from relindex.uncited import uncited

    text = "".join(f"Trade fell {k % 97}% in {1900 + k % 120}. " for k in range(200))
    tail = [(len(text) + 2 * k, len(text) + 2 * k + 1) for k in range(4000)]
    small = lines_run(lambda: uncited(text, tail[:400], []))
    large = lines_run(lambda: uncited(text, tail, []))
    assert large - small <= 10 * 3600, (small, large)
    assert len(uncited(text, tail, [])) == 200
    inside = [(5, 6), (len(text) - 3, len(text) - 2)]
    assert [s.span[0] for s in uncited(text, inside, [])][:1] != [0]
    assert len(uncited(text, inside, [])) == 198


class _CountedSet(frozenset):  # type: ignore[type-arg]
    """A set of qualifiers that counts the lookups made in it."""

    lookups = 0

    def __contains__(self, item: object) -> bool:
        _CountedSet.lookups += 1
        return super().__contains__(item)


def _qualifier_lookups(n_extra: int) -> tuple[int, set[str | None]]:
    import dataclasses

    from relindex.extract import extract
    from relindex.extract.lexicon import load_lexicon

    lex = load_lexicon()
    extra = {f"qual{k} word": "about" for k in range(n_extra)}
    big = dataclasses.replace(lex, qualifiers={**lex.qualifiers, **extra})
    index = big.index
    object.__setattr__(index, "qualifiers", _CountedSet(index.qualifiers))
    text = " ".join(f"In {1900 + k % 120} trade rose to over ${k + 1} billion and qual{k} word "
                    f"{k + 7} troops came." for k in range(300))
    _CountedSet.lookups = 0
    found = {c.qualifier for c in extract(text, lexicon=big)}
    return _CountedSet.lookups, found


def test_qualifier_lookup_does_not_grow_with_the_lexicon() -> None:
    """20,000 qualifiers cost no more set lookups than 20.

    One alternation of every qualifier was tried at each of 40 characters before a number.
    """
    few, found_few = _qualifier_lookups(20)
    many, found_many = _qualifier_lookups(20_000)
    assert 0 < many <= few, (few, many)
    assert {"over", "qual3 word", "qual17 word"} <= found_few
    assert {"over", "qual3 word", "qual299 word"} <= found_many


def test_a_one_character_quote_costs_little_per_occurrence(tmp_path: Path) -> None:
    """A quote occurring 30,000 times: spans kept as arrays, not a tuple per occurrence.

    Loading cost 94 bytes a source character here (a list of ints mapping the normalised
    text back, a tuple of tuples of spans); it is under 25.
    """
    import relindex
    from _shapes import peak_bytes, quoted_catalogue

    n = 30_000
    folder = quoted_catalogue(tmp_path / "q", "It is 1. " + "a " * n + "\n", "a")
    relindex.load(str(folder))
    assert peak_bytes(lambda: relindex.load(str(folder))) < 25 * 2 * n
    ds = relindex.load(str(folder))
    occ = ds.record("e1").occurrences
    assert len(occ) == n and occ[0] == (9, 10) and occ[-1] == (9 + 2 * (n - 1), 10 + 2 * (n - 1))
    assert occ[:2] == [(9, 10), (11, 12)] and list(occ)[:2] == [(9, 10), (11, 12)]

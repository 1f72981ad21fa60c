"""relindex.scoring.tree: the catalogue's dimensions laid out once, bottom-up."""

from __future__ import annotations

import numpy as np

import relindex
from relindex.scoring.tree import lay_out_tree, top_nodes


def layout(folder):
    cat = relindex.load(folder).catalogue
    return lay_out_tree(cat.dimensions, cat.index)


def test_leaves_in_catalogue_order_and_nodes_bottom_up(mini):
    """Leaves in the order the catalogue declares them; dimensions, then the two sides."""
    lay = layout(mini)
    assert lay.leaf_ids == ("volume", "share", "exercises", "accusations")
    assert [n.id for n in lay.nodes] == ["trade", "military", "friction", "cooperation",
                                         "friction"]
    assert [n.key for n in lay.nodes[:3]] == ["dimensions.trade", "dimensions.military",
                                              "dimensions.friction"]
    tree = lay.tree
    assert (tree.cooperation, tree.friction) == (3, 4)
    assert top_nodes(tree) == [0, 1, 2]


def test_each_node_aggregates_its_indicators_then_its_sub_dimensions(mini):
    """Child slots: indicators' leaf slots, then sub-dimensions' node slots."""
    lay = layout(mini)
    L = len(lay.leaf_ids)
    assert [list(c) for c in lay.tree.children] == [[0, 1], [2], [3], [L + 0, L + 1], [L + 2]]
    assert np.allclose(lay.tree.weights[3], [2.0, 1.0])


def test_weights_not_adding_to_one_are_noted(mini):
    """A level whose weights add up to other than 1 is noted (they are normalised)."""
    notes = layout(mini).notes
    assert "weights of dimensions.trade's children add up to 2; normalised to 1" in notes
    assert "weights of index.cooperation's children add up to 3; normalised to 1" in notes


def test_vocabulary_sides_slots_and_leaves(mini):
    """Sides by name, each child's slot in its parent, and the leaves under a node."""
    from relindex.scoring.tree import has_friction, leaves_under, sides, slot_in_parent

    tree = layout(mini).tree
    assert sides(tree) == {"cooperation": 3, "friction": 4} and has_friction(tree)
    L = tree.n_leaves
    assert slot_in_parent(tree, 1) == (0, 1)  # share: second child of trade
    assert slot_in_parent(tree, L + 1) == (3, 1)  # military: second child of cooperation
    assert leaves_under(tree, 3) == [0, 1, 2]
    assert leaves_under(tree, 4) == [3]

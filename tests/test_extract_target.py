"""relindex.extract.target: what extraction reads of the catalogue its drafts are for."""

from __future__ import annotations

from pathlib import Path

from relindex.extract.target import read_target, source_id_for


def test_the_shipped_catalogue_is_the_default_target():
    """No path: the shipped catalogue, its event types, actors and sources."""
    t = read_target()
    assert t.shipped and t.id == "russia-china" and t.actors == ("RU", "CN")
    assert "joint_exercise" in t.event_types and t.lexicon is None
    sid, path = next(iter(t.sources.items()))
    assert path.is_file() and source_id_for(path, t) == sid


def test_a_catalogue_folder_gives_its_actors_from_entities(tmp_path: Path):
    """Actors of [catalogue] and of every entity, in order, each once; sources optional."""
    (tmp_path / "indicators.toml").write_text(
        '[catalogue]\nid = "dyads"\nactors = ["CN"]\n'
        '[entities.RU-CN]\nname = "x"\nactors = ["RU", "CN"]\n'
        '[entities.CN-IN]\nname = "y"\nactors = ["CN", "IN"]\n', encoding="utf-8")
    t = read_target(tmp_path)
    assert (t.id, t.shipped, t.actors, dict(t.sources)) == ("dyads", False,
                                                          ("CN", "RU", "IN"), {})


def test_source_ids_from_file_names_are_valid_ids():
    """A file name becomes an evidence id: unsafe characters to '-', never empty."""
    assert source_id_for("x/Kenya Uganda (2024).txt") == "Kenya-Uganda-2024"
    assert source_id_for("x/____.txt") == "source"
    assert len(source_id_for("x/" + "a" * 300 + ".txt")) == 80

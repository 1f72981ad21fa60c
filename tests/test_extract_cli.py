"""relindex extract on the command line (in process): errors, the recall report, drafts."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from relindex.cli import main


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``relindex ARGS`` in process; the exit status, stdout and stderr."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", ["max_bytes_0", "missing_folder", "fifo_document",
                                  "fifo_lexicon", "ledger_not_toml"])
def test_extract_errors_are_one_line_and_exit_2(tmp_path, case, capsys):
    """Bad input to relindex extract prints one 'relindex: error:' line and exits 2."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Trade reached $12 billion in 2024.", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    bad_ledger = tmp_path / "bad.toml"
    bad_ledger.write_text("[[evidence]\n", encoding="utf-8")
    args = {
        "max_bytes_0": [str(doc), "--max-bytes", "0"],
        "missing_folder": [str(doc), "--append", str(tmp_path / "no" / "such" / "ev.toml")],
        "fifo_document": [str(fifo)],
        "fifo_lexicon": [str(doc), "--lexicon", str(fifo)],
        "ledger_not_toml": [str(doc), "--append", str(bad_ledger)],
    }[case]
    code, out, err = _cli(capsys, "extract", *args)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("relindex: error: "), err
    assert "Fix:" in lines[0] and out == ""
    assert bad_ledger.read_text(encoding="utf-8") == "[[evidence]\n"
    assert not (tmp_path / "no").exists()


def test_recall_prints_text_or_json_never_a_dict(capsys):
    """The --recall option prints a sentence and 'missed' lines, or JSON with --format json."""
    code, out, err = _cli(capsys, "extract", "--recall")
    assert code == 0, err
    assert out.startswith("Recall of numeric ledger facts: ")
    assert "{'" not in out and "': " not in out
    data = json.loads(_cli(capsys, "extract", "--recall", "--format", "json")[1])
    assert set(data) == {"found", "total", "recall", "missed", "inferred"}
    # the shipped ledger's 'positive trade balance' (over 0) is inferred: apart, not missed
    assert data["inferred"] == ["ca-trade-balance-2018"]
    assert "1 value inferred, not stated in its quote: ca-trade-balance-2018\n" in out
    assert all("positive trade balance" not in m["quote"] for m in data["missed"])


def test_appended_drafts_are_excluded_and_name_what_to_fill(tmp_path, capsys):
    """Drafts appended to a ledger carry exclude = 'draft: ...' naming the fields to fill in."""
    ledger = tmp_path / "evidence.toml"
    doc = tmp_path / "doc.txt"
    doc.write_text("China and Russia held a joint exercise. Trade hit $5 billion in 2023.",
                   encoding="utf-8")
    assert _cli(capsys, "extract", str(doc), "--append", str(ledger))[0] == 0
    entries = tomllib.loads(ledger.read_text(encoding="utf-8"))["evidence"]
    assert [e["exclude"].split(" (")[0] for e in entries] == ["draft: not reviewed"] * 2
    assert "fill in indicator, period;" in entries[0]["exclude"]
    assert "fill in indicator;" in entries[1]["exclude"]


def _catalogue(folder, lexicon: str | None = None):
    """A small catalogue for Kenya-Uganda (only what extraction reads of it)."""
    folder.mkdir()
    (folder / "indicators.toml").write_text(
        '[catalogue]\nid = "kenya-uganda"\nactors = ["KE", "UG"]\nsources = "sources.toml"\n'
        '[event_types.trade_ban]\nname = "Trade ban"\npolarity = "friction"\ncameo = "163"\n'
        'severity = 8.0\nreason = "x"\n', encoding="utf-8")
    (folder / "sources.toml").write_text(
        '[sources.daily-nation-2024]\nfile = "nation.txt"\ntitle = "t"\n', encoding="utf-8")
    (folder / "nation.txt").write_text(
        "Kenya banned imports of Ugandan milk worth $2 billion in 2024. Russia and China held "
        "a joint exercise.", encoding="utf-8")
    if lexicon is not None:
        (folder / "event_lexicon.toml").write_text(lexicon, encoding="utf-8")
    return folder


def test_drafts_are_for_the_catalogue_and_say_so_once(tmp_path, capsys):
    """Event types and actors of -c, the source id from its sources, one note on stderr."""
    cat = _catalogue(tmp_path / "cat")
    code, out, err = _cli(capsys, "extract", str(cat / "nation.txt"), "-c", str(cat),
                          "-f", "toml")
    assert code == 0, err
    entries = tomllib.loads(out)["evidence"]
    assert [e["id"] for e in entries] == ["daily-nation-2024-cand-0001",
                                          "daily-nation-2024-cand-0002"]
    assert [e.get("event_type") for e in entries] == ["trade_ban", None]  # by CAMEO 163
    assert {e["source"] for e in entries} == {"daily-nation-2024"}
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "catalogue 'kenya-uganda'" in lines[0]
    assert "its 1 event types, events naming KE, UG" in lines[0]
    assert "set aside 1 event naming none of its actors" in lines[0]  # Russia-China


def test_the_shipped_catalogue_is_the_default_and_the_file_names_the_source(tmp_path, capsys):
    """Without -c the shipped catalogue is named on stderr; the source id is the file's name."""
    doc = tmp_path / "Kenya Uganda 2024.txt"
    doc.write_text("Russia and China held a joint exercise in 2024.", encoding="utf-8")
    code, out, err = _cli(capsys, "extract", str(doc), "-f", "toml")
    assert code == 0, err
    entries = tomllib.loads(out)["evidence"]
    assert entries[0]["id"] == "Kenya-Uganda-2024-cand-0001"
    assert entries[0]["event_type"] == "joint_exercise"
    assert "(the shipped one; -c PATH for another)" in err and err.count("\n") == 1


def test_draft_ids_are_unique_across_documents_and_ledgers(tmp_path, capsys):
    """Drafts of two documents appended to one ledger, and to two, never share an id."""
    ids: list[str] = []
    for name in ("a.txt", "b.txt"):
        doc = tmp_path / name
        doc.write_text("Trade reached $12 billion in 2024. It fell 5% in 2023.",
                       encoding="utf-8")
        for ledger in ("one.toml", f"own-{name}.toml"):
            assert _cli(capsys, "extract", str(doc), "--append", str(tmp_path / ledger))[0] == 0
            ids += [e["id"] for e in tomllib.loads(
                (tmp_path / ledger).read_text(encoding="utf-8"))["evidence"]]
    shared = [e["id"] for e in tomllib.loads(
        (tmp_path / "one.toml").read_text(encoding="utf-8"))["evidence"]]
    assert shared == ["a-cand-0001", "a-cand-0002", "b-cand-0001", "b-cand-0002"]
    again = _cli(capsys, "extract", str(tmp_path / "a.txt"), "--append",
                 str(tmp_path / "one.toml"))
    assert "(ids from a-cand-0003)" in again[2] and again[1] == ""


def test_a_lexicon_beside_the_catalogue_extends_the_shipped_one(tmp_path, capsys):
    """event_lexicon.toml beside the catalogue adds its event types to the shipped ones."""
    cat = _catalogue(tmp_path / "cat", lexicon=(
        '[[event]]\nid = "trade_ban"\nname = "Trade ban"\npolarity = "friction"\n'
        'cameo = "163"\ntriggers = ["banned|bans * milk"]\nsuffixes = []\n'))
    code, out, err = _cli(capsys, "extract", str(cat / "nation.txt"), "-c", str(cat),
                          "-f", "json")
    assert code == 0, err
    ev = [c for c in json.loads(out) if c["kind"] == "event"]
    assert [(c["event_type"], c["actors"]) for c in ev] == [("trade_ban", ["KE", "UG"])]
    assert "lexicon extended by event_lexicon.toml" in err


def test_a_catalogue_lexicon_may_declare_actors_alone(tmp_path, capsys):
    """Invented states named in event_lexicon.toml's [actors] are tagged; no event type needed."""
    cat = _catalogue(tmp_path / "cat", lexicon='version = 1\n[actors]\nXA = ["Aland"]\n'
                     'XB = ["Borduria", "Bordurian"]\n')
    toml = (cat / "indicators.toml").read_text(encoding="utf-8")
    (cat / "indicators.toml").write_text(toml.replace('["KE", "UG"]', '["XA", "XB"]'),
                                         encoding="utf-8")
    (cat / "nation.txt").write_text("Aland accused Borduria of espionage in June 2024.",
                                    encoding="utf-8")
    code, out, err = _cli(capsys, "extract", str(cat / "nation.txt"), "-c", str(cat),
                          "-f", "json")
    assert code == 0, err
    ev = [c for c in json.loads(out) if c["kind"] == "event"]
    assert [(c["plover"], c["actors"], c["period"]) for c in ev] == [
        ("ACCUSE", ["XA", "XB"], "2024-06")]
    assert "events naming XA, XB" in err and "not codes" not in err


def _events_with_actors(tmp_path, capsys, actors: str) -> tuple[list, str]:
    """The event candidates of the Kenya-Uganda catalogue's source with its actors replaced."""
    cat = _catalogue(tmp_path / "cat")
    toml = (cat / "indicators.toml").read_text(encoding="utf-8")
    (cat / "indicators.toml").write_text(toml.replace('["KE", "UG"]', actors), encoding="utf-8")
    code, out, err = _cli(capsys, "extract", str(cat / "nation.txt"), "-c", str(cat),
                          "-f", "json")
    assert code == 0, err
    return [c for c in json.loads(out) if c["kind"] == "event"], err


def test_a_catalogue_whose_actors_the_extractor_cannot_tag_keeps_every_event(tmp_path, capsys):
    """The scaffold's placeholder actors filter nothing, and stderr says why, once."""
    events, err = _events_with_actors(tmp_path, capsys, '["XA", "XB"]')
    assert {tuple(sorted(e["actors"])) for e in events} == {("KE", "UG"), ("CN", "RU")}
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "events between any two actors" in lines[0]
    assert "XA, XB are not codes the extractor tags" in lines[0]
    assert "set aside" not in lines[0]


def test_an_actor_code_the_extractor_cannot_tag_is_named(tmp_path, capsys):
    """An alpha-3 code among alpha-2 ones: the others still filter, and the note names it."""
    events, err = _events_with_actors(tmp_path, capsys, '["KEN", "UG"]')
    assert [sorted(e["actors"]) for e in events] == [["KE", "UG"]]
    assert "events naming UG;" in err and "set aside 1 event" in err
    assert "KEN is not a code the extractor tags" in err


def test_the_dyad_scaffold_names_actors_as_the_extractor_tags_them(tmp_path, capsys):
    """`relindex init` writes alpha-2 placeholders and says which codes extraction tags."""
    assert _cli(capsys, "init", str(tmp_path / "new"))[0] == 0
    data = tomllib.loads((tmp_path / "new" / "indicators.toml").read_text(encoding="utf-8"))
    assert all(len(a) == 2 for a in data["catalogue"]["actors"])
    assert "alpha-2" in (tmp_path / "new" / "indicators.toml").read_text(encoding="utf-8")

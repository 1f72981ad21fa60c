"""relindex.extract.lexicon: the TOML lexicon, its checks, and its CAMEO codes."""

from __future__ import annotations

import os
import typing
from pathlib import Path

import pytest

from _util import only
from relindex import extract as ex
from relindex.errors import InputFileError, RelindexError
from relindex.extract import (
    Lexicon,
    extract,
    load_lexicon,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def minimal_lexicon_dict() -> dict[str, typing.Any]:
    return {
        "event": [
            {"id": "joint_exercise", "name": "Joint exercise", "polarity": "cooperation",
             "triggers": ["joint exercise"], "cameo": "062"},
        ],
        "actors": {"RU": ["Russia"], "CN": ["China"]},
    }


# ------------------------------------------------------------------------------ lexicon


def test_shipped_lexicon_loads_and_is_cached():
    """The shipped lexicon loads, has event types of both polarities, and is read once."""
    lex = load_lexicon()
    assert lex is load_lexicon()
    assert {e.polarity for e in lex.events} == {"cooperation", "friction"}
    assert dict(lex.actors)["Kremlin"] == "RU"
    assert set(lex.qualifiers.values()) <= set(ex.LEDGER_QUALIFIERS)


def test_shipped_lexicon_cameo_codes_exist_in_the_goldstein_table():
    """Every CAMEO code in the shipped lexicon is a code of the shipped Goldstein table."""
    from relindex.goldstein import goldstein_table

    table = goldstein_table()
    assert len(table) > 250
    for e in load_lexicon().events:
        if e.cameo is not None:
            assert e.cameo in table, (e.id, e.cameo)


def test_shipped_goldstein_table_is_the_shared_copy():
    """The package's Goldstein table is the shared folder's copy (in CI the folder must exist)."""
    shared = SHARED / "data" / "CAMEO.goldsteinscale.tsv"
    if not shared.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the shared folder is missing in CI: {SHARED}")
        pytest.skip(f"no shared folder beside the repository ({SHARED})")
    shipped = ROOT / "src" / "relindex" / "data" / "CAMEO.goldsteinscale.tsv"
    assert shipped.read_bytes() == shared.read_bytes()


def test_custom_lexicon_is_used_instead_of_the_shipped_one(tmp_path):
    """extract() with a custom lexicon proposes only its event types and actors."""
    data = minimal_lexicon_dict()
    lex = Lexicon.from_dict(data, path="mini.toml")
    cands = extract("Russia and China held a joint exercise and imposed sanctions in Japan.",
                    lexicon=lex)
    assert [(c.event_type, c.actors) for c in only(cands, "event")] == [
        ("joint_exercise", ["RU", "CN"])]


def test_wildcards_and_suffixes_in_triggers():
    """'*' stands for up to three words, 'a|b' for either; suffixes extend the last word only."""
    data = minimal_lexicon_dict()
    data["event"][0]["triggers"] = ["joint * patrol", "held|holds drill"]
    data["event"][0]["suffixes"] = ["s", "ling"]
    lex = Lexicon.from_dict(data)
    quotes = [c.quote for c in extract(
        "Russia and China: a joint air patrol. Russia and China: a joint coast guard patrols. "
        "Russia and China: a joint a b c d patrol. Russia and China: joint patrolling. "
        "Russia and China: a joint, air patrol. Russia and China: joint patrol. "
        "Russia and China holds drills. Russia and China hold drill.", lexicon=lex)
        if c.kind == "event"]
    assert quotes == ["joint air patrol", "joint coast guard patrols", "joint patrolling",
                      "joint patrol", "holds drills"]


def _write(tmp_path: Path, text: str | bytes) -> Path:
    p = tmp_path / "lex.toml"
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


GOOD_EVENT = ('[[event]]\nid = "x"\nname = "X"\npolarity = "cooperation"\n'
              'triggers = ["joint exercise"]\n')


@pytest.mark.parametrize(
    ("toml_text", "key", "fragment", "fix"),
    [
        ('version = 2\n' + GOOD_EVENT, "version", "should be 1", "version = 1"),
        ('colour = 1\n' + GOOD_EVENT, "colour", "Extra inputs", "remove the key"),
        ("", "event", "needs event types", "[[event]]"),
        (GOOD_EVENT.replace('"cooperation"', '"friendly"'), "event[x].polarity",
         "'cooperation' or 'friction'", 'polarity = "cooperation"'),
        (GOOD_EVENT.replace('id = "x"', 'id = "Bad Id"'), "event[Bad Id].id", "pattern",
         "lower-case identifier"),
        (GOOD_EVENT + GOOD_EVENT, "event[1].id", "declared twice", "unique id"),
        (GOOD_EVENT.replace('["joint exercise"]', "[]"), "event[x].triggers", "at least 1 item",
         "at least one phrase"),
        (GOOD_EVENT.replace('["joint exercise"]', '["* exercise"]'), "event[x].triggers[0]",
         "must not start or end", "joint * patrol"),
        (GOOD_EVENT.replace('["joint exercise"]', '["!!"]'), "event[x].triggers[0]",
         "at least one word", "joint exercise"),
        (GOOD_EVENT + 'cameo = 62\n', "event[x].cameo", "valid string", 'cameo = "062"'),
        (GOOD_EVENT.replace('name = "X"', "name = 5"), "event[x].name", "valid string",
         "quoted string"),
        (GOOD_EVENT + 'suffixes = ["S"]\n', "event[x].suffixes[0]", "pattern", '"es"'),
        (GOOD_EVENT + 'severity = 3\n', "event[x].severity", "Extra inputs", "remove the key"),
        (GOOD_EVENT + GOOD_EVENT.replace('id = "x"', 'id = "y"'), "event[y].triggers[0]",
         "duplicates a trigger", "one event type only"),
        (GOOD_EVENT + '[actors]\nru = ["Russia"]\n', "actors.ru", "pattern", "upper-case codes"),
        (GOOD_EVENT + '[actors]\nRU = "Russia"\n', "actors.RU", "valid list", "aliases"),
        (GOOD_EVENT + '[actors]\nRU = ["Russia"]\nCN = ["Russia"]\n', "actors.CN",
         "also an alias of RU", "one code only"),
        (GOOD_EVENT + '[qualifiers]\n"circa" = "roughly"\n', "qualifiers.circa",
         "'about'", "map to one of"),
    ],
)
def test_bad_lexicon_names_file_and_key(tmp_path, toml_text, key, fragment, fix):
    """A lexicon breaking a rule raises InputFileError naming the file, the key and the fix."""
    p = _write(tmp_path, toml_text)
    with pytest.raises(InputFileError) as info:
        load_lexicon(p)
    msg = str(info.value)
    assert info.value.key == key, msg
    assert str(p) in msg and fragment in msg, msg
    assert fix in (info.value.fix or ""), msg
    assert "\n" not in msg


def test_only_an_extension_may_declare_no_event_type(tmp_path):
    """A lexicon used on its own needs event types; one extending another may add actors alone."""
    p = _write(tmp_path, '[actors]\nXA = ["Aland"]\n')
    with pytest.raises(InputFileError, match="needs event types") as info:
        load_lexicon(p)
    assert info.value.key == "event" and "actors alone" in (info.value.fix or "")
    lex = load_lexicon().extended_by(load_lexicon(p, extension=True))
    assert ("Aland", "XA") in lex.actors
    assert [e.id for e in lex.events] == [e.id for e in load_lexicon().events]


def test_unreadable_lexicon_files_are_refused(tmp_path):
    """A missing, non-UTF-8 or broken-TOML lexicon raises InputFileError naming the file."""
    with pytest.raises(InputFileError, match="not found"):
        load_lexicon(tmp_path / "none.toml")
    with pytest.raises(InputFileError, match="not valid UTF-8"):
        load_lexicon(_write(tmp_path, b"version = \xff\n"))
    with pytest.raises(InputFileError, match="not valid TOML") as info:
        load_lexicon(_write(tmp_path, "[[event]\nid = 1"))
    assert isinstance(info.value, RelindexError)


# ------------------------------------------------------------------------------ Goldstein


def test_severity_mismatches_name_both_values():
    """A severity or polarity contradicting the Goldstein value is flagged with both values."""
    from relindex.goldstein import severity_mismatches

    types = {"ok": {"cameo": "062", "severity": 7.4, "polarity": "cooperation"},
             "low": {"cameo": "062", "severity": 5.0, "polarity": "cooperation"},
             "sign": {"cameo": "190", "severity": 10.0, "polarity": "cooperation"},
             "unknown": {"cameo": "9999", "severity": 1.0, "polarity": "friction"},
             "uncoded": {"severity": 3.0, "polarity": "friction"}}
    got = {(m.event_type, m.severity, m.goldstein) for m in severity_mismatches(types)}
    assert got == {("low", 5.0, 7.4), ("sign", 10.0, -10.0), ("unknown", 1.0, None)}
    msg = next(m.message for m in severity_mismatches(types) if m.event_type == "low")
    assert "5.0" in msg and "+7.4" in msg


def test_shipped_catalogue_severities_agree_with_goldstein():
    """The shipped catalogue's event types agree with the shipped Goldstein table."""
    from relindex.goldstein import severity_mismatches

    assert [m.message for m in severity_mismatches(ex.catalogue_event_types())] == []




def test_alternatives_must_be_single_words(tmp_path):
    """'a|b' joins single words; 'cut-off|halted' is refused naming the trigger."""
    data = minimal_lexicon_dict()
    data["event"][0]["triggers"] = ["cut-off|halted exports"]
    with pytest.raises(InputFileError, match=r"alternatives joined by '\|' must each be one word"):
        Lexicon.from_dict(data)


def test_a_catalogue_lexicon_extends_and_overrides_the_shipped_one():
    """extended_by adds event types, replaces one of the same id, and its aliases win."""
    other = Lexicon.from_dict({
        "event": [{"id": "joint_exercise", "name": "Drill", "polarity": "cooperation",
                   "triggers": ["drilled together"], "cameo": "062"},
                  {"id": "water_dispute", "name": "Water dispute", "polarity": "friction",
                   "triggers": ["filled|filling * dam"], "cameo": "100"}],
        "actors": {"ET": ["Addis"], "EG": ["Nile state"]}, "countries": False})
    lex = load_lexicon().extended_by(other)
    ids = [e.id for e in lex.events]
    assert ids.count("joint_exercise") == 1 and ids[-2:] == ["joint_exercise", "water_dispute"]
    assert dict(lex.actors)["Addis"] == "ET" and dict(lex.actors)["Kenya"] == "KE"
    found = [(c.event_type, c.actors) for c in extract(
        "Addis began filling the dam, and the Nile state protested.", lexicon=lex)
        if c.kind == "event"]
    assert found == [("water_dispute", ["ET", "EG"]), ("public_criticism", ["EG", "ET"])]


def test_the_words_of_an_amount_do_not_count_against_a_wildcard():
    """``pledged * aid`` reads 'pledged 1 billion euros in aid' but not four other words."""
    from relindex.extract.events import find_triggers, tokens

    lex = Lexicon.from_dict({"event": [{"id": "aid", "name": "Aid", "polarity": "cooperation",
                                        "triggers": ["pledged * aid"], "suffixes": []}],
                             "countries": False})

    def found(text: str) -> bool:
        spans, gaps = tokens(text)
        low = [text[a:b].lower() for a, b in spans]
        return bool(find_triggers(low, gaps, lex.index))

    assert found("pledged 1 billion euros in aid")
    assert found("pledged 1,500 million euros in aid")
    assert found("pledged new emergency food aid")
    assert not found("pledged a lot of new aid")

"""Uncited sentences (relindex.uncited): each relevant sentence is cited or omitted."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from relindex.quotes import find_spans
from relindex.uncited import CitationReport, Sentence, citation_report, relevant_sentences, uncited

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "In 2023, bilateral trade surged to $240 billion. "
    "The weather in Moscow was pleasant. "
    "China's share was five per cent, or 5%. "
    "Russia's exports fell by $3 billion in 2019."
)
S1 = (0, TEXT.index("The weather") - 1)
S3_START = TEXT.index("China's share")
S4_START = TEXT.index("Russia's exports")


# ------------------------------------------------------------------ synthetic texts


def test_relevant_sentences_hold_numbers_or_dates() -> None:
    """Sentences with a number or a date are relevant, a plain sentence is not."""
    sents = relevant_sentences(TEXT)
    assert [s.span[0] for s in sents] == [0, S3_START, S4_START]
    assert all(isinstance(s, Sentence) for s in sents)
    first = sents[0]
    assert first.text == TEXT[first.span[0] : first.span[1]]
    assert any("240" in w for w in first.why_relevant)
    assert any("2023" in w for w in first.why_relevant)


def test_nothing_cited_leaves_every_relevant_sentence() -> None:
    """With no citations at all, every relevant sentence is uncited."""
    assert [s.span[0] for s in uncited(TEXT, [], [])] == [0, S3_START, S4_START]


def test_an_overlapping_quote_cites_a_sentence() -> None:
    """A quote overlapping part of a sentence cites the whole sentence, and only it."""
    quote = (TEXT.index("$240"), TEXT.index("$240") + 4)
    assert [s.span[0] for s in uncited(TEXT, [quote], [])] == [S3_START, S4_START]


def test_a_touching_span_does_not_cite() -> None:
    """A span ending exactly where a sentence starts does not overlap it."""
    left = [s.span[0] for s in uncited(TEXT, [(S3_START - 5, S3_START)], [])]
    assert left == [0, S3_START, S4_START]


def test_omissions_cover_sentences_too() -> None:
    """An omission span removes a sentence from the uncited list."""
    left = uncited(TEXT, [S1], [(S4_START, S4_START + 5)])
    assert [s.span[0] for s in left] == [S3_START]


def test_text_without_relevant_sentences() -> None:
    """A text with no number, date or event yields nothing to cite."""
    assert relevant_sentences("Nothing to see here. Nor here.") == []
    assert uncited("Nothing to see here.", [], []) == []


def test_report_counts_cited_omitted_uncited() -> None:
    """The report counts per source and lists what is uncited."""
    rep = citation_report(
        {"a": TEXT, "b": "The sky is blue."},
        [("a", (2, 6))],
        [("a", (S3_START, S3_START + 3), "not about the dyad")],
    )
    assert isinstance(rep, CitationReport)
    a = rep.sources["a"]
    assert (a.n_sentences_relevant, a.n_cited, a.n_omitted) == (3, 1, 1)
    assert [s.span[0] for s in a.uncited] == [S4_START]
    assert a.omission_reasons == ("not about the dyad",)
    assert rep.sources["b"].n_sentences_relevant == 0
    assert not rep.complete and rep.n_uncited == 1
    d = rep.to_dict()
    assert d["sources"]["a"]["n_cited"] == 1
    assert d["sources"]["a"]["n_omitted"] == 1
    assert d["sources"]["a"]["uncited"][0]["text"].startswith("Russia's exports")
    assert d["sources"]["b"]["uncited"] == []
    assert d["complete"] is False


def test_report_is_complete_when_all_is_cited() -> None:
    """Citing every relevant sentence makes the report complete."""
    spans = [("a", s.span) for s in relevant_sentences(TEXT)]
    rep = citation_report({"a": TEXT}, spans, [])
    assert rep.complete and rep.n_uncited == 0


def test_report_rejects_unknown_sources() -> None:
    """A span naming a source that is not given is an error, not silently dropped."""
    with pytest.raises(KeyError):
        citation_report({"a": TEXT}, [("zz", (0, 3))], [])


# ------------------------------------------------------------------ the shipped dataset


def _toml(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, str], list[dict], list[dict]]:
    cat = _toml(ROOT / "indicators.toml")["catalogue"]
    srcs = _toml(ROOT / cat["sources"])["sources"]
    src_dir = (ROOT / cat["sources"]).parent
    texts = {sid: (src_dir / s["file"]).read_text(encoding="utf-8") for sid, s in srcs.items()}
    evidence = [e for rel in cat["evidence"] for e in _toml(ROOT / rel)["evidence"]]
    omissions = _toml(ROOT / cat.get("omissions", "seeds/omissions.toml"))["omit"]
    return texts, evidence, omissions


def test_every_omission_is_found_and_explained(seeds) -> None:
    """Each omission names a source, quotes it verbatim and gives a reason."""
    texts, _, omissions = seeds
    for o in omissions:
        assert o["source"] in texts, o
        assert o["reason"].strip(), o
        assert find_spans(texts[o["source"]], o["quote"]), o["quote"][:80]


def test_omissions_do_not_repeat_evidence(seeds) -> None:
    """No omission quote is also cited as evidence (a sentence is one or the other)."""
    texts, evidence, omissions = seeds
    cited = {(e["source"], s) for e in evidence for s in find_spans(texts[e["source"]], e["quote"])}
    for o in omissions:
        for a, b in find_spans(texts[o["source"]], o["quote"]):
            clash = [s for src, s in cited if src == o["source"] and s[0] < b and a < s[1]]
            assert not clash, (o["quote"][:80], clash)


def test_shipped_dataset_leaves_no_relevant_sentence_uncited(seeds) -> None:
    """Every sentence of the seeds with a number, date or event is cited or omitted."""
    texts, evidence, omissions = seeds
    ev = [(e["source"], s) for e in evidence for s in find_spans(texts[e["source"]], e["quote"])]
    om = [
        (o["source"], s, o["reason"])
        for o in omissions
        for s in find_spans(texts[o["source"]], o["quote"])
    ]
    rep = citation_report(texts, ev, om)
    missing = {
        sid: [s.text[:100] for s in c.uncited] for sid, c in rep.sources.items() if c.uncited
    }
    assert rep.complete, missing

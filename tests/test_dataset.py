"""The shipped Russia-China dataset: seeds, sources, catalogue and ledger agree with each other.

These checks read the TOML files directly (tomllib + the pydantic models), so that they
test the data, not the loader.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import os
import tomllib
from pathlib import Path

import pytest

from relindex.models import Catalogue, Dimension, EvidenceFile, Indicator, Period, SourcesFile
from relindex.quotes import find_spans

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"  # beside the clone, as in CI
GOLDSTEIN = ROOT / "src" / "relindex" / "data" / "CAMEO.goldsteinscale.tsv"


def _toml(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.model_validate(_toml(ROOT / "indicators.toml"))


@pytest.fixture(scope="module")
def sources(catalogue: Catalogue) -> SourcesFile:
    assert catalogue.catalogue.sources is not None
    return SourcesFile.model_validate(_toml(ROOT / catalogue.catalogue.sources))


@pytest.fixture(scope="module")
def ledger(catalogue: Catalogue) -> EvidenceFile:
    records = []
    for rel in catalogue.catalogue.evidence:
        records.extend(EvidenceFile.model_validate(_toml(ROOT / rel)).evidence)
    return EvidenceFile(evidence=tuple(records))


@pytest.fixture(scope="module")
def texts(sources: SourcesFile) -> dict[str, str]:
    return {sid: (SEEDS / s.file).read_text(encoding="utf-8") for sid, s in sources.sources.items()}


def _leaves(dims: dict[str, Dimension]) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for dim in dims.values():
        out.update(dim.indicators)
        out.update(_leaves(dim.dimensions))
    return out


@pytest.fixture(scope="module")
def indicators(catalogue: Catalogue) -> dict[str, Indicator]:
    leaves = _leaves(catalogue.dimensions)
    assert not set(leaves) & set(catalogue.series), "an id is both an indicator and a series"
    return {**leaves, **catalogue.series}


# ------------------------------------------------------------------ the seed documents


def test_every_seed_file_has_a_source(sources: SourcesFile) -> None:
    """Each seeds/*.txt is declared in sources.toml, and each declared file exists."""
    declared = {s.file for s in sources.sources.values()}
    on_disk = {p.name for p in SEEDS.glob("*.txt")}
    assert declared == on_disk


def test_seeds_match_their_sha256(sources: SourcesFile) -> None:
    """The bytes of every seed document hash to the sha256 recorded in sources.toml."""
    for sid, s in sources.sources.items():
        assert s.sha256 is not None, f"{sid} has no sha256"
        digest = hashlib.sha256((SEEDS / s.file).read_bytes()).hexdigest()
        assert digest == s.sha256, f"{s.file} changed (source {sid})"


def _shared(sub: str) -> Path:
    """A folder of the shared folder beside the repository: skipped if absent, failed in CI."""
    folder = SHARED / sub
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the shared folder is missing in CI: {folder}")
        pytest.skip(f"no shared folder beside the repository ({folder})")
    return folder


def test_seeds_are_byte_identical_to_the_shared_copies(sources: SourcesFile) -> None:
    """The five documents are verbatim copies of ../shared/seeds (failed in CI if absent).

    The other seeds are excerpts of public pages (official statistics): each names the page
    it is taken from, and its sha256 pins its bytes.
    """
    shared = _shared("seeds")
    copies = {p.name for p in shared.glob("*.txt")}
    assert len(copies) == 5
    for sid, s in sources.sources.items():
        if s.file in copies:
            assert (SEEDS / s.file).read_bytes() == (shared / s.file).read_bytes(), s.file
        else:
            assert s.url.startswith("https://"), f"{sid}: an excerpt without its address"
    assert copies <= {s.file for s in sources.sources.values()}


def test_source_dates_are_explained(sources: SourcesFile) -> None:
    """An inferred date always says what it was inferred from."""
    for sid, s in sources.sources.items():
        if s.date_inferred:
            assert s.date_reason.strip(), f"{sid}: inferred date without date_reason"


# ------------------------------------------------------------------ the ledger


def test_every_quote_is_found_in_its_source(ledger: EvidenceFile, texts: dict[str, str]) -> None:
    """Every evidence quote occurs verbatim (up to typography) in the document it cites."""
    missing = [e.id for e in ledger.evidence if not find_spans(texts[e.source], e.quote)]
    assert not missing, f"quotes not found: {missing}"


def test_evidence_ids_are_unique(ledger: EvidenceFile) -> None:
    """No two records share an id."""
    counts = collections.Counter(e.id for e in ledger.evidence)
    assert not [k for k, n in counts.items() if n > 1]


def test_references_resolve(
    catalogue: Catalogue,
    ledger: EvidenceFile,
    sources: SourcesFile,
    indicators: dict[str, Indicator],
) -> None:
    """Every record names a declared source and indicator/series, and a fitting event type."""
    for e in ledger.evidence:
        assert e.source in sources.sources, f"{e.id}: unknown source {e.source}"
        assert e.indicator in indicators, f"{e.id}: unknown indicator {e.indicator}"
        ind = indicators[e.indicator]
        assert ind.derived is None, f"{e.id}: evidence on a derived indicator"
        if ind.kind == "event":
            assert e.event_type in catalogue.event_types, f"{e.id}: unknown event type"
            assert e.event_type in ind.event_types, f"{e.id}: {e.event_type} not counted there"
            assert e.value is None, f"{e.id}: an event record carries a value"
        else:
            assert e.event_type is None, f"{e.id}: a numeric record carries an event type"
            assert e.value is not None, f"{e.id}: a numeric record without a value"


def test_derived_and_event_type_references_resolve(
    catalogue: Catalogue, indicators: dict[str, Indicator]
) -> None:
    """Derived indicators use declared measured series; event types used are declared."""
    for iid, ind in indicators.items():
        if ind.derived is not None:
            for op in ind.derived.of:
                assert op in indicators, f"{iid}: derives from unknown {op}"
                assert indicators[op].derived is None, f"{iid}: derives from a derived {op}"
        for et in ind.event_types:
            assert et in catalogue.event_types, f"{iid}: unknown event type {et}"


def test_units_match_their_indicator(
    ledger: EvidenceFile, indicators: dict[str, Indicator]
) -> None:
    """A record's unit is its indicator's unit."""
    wrong = [
        (e.id, e.unit, indicators[e.indicator].unit)
        for e in ledger.evidence
        if e.value is not None and e.unit != indicators[e.indicator].unit
    ]
    assert not wrong, wrong


def test_inferred_periods_and_assignments_are_explained(ledger: EvidenceFile) -> None:
    """Inferred periods and values, and assign_to, come with their reasons."""
    for e in ledger.evidence:
        if e.period_inferred:
            assert e.period_reason.strip(), f"{e.id}: inferred period without a reason"
        if e.value_inferred:
            assert e.value_reason.strip(), f"{e.id}: inferred value without a reason"
        if e.assign_to is not None:
            assert e.assign_reason.strip(), f"{e.id}: assign_to without a reason"
            p = Period.parse(e.period)
            assert p.start_year <= e.assign_to <= p.end_year, f"{e.id}: assign_to outside period"
        if e.exclude is not None:
            assert e.exclude.strip(), f"{e.id}: empty exclude reason"
        assert e.credibility_reason.strip(), f"{e.id}: no credibility_reason"


def test_credibility_one_means_confirmed_by_another_source(ledger: EvidenceFile) -> None:
    """Credibility 1 ('confirmed') needs a record of the same fact from a different source."""
    by_fact: dict[str, set[str]] = collections.defaultdict(set)
    for e in ledger.evidence:
        if e.fact is not None:
            by_fact[e.fact].add(e.source)
    for e in ledger.evidence:
        if e.credibility == 1:
            assert e.fact is not None, f"{e.id}: credibility 1 without a fact id"
            assert by_fact[e.fact] - {e.source}, f"{e.id}: no other source states {e.fact}"


def test_every_source_is_used(ledger: EvidenceFile, sources: SourcesFile) -> None:
    """Each seed document contributes evidence."""
    used = {e.source for e in ledger.evidence}
    assert used == set(sources.sources)


def test_2023_trade_is_reconciled_across_sources(ledger: EvidenceFile) -> None:
    """The 2023 trade figures of the documents form one fact: two full-year, two partial."""
    recs = [e for e in ledger.evidence if e.fact == "trade-2023"]
    assert {e.source for e in recs} >= {
        "eurasiantimes-2024",
        "nis-focus-2025",
        "partnership-digest-2023",
    }
    full = [e for e in recs if Period.parse(e.period).is_full_year]
    # the documents' 240 and China's customs 240.11 (240.1 rounded) are one statistic
    assert {e.value for e in full} == {240, 240.1, 240.11}
    assert all(e.value is not None and e.value <= 240.11 for e in recs)


def test_bilateral_trade_is_an_official_figure_every_year(
    ledger: EvidenceFile, sources: SourcesFile,
) -> None:
    """Every year 2017-2024 has a full-year trade total from an A-graded report of customs."""
    for year in range(2017, 2025):
        recs = [e for e in ledger.evidence
                if e.indicator == "bilateral_trade" and e.period == str(year)
                and sources.sources[e.source].reliability == "A"]
        assert recs, f"no A-graded bilateral trade record for {year}"
        assert all(e.fact == f"trade-{year}" for e in recs), year


# ------------------------------------------------------------------ the catalogue


def _goldstein() -> dict[str, float]:
    with GOLDSTEIN.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    assert rows[0] == ["CAMEOEVENTCODE", "GOLDSTEINSCALE"]
    return {code: float(v) for code, v in rows[1:]}


def test_goldstein_table_is_the_shared_copy() -> None:
    """The shipped Goldstein table is a byte copy of the shared reference table."""
    _shared("data")
    assert GOLDSTEIN.read_bytes() == (SHARED / "data" / "CAMEO.goldsteinscale.tsv").read_bytes()


def test_event_severity_is_absolute_goldstein(catalogue: Catalogue) -> None:
    """Each event type's severity equals |Goldstein| of its CAMEO code in the shipped table."""
    table = _goldstein()
    assert len(table) == 311
    for eid, et in catalogue.event_types.items():
        assert et.cameo is not None, f"{eid}: no CAMEO code"
        assert et.cameo in table, f"{eid}: CAMEO {et.cameo} not in the table"
        assert et.severity == abs(table[et.cameo]), (eid, et.cameo, et.severity)
        sign = 1 if et.polarity == "cooperation" else -1
        assert sign * table[et.cameo] > 0, f"{eid}: polarity disagrees with the Goldstein sign"


@pytest.mark.parametrize(
    ("dim", "polarity"),
    [
        ("trade_volume", "cooperation"),
        ("military_exercises", "cooperation"),
        ("trade_asymmetry", "friction"),
        ("dependency", "friction"),
        ("friction_events", "friction"),
    ],
)
def test_named_dimensions_exist(catalogue: Catalogue, dim: str, polarity: str) -> None:
    """The dimensions the design names exist with their polarity."""
    assert dim in catalogue.dimensions
    assert catalogue.dimensions[dim].polarity == polarity


def test_dependence_counts_on_one_side_only(catalogue: Catalogue) -> None:
    """Russia's dependence on China is one construct, counted on the friction side only.

    The trade asymmetry (Barbieri's symmetry of the two shares, negative polarity) and the
    product-level dependency shares both read it as China's leverage; no cooperation
    indicator has the concept or uses the share series.
    """
    sides: dict[str, set[str]] = collections.defaultdict(set)
    for dim in catalogue.dimensions.values():
        for ind in dim.indicators.values():
            if ind.concept == "dependence":
                sides["dependence"].add(dim.polarity)
            if ind.derived is not None:
                for sid in ind.derived.of:
                    sides[sid].add(dim.polarity)
    assert sides["dependence"] == {"friction"}
    assert sides["ru_trade_share_cn"] == sides["cn_trade_share_ru"] == {"friction"}
    sym = catalogue.dimensions["trade_asymmetry"].indicators["trade_share_symmetry"]
    assert sym.derived is not None and sym.derived.op == "symmetry"
    assert sym.polarity == "negative"
    dep = catalogue.dimensions["dependency"].indicators
    assert all(i.concept == "dependence" for i in dep.values())
    assert "g7_priority_goods_share" not in dep  # one statistic with critical goods


def test_friction_is_a_graded_balance(catalogue: Catalogue) -> None:
    """Friction events are a grade-weighted share of coded events, not a volume."""
    ind = catalogue.dimensions["friction_events"].indicators["friction_severity"]
    assert ind.measure == "share" and ind.grade_weighted is None
    assert set(catalogue.index.exclude_tags) == {"forecast", "characterisation", "non_state"}


def test_normalisations_are_fixed_goalposts_with_reasons(indicators: dict[str, Indicator]) -> None:
    """Every indicator uses fixed goalposts and says why; percentages run 0-100."""
    for iid, ind in indicators.items():
        n = ind.normalisation
        assert n.method == "goalposts", iid
        assert n.reason, f"{iid}: goalposts without a reason"
        if ind.unit == "%" and ind.kind == "numeric" and "growth" not in iid:
            assert (n.min, n.max) == (0.0, 100.0), iid

r"""Extraction assistant: propose candidate evidence records from a document.

`extract` reads a document's text and proposes *candidates*: money
amounts, percentages, counts, dates and periods, and mentions of event types
(joint exercises, summits, sanctions, accusations, ...) with the actors named
in the same sentence. It invents nothing: every candidate's ``quote`` is
exactly ``text[span[0]:span[1]]``, and its value, unit and period are read
from that quote and its sentence. An analyst then keeps, edits or deletes the
candidates; `candidates_to_toml` writes them as ready-to-edit
``[[evidence]]`` tables for the ledger.

Words live in a TOML lexicon (``relindex/data/event_lexicon.toml``, see
`load_lexicon`): event types with their trigger phrases, polarity and
CAMEO code; actor aliases; qualifiers; count units. The grammar of numbers,
currencies and dates lives here.

Safety
------
Every regular expression uses bounded repetitions only and runs on one
sentence at a time; a sentence longer than ``MAX_WINDOW`` characters is cut
into windows at whitespace. So the work is linear in the length of the text,
whatever the text: a 10 MB file of digits and commas, or of ``"$ "``, takes
seconds, not hours. Text longer than ``max_chars`` is refused with
`relindex.errors.LimitExceededError`.

Examples
--------
>>> cands = extract("In 2023, bilateral trade surged to $240 billion.")
>>> [(c.kind, c.quote, c.value, c.unit, c.period) for c in cands]
[('date', '2023', None, None, '2023'), ('money', '$240 billion', 240.0, 'USD bn', '2023')]
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from relindex.errors import InputFileError, LimitExceededError
from relindex.quotes import find_spans

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "DEFAULT_MAX_CHARS",
    "LEDGER_QUALIFIERS",
    "MAX_WINDOW",
    "Candidate",
    "EventType",
    "Kind",
    "Lexicon",
    "MissedRecord",
    "Polarity",
    "RecallReport",
    "candidates_to_toml",
    "extract",
    "extract_file",
    "load_lexicon",
    "read_text",
    "recall",
    "split_sentences",
    "toml_string",
]

Kind = Literal["money", "percent", "count", "date", "event"]
"""What a candidate is."""

Polarity = Literal["cooperation", "friction"]
"""Whether an event signals cooperation or friction."""

DEFAULT_MAX_CHARS = 10_000_000
"""Default limit on the length of a text (and, in bytes, of a file)."""

DEFAULT_MAX_CANDIDATES = 100_000
"""Default limit on the number of candidates one text may yield."""

MAX_WINDOW = 2_000
"""Longest stretch of text the patterns see at once; longer sentences are cut at whitespace."""

LEDGER_QUALIFIERS: tuple[str, ...] = (
    "exact", "about", "over", "more than", "nearly", "almost", "up to", "under", "at least",
)
"""The evidence ledger's qualifier vocabulary (``relindex.models.Qualifier``)."""

_LEXICON_MAX_BYTES = 5_000_000

# ============================================================================ candidates


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed evidence record: one match in the text.

    Parameters
    ----------
    quote : str
        The matched text, exactly ``text[span[0]:span[1]]``.
    span : tuple of (int, int)
        Start and end (exclusive) character offsets of the match in the text.
    kind : {"money", "percent", "count", "date", "event"}
        What was matched.
    value : float or None
        The number, in the unit's scale. Money of a million or more is in
        billions (``$240 billion`` -> 240 with unit ``"USD bn"``;
        ``$1 trillion`` -> 1000; ``$150 million`` -> 0.15), smaller sums in
        the plain currency (``$90,000`` -> 90000, ``"USD"``). None for dates
        and events.
    unit : str or None
        ``"USD bn"``, ``"EUR bn"``, ``"USD"``, ``"%"``, ``"pp"`` (percentage
        points), or the counted noun (``"troops"``); None for dates and events.
    period : str or None
        ``"2023"``, ``"2023-05"``, ``"2023-01/2023-11"`` or ``"2014/2019"``:
        a date's own period, or for other kinds the date nearest to the
        match in its sentence; None when there is none.
    event_type : str or None
        The lexicon id of the event type (events only).
    polarity : {"cooperation", "friction"} or None
        The event type's polarity (events only).
    actors : list of str
        Actor codes named in the sentence (``["RU", "CN"]``), in order of
        first appearance, without repeats.
    sentence : tuple of (int, int)
        Span of the enclosing sentence (or window of a very long sentence).
    qualifier : str or None
        The word that qualifies the number, as written in lower case
        (``"over"``, ``"more than"``, ``"nearly"``, ``"approximately"``, ...).
    """

    quote: str
    span: tuple[int, int]
    kind: Kind
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    event_type: str | None = None
    polarity: Polarity | None = None
    actors: list[str] = field(default_factory=list)
    sentence: tuple[int, int] = (0, 0)
    qualifier: str | None = None

    def __hash__(self) -> int:
        return hash(
            (self.quote, self.span, self.kind, self.value, self.unit, self.period,
             self.event_type, self.polarity, tuple(self.actors), self.sentence, self.qualifier)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the candidate as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``quote``, ``span`` (a two-item list), ``kind``, ``value``,
            ``unit``, ``period``, ``event_type``, ``polarity``, ``actors`` and
            ``qualifier``.
        """
        return {
            "quote": self.quote,
            "span": [self.span[0], self.span[1]],
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "period": self.period,
            "event_type": self.event_type,
            "polarity": self.polarity,
            "actors": list(self.actors),
            "qualifier": self.qualifier,
        }


# ============================================================================ lexicon

_TOKEN = re.compile(r"[^\W_]+")
_EVENT_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_ACTOR_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,15}")
_SUFFIX = re.compile(r"[a-z]{1,5}")
_CAMEO = re.compile(r"[0-9]{2,4}")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-",
                              "\u2011": "-"})
_WS_RUN = re.compile(r"\s{1,50}")
_MAX_TRIGGER_WORDS = 8
_WILDCARD_WORDS = 3  # a "*" in a trigger stands for 1 to 3 words


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type of the lexicon.

    Parameters
    ----------
    id : str
        Identifier (``"military_exercise"``), lower case.
    name : str
        Human-readable name.
    polarity : {"cooperation", "friction"}
        Whether the event signals cooperation or friction.
    triggers : tuple of str
        Trigger phrases; ``*`` stands for one to three arbitrary words.
    suffixes : tuple of str
        Endings also accepted on the last word of every trigger.
    cameo : str or None
        CAMEO event code, as a string so that leading zeros stay.
    category : str or None
        Free grouping label (``"military"``, ``"political"``, ``"economic"``).
    description : str
        One line saying what counts.
    """

    id: str
    name: str
    polarity: Polarity
    triggers: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    cameo: str | None = None
    category: str | None = None
    description: str = ""


# A trigger pattern: one element per word; None is a wildcard (one to three words),
# otherwise the set of accepted lower-case forms of the word.
_Pattern = tuple[frozenset[str] | None, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    events_by_first: dict[str, tuple[tuple[_Pattern, EventType], ...]]
    actors_by_first: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]]
    qualifier_re: re.Pattern[str] | None
    count_units: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """The words the extractor knows: event types, actor aliases, qualifiers, count units.

    Build one with `load_lexicon` (from TOML) or `from_dict`.

    Parameters
    ----------
    events : tuple of EventType
        The event types, in the order they are declared.
    actors : tuple of (str, str)
        ``(alias, code)`` pairs; an alias is matched case-sensitively.
    actor_stop_phrases : tuple of str
        Phrases consumed without naming an actor (``"South China Sea"``).
    qualifiers : mapping of str to str
        Qualifier as written (``"approximately"``) to the ledger's qualifier
        (``"about"``), see `LEDGER_QUALIFIERS`.
    count_units : frozenset of str
        Lower-case nouns accepted after a number although they are not
        plurals in ``-s`` (``"km"``, ``"people"``).
    path : str or None
        The file it was read from, for error messages.

    Raises
    ------
    InputFileError
        If a trigger or alias has no words, a trigger starts or ends with
        ``*``, or the same trigger or alias is declared twice.
    """

    events: tuple[EventType, ...]
    actors: tuple[tuple[str, str], ...] = ()
    actor_stop_phrases: tuple[str, ...] = ()
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    count_units: frozenset[str] = frozenset()
    path: str | None = None
    _index: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _build_index(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str | Path | None = None) -> Lexicon:
        """Build a lexicon from the parsed TOML tables, checking every key.

        Parameters
        ----------
        data : mapping
            The parsed lexicon (see ``relindex/data/event_lexicon.toml``).
        path : str or Path, optional
            The file it came from, named in error messages.

        Returns
        -------
        Lexicon

        Raises
        ------
        InputFileError
            Naming the file and the key, for an unknown key, a missing or
            mistyped value, a bad id, polarity, CAMEO code or actor code, or a
            duplicated event id, trigger or alias.
        """
        where = str(path) if path is not None else None

        def fail(key: str, rule: str, value: Any, fix: str) -> InputFileError:
            return InputFileError(rule, path=where, key=key, value=value, fix=fix)

        def str_list(key: str, value: Any, *, allow_empty: bool = True) -> tuple[str, ...]:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise fail(key, "must be a list of non-empty strings", value,
                           f'write it as {key.rsplit(".", 1)[-1]} = ["...", "..."]')
            if not allow_empty and not value:
                raise fail(key, "must not be empty", value, "list at least one entry")
            return tuple(value)

        if not isinstance(data, Mapping):
            raise fail("(top level)", "must be a table", type(data).__name__,
                       "start from the shipped event_lexicon.toml")
        known = {"version", "default_suffixes", "qualifiers", "count_units",
                 "actor_stop_phrases", "event", "actors"}
        for key in data:
            if key not in known:
                raise fail(str(key), "is not a lexicon key", data[key],
                           f"remove it or fix its spelling; known keys: {', '.join(sorted(known))}")
        version = data.get("version", 1)
        if version != 1:
            raise fail("version", "must be 1", version, "set version = 1")
        default_suffixes = str_list("default_suffixes", data.get("default_suffixes", ["s"]))
        for s in default_suffixes:
            if not _SUFFIX.fullmatch(s):
                raise fail("default_suffixes", "must hold 1-5 lower-case letters per suffix", s,
                           'write suffixes like "s", "es", "ed"')

        raw_events = data.get("event")
        if not isinstance(raw_events, list) or not raw_events:
            raise fail("event", "must be a non-empty array of tables", raw_events,
                       "declare event types as [[event]] tables")
        event_keys = {"id", "name", "polarity", "triggers", "suffixes", "cameo", "category",
                      "description"}
        events: list[EventType] = []
        seen_ids: set[str] = set()
        for i, ev in enumerate(raw_events):
            base = f"event[{i}]"
            if not isinstance(ev, Mapping):
                raise fail(base, "must be a table", ev, "declare it as an [[event]] table")
            for key in ev:
                if key not in event_keys:
                    raise fail(f"{base}.{key}", "is not an event key", ev[key],
                               f"remove it; known keys: {', '.join(sorted(event_keys))}")
            ev_id = ev.get("id")
            if not isinstance(ev_id, str) or not _EVENT_ID.fullmatch(ev_id):
                raise fail(f"{base}.id", "must be a lower-case identifier (a-z, 0-9, _)", ev_id,
                           'set id = "military_exercise" or similar')
            if ev_id in seen_ids:
                raise fail(f"{base}.id", "is declared twice", ev_id, "give every event a unique id")
            seen_ids.add(ev_id)
            name = ev.get("name")
            if not isinstance(name, str) or not name.strip():
                raise fail(f"{base}.name", "must be a non-empty string", name,
                           'set name = "Joint military exercise" or similar')
            polarity = ev.get("polarity")
            if polarity not in ("cooperation", "friction"):
                raise fail(f"{base}.polarity", 'must be "cooperation" or "friction"', polarity,
                           'set polarity = "cooperation" or "friction"')
            triggers = str_list(f"{base}.triggers", ev.get("triggers"), allow_empty=False)
            suffixes = default_suffixes
            if "suffixes" in ev:
                suffixes = str_list(f"{base}.suffixes", ev["suffixes"])
                for s in suffixes:
                    if not _SUFFIX.fullmatch(s):
                        raise fail(f"{base}.suffixes",
                                   "must hold 1-5 lower-case letters per suffix", s,
                                   'write suffixes like "s", "es", "ed"')
            cameo = ev.get("cameo")
            if cameo is not None and (not isinstance(cameo, str) or not _CAMEO.fullmatch(cameo)):
                raise fail(f"{base}.cameo", "must be a CAMEO code of 2-4 digits, as a string",
                           cameo, 'quote it so leading zeros stay: cameo = "062"')
            category = ev.get("category")
            if category is not None and not isinstance(category, str):
                raise fail(f"{base}.category", "must be a string", category,
                           'set category = "military" or similar')
            description = ev.get("description", "")
            if not isinstance(description, str):
                raise fail(f"{base}.description", "must be a string", description,
                           "write a one-line description")
            events.append(EventType(
                id=ev_id, name=name, polarity=polarity, triggers=triggers,
                suffixes=suffixes, cameo=cameo, category=category, description=description,
            ))

        raw_actors = data.get("actors", {})
        if not isinstance(raw_actors, Mapping):
            raise fail("actors", "must be a table of code = [aliases]", raw_actors,
                       'write [actors] then RU = ["Russia", "Moscow"]')
        actors: list[tuple[str, str]] = []
        for code, aliases in raw_actors.items():
            if not _ACTOR_CODE.fullmatch(code):
                raise fail(f"actors.{code}", "must be an upper-case code (A-Z, 0-9, _)", code,
                           "use ISO 3166 alpha-2 codes for countries (RU, CN) and short names "
                           "for organisations (NATO)")
            for alias in str_list(f"actors.{code}", aliases, allow_empty=False):
                actors.append((alias, code))

        stops = str_list("actor_stop_phrases", data.get("actor_stop_phrases", []))
        raw_quals = data.get("qualifiers", {})
        if not isinstance(raw_quals, Mapping):
            raise fail("qualifiers", "must be a table of written form = ledger qualifier",
                       raw_quals, 'write [qualifiers] then "approximately" = "about"')
        quals: dict[str, str] = {}
        for q, canon in raw_quals.items():
            if not q.strip() or canon not in LEDGER_QUALIFIERS:
                raise fail(f"qualifiers.{q}", f"must map to one of {', '.join(LEDGER_QUALIFIERS)}",
                           canon, 'write e.g. "approximately" = "about"')
            quals[" ".join(q.lower().split())] = canon
        units = str_list("count_units", data.get("count_units", []))
        return cls(
            events=tuple(events),
            actors=tuple(actors),
            actor_stop_phrases=stops,
            qualifiers=quals,
            count_units=frozenset(u.lower() for u in units),
            path=where,
        )


def _norm_gap(gap: str) -> str:
    """Normalise the text between two tokens: whitespace to one space, typographic marks plain."""
    if gap == " " or not gap:
        return gap
    if gap.isspace():
        return " "
    if len(gap) > 12:
        return "\x00"
    return _WS_RUN.sub(" ", gap.translate(_APOSTROPHES))


def _build_index(lex: Lexicon) -> _Index:
    where = lex.path
    events_by_first: dict[str, list[tuple[_Pattern, EventType]]] = {}
    seen_triggers: dict[str, str] = {}
    for i, ev in enumerate(lex.events):
        for j, trig in enumerate(ev.triggers):
            key = f"event[{i}].triggers[{j}]"
            words: list[str | None] = []
            for part in trig.split():
                if part == "*":
                    words.append(None)
                else:
                    toks = _TOKEN.findall(part.lower().translate(_APOSTROPHES))
                    words.extend(toks)
            real = [w for w in words if w is not None]
            if not real:
                raise InputFileError("must contain at least one word", path=where, key=key,
                                     value=trig, fix="write a phrase such as \"joint exercise\"")
            if words[0] is None or words[-1] is None or len(words) - len(real) > 2 or any(
                a is None and b is None for a, b in zip(words, words[1:], strict=False)
            ):
                raise InputFileError(
                    "must not start or end with '*', nor hold more than two or two adjacent '*'",
                    path=where, key=key, value=trig, fix='write e.g. "joint * patrol"')
            if len(real) > _MAX_TRIGGER_WORDS:
                raise InputFileError(f"must have at most {_MAX_TRIGGER_WORDS} words", path=where,
                                     key=key, value=trig, fix="shorten the trigger")
            norm = " ".join(w if w is not None else "*" for w in words)
            if norm in seen_triggers:
                raise InputFileError(
                    f"duplicates a trigger of event {seen_triggers[norm]!r}", path=where, key=key,
                    value=trig, fix="keep each trigger in one event type only")
            seen_triggers[norm] = ev.id
            last = len(words) - 1
            pattern: list[frozenset[str] | None] = []
            for k, w in enumerate(words):
                if w is None:
                    pattern.append(None)
                elif k == last:
                    pattern.append(frozenset({w, *(w + s for s in ev.suffixes)}))
                else:
                    pattern.append(frozenset({w}))
            pat = tuple(pattern)
            for form in pat[0] or ():
                events_by_first.setdefault(form, []).append((pat, ev))

    actors_by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
    seen_aliases: dict[str, str] = {}
    entries = [(a, c) for a, c in lex.actors] + [(s, "") for s in lex.actor_stop_phrases]
    for alias, code in entries:
        matches = list(_TOKEN.finditer(alias))
        if not matches:
            raise InputFileError("must contain at least one letter or digit", path=where,
                                 key=f"actors.{code}" if code else "actor_stop_phrases",
                                 value=alias, fix="remove the alias")
        alias_toks = tuple(m.group() for m in matches)
        seps = tuple(_norm_gap(alias[a.end():b.start()]) for a, b in zip(
            matches, matches[1:], strict=False))
        norm = "\x01".join(alias_toks) + "\x02" + "\x01".join(seps)
        if norm in seen_aliases and seen_aliases[norm] != code:
            raise InputFileError(
                f"is also an alias of {seen_aliases[norm] or 'the stop phrases'}", path=where,
                key=f"actors.{code}" if code else "actor_stop_phrases", value=alias,
                fix="keep each alias under one code only")
        seen_aliases[norm] = code
        actors_by_first.setdefault(alias_toks[0], []).append((alias_toks, seps, code))

    qualifier_re = None
    if lex.qualifiers:
        alts = sorted(lex.qualifiers, key=len, reverse=True)
        body = "|".join(r"\s{1,3}".join(re.escape(w) for w in q.split()) for q in alts)
        qualifier_re = re.compile(rf"(?i)(?<![^\W\d_])(?P<q>{body})\s{{1,3}}\Z")
    return _Index(
        events_by_first={k: tuple(v) for k, v in events_by_first.items()},
        actors_by_first={
            k: tuple(sorted(v, key=lambda e: len(e[0]), reverse=True))
            for k, v in actors_by_first.items()
        },
        qualifier_re=qualifier_re,
        count_units=frozenset(u.lower() for u in lex.count_units),
    )


def _default_lexicon_resource() -> Any:
    return resources.files("relindex") / "data" / "event_lexicon.toml"


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    res = _default_lexicon_resource()
    return _lexicon_from_bytes(res.read_bytes(), str(res))


def _lexicon_from_bytes(raw: bytes, where: str) -> Lexicon:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"is not UTF-8 (bad byte at offset {exc.start})", path=where,
                             fix="save the lexicon as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(f"is not valid TOML ({exc})", path=where,
                             fix="correct the TOML syntax at the place named") from None
    return Lexicon.from_dict(data, path=where)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read an extraction lexicon from TOML.

    Parameters
    ----------
    path : str or Path, optional
        The lexicon file. Default: the lexicon shipped with relindex,
        ``relindex/data/event_lexicon.toml`` (read once and cached).

    Returns
    -------
    Lexicon

    Raises
    ------
    InputFileError
        If the file is missing, unreadable, too large, not UTF-8, not valid
        TOML, or breaks a rule of the lexicon (the message names the key).

    Examples
    --------
    >>> lex = load_lexicon()
    >>> [e.cameo for e in lex.events if e.id == "joint_exercise"]
    ['062']
    """
    if path is None:
        return _default_lexicon()
    p = Path(path)
    raw = _read_bytes(p, max_bytes=_LEXICON_MAX_BYTES, what="lexicon")
    return _lexicon_from_bytes(raw, str(p))


# ============================================================================ files


def _read_bytes(path: Path, *, max_bytes: int, what: str) -> bytes:
    if not path.exists():
        raise InputFileError("does not exist", path=path,
                             fix=f"check the path to the {what} file")
    if path.is_dir():
        raise InputFileError("is a folder, not a file", path=path,
                             fix=f"name the {what} file itself")
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputFileError(f"cannot be read ({exc.strerror or exc})", path=path,
                             fix="check the file's permissions") from None
    if len(raw) > max_bytes:
        raise InputFileError(
            f"is larger than the limit of {max_bytes:,} bytes", path=path,
            fix="split the document, or raise the limit with max_bytes=... "
                "(on the command line: --max-bytes)")
    return raw


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_CHARS) -> str:
    """Read a document as UTF-8 text, refusing what the extractor cannot use.

    Parameters
    ----------
    path : str or Path
        The document.
    max_bytes : int, default 10_000_000
        Largest accepted file size, in bytes.

    Returns
    -------
    str
        The text (a leading byte-order mark is dropped), the text that
        `extract_file` spans refer to.

    Raises
    ------
    InputFileError
        If the file is missing, a folder, unreadable, empty, larger than
        `max_bytes` or not UTF-8; the message names the file and the fix.
    ValueError
        If `max_bytes` is not a positive integer.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    p = Path(path)
    raw = _read_bytes(p, max_bytes=max_bytes, what="document")
    if not raw:
        raise InputFileError("file is empty", path=p,
                             fix="give a document with text, or check that it was saved")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"is not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})", path=p,
            fix="convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 in.txt > out.txt") from None


def extract_file(
    path: str | Path,
    *,
    lexicon: Lexicon | None = None,
    max_bytes: int = DEFAULT_MAX_CHARS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> list[Candidate]:
    """Read a document and propose candidate evidence records from it.

    Parameters
    ----------
    path : str or Path
        The document, UTF-8 text.
    lexicon : Lexicon, optional
        Default: the shipped lexicon.
    max_bytes : int, default 10_000_000
        Largest accepted file size, in bytes.
    max_candidates : int, default 100_000
        Most candidates accepted from one document.

    Returns
    -------
    list of Candidate
        As `extract`; spans refer to ``read_text(path)``.

    Raises
    ------
    InputFileError
        If the file is missing, empty, larger than `max_bytes` or not UTF-8.
    LimitExceededError
        If the text yields more than `max_candidates` candidates.
    """
    text = read_text(path, max_bytes=max_bytes)
    return extract(text, lexicon=lexicon, source=str(path), max_chars=max(len(text), 1),
                   max_candidates=max_candidates)


# ============================================================================ sentences

_BOUNDARY = re.compile(r"[\n.!?]")
_CLOSERS = frozenset("\"'”’»)]")
_OPENERS = frozenset("\"'“‘«([")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "vs", "etc", "no", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig",
    "adm", "maj", "pres", "dept", "univ", "mt", "ft",
})


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation or an initial ("U.S.", "Mr.", "C.")."""
    start = dot
    while start > 0 and dot - start < 12 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if "." in word:
        return True
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""Split text into sentence spans, in linear time.

    A sentence ends at a newline, or at ``.``, ``!`` or ``?`` (plus closing
    quotes or brackets) followed by whitespace and a capital letter, a digit
    or an opening quote. A ``.`` ending an abbreviation or initial
    (``U.S.``, ``Mr.``, ``Emma C. Verges``) or inside a number (``35.9``)
    does not end a sentence. Spans exclude surrounding whitespace; blank
    stretches give no span.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each sentence, in order.

    Examples
    --------
    >>> t = "Trade rose 35.9% in 2022. The U.S. objected.\\nNew line"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Trade rose 35.9% in 2022.', 'The U.S. objected.', 'New line']
    """
    n = len(text)
    cuts: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        pos = m.start()
        if pos < start:
            continue
        ch = text[pos]
        if ch == "\n":
            cuts.append((start, pos))
            start = pos + 1
            continue
        j = pos + 1
        while j < n and j - pos <= 3 and text[j] in _CLOSERS:
            j += 1
        if j >= n or not text[j].isspace():
            continue
        k = j
        while k < n and k - j < 64 and text[k].isspace() and text[k] != "\n":
            k += 1
        if k >= n or text[k] == "\n" or text[k].isspace():
            continue  # the newline (or the end) will close the sentence
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if ch == "." and _is_abbreviation(text, pos):
            continue
        cuts.append((start, j))
        start = k
    cuts.append((start, n))
    spans: list[tuple[int, int]] = []
    for a, b in cuts:
        seg = text[a:b]
        stripped = seg.strip()
        if not stripped:
            continue
        lead = len(seg) - len(seg.lstrip())
        spans.append((a + lead, a + lead + len(stripped)))
    return spans


def _windows(text: str, span: tuple[int, int], size: int = MAX_WINDOW) -> list[tuple[int, int]]:
    """Cut a sentence span into windows of at most `size` characters, at whitespace if possible."""
    a, b = span
    if b - a <= size:
        return [span]
    out: list[tuple[int, int]] = []
    while b - a > size:
        limit = a + size
        cut = -1
        for ws in (" ", "\t", "\u00a0"):
            cut = max(cut, text.rfind(ws, a + size // 2, limit))
        if cut <= a:
            cut = limit
        seg_end = cut
        while seg_end > a and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > a:
            out.append((a, seg_end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        out.append((a, b))
    return out


# ============================================================================ number grammar

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_U = "|".join(_UNITS)
_SPELLED = (
    rf"(?i:\b(?:(?:{_U}|a)\s(?:hundred)|hundred|(?:{'|'.join(_TENS)})(?:[-\s](?:{_U}))?"
    rf"|{'|'.join(_TEENS)}|{_U})\b)"
)
_DIGITS = (
    r"(?<![\w.,])(?<!\w-)(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,12})(?:\.[0-9]{1,6})?"
    r"(?![0-9]|[.,][0-9])"
)
_SPELLED_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, "hundred"})

_CUR_PREFIX = (
    r"(?P<cur>US\$|U\.S\.\s?\$|A\$|C\$|R\$|HK\$|\$|€|£|₹|₽"
    r"|(?<![A-Za-z])(?:USD|EUR|GBP|CNY|RMB|JPY|INR|RUB|BRL|PLN|CHF)(?![A-Za-z]))"
)
_SCALE_WORD = r"(?i:trillion|billion|million|thousand|tn|bn|mn|mln)(?![A-Za-z])"
_CUR_WORDS = (
    r"(?P<cur>(?:US|U\.S\.)\s?(?i:dollars?)|(?i:dollars?|euros?|yuan|renminbi|rubles?|roubles?"
    r"|yen|rupees?|reais|z[łl]oty(?:s)?|pounds\ssterling)"
    r"|USD|EUR|GBP|CNY|RMB|JPY|INR|RUB|BRL|PLN|CHF)(?![A-Za-z])"
)
_CUR_SYMBOLS = ("$", "€", "£", "₹", "₽")
_CUR_HINTS = ("usd", "eur", "gbp", "cny", "rmb", "jpy", "inr", "rub", "brl", "pln", "chf",
              "dollar", "yuan", "renminbi", "roubl", "yen", "rupee", "reais", "zloty", "złoty",
              "sterling")
_PERCENT_HINTS = ("%", "cent", "pct", "percentage")
_WORD = r"[^\W\d_][\w'’\-]{0,40}(?![\w'’\-])"


@dataclass(frozen=True, slots=True)
class _NumberPatterns:
    money_pre: re.Pattern[str]
    money_post: re.Pattern[str]
    percent: re.Pattern[str]
    count: re.Pattern[str]


def _number_patterns(num: str) -> _NumberPatterns:
    """Compile the number patterns around `num`, a pattern with the group ``num``."""
    return _NumberPatterns(
        money_pre=re.compile(
            rf"{_CUR_PREFIX}\s?{num}(?P<scale>\s?{_SCALE_WORD}|(?i:[bmkt])(?![A-Za-z]))?"),
        money_post=re.compile(rf"{num}(?P<scale>\s?{_SCALE_WORD})?\s{{1,2}}{_CUR_WORDS}"),
        percent=re.compile(
            rf"{num}\s?(?P<unit>%|(?i:per\s?cent|percent|pct|percentage\spoints?)(?![A-Za-z]))"),
        count=re.compile(
            rf"{num}(?P<scale>\s(?i:thousand|million|billion)(?![A-Za-z]))?"
            rf"\s{{1,3}}(?P<w1>{_WORD})(?:\s{{1,3}}(?P<w2>{_WORD}))?"
            rf"(?:\s{{1,3}}(?P<w3>{_WORD}))?"),
    )


# Two sets: digits only (most sentences), and digits or spelled-out numbers, used
# only for sentences that hold a number word ("five per cent").
_DIGIT_PATTERNS = _number_patterns(rf"(?P<num>{_DIGITS})")
_ALL_PATTERNS = _number_patterns(rf"(?P<num>{_DIGITS}|{_SPELLED})")
_HAS_DIGIT = re.compile(r"[0-9]")
_HAS_YEAR = re.compile(r"(?:1[89]|20|21)[0-9]{2}")

_DETERMINER_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?:the|these|those|both|all|its|their|our|his|her|every|each|"
    r"any|which|whose)\s{1,3}\Z"
)

_CURRENCY_CODES = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "a$": "AUD", "c$": "CAD", "r$": "BRL",
    "hk$": "HKD", "€": "EUR", "£": "GBP", "₹": "INR", "₽": "RUB", "rmb": "CNY",
    "dollar": "USD", "dollars": "USD", "usdollar": "USD", "usdollars": "USD",
    "u.s.dollar": "USD", "u.s.dollars": "USD", "euro": "EUR", "euros": "EUR",
    "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "yen": "JPY", "rupee": "INR", "rupees": "INR", "reais": "BRL",
    "zloty": "PLN", "złoty": "PLN", "zlotys": "PLN", "złotys": "PLN",
    "poundssterling": "GBP",
}

_STOPWORDS = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "from", "by", "for", "with", "without", "and", "or", "but", "nor", "as", "than", "that", "which", "who", "whom", "whose", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "per", "into", "onto", "over", "under", "about", "after", "before", "since", "between", "during", "through", "across", "against", "among", "via", "up", "down", "out", "off", "not", "no", "more", "less", "most", "least", "only", "also", "just", "so", "such", "there", "their", "they", "them", "he", "she", "we", "you", "i", "his", "her", "our", "your", "my", "if", "when", "while", "where", "whether", "both", "each", "every", "all", "any", "some", "other", "another", "what", "how", "why", "then", "ago", "earlier", "later", "until", "till", "whereas", "including", "like", "near"])

_NON_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "'s", "’s")


def _number_value(raw: str) -> Decimal | None:
    """The value of a matched number: digits (with thousands commas) or spelled words."""
    raw = raw.strip()
    if raw[:1].isdigit():
        try:
            return Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return None
    words = [w for w in re.split(r"[-\s]{1,3}", raw.lower()) if w]
    if not words:
        return None
    if words[-1] == "hundred":
        mult = 1 if words[0] in ("a", "hundred") else _UNITS.get(words[0], 1)
        return Decimal(100 * mult)
    total = 0
    for w in words:
        total += _UNITS.get(w, 0) + _TEENS.get(w, 0) + _TENS.get(w, 0)
    return Decimal(total)


def _is_plain_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _scale(word: str | None) -> tuple[Decimal, str]:
    """Multiplier and unit suffix of a money scale word.

    Millions, billions and trillions all go to billions (``$150 million`` ->
    0.15 ``USD bn``, ``$1 trillion`` -> 1000 ``USD bn``), so one currency has
    one unit for large sums; thousands go to the plain currency.
    """
    if not word:
        return Decimal(1), ""
    w = word.strip().lower()
    if w in ("trillion", "tn", "t"):
        return Decimal(1000), " bn"
    if w in ("billion", "bn", "b"):
        return Decimal(1), " bn"
    if w in ("million", "mn", "mln", "m"):
        return Decimal("0.001"), " bn"
    return Decimal(1000), ""  # thousand, k


def _currency(raw: str) -> str:
    key = re.sub(r"\s", "", raw).lower()
    if key in _CURRENCY_CODES:
        return _CURRENCY_CODES[key]
    return raw.strip().upper()


def _plain_float(d: Decimal) -> float:
    f = float(d)
    return f if math.isfinite(f) else math.nan


# ============================================================================ date grammar

_MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_ALT = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)


def _m(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})(?![A-Za-z])"


def _y(name: str) -> str:
    return (rf"(?<![\w.,$€£₹₽])(?P<{name}>19[0-9]{{2}}|20[0-9]{{2}}|2100)"
            r"(?![\w%]|[.,][0-9])")


_S = r"\s{1,3}"
_TO = r"(?i:to|and|until|till|through|thru)"
_DASH = r"\s?[-–—]\s?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month_range", re.compile(
        rf"(?i:from|between){_S}{_m('m1')}(?:{_S}{_y('y1')})?{_S}{_TO}{_S}{_m('m2')}"
        rf"(?:,?{_S}{_y('y2')})?(?:,?{_S}(?i:of{_S})?{_y('y3')})?")),
    ("month_range", re.compile(
        rf"{_m('m1')}(?:{_S}{_y('y1')})?(?:{_DASH}|{_S}(?i:to|through|until){_S}){_m('m2')},?{_S}"
        rf"(?:(?i:of){_S})?{_y('y2')}")),
    ("half", re.compile(
        rf"(?i:(?P<h>first|second|1st|2nd){_S}half){_S}(?:(?i:of){_S})?{_y('y1')}")),
    ("quarter", re.compile(
        rf"(?i:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th){_S}quarter){_S}"
        rf"(?:(?i:of){_S})?{_y('y1')}")),
    ("hq", re.compile(rf"\b(?P<hq>[HQ][1-4]){_S}?{_y('y1')}")),
    ("year_range", re.compile(rf"(?i:from|between){_S}{_y('y1')}{_S}{_TO}{_S}{_y('y2')}")),
    ("year_range", re.compile(
        rf"{_y('y1')}[-–—](?P<y2>(?:19|20)?[0-9]{{2}})(?![\w%]|[.,][0-9])")),
    ("since", re.compile(rf"(?i:since){_S}(?:{_m('m1')}{_S})?{_y('y1')}")),
    ("month_year", re.compile(
        rf"{_m('m1')}{_S}(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?,?{_S}{_y('y1')}")),
    ("month_year", re.compile(
        rf"(?<![0-9])(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?{_S}{_m('m1')},?{_S}{_y('y1')}")),
    ("month_year", re.compile(rf"{_m('m1')},?{_S}(?:(?i:of){_S})?{_y('y1')}")),
    ("decade", re.compile(r"(?<![\w.,$€£])(?P<dec>(?:1[89]|20)[0-9]0)s(?![\w])")),
    ("year", re.compile(_y("y1"))),
)


def _month(raw: str | None) -> int | None:
    if raw is None:
        return None
    return _MONTH_NUMBERS.get(raw.rstrip(".").lower())


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass(slots=True)
class _Date:
    start: int
    end: int
    period: str | None
    year: int | None  # a year stated in the match, for later resolution
    months: tuple[int, int] | None = None  # an unresolved month range


def _date_from_match(kind: str, m: re.Match[str]) -> _Date | None:
    """Turn a date match into a period, or None when the match is not a valid date."""
    g = m.groupdict()
    s, e = m.span()
    if kind == "year":
        y = int(g["y1"])
        return _Date(s, e, str(y), y)
    if kind == "decade":
        d = int(g["dec"])
        return _Date(s, e, f"{d}/{d + 9}", d)
    if kind == "month_year":
        mo = _month(g["m1"])
        y = int(g["y1"])
        day = g.get("d")
        if mo is None or (day is not None and not 1 <= int(day) <= 31):
            return None
        return _Date(s, e, _ym(y, mo), y)
    if kind == "since":
        y = int(g["y1"])
        return _Date(s, e, None, y)  # open-ended: no closed period to give
    if kind == "year_range":
        y1 = int(g["y1"])
        raw2 = g["y2"]
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        if y2 <= y1:
            return None
        return _Date(s, e, f"{y1}/{y2}", y1)
    if kind in ("half", "quarter", "hq"):
        y = int(g["y1"])
        if kind == "hq":
            letter, digit = g["hq"][0], int(g["hq"][1])
            if letter == "H" and digit > 2:
                return None
            part, n = ("half" if letter == "H" else "quarter"), digit
        else:
            word = (g.get("h") or g.get("q") or "").lower()
            part = kind
            n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                 "fourth": 4, "4th": 4}[word]
        length = 6 if part == "half" else 3
        m1 = (n - 1) * length + 1
        return _Date(s, e, f"{_ym(y, m1)}/{_ym(y, m1 + length - 1)}", y)
    # month ranges
    mo1, mo2 = _month(g["m1"]), _month(g["m2"])
    if mo1 is None or mo2 is None:
        return None
    raw1, raw2, raw3 = g.get("y1"), g.get("y2"), g.get("y3")
    first = int(raw1) if raw1 else None
    second = int(raw2) if raw2 else (int(raw3) if raw3 else None)
    if first is None and second is None:
        return _Date(s, e, None, None, (mo1, mo2))
    if first is None and second is not None:
        first = second if mo1 <= mo2 else second - 1
    elif second is None and first is not None:
        second = first if mo2 >= mo1 else first + 1
    if first is None or second is None or (second, mo2) < (first, mo1):
        return None
    return _Date(s, e, f"{_ym(first, mo1)}/{_ym(second, mo2)}", first)


def _resolve_months(months: tuple[int, int], year: int) -> str:
    m1, m2 = months
    y2 = year if m2 >= m1 else year + 1
    return f"{_ym(year, m1)}/{_ym(y2, m2)}"


# ============================================================================ extraction


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    kind: Kind
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    event: EventType | None = None


class _Mask:
    """Which characters of a window are already claimed by a match."""

    __slots__ = ("bits",)

    def __init__(self, n: int) -> None:
        self.bits = bytearray(n)

    def free(self, a: int, b: int) -> bool:
        return self.bits.find(1, a, b) == -1

    def claim(self, a: int, b: int) -> None:
        self.bits[a:b] = b"\x01" * (b - a)


def _qualifier(win: str, start: int, index: _Index) -> str | None:
    if index.qualifier_re is None:
        return None
    m = index.qualifier_re.search(win, max(0, start - 40), start)
    if m is None:
        return None
    return " ".join(m.group("q").lower().split())


def _numbers(win: str, lower: str, pats: _NumberPatterns, index: _Index,
             mask: _Mask) -> list[_Match]:
    out: list[_Match] = []
    has_money = any(c in win for c in _CUR_SYMBOLS) or any(h in lower for h in _CUR_HINTS)
    for pattern in (pats.money_pre, pats.money_post) if has_money else ():
        for m in pattern.finditer(win):
            s, e = m.span()
            if not mask.free(s, e):
                continue
            num = _number_value(m.group("num"))
            if num is None:
                continue
            mult, suffix = _scale(m.group("scale"))
            cur = _currency(m.group("cur"))
            mask.claim(s, e)
            out.append(_Match(s, e, "money", _plain_float(num * mult), cur + suffix,
                              qualifier=_qualifier(win, s, index)))
    if not any(h in lower for h in _PERCENT_HINTS):
        return out
    for m in pats.percent.finditer(win):
        s, e = m.span()
        if not mask.free(s, e):
            continue
        num = _number_value(m.group("num"))
        if num is None:
            continue
        unit = "pp" if m.group("unit").lower().startswith("percentage") else "%"
        mask.claim(s, e)
        out.append(_Match(s, e, "percent", _plain_float(num), unit,
                          qualifier=_qualifier(win, s, index)))
    return out


def _dates(win: str, mask: _Mask, *, has_year: bool) -> list[_Date]:
    out: list[_Date] = []
    # without a year-like number only "from January to November" can match
    for kind, pattern in _DATE_PATTERNS if has_year else _DATE_PATTERNS[:1]:
        for m in pattern.finditer(win):
            s, e = m.span()
            if not mask.free(s, e):
                continue
            d = _date_from_match(kind, m)
            if d is None:
                continue
            mask.claim(s, e)
            out.append(d)
    out.sort(key=lambda d: d.start)
    return out


def _counts(win: str, pats: _NumberPatterns, index: _Index, mask: _Mask) -> list[_Match]:
    out: list[_Match] = []
    for m in pats.count.finditer(win):
        s = m.start()
        raw = m.group("num")
        if _is_plain_year(raw):
            continue
        words = [w for w in (m.group("w1"), m.group("w2"), m.group("w3")) if w]
        noun_at = -1
        for k, w in enumerate(words):
            low = w.lower()
            if low in _STOPWORDS:
                break
            if low in index.count_units or (
                w[0].islower() and len(w) >= 3 and low.endswith("s")
                and not low.endswith(_NON_PLURAL_ENDINGS)
            ):
                noun_at = k
                break
        if noun_at < 0:
            continue
        e = m.end(f"w{noun_at + 1}")
        if not mask.free(s, e):
            continue
        if not raw[:1].isdigit() and _DETERMINER_BEFORE.search(win, max(0, s - 12), s):
            continue
        num = _number_value(raw)
        if num is None:
            continue
        scale = m.group("scale")
        if scale:
            num *= {"thousand": 1000, "million": 10**6, "billion": 10**9}[scale.strip().lower()]
        mask.claim(s, e)
        out.append(_Match(s, e, "count", _plain_float(num), words[noun_at].lower(),
                          qualifier=_qualifier(win, s, index)))
    return out


def _tokens(win: str) -> tuple[list[tuple[int, int]], list[str]]:
    spans = [m.span() for m in _TOKEN.finditer(win)]
    gaps = [_norm_gap(win[a[1]:b[0]]) for a, b in zip(spans, spans[1:], strict=False)]
    return spans, gaps


_PHRASE_GAP = frozenset({" ", "-", " - ", "'", "' ", " '", "- ", " -"})


def _match_trigger(pat: _Pattern, low: Sequence[str], gap_ok: Sequence[bool], i: int) -> int:
    """End token index (exclusive) of the longest match of `pat` at token `i`, or -1."""
    n = len(low)
    best = -1
    # iterative search over (pattern position, token position); a wildcard branches
    # at most three ways and a trigger holds at most two, so the work is bounded
    stack = [(0, i)]
    while stack:
        p, t = stack.pop()
        if p == len(pat):
            best = max(best, t)
            continue
        if t >= n or (t > i and not gap_ok[t - 1]):
            continue
        el = pat[p]
        if el is None:
            stack.append((p + 1, t + 1))
            for extra in range(1, _WILDCARD_WORDS):
                if t + extra >= n or not gap_ok[t + extra - 1]:
                    break
                stack.append((p + 1, t + extra + 1))
        elif low[t] in el:
            stack.append((p + 1, t + 1))
    return best


def _events(spans: list[tuple[int, int]], low: list[str], gaps: list[str],
            index: _Index) -> list[_Match]:
    gap_ok = [g in _PHRASE_GAP for g in gaps]
    out: list[_Match] = []
    i = 0
    n = len(spans)
    while i < n:
        best_end, best_ev = -1, None
        for pat, ev in index.events_by_first.get(low[i], ()):
            end = _match_trigger(pat, low, gap_ok, i)
            if end > best_end:
                best_end, best_ev = end, ev
        if best_ev is not None:
            out.append(_Match(spans[i][0], spans[best_end - 1][1], "event", event=best_ev))
            i = best_end
        else:
            i += 1
    return out


def _actors(win: str, spans: list[tuple[int, int]], gaps: list[str], index: _Index) -> list[str]:
    found: list[str] = []
    n = len(spans)
    i = 0
    while i < n:
        tok = win[spans[i][0]:spans[i][1]]
        step = 1
        if win.startswith("$", spans[i][1]):  # "US$", "HK$": a currency, not an actor
            i += 1
            continue
        for toks, seps, code in index.actors_by_first.get(tok, ()):
            k = len(toks)
            if k == 1:
                if code and code not in found:
                    found.append(code)
                break
            if i + k > n:
                continue
            if all(win[spans[i + j][0]:spans[i + j][1]] == toks[j] for j in range(1, k)) and all(
                gaps[i + j] == seps[j] for j in range(k - 1)
            ):
                if code and code not in found:
                    found.append(code)
                step = k
                break
        i += step
    return found


def _period_for(c: _Match, dates: list[_Date], blockers: list[_Match]) -> str | None:
    """The period of the date that goes with a match, by position in the sentence.

    For an event, the nearest date in the sentence. For a number, the date
    that follows closely (within 40 characters, no other number in between:
    "$52.1 billion in 2021"), else the nearest date before the match ("In
    2022, ... $81 billion"), else None. An open-ended date ("since 2018")
    has no period, so a match it goes with gets None too.
    """
    if c.kind == "event":
        near = min(dates, key=lambda d: max(d.start - c.end, c.start - d.end, 0), default=None)
        return near.period if near is not None else None
    after = [d for d in dates if d.start >= c.end]
    if after:
        d = after[0]
        if d.start - c.end <= 40 and not any(
            c.end <= x.start and x.end <= d.start for x in blockers if x is not c
        ):
            return d.period
    before = [d for d in dates if d.end <= c.start]
    return before[-1].period if before else None


def _check_limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def extract(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    source: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> list[Candidate]:
    """Propose candidate evidence records from a document's text.

    Pure: no I/O (beyond reading the shipped lexicon once when `lexicon` is
    None). Every candidate's quote is ``text[span[0]:span[1]]``.

    Parameters
    ----------
    text : str
        The document's text.
    lexicon : Lexicon, optional
        Event types, actor aliases, qualifiers and count units. Default: the
        shipped lexicon (`load_lexicon`).
    source : str, optional
        Name of the document, used only in error messages.
    max_chars : int, default 10_000_000
        Longest accepted text, in characters.
    max_candidates : int, default 100_000
        Most candidates accepted; more means the text is not prose.

    Returns
    -------
    list of Candidate
        Ordered by position in the text. Numbers (money, percent, count) and
        dates never overlap each other; event candidates may overlap them.

    Raises
    ------
    LimitExceededError
        If the text is longer than `max_chars`, or yields more than
        `max_candidates` candidates.
    TypeError
        If `text` is not a str.
    ValueError
        If a limit is not a positive integer.

    Examples
    --------
    >>> [c.quote for c in extract("China sent more than 3,000 troops to Vostok.")
    ...  if c.kind == "count"]
    ['3,000 troops']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    _check_limit(max_chars, "max_chars")
    _check_limit(max_candidates, "max_candidates")
    if len(text) > max_chars:
        raise LimitExceededError(
            f"text has {len(text):,} characters, more than the limit of {max_chars:,}",
            path=source,
            fix="split the document, or raise the limit with max_chars=... "
                "(extract_file: max_bytes=...)",
        )
    lex = lexicon if lexicon is not None else load_lexicon()
    index = lex._index
    out: list[Candidate] = []
    prev_year: int | None = None
    for sent in split_sentences(text):
        for w0, w1 in _windows(text, sent):
            win = text[w0:w1]
            mask = _Mask(len(win))
            spans, gaps = _tokens(win)
            low = [win[a:b].lower() for a, b in spans]
            has_digit = _HAS_DIGIT.search(win) is not None
            has_words = any(t in _SPELLED_WORDS for t in low)
            numbers: list[_Match] = []
            dates: list[_Date] = []
            if has_digit or has_words:
                pats = _ALL_PATTERNS if has_words else _DIGIT_PATTERNS
                numbers = _numbers(win, win.lower(), pats, index, mask)
            has_year = has_digit and _HAS_YEAR.search(win) is not None
            if has_year or any(t in _MONTH_NUMBERS for t in low):
                dates = _dates(win, mask, has_year=has_year)
            if has_digit or has_words:
                numbers += _counts(win, pats, index, mask)
            events = _events(spans, low, gaps, index)
            actors = _actors(win, spans, gaps, index)
            # month ranges without a year: the nearest year in this sentence, else the
            # last year of the preceding one
            years = [d for d in dates if d.year is not None]
            for d in dates:
                if d.months is not None and d.period is None:
                    near = min(years, key=lambda y: min(abs(y.start - d.end), abs(d.start - y.end)),
                               default=None)
                    year = near.year if near is not None else prev_year
                    if year is not None:
                        d.period = _resolve_months(d.months, year)
            prev_year = max(years, key=lambda d: d.start).year if years else None
            matches: list[_Match] = []
            for d in dates:
                matches.append(_Match(d.start, d.end, "date", period=d.period))
            for c in numbers + events:
                c.period = _period_for(c, dates, numbers)
                matches.append(c)
            if len(out) + len(matches) > max_candidates:
                raise LimitExceededError(
                    f"text yields more than {max_candidates:,} candidates", path=source,
                    fix="check that the document is prose, split it, or raise the limit "
                        "with max_candidates=...",
                )
            matches.sort(key=lambda c: (c.start, c.end))
            for c in matches:
                ev = c.event
                out.append(Candidate(
                    quote=win[c.start:c.end],
                    span=(w0 + c.start, w0 + c.end),
                    kind=c.kind,
                    value=c.value,
                    unit=c.unit,
                    period=c.period,
                    event_type=ev.id if ev is not None else None,
                    polarity=ev.polarity if ev is not None else None,
                    actors=list(actors),
                    sentence=(w0, w1),
                    qualifier=c.qualifier,
                ))
    return out


# ============================================================================ TOML output

_TOML_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
                 '"': '\\"', "\\": "\\\\"}


def toml_string(value: str) -> str:
    r"""Quote a str as a TOML basic string.

    Backslashes, double quotes and control characters are escaped; every
    other character, unicode included, is written as itself.

    Parameters
    ----------
    value : str

    Returns
    -------
    str
        The TOML string literal, quotes included.

    Raises
    ------
    ValueError
        If `value` holds a lone surrogate, which no TOML string can hold.

    Examples
    --------
    >>> print(toml_string('say "hi"\\n'))
    "say \"hi\"\\n"
    """
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"a TOML string cannot hold the lone surrogate U+{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def candidates_to_toml(
    candidates: Iterable[Candidate],
    source: str,
    *,
    text: str | None = None,
    first_id: int = 1,
    lexicon: Lexicon | None = None,
) -> str:
    """Write candidates as ready-to-edit ``[[evidence]]`` ledger entries.

    Each entry has ``id`` (``cand-0001``, ...), ``indicator = ""`` and, when
    unknown, ``period = ""`` for the analyst to fill, then ``source``,
    ``quote``, ``value``, ``unit``, ``qualifier`` (mapped to the ledger's
    vocabulary: ``approximately`` -> ``about``), ``event_type`` and
    ``actors``. Keys whose value is None are left out (TOML has no null). A
    comment above each entry gives the candidate's kind, match and polarity.

    Parameters
    ----------
    candidates : iterable of Candidate
        From `extract`.
    source : str
        The source id written into every entry.
    text : str, optional
        The text the candidates were extracted from. When given, each
        ``quote`` is the whole enclosing sentence (an exact substring of
        `text`), so the analyst sees the context; otherwise it is the match.
    first_id : int, default 1
        Number of the first id.
    lexicon : Lexicon, optional
        The lexicon whose ``qualifiers`` table maps a written qualifier to
        the ledger's; default: the shipped lexicon.

    Returns
    -------
    str
        TOML text; ``tomllib.loads`` reads it back.

    Raises
    ------
    ValueError
        If `text` is given but a candidate's span does not hold its quote in
        it (the candidates come from another text).

    Examples
    --------
    >>> import tomllib
    >>> t = "Trade rose 5% in 2023."
    >>> doc = tomllib.loads(candidates_to_toml(extract(t), "src1", text=t))
    >>> [(e["quote"], e.get("value")) for e in doc["evidence"]]
    [('Trade rose 5% in 2023.', 5.0), ('Trade rose 5% in 2023.', None)]
    """
    lines = [
        f"# Candidate evidence for source {toml_string(source)}, proposed by relindex.extract.",
        "# Fill in `indicator` (and `period` where empty), check every value against the",
        "# quote, and delete the entries that do not belong in the ledger.",
    ]
    qual_map = dict((lexicon if lexicon is not None else load_lexicon()).qualifiers)
    for n, c in enumerate(candidates, start=first_id):
        if text is not None:
            a, b = c.span
            if not (0 <= a <= b <= len(text)) or text[a:b] != c.quote:
                raise ValueError(
                    f"candidate {n} ({c.quote!r}) does not match the text at {c.span}: "
                    "pass the text the candidates were extracted from"
                )
            quote = text[c.sentence[0]:c.sentence[1]]
        else:
            quote = c.quote
        note = f"{c.kind} {toml_string(c.quote)}"
        if c.polarity:
            note += f", {c.polarity}"
        lines += ["", f"# {note} (chars {c.span[0]}-{c.span[1]})", "[[evidence]]"]
        lines.append(f'id = "cand-{n:04d}"')
        lines.append('indicator = ""')
        lines.append(f"source = {toml_string(source)}")
        lines.append(f"quote = {toml_string(quote)}")
        if c.value is not None:
            lines.append(f"value = {_toml_float(c.value)}")
        if c.unit is not None:
            lines.append(f"unit = {toml_string(c.unit)}")
        lines.append(f"period = {toml_string(c.period or '')}")
        if c.qualifier is not None:
            canon = qual_map.get(c.qualifier, c.qualifier)
            lines.append(f"qualifier = {toml_string(canon)}")
        if c.event_type is not None:
            lines.append(f"event_type = {toml_string(c.event_type)}")
        lines.append("actors = [" + ", ".join(toml_string(a) for a in c.actors) + "]")
    return "\n".join(lines) + "\n"


# ============================================================================ recall


@dataclass(frozen=True, slots=True)
class MissedRecord:
    """A ledger record that no candidate proposed.

    Parameters
    ----------
    source : str
        The record's source id.
    quote : str
        The record's quote.
    value : float or None
        The record's value.
    reason : str
        Why it counts as missed.
    """

    source: str
    quote: str
    value: float | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``source``, ``quote``, ``value``, ``reason``.
        """
        return {"source": self.source, "quote": self.quote, "value": self.value,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RecallReport:
    """How many ledger records the extractor proposed.

    Parameters
    ----------
    found : int
        Records proposed by some candidate.
    total : int
        Records checked.
    missed : tuple of MissedRecord
        The records not proposed, in input order.
    """

    found: int
    total: int
    missed: tuple[MissedRecord, ...] = ()

    @property
    def recall(self) -> float | None:
        """Found / total, or None when there were no records."""
        return self.found / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``found``, ``total``, ``recall`` and ``missed`` (a list of
            dicts, see `MissedRecord.to_dict`).
        """
        return {"found": self.found, "total": self.total, "recall": self.recall,
                "missed": [m.to_dict() for m in self.missed]}


def _same_value(a: float | None, b: float | None) -> bool:
    if b is None:
        return True
    if a is None:
        return False
    return a == b or math.isclose(a, b, rel_tol=1e-9)


def recall(
    candidates_by_source: Mapping[str, Sequence[Candidate]],
    records: Iterable[tuple[str, str, float | None]],
    *,
    texts: Mapping[str, str] | None = None,
) -> RecallReport:
    """Measure how many ledger records the extractor proposes.

    A record ``(source_id, quote, value)`` counts as proposed when some
    candidate of that source has the same value (relative tolerance 1e-9;
    a record whose value is None accepts any value) and a span overlapping
    the place where the record's quote is in the text. The quote is located
    with `relindex.quotes.find_spans` (whitespace, quote marks and
    dashes may differ); every occurrence counts.

    Parameters
    ----------
    candidates_by_source : mapping of str to sequence of Candidate
        Candidates from `extract`, keyed by source id.
    records : iterable of (str, str, float or None)
        ``(source_id, quote, value)`` of each ledger record to look for.
    texts : mapping of str to str, optional
        The text of each source. Without the text of a source, a record
        counts as proposed when a candidate's quote, whitespace-normalised,
        lies inside the record's quote.

    Returns
    -------
    RecallReport
        found / total and the missed records with the reason.
    """
    found = 0
    total = 0
    missed: list[MissedRecord] = []
    for src, quote, value in records:
        total += 1
        cands = [c for c in candidates_by_source.get(src, ()) if _same_value(c.value, value)]
        if texts is not None and src in texts:
            places = find_spans(texts[src], quote)
            if not places:
                missed.append(MissedRecord(src, quote, value, "quote not found in the source text"))
                continue
            hit = any(c.span[0] < b and a < c.span[1] for c in cands for a, b in places)
        else:
            norm_quote = " ".join(quote.split())
            hit = any(" ".join(c.quote.split()) in norm_quote for c in cands)
        if hit:
            found += 1
        else:
            reason = ("no candidate of this source" if src not in candidates_by_source
                      else "no candidate with this value overlaps the quote")
            missed.append(MissedRecord(src, quote, value, reason))
    return RecallReport(found=found, total=total, missed=tuple(missed))

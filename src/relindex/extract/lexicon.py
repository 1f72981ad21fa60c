"""The extraction lexicon: event types, actor aliases, qualifiers and count units.

Words live in a TOML file (``relindex/data/event_lexicon.toml``), validated by
the pydantic model `LexiconFile` (unknown keys refused, no type coercion), then
compiled into an index the matchers use: `Lexicon`. `load_lexicon` reads a
file through `relindex.files.read_toml`, the one bounded reader of regular
files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputFileError, RelindexError
from ..files import read_toml, validation_error
from ._index import LexiconIndex, build_index
from .candidate import Polarity
from .countries import country_actors, plover_category
from .event_type import EventType

__all__ = [
    "LEDGER_QUALIFIERS",
    "LEXICON_MAX_BYTES",
    "EventSpec",
    "EventType",
    "Lexicon",
    "LexiconFile",
    "load_lexicon",
]

LEDGER_QUALIFIERS: tuple[str, ...] = (
    "exact", "about", "over", "more than", "nearly", "almost", "up to", "under", "at least",
)
"""The evidence ledger's qualifier vocabulary (``relindex.models.Qualifier``)."""

LEXICON_MAX_BYTES = 5_000_000
"""Largest lexicon file read, in bytes."""

# ----------------------------------------------------------------------------- the TOML model

_Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
_Suffix = Annotated[str, Field(pattern=r"^[a-z]{1,5}$")]
_QualifierName = Literal[
    "exact", "about", "over", "more than", "nearly", "almost", "up to", "under", "at least"]


class EventSpec(BaseModel):
    """One ``[[event]]`` table of the lexicon."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              use_attribute_docstrings=True)

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    """Identifier, lower case (``"joint_exercise"``)."""
    name: _Text
    """Human-readable name."""
    polarity: Polarity
    """``"cooperation"`` or ``"friction"``."""
    triggers: list[_Text] = Field(min_length=1)
    """Trigger phrases; ``*`` stands for up to three words, ``a|b`` for either word."""
    suffixes: list[_Suffix] | None = None
    """Endings accepted on the last word of every trigger (default: ``default_suffixes``)."""
    cameo: Annotated[str, Field(pattern=r"^[0-9]{2,4}$")] | None = None
    """CAMEO code, a string so that leading zeros stay (``"062"``)."""
    category: str | None = None
    """Free grouping label (``"military"``)."""
    description: str = ""
    """One line saying what counts."""


class LexiconFile(BaseModel):
    """The whole of a lexicon TOML file (see ``relindex/data/event_lexicon.toml``)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              use_attribute_docstrings=True)

    version: Literal[1] = 1
    """Format version; 1."""
    default_suffixes: list[_Suffix] = ["s"]
    """Endings accepted on the last word of every trigger, unless an event sets its own."""
    count_units: list[_Text] = []
    """Nouns accepted after a number although they are not plurals in -s (``"km"``)."""
    actor_stop_phrases: list[_Text] = []
    """Phrases that hold a country name but name no actor (``"South China Sea"``)."""
    qualifiers: dict[Annotated[str, Field(pattern=r"\S")], _QualifierName] = {}
    """Qualifier as written (``"approximately"``) to the ledger's qualifier (``"about"``)."""
    event: list[EventSpec] = []
    """The event types (at least one, except in a catalogue's own lexicon, which may add
    actors, qualifiers or count units alone)."""
    actors: dict[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{0,15}$")],
                 Annotated[list[_Text], Field(min_length=1)]] = {}
    """Actor code (``"RU"``) to its aliases, matched case-sensitively."""
    countries: bool = True
    """Also know every state of the shipped country list (``relindex/data/countries.csv``:
    ISO 3166-1 alpha-2 code, name, demonyms, capital); an alias under `actors` wins."""


_FIXES = {
    "id": 'write a lower-case identifier (a-z, 0-9, _), e.g. id = "military_exercise"',
    "cameo": 'quote it so leading zeros stay: cameo = "062"',
    "suffixes": 'write suffixes like "s", "es", "ed"',
    "default_suffixes": 'write suffixes like "s", "es", "ed"',
    "triggers": 'list at least one phrase: triggers = ["joint exercise"]',
    "actors": "use upper-case codes (ISO 3166 alpha-2 for countries: RU, CN; NATO) with a "
              'list of aliases: RU = ["Russia", "Moscow"]',
    "qualifiers": "map to one of " + ", ".join(LEDGER_QUALIFIERS),
    "polarity": 'set polarity = "cooperation" or "friction"',
    "version": "set version = 1",
    "event": "declare at least one event type as an [[event]] table (a lexicon beside a "
             "catalogue, which extends the shipped one, may declare actors alone)",
}


def _lexicon_error(err: RelindexError) -> InputFileError:
    """Sharpen a validation error's key and fix for the lexicon's own keys."""
    key = (err.key or "").replace(".[key]", "")
    parts = [p.split("[", 1)[0] for p in key.split(".")]
    fix = _FIXES.get(parts[-1]) or (_FIXES.get(parts[0]) if parts[0] in ("actors", "qualifiers")
                                    else None) or err.fix
    out = InputFileError(err.rule, path=err.path, key=key, fix=fix,
                         **({"value": err.value} if err.has_value else {}))
    out.problems = getattr(err, "problems", [])  # type: ignore[attr-defined]
    return out


# ----------------------------------------------------------------------------- compiled


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
    states : frozenset of str
        The actor codes that are states (the country list's), as opposed to
        groups such as ``"EU"``; events are between states when a clause names two.

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
    states: frozenset[str] = frozenset()
    _index: LexiconIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", build_index(
            self.events, self.actors, self.actor_stop_phrases, self.qualifiers,
            self.count_units, self.states, self.path))

    @property
    def index(self) -> LexiconIndex:
        """The compiled triggers, aliases, qualifiers and count units."""
        return self._index

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str | Path | None = None,
                  extension: bool = False) -> Lexicon:
        """Build a lexicon from the parsed TOML tables, validated by `LexiconFile`.

        Parameters
        ----------
        data : mapping
            The parsed lexicon (see ``relindex/data/event_lexicon.toml``).
        path : str or Path, optional
            The file it came from, named in error messages.
        extension : bool, default False
            Whether the lexicon extends another (`extended_by`): then it may declare no
            event type (actors alone, say).

        Returns
        -------
        Lexicon

        Raises
        ------
        InputFileError
            Naming the file and the key, for an unknown key, a missing or
            mistyped value (no coercion: ``cameo = 62`` is refused), a bad id,
            polarity, CAMEO code or actor code, or a duplicated event id,
            trigger or alias.
        """
        where = Path(path) if path is not None else Path("(lexicon)")
        if not isinstance(data, Mapping):
            raise InputFileError("must be a table", path=where, key="(top level)",
                                 fix="start from the shipped event_lexicon.toml")
        try:
            spec = LexiconFile.model_validate(dict(data))
        except ValidationError as exc:
            raise _lexicon_error(validation_error(exc, where, dict(data), kind=InputFileError)
                                 ) from None
        if not spec.event and not extension:
            raise InputFileError("is required: a lexicon used on its own needs event types",
                                 path=where, key="event", fix=_FIXES["event"])
        seen: set[str] = set()
        for i, ev in enumerate(spec.event):
            if ev.id in seen:
                raise InputFileError("is declared twice", path=where, key=f"event[{i}].id",
                                     value=ev.id, fix="give every event a unique id")
            seen.add(ev.id)
        return cls.from_model(spec, path=path)

    def extended_by(self, other: Lexicon) -> Lexicon:
        """Return this lexicon with another's words added, the other's winning on a clash.

        Event types of `other` replace those of the same id and follow the
        others; its actor aliases, stop phrases, qualifiers and count units
        are added (an alias it declares keeps its code).

        Parameters
        ----------
        other : Lexicon
            A catalogue's own lexicon (``event_lexicon.toml`` beside it).

        Returns
        -------
        Lexicon
        """
        ids = {e.id for e in other.events}
        mine = {a for a, _ in other.actors}
        return Lexicon(
            events=tuple(e for e in self.events if e.id not in ids) + other.events,
            actors=other.actors + tuple((a, c) for a, c in self.actors if a not in mine),
            actor_stop_phrases=tuple(dict.fromkeys(self.actor_stop_phrases
                                                   + other.actor_stop_phrases)),
            qualifiers={**self.qualifiers, **other.qualifiers},
            count_units=self.count_units | other.count_units,
            path=other.path,
            states=self.states | other.states,
        )

    @classmethod
    def from_model(cls, spec: LexiconFile, *, path: str | Path | None = None) -> Lexicon:
        """Compile a validated `LexiconFile`.

        Parameters
        ----------
        spec : LexiconFile
            The validated lexicon.
        path : str or Path, optional
            The file it came from, named in error messages.

        Returns
        -------
        Lexicon
        """
        default = tuple(spec.default_suffixes)
        events = tuple(
            EventType(id=e.id, name=e.name, polarity=e.polarity, triggers=tuple(e.triggers),
                      suffixes=tuple(e.suffixes) if e.suffixes is not None else default,
                      cameo=e.cameo, category=e.category, description=e.description,
                      plover=plover_category(e.cameo))
            for e in spec.event)
        actors = tuple((alias, code) for code, aliases in spec.actors.items()
                       for alias in aliases)
        states: frozenset[str] = frozenset()
        if spec.countries:
            taken = {a for a, _ in actors}
            table = country_actors()
            actors += tuple((a, c) for c, aliases in table for a in aliases if a not in taken)
            states = frozenset(c for c, _ in table)
        return cls(
            events=events,
            actors=actors,
            actor_stop_phrases=tuple(spec.actor_stop_phrases),
            qualifiers={" ".join(q.lower().split()): c for q, c in spec.qualifiers.items()},
            count_units=frozenset(u.lower() for u in spec.count_units),
            path=str(path) if path is not None else None,
            states=states,
        )


def _default_lexicon_resource() -> Any:
    return resources.files("relindex") / "data" / "event_lexicon.toml"


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    res = _default_lexicon_resource()
    return load_lexicon(Path(str(res)))


def load_lexicon(path: str | Path | None = None, *, extension: bool = False) -> Lexicon:
    """Read an extraction lexicon from TOML.

    Parameters
    ----------
    path : str or Path, optional
        The lexicon file. Default: the lexicon shipped with relindex,
        ``relindex/data/event_lexicon.toml`` (read once and cached).
    extension : bool, default False
        Whether the file extends another lexicon (a catalogue's ``event_lexicon.toml``):
        then it may declare no event type.

    Returns
    -------
    Lexicon

    Raises
    ------
    InputFileError
        If the file is missing, not a regular file, unreadable, not UTF-8,
        not valid TOML, or breaks a rule of the lexicon (the message names
        the key). It is read with `relindex.files.read_toml`, so a FIFO or
        device is refused before it is opened.
    LimitExceededError
        If the file is larger than `LEXICON_MAX_BYTES`.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> [e.cameo for e in lex.events if e.id == "joint_exercise"]
    ['062']
    """
    if path is None:
        return _default_lexicon()
    p = Path(path)
    return Lexicon.from_dict(read_toml(p, max_bytes=LEXICON_MAX_BYTES, what="lexicon"), path=p,
                             extension=extension)


"""Frames whose object decides the act: closing or reopening a border, a pipeline, a link.

A helper of `relindex.extract.events`. A verb of closing (``closed``, ``shut``, ``sealed``,
``shut down``) or of reopening (``reopened``, ``restarted``) says no act of its own: its
object does. The object's head is the last word of the noun phrase after the verb (its
determiners, numbers, names and coordinated modifiers read over, up to a preposition, a
punctuation mark or the clause's end), and its class gives the act's CAMEO code, as the
conventions of ``tests/extract_passages/events/README.md`` file it:

- a passage (border, frontier, crossing, checkpoint, airspace, port, link, route, trail,
  corridor) closed is a restriction of movement, ``172`` (COERCE, read with 191); reopened, the
  restriction lifted, ``085`` (RETREAT);
- a pipeline closed halts deliveries, ``160`` (SANCTION); restarted or reopened, ``085``
  (RETREAT);
- a pipeline or a service (flights, trains, ferries, buses) halted, stopped or suspended is
  ``160`` (SANCTION), resumed or restored ``085`` (RETREAT).

``closed the factory near the border`` (a factory), ``closed the investigation`` and
``opened a new crossing`` (no reopening) give nothing.

Examples
--------
>>> low = "burundi shut the frontier in january".split()
>>> frame_at(low, [" "] * len(low), 1, len(low))
(1, 4, '172')
>>> frame_at("kenya closed the factory near the border".split(), [" "] * 7, 1, 7) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["frame_at", "frames"]

_CLOSE = frozenset({"closed", "close", "closes", "closing", "shut", "shuts", "shutting",
                    "sealed", "seal", "seals", "sealing"})
_OPEN = frozenset({"reopened", "reopen", "reopens", "reopening", "restarted", "restart",
                   "restarts", "restarting"})
_HALT = frozenset({"halted", "halt", "halts", "halting", "stopped", "stop", "stops",
                   "stopping", "suspended", "suspend", "suspends", "suspending"})
_RESUME = frozenset({"resumed", "resume", "resumes", "resuming", "restored", "restore",
                     "restores", "restoring"})
_PARTICLES = frozenset({"down", "off", "up"})
_PASSAGE = frozenset({"border", "borders", "frontier", "frontiers", "crossing", "crossings",
                      "checkpoint", "checkpoints", "airspace", "port", "ports", "link", "links",
                      "route", "routes", "trail", "trails", "corridor", "corridors"})
_SUPPLY = frozenset({"pipeline", "pipelines"})
_SERVICE = frozenset({"service", "services", "flights", "trains", "ferries", "buses"})
_ACTS = {("close", "passage"): "172", ("close", "supply"): "160",
         ("open", "passage"): "085", ("open", "supply"): "085",
         ("halt", "supply"): "160", ("halt", "service"): "160",
         ("open", "service"): "085", ("resume", "service"): "085",
         ("resume", "supply"): "085"}
"""The CAMEO code of a verb class and an object class (the lexicon's event type of the code:
``administrative_ban``, ``suspension``, ``easing`` in the shipped one)."""
_STOP = frozenset({"with", "to", "on", "in", "for", "at", "near", "into", "from", "of", "by",
                   "after", "before", "over", "until", "since", "along", "across", "between",
                   "through", "that", "which", "who", "as", "because", "while", "but",
                   "following", "amid", "during", "under", "against", "than", "when"})
"""Words that end the object's noun phrase."""
_SPAN = 8


def frame_at(low: Sequence[str], gaps: Sequence[str], i: int, end: int
             ) -> tuple[int, int, str] | None:
    """The act of the verb at `i` read by its object's class, or None.

    Returns the trigger's words (from the verb to the object's head) and its CAMEO code.
    """
    verb = next((v for v, words in (("close", _CLOSE), ("open", _OPEN), ("halt", _HALT),
                                     ("resume", _RESUME)) if low[i] in words), None)
    if verb is None:
        return None
    k = i + 1
    if k < end and low[k] in _PARTICLES:
        k += 1  # "shut down the pipeline"
    head = None
    while k < end and k - i <= _SPAN and low[k] not in _STOP:
        head = k
        gap = gaps[k] if k < len(gaps) else ""
        if any(p in gap for p in ".;:()\"") or ("," in gap and not any(
                w in ("and", "or") for w in low[k + 1:min(k + 4, end)])):
            break  # "closed the pipeline, Niger said"; ", sea and air links": read on
        k += 1
    if head is None or (head == i + 1 and low[head] in _PARTICLES):
        return None
    w = low[head]
    kind = next((k for k, words in (("passage", _PASSAGE), ("supply", _SUPPLY),
                                     ("service", _SERVICE)) if w in words), None)
    code = _ACTS.get((verb, kind)) if kind is not None else None
    return None if code is None else (i, head + 1, code)


def frames(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int]
           ) -> list[tuple[int, int, str]]:
    """The acts a clause's verbs of closing and reopening state by their object."""
    c0, c1 = clause
    out = []
    for i in range(c0, c1):
        hit = frame_at(low, gaps, i, c1)
        if hit is not None:
            out.append(hit)
    return out

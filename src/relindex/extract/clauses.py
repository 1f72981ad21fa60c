"""A small clause reader: the structure of a clause beyond the phrases of the lexicon.

The event reader (`relindex.extract.events`) finds one act per clause from the
triggers of the lexicon and the verbs of the CAMEO dictionary. Some acts are
stated by the *structure* of the clause rather than by a phrase, and this
module reads that structure with a few rules over the words of a window (no
parser, no model):

* **chained infinitives** (`infinitive_chain`): ``agreed to A, to B and to C``
  states three acts agreed, each read by the rule for ``agreed to X``;
* **object relative clauses** (`relative_verb`, `antecedent_start`): ``the
  Margara crossing, which Ankara opened``: the clause's subject acts on the
  antecedent, read as ``Ankara opened the Margara crossing``;
* **subjects carried over** (`carried_verbs`): ``... detained the herders and shot
  them``, ``... crossed into its territory before withdrawing``: a coordinated
  predicate or a gerund after ``before``/``after`` has the subject of the clause
  before it;
* **passive visits** (`passive_meeting`): ``the Minister was received in audience by
  His Majesty``: a meeting of the two, whoever the agent is;
* **coordinated modifiers** (`without_coordinates`): ``closed its Koidula and Luhamaa
  crossings``, ``closed all land, sea and air links``: the clause read with the last
  conjunct only (``closed its Luhamaa crossings``), so that a phrase of the lexicon reaches
  the head noun;
* **the means of a response** (`means_gerund`): ``Niger retaliated by closing the
  pipeline``: the act is the closing, not the retaliating;
* **measures kept** (`kept_measure`): ``kept in force its ban on ...``, ``will
  keep its border with Rwanda closed``, ``maintained restrictions in place``:
  the measure named by the object (or, with ``closed``/``shut``, the closure of
  the object) is an act that continues, not one said before.

Each reader takes the window's words in lower case (``low``), the normalised
gaps between them (``gaps``) and token indices, and returns token indices; it
knows nothing of actors or event types, which the event reader adds.

Examples
--------
>>> low = "they agreed to reopen the crossing and to harmonise procedures".split()
>>> infinitive_chain(low, [" "] * (len(low) - 1), 3, len(low), frozenset())
[(7, 10)]
>>> low = "poland kept in force its ban on lorries".split()
>>> kept_measure(low, [" "] * (len(low) - 1), (0, len(low)))
(1, 4, 8, None)
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["KEEPING", "antecedent_start", "carried_verbs", "infinitive_chain", "kept_measure",
           "means_gerund", "passive_meeting", "relative_verb", "without_coordinates"]

_HARD = (";", ":", "—", " – ", " - ", "(", ")")
"""Gaps that end a chain of infinitives or the object of a verb (an en dash between two words
without spaces joins them: ``the Labu–Lawas crossing``)."""
_NOT_VERB = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
                       "these", "those", "all", "each", "both", "some", "any", "about", "around",
                       "more", "less", "up", "over", "under", "within", "date", "which", "whom",
                       "what", "be", "and", "or", "of", "in", "on", "at", "by", "for", "from",
                       "with", "no", "one", "two", "three"})
"""Words after ``to`` that make it a preposition (``to the border``, ``to about 1.5``), not
an infinitive."""


def _infinitive_at(low: Sequence[str], gaps: Sequence[str], k: int, actor_at: frozenset[int]
                   ) -> bool:
    """Whether ``to`` at `k` opens a further infinitive of the same verb.

    It follows ``and``, ``or`` or a comma, and the word after it is a verb: not a
    determiner, a number, a preposition or an actor (``and to Rwanda``).
    """
    if low[k] != "to" or k + 1 >= len(low) or k == 0:
        return False
    joined = low[k - 1] in ("and", "or") or "," in gaps[k - 1]
    nxt = low[k + 1]
    amount = k + 2 < len(low) and ("$" in gaps[k + 1] or low[k + 2][:1].isdigit())
    return joined and nxt.isalpha() and nxt not in _NOT_VERB and (k + 1) not in actor_at and (
        not amount)  # "to US$1.2 billion"


def infinitive_chain(low: Sequence[str], gaps: Sequence[str], to_end: int, end: int,
                     actor_at: frozenset[int]) -> list[tuple[int, int]]:
    """The further infinitives governed by the verb whose first ``to`` ends at `to_end`.

    ``agreed to reopen the crossing and to harmonise procedures, and to meet again``:
    after the first infinitive, each ``to`` after ``and``, ``or`` or a comma that opens a
    verb is an infinitive of the same verb, up to `end` (the end of the sentence's
    window) or a semicolon, colon, dash or bracket.

    Parameters
    ----------
    low : sequence of str
        The window's words, lower case.
    gaps : sequence of str
        The normalised gaps between them (``gaps[k]`` follows ``low[k]``).
    to_end : int
        The token after the first ``to`` (the first infinitive's verb).
    end : int
        The last token (exclusive) the chain may reach.
    actor_at : frozenset of int
        Token indices where actors start (``to Rwanda`` is no infinitive).

    Returns
    -------
    list of (int, int)
        Per further infinitive, its ``to`` and the token after its last word (the next
        infinitive's ``and`` or ``to``, or the chain's end).
    """
    starts: list[int] = []
    for k in range(to_end, end):
        if k > to_end and any(h in gaps[k - 1] for h in _HARD):
            end = k
            break
        if _infinitive_at(low, gaps, k, actor_at):
            starts.append(k)
    out = []
    for n, k in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        if n + 1 < len(starts) and low[stop - 1] in ("and", "or"):
            stop -= 1
        out.append((k, stop))
    return out


KEEPING = frozenset({"kept", "keep", "keeps", "keeping", "maintained", "maintain", "maintains",
                     "maintaining", "retained", "retain", "retains", "retaining"})
"""Verbs whose object, a measure, is kept in force: an act that continues."""
_IN_FORCE = (("in", "force"), ("in", "place"))
_CLOSED = frozenset({"closed", "shut", "sealed"})
"""Complements that make keeping the object its closure (``keep its border closed``)."""
_OBJECT_REACH = 8
"""Words of the object between a verb of keeping and its complement."""
_OBJECT_END = frozenset({"that", "which", "who", "until", "since", "despite", "after", "before",
                         "because", "while", "and", "but", "as", "although"})


def kept_measure(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int]
                 ) -> tuple[int, int, int, str | None] | None:
    """A measure kept in force in a clause: its verb, its object, and its complement.

    ``kept in force its ban on lorries``, ``maintained its restrictions in place``: the
    object is the measure (complement None); ``will keep its land border with Rwanda
    closed``: the complement (``closed``) says what is done to the object.

    Parameters
    ----------
    low : sequence of str
        The window's words, lower case.
    gaps : sequence of str
        The normalised gaps between them.
    clause : (int, int)
        The clause's tokens ``[c0, c1)``.

    Returns
    -------
    (int, int, int, str or None) or None
        The verb's index, the object's first and last-plus-one index, and the complement
        (``closed``, ``shut``, ``sealed``) or None for a measure kept in force or in place;
        None when the clause keeps no measure.
    """
    c0, c1 = clause
    for k in range(c0, c1 - 2):
        if low[k] not in KEEPING:
            continue
        if (low[k + 1], low[k + 2]) in _IN_FORCE:  # "kept in force its ban on lorries"
            obj = k + 3
            stop = obj
            while stop < c1 and low[stop] not in _OBJECT_END and (
                    stop == obj or not any(h in gaps[stop - 1] for h in (*_HARD, ","))):
                stop += 1
            return (k, obj, stop, None) if stop > obj else None
        for j in range(k + 2, min(c1, k + 2 + _OBJECT_REACH)):
            if any(h in gaps[j - 1] for h in (*_HARD, ",")) or low[j] in _OBJECT_END:
                break
            if j + 1 < c1 and (low[j], low[j + 1]) in _IN_FORCE:
                return k, k + 1, j, None  # "maintained its restrictions in place"
            if low[j] in _CLOSED:
                return k, k + 1, j, low[j]  # "keep its land border with Rwanda closed"
    return None


_RELATIVE_SKIP = frozenset({"had", "has", "have", "also", "later", "then", "since", "already",
                            "never", "itself", "subsequently", "eventually", "quickly", "promptly"})
_IRREGULAR = frozenset({"took", "sent", "held", "gave", "made", "built", "rebuilt", "shut",
                        "cut", "set", "put", "won", "lost", "broke", "began", "led", "left",
                        "brought", "bought", "sold", "paid", "sought", "struck", "seized"})


def relative_verb(low: Sequence[str], subject_end: int, end: int) -> int | None:
    """The finite verb after the subject of a relative clause (``which Ankara opened``).

    Auxiliaries and adverbs may come between (``which His Majesty graciously accepted``,
    ``which Riga had later lifted``); the verb is in the past tense. None when no such verb
    follows within three words.
    """
    k = subject_end
    while k < end and k - subject_end < 3 and (low[k] in _RELATIVE_SKIP
                                               or low[k].endswith("ly")):
        k += 1
    if k >= end:
        return None
    w = low[k]
    return k if (w.endswith("ed") and len(w) > 4) or w in _IRREGULAR else None


_NP_STOP = frozenset({"across", "through", "at", "in", "on", "to", "from", "by", "with", "for",
                      "of", "into", "over", "under", "near", "along", "and", "or", "that",
                      "which", "who", "after", "before", "since"})
"""Words that end the antecedent, read back from the comma (``across the Margara crossing``)."""


def antecedent_start(low: Sequence[str], gaps: Sequence[str], comma: int) -> int:
    """The first word of the noun phrase that ends at token `comma` (before ``, which``).

    Read back over at most six words, stopping at a preposition, a conjunction or a
    punctuation gap: ``... across the Margara crossing, which`` gives ``the Margara crossing``.
    """
    k = comma
    while k > 0 and comma - k < 5 and low[k - 1] not in _NP_STOP and not any(
            c in gaps[k - 1] for c in (",", ";", ":", "(", ")")):
        k -= 1
    return k


_CARRIED_OBJECT = frozenset({"them", "him", "her", "all", "both", "two", "three", "four", "five",
                             "six", "several", "dozens", "hundreds"})
"""Objects after a coordinated past verb that refer back or count (``and shot them``, ``and
expelled 12``), so that the verb acts on what the clause before named; not an adjective
(``and armed men``), nor a new topic (``and welcomed the growth in trade``)."""
_GERUND_AFTER = frozenset({"before", "after"})


def carried_verbs(low: Sequence[str], gaps: Sequence[str], irregular: frozenset[str],
                  within: tuple[int, int] | None = None) -> set[int]:
    """Verbs whose subject is that of the clause before them.

    A past verb after ``and`` followed by an object that refers back or counts (``... had
    detained the herders and shot them``, ``and expelled 12``), and a gerund after
    ``before`` or ``after`` (``crossed into Mauritanian territory before withdrawing``,
    ``detained them for a week before releasing them``).

    Parameters
    ----------
    low : sequence of str
        The window's words, lower case.
    gaps : sequence of str
        The normalised gaps between them.
    irregular : frozenset of str
        Irregular past forms (``shot``, ``took``).
    within : (int, int), optional
        Only the verbs at indices ``[a, b)``, so that reading one clause costs its
        own words, not the window's. Default: the whole window.

    Returns
    -------
    set of int
        The indices of such verbs.
    """
    out: set[int] = set()
    n = len(low)
    a, b = within if within is not None else (0, n)
    for i in range(max(1, a), min(b, n)):
        w, prev = low[i], low[i - 1]
        if prev in _GERUND_AFTER and w.endswith("ing") and len(w) > 5:
            out.add(i)  # "before withdrawing"
        elif prev == "and" and (w in irregular or (w.endswith("ed") and len(w) > 4)) and (
                i + 1 < n and (low[i + 1] in _CARRIED_OBJECT or (
                    low[i + 1][:1].isdigit() and not any(c in gaps[i] for c in "$€£¥")))):
            out.add(i)  # "and shot them", "and expelled 12"
    return out


_BE_PAST = frozenset({"was", "were", "been", "is", "are"})
_RECEIVED = frozenset({"received", "welcomed", "hosted", "greeted"})
"""Verbs of receiving a visitor, in the passive (``was received by``)."""
_VISITORS = frozenset({"minister", "ministers", "president", "premier", "chancellor", "king",
                       "queen", "prince", "envoy", "ambassador", "delegation", "secretary",
                       "emir", "sultan", "leader", "commander", "chief", "speaker", "deputy",
                       "governor", "counterpart", "delegations", "envoys", "officials"})
"""Heads of a subject that is a visitor (``The Minister was received``); ``the proposal was
received by`` is no visit."""


def passive_meeting(low: Sequence[str], clause: tuple[int, int]) -> int | None:
    """The verb of a visitor received in the passive, with its agent after ``by``.

    ``The Minister was received in audience by His Majesty``, ``the delegation was welcomed
    at the palace by the King``: the index of ``received``; None when the clause has no such
    passive, no ``by`` within five words after it, or a subject that is no visitor (``the
    proposal was received by``).
    """
    c0, c1 = clause
    for k in range(c0 + 1, c1 - 1):
        if low[k] in _RECEIVED and low[k - 1] in _BE_PAST and "by" in low[k + 1:min(c1, k + 6)]:
            return k if k >= 2 and low[k - 2] in _VISITORS else None
    return None


def without_coordinates(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int]
                        ) -> list[int]:
    """The clause's word indices without the first conjuncts of coordinated single words.

    ``closed its Koidula and Luhamaa crossings`` -> ``closed its Luhamaa crossings``;
    ``closed all land, sea and air links`` -> ``closed all air links``. A conjunct is one
    word between commas before ``and`` or ``or``; the last conjunct and the head after it
    stay. The clause is returned whole when it coordinates nothing so.
    """
    c0, c1 = clause
    drop: set[int] = set()
    for j in range(c0 + 1, c1 - 2):
        if low[j] not in ("and", "or") or any("," in g for g in gaps[j - 1:j + 2]):
            continue
        k = j - 1  # the conjunct before "and", and those before it between commas
        drop.update((k, j))
        while k - 2 >= c0 and "," in gaps[k - 1] and " " not in gaps[k - 2].strip(" ") and (
                "," not in gaps[k - 2]):
            k -= 1
            drop.add(k)
    return [i for i in range(c0, c1) if i not in drop]


RESPONDING = frozenset({"retaliated", "retaliate", "retaliates", "responded", "respond",
                        "responds", "reacted", "react", "reacts", "replied", "reply", "replies"})
"""Verbs of response whose act is the means after ``by`` (``retaliated by expelling``)."""


def means_gerund(low: Sequence[str], verb: int, end: int) -> int | None:
    """The gerund after ``by`` that states the act of a verb of response at `verb`.

    ``retaliated by closing the pipeline``, ``responded the next day by summoning``: the
    index of the gerund; None when the verb is no verb of response or no ``by`` and a word in
    ``-ing`` follow within five words (before `end`).
    """
    if low[verb] not in RESPONDING:
        return None
    for k in range(verb + 1, min(end - 1, verb + 6)):
        if low[k] == "by":
            return k + 1 if low[k + 1].endswith("ing") else None
    return None

"""Word lists the event readers share (`relindex.extract.events`, `relindex.extract._subject`)."""

from __future__ import annotations

__all__ = ["ADVERBS", "AUXILIARIES", "BE", "INTENT", "IRREGULAR_PAST", "MODALS", "ORGANS",
           "PAIR_WORDS", "STATE_NOUNS"]

MODALS = frozenset({"may", "might", "could", "will", "would", "shall", "should", "ll"})


INTENT = frozenset({"plan", "plans", "planned", "planning", "intend", "intends", "intended",
                    "expected", "set", "due", "aim", "aims", "seek", "seeks", "hope", "hopes",
                    "want", "wants", "going", "scheduled", "likely", "unlikely", "poised",
                    "prepared", "ready", "tasked", "proposed", "expect", "expects"})


PAIR_WORDS = (("two", "sides"), ("two", "countries"), ("two", "leaders"), ("two", "states"),
              ("two", "governments"), ("two", "neighbours"), ("two", "neighbors"),
              ("two", "nations"), ("two", "ministers"), ("two", "delegations"),
              ("two", "presidents"), ("both", "sides"), ("both", "countries"),
              ("both", "governments"), ("each", "other"), ("both", "parties"),
              ("two", "parties"), ("the", "parties"), ("two", "heads"), ("both", "heads"),
              ("both", "presidents"), ("both", "leaders"), ("both", "ministers"),
              ("two", "premiers"), ("two", "armies"), ("two", "militaries"),
              ("both", "militaries"), ("two", "capitals"), ("both", "capitals"),
              ("neither", "side"), ("either", "side"), ("neither", "country"),
              ("the", "presidents"), ("the", "governments"), ("the", "ministers"),
              ("the", "leaders"), ("the", "delegations"), ("the", "premiers"))
"""Words naming the pair; a plural office after "the" (``The Presidents signed``) names it
in a text about the pair, as "the two presidents" does."""


AUXILIARIES = frozenset({"did", "does", "do", "not", "never", "has", "have", "had", "yet",
                         "also", "then", "later", "jointly", "formally", "again"})


ADVERBS = frozenset({"strongly", "firmly", "categorically", "also", "again", "hereby",
                     "formally", "officially", "vehemently", "resolutely", "further", "still",
                     "now", "currently", "reportedly"})


BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})


STATE_NOUNS = frozenset({"republic", "kingdom", "federation", "sultanate", "emirate", "side",
                         "government", "authorities"})
"""Nouns after a demonym that name its state (``The Slovak Republic rejects the request``)."""


IRREGULAR_PAST = frozenset({
    "met", "held", "fought", "took", "seized", "withdrew", "broke", "cut", "struck", "shot",
    "sent", "made", "gave", "signed", "froze", "let", "drew", "threw", "hit", "rejected",
    "retook", "sold", "bought", "led", "won", "lost", "paid", "began", "agreed", "overran",
    "brought", "told", "sought", "kept", "spoke", "rose", "fell", "put", "set", "tore",
    "wrote", "upheld", "withheld", "undertook", "bore", "shut", "beat", "built", "sank",
    "hosted", "drove", "stood", "went", "came"})
"""Irregular past forms (and common regular ones) that read as a finite verb."""


ORGANS = STATE_NOUNS | {"troops", "forces", "army", "navy", "police", "guard", "guards",
                         "soldiers", "ministry", "minister", "president", "officials",
                         "coastguard", "military", "leaders", "ministers", "courts", "court",
                         "cabinet", "parliament", "embassy", "diplomats", "delegation",
                         "drone", "drones", "jet", "jets", "warplane", "warplanes", "aircraft",
                         "vessel", "vessels", "ship", "ships", "warship", "warships", "boat",
                         "boats", "helicopter", "helicopters", "artillery", "missile",
                         "missiles", "gunboat", "gunboats", "frigate", "destroyer", "cutter",
                         "cutters", "tanks", "unit", "units", "officers", "customs", "services"}
"""Nouns after a demonym or a state that name its organs or arms (``Ethiopian troops``,
``a Turkish drone``)."""

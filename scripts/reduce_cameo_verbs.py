"""Reduce the PETRARCH2 CAMEO verb dictionary to verb synonym sets per CAMEO code.

Writes ``src/relindex/data/cameo_verbs.toml`` (package data of `relindex.extract.verbs`)
from ``petrarch2/data/dictionaries/CAMEO.2.0.txt`` of github.com/openeventdata/petrarch2
(MIT licence, Open Event Data Alliance). Kept: each verb's own code, else its block's default
code, for the codes of acts between states (03 to 19, no public statements 01, appeals 02 or
investigations 09); the simple verb-object patterns (``- * WORD [code] # VERB``, one object
word or a ``{...}`` phrase; not a ``&SET`` of nouns, which codes too much); the irregular
forms of each verb. Verbs of too many senses to code an act alone are left out
(`DROPPED`, with reasons).

Usage::

    git --git-dir=PETRARCH2/.git show HEAD:petrarch2/data/dictionaries/CAMEO.2.0.txt > c.txt
    python scripts/reduce_cameo_verbs.py c.txt COMMIT > src/relindex/data/cameo_verbs.toml
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

KEEP = tuple(f"{k:02d}" for k in range(3, 20) if k != 9)
"""Two-digit CAMEO roots of acts between states kept (03 intend to 19 fight)."""

DROPPED = {
    # statements of intent, wishes and modality (the extractor reads them as mode, not act)
    "aim", "assure", "certify", "comply", "decide", "determine", "endeavor", "endeavour",
    "ensure", "expect", "gear up", "groom", "is determined", "mean", "plan", "ready", "seek",
    "subscribe", "train", "vote", "want", "resurrect", "resuscitate", "volunteer", "vouch",
    # thinking, moving and gathering, no act on another state
    "acquaint", "amass", "approach", "brave", "cluster", "conglomerate", "congregate",
    "conjoin", "constellate", "contemplate", "converge", "debate", "depart", "egress",
    "elicit", "embark", "excogitate", "face", "find out", "flock", "gather", "go away",
    "go forth", "go to", "huddle", "innovate", "insert", "interact", "join", "journey",
    "learn", "leave", "leave behind", "meditate", "mull", "muse", "ponder", "promulgate",
    "pull out", "reason", "reconsider", "ruminate", "run into", "speculate", "think",
    "unite", "walk out", "weigh", "encounter", "confront", "touring", "ask for",
    # verbs of many senses whose default code would make most of their uses an act
    "admit", "advertise", "advertize", "affect", "associate", "concert", "confess", "confide",
    "conform", "correlate", "deal", "divulge", "expose", "exuberate", "exult", "impact",
    "integrate", "orchestrate", "organise", "organize", "persuade", "profess", "promote",
    "reveal", "tempt", "triumph", "unionise", "unionize", "unveil", "admire", "affirm",
    "celebrate", "cheer", "clap", "commemorate", "embolden", "enliven", "esteem", "exalt",
    "glorify", "honor", "honour", "inspire", "invigorate", "prefer", "prize", "revitalize",
    "rouse", "sanctify", "spur", "toast", "value", "abate", "accord", "add", "administer",
    "allot", "ameliorate", "amplify", "apportion", "assign", "attach", "augment", "better",
    "bind", "blend", "chain", "coalesce", "combine", "command", "compound", "conduct",
    "conflate", "connect", "constitute", "control", "deepen", "dictate", "direct", "ease",
    "enhance", "enjoin", "enlarge", "enroll", "escalate", "exaggerate", "expand",
    "expediate", "found", "fuse", "govern", "handle", "head", "heighten", "improve",
    "increase", "institute", "intensify", "issue", "lead", "magnify", "manage", "mitigate",
    "prescribe", "redouble", "regulate", "relate", "rule", "serve", "simplify", "steer",
    "step up", "supervise", "supervize", "task", "tie in", "unify", "attire", "gear",
    "render", "stock", "tender", "pay", "interfere", "evacuate", "tend", "ward", "abide",
    "bide", "bow", "clear", "detach", "disconnect", "drop out", "empower", "enable", "fill",
    "free", "get out", "go by", "go through", "hash out", "legislate", "obey", "pass",
    "recede", "resettle", "retire", "satify", "settle", "settle on", "succumb", "tease",
    "tolerate", "undo", "unloose", "untie", "verify", "approve", "authorise", "authorize",
    "concession", "resign", "necessitate", "need", "push", "argue", "aver", "avow",
    "blaspheme", "claim", "compete", "contend", "contrast", "counterbalance", "cry",
    "debase", "defile", "degrade", "differ", "disappoint", "discourage", "dishearten",
    "express", "grieve", "grill", "humble", "mourn", "sadden", "swear", "wail", "weep",
    "whine", "suspect", "fail", "risk", "agonise", "agonize", "arouse", "bother",
    "discomfit", "disconcert", "disquiet", "enkindle", "plague", "rag", "upset",
    "garner", "pull together", "drum up", "disarray", "disorder", "bill", "cage",
    "contain", "enclose", "enforce", "inflict", "moderate", "reinforce", "restrain",
    "arrest and", "catch", "extract", "overturn", "pluck", "pull", "revolutionise",
    "revolutionize", "remove", "beef up", "tax", "bruise", "contaminate", "corrupt",
    "crack", "impair", "lash", "mar", "spoil", "tarnish", "tear", "vitiate",
    "kidnapped and killed", "attacked and stabbed", "killed and", "killed or", "shot and",
    "best", "blow", "break", "bust", "circle", "conflict", "dominate", "hang", "master",
    "match", "overcome", "overshadow", "overtake", "pit", "ring", "stone", "surmount",
    "struggle", "die", "reside", "inhabit", "infest", "hear", "consider", "introduce",
    "notify", "arrive", "assemble", "cable", "prepare", "signal", "strive", "intend",
    "hope", "link", "merge", "enact", "enlist", "boost", "trade", "allocate", "import",
    "finance", "target", "engage", "pound", "influence", "disclose", "rejoice", "bargain",
    "charge", "convict", "indict", "respect", "favor", "favour", "bless", "encourage",
    "appreciate", "thank", "reassert", "call", "defect", "explode", "go", "give", "take",
    "greet", "back", "press", "order", "march", "campaign", "bid", "dismiss", "counter",
    "contest", "challenge", "rally", "parade", "abandon", "resolve", "exchange", "establish",
    "invest", "summon", "decree", "insist", "defend", "guard", "protect", "shield",
    "look after", "safeguard", "stabilise", "stabilize", "intervene", "disarm", "damage",
    "hurt", "abuse", "whip", "slap", "rip", "force", "compel", "constrain", "appropriate",
    "pirate", "benefit", "appease", "assuage", "bequeath", "endow", "entrust", "oversee",
    "get together", "give notice", "communicate", "galvanize", "reward", "reassure",
    "despair", "dismay", "distrust", "regret", "lament", "bemoan", "curse", "slight",
    "agitate", "annoy", "disturb", "irk", "irritate", "vex", "torment", "provoke", "harry",
    "demonstrate", "loot", "riot", "disrupt", "undermine", "betray", "disband", "abort",
    "shun", "quell", "repress", "suppress", "subdue", "punish", "segregate", "subvert",
    "usurp", "grab", "nab", "snatch", "kick", "cane", "flog", "terrorize", "rampage",
    "scuffle", "wrestle", "strangle", "beat", "stab", "dishonor", "dishonour", "rape",
    "torture", "assassinate", "abduct", "kidnap", "injure", "mistreat", "crush", "defeat",
    "blow up", "hammer", "combat", "battle", "overwhelm", "overpower", "murder", "kill",
    "destroy", "fight back", "fight down", "desolate", "despoil", "eradicate",
    "obliterate", "annihilate", "decimate", "wipe out", "stamp out", "string up", "square off",
    "ruin", "shatter", "smash", "thump", "pummel", "clobber", "relax", "permit",
    "loosen", "set free", "emancipate", "liberate", "absolve", "pardon", "acquit",
    "exonerate", "exculpate", "vindicate", "declassify", "legalise", "legalize",
    "decriminalise", "decriminalize", "arbitrate", "intercede", "intermediate", "mediate",
    "negotiate", "talk over", "abide by", "conform to", "countenance", "compromise",
    "conciliate", "disentangle", "forswear", "give in", "give up", "submit", "acquiesce",
    "accede", "consent", "retreat", "draw back", "back down", "capitulate", "abstain",
    "allow", "disengage", "surrender", "retract", "relinquish", "unblock", "cede",
    "helped", "help", "contribute", "compensate", "caution", "endanger", "harass", "badger",
    "hassle", "pester", "bridle at", "call up", "marshal", "muster", "mobilise", "mobilize",
    "sue", "prosecute", "confine", "incarcerate", "jail", "imprison", "exile", "banish",
    "oust", "evict", "boot out", "kick out", "steal", "commandeer", "hijack", "wrest",
    "criminalise", "criminalize", "illegalise", "illegalize", "outlaw", "proscribe",
    "censor", "fine", "bar", "interdict", "disallow", "forbid", "blackmail", "exclude",
    "crackdown", "crack down", "cordon off", "penalize", "ostracise", "ostracize",
    "vote down", "reimpose", "blacklist", "countermine", "secede", "disassociate",
    "sabotage", "rescind", "demolish", "vandalise", "vandalize", "buy", "purchase",
    "bankroll", "underwrite", "pay for", "sponsor", "fund", "arm", "equip", "furnish",
    "outfit", "airlift", "rescue", "shelter", "donate", "step in", "aid", "assist",
    "facilitate", "formalize", "forgive", "forgave", "forgiven", "broker", "phone",
    "telephone", "apprise", "apprize", "send word", "converse", "communicate with",
    "reinvite", "tour", "travel", "attend", "convene", "host", "meet", "meet with",
    "consult", "contact", "discuss", "confer", "invite", "quarrel", "altercate", "duel",
}
"""Verbs dropped from the sets (but for those kept after all, below): their default code
alone would make most of their uses in news prose an act between states ("led", "called")."""
DROPPED -= {"tour", "travel", "attend", "convene", "host", "meet", "meet with", "consult",
            "contact", "discuss", "confer", "invite", "fund", "arm", "equip", "donate",
            "rescue", "airlift", "aid", "assist", "facilitate", "mediate", "negotiate",
            "broker", "phone", "telephone", "forgive", "formalize", "surrender", "cede",
            "relinquish", "retract", "relax", "loosen", "unblock", "waive", "withdraw",
            "pull back", "allow", "permit", "free", "set free", "pardon", "release", "sue",
            "prosecute", "jail", "imprison", "confine", "incarcerate", "exile", "banish",
            "evict", "oust", "kick out", "commandeer", "hijack", "wrest", "steal", "outlaw",
            "fine", "bar", "forbid", "interdict", "exclude", "blacklist", "reimpose",
            "penalize", "sabotage", "rescind", "demolish", "secede", "kill", "murder",
            "destroy", "smash", "shatter", "kidnap", "abduct", "injure", "torture", "beat",
            "stab", "assassinate", "harass", "mobilise", "mobilize", "muster", "call up",
            "endanger", "compensate", "contribute", "help", "step in", "helped", "buy",
            "purchase", "sponsor", "underwrite", "bankroll", "pay for", "provide", "supply",
            "lend", "loan", "grant", "award", "bestow", "swap", "crack down", "cordon off",
            "blow up", "combat", "battle", "defeat", "crush", "overpower", "overwhelm",
            "eradicate", "obliterate", "annihilate", "decimate", "wipe out"}
"""Kept after all: acts between states in their usual sense (``freed``, ``jailed``,
``airlifted``, ``negotiated``)."""

PATTERN_DROPPED = {"maintain", "expand", "announce", "import", "give", "aid", "supply",
                   "support", "provide", "contribute"}
"""Verbs whose object patterns code analysis prose ("maintained close ties", "expanded
trade") as acts."""

RECODED = {"negotiate": "046", "mediate": "045", "provide": "070", "supply": "070",
           "lend": "071", "loan": "071", "grant": "070", "award": "070", "bestow": "070",
           "aid": "070", "assist": "070"}
"""Verbs the dictionary lists in a block whose default is not theirs: negotiate and mediate
sit in the RETREAT block (080), coded as the CAMEO codebook codes them (046, 045); verbs of
giving to another state sit in the material-cooperation block (060), coded as aid (070,
071 for loans), as the codebook and the annotation conventions code provision to a state."""

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\](---)?\s+---")
_VERB = re.compile(r"^\+?([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[([^\]]*)\])?")
_PATTERN = re.compile(r"^-\s+\*\s+(\{[A-Z ]+\}|&[A-Z_]+|[A-Z]+)\s+\[([0-9]{3,4})\]\s*#\s*"
                      r"([A-Z_]+)")


def _code(raw: str | None) -> str | None:
    """The active code of a bracket (``042:043`` gives ``042``); None for ``---`` or none."""
    if not raw:
        return None
    head = raw.split(":")[0].strip()
    return head if re.fullmatch(r"[0-9]{3,4}", head) and head[:2] in KEEP else None


def reduce(text: str) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Verb sets per code, verb-object patterns per code, and irregular forms to lemmas."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB"))
    verbs: dict[str, set[str]] = defaultdict(set)
    objects: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, str] = {}
    default = None
    for line in lines[start + 1:]:
        head = _HEADER.match(line)
        if head:
            default = None if head.group(3) else _code(head.group(2))
            continue
        pat = _PATTERN.match(line)
        if pat:
            obj, code, verb = pat.groups()
            code = _code(code)
            verb = forms.get(verb.lower(), verb.lower()).replace("_", " ")
            if code is None:
                continue
            if not obj.startswith("&") and verb not in DROPPED | PATTERN_DROPPED:
                # a set (&WEAPON) codes too much ("aimed a rifle"), and so do dropped verbs
                objects[code].add(f"{verb} : {obj.strip('{}').lower().strip()}")
            continue
        body = line.split("#")[0].strip()
        if not body or body.startswith("-"):
            continue
        m = _VERB.match(body)
        if not m:
            continue
        lemma = m.group(1).lower().replace("_", " ")
        for f in (m.group(2) or "").strip("{}").split():
            f = f.lstrip("+").lower().replace("_", " ")
            if re.fullmatch(r"[a-z][a-z -]*", f) and f != lemma:
                forms[f] = lemma
        code = _code(m.group(4)) if m.group(3) else default
        code = RECODED.get(lemma, code)
        if code is not None and lemma not in DROPPED and "'" not in lemma:
            verbs[code].add(lemma)
    return verbs, objects, forms


def _toml_list(items: set[str]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in sorted(items)) + "]"


def main(path: str, commit: str) -> None:
    """Print the reduced dictionary as TOML."""
    with open(path, encoding="utf-8") as fh:
        verbs, objects, forms = reduce(fh.read())
    print("# CAMEO verb synonym sets for relindex.extract.verbs, reduced by")
    print("# scripts/reduce_cameo_verbs.py from petrarch2/data/dictionaries/CAMEO.2.0.txt of")
    print(f"# https://github.com/openeventdata/petrarch2 (commit {commit}).")
    print("# Source: The MIT License (MIT), Copyright (c) 2015 Open Event Data Alliance:")
    print("# permission is granted, free of charge, to use, copy, modify, merge, publish,")
    print("# distribute, sublicense and/or sell copies, provided the copyright notice and this")
    print("# permission notice are included in all copies or substantial portions. THE")
    print("# SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND. See docs/references.md.")
    print("version = 1")
    print("\n[verbs]  # CAMEO code = verbs (lemmas; a particle after a space) coded by it")
    for code in sorted(verbs):
        print(f'"{code}" = {_toml_list(verbs[code])}')
    print("\n[objects]  # CAMEO code = \"verb : object head\" patterns coded by it")
    for code in sorted(objects):
        print(f'"{code}" = {_toml_list(objects[code])}')
    print("\n[forms]  # irregular forms the dictionary lists, to their lemma")
    for f in sorted(forms):
        print(f'"{f}" = "{forms[f]}"')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""relindex.extract.events: who did what to whom, one event per clause, polarity and mode."""

from __future__ import annotations

import pytest

from relindex.extract import Candidate, extract


def events(text: str) -> list[Candidate]:
    """The event candidates of a text."""
    return [c for c in extract(text) if c.kind == "event"]


def one_event(text: str) -> Candidate:
    """The one event candidate of a text."""
    found = events(text)
    assert len(found) == 1, [(c.quote, c.event_type, c.actors) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "quote", "event_type", "polarity"),
    [
        ("China and Russia held a joint naval exercise.", "joint naval exercise",
         "joint_exercise", "cooperation"),
        ("Russian and Chinese bombers conducted joint air patrols over the sea.",
         "joint air patrols", "joint_patrol", "cooperation"),
        ("China sent troops to Russia for Vostok, its biggest wargame.", "wargame",
         "joint_exercise", "cooperation"),
        ("China's Xi paid a state visit to Moscow.", "paid a state visit", "high_level_visit",
         "cooperation"),
        ("Chinese and Russian leaders attended a summit in Kazan.", "attended a summit",
         "summit_meeting",
         "cooperation"),
        ("Russia and China issued a joint declaration.", "joint declaration",
         "formal_agreement", "cooperation"),
        ("The US imposed sanctions on Russia.", "imposed sanctions", "sanction", "friction"),
        ("Russia suspended the delivery of missiles to China.", "suspended", "suspension",
         "friction"),
        ("The PRC claimed the entire island from Russia.", "claimed the entire island",
         "territorial_claim", "friction"),
        ("Chinese and Indian soldiers clashed in the valley.", "clashed", "armed_clash",
         "friction"),
        ("Chinese netizens' backlash against Russia grew.", "backlash", "public_criticism",
         "friction"),
        ("Russian mistrust of China persists.", "mistrust", "reservation", "friction"),
        ("Russia upped its arms sales to India.", "arms sales to", "arms_sales_to_rival",
         "friction"),
        ("Russia reported illegal copying of its armaments by China.", "illegal copying",
         "ip_theft_accusation", "friction"),
        ("Russia and China held JOINT EXERCISES.", "JOINT EXERCISES", "joint_exercise",
         "cooperation"),
    ],
)
def test_event_mentions_are_typed_with_polarity(text, quote, event_type, polarity):
    """A trigger between two actors gives the event type and polarity, case-insensitively."""
    c = one_event(text)
    assert (c.quote, c.event_type, c.polarity) == (quote, event_type, polarity)
    assert c.value is None and c.unit is None and len(c.actors) == 2


@pytest.mark.parametrize(
    ("text", "event_type", "plover", "actors"),
    [
        ("Kenya banned imports of Ugandan milk.", "import_ban", "COERCE", ["KE", "UG"]),
        ("Peru barred all Chilean fruit imports.", "import_ban", "COERCE", ["PE", "CL"]),
        ("Chile cancelled a state visit to Peru.", "cancellation", "SANCTION", ["CL", "PE"]),
        ("Hungary called off a concert by a Romanian band.", "cancellation", "SANCTION",
         ["HU", "RO"]),
        ("Ghana issued a travel advisory for Nigeria.", "administrative_ban", "COERCE",
         ["GH", "NG"]),
        ("Ghana and Togo agreed to cut tariffs on cement.", "formal_agreement", "SUPPORT",
         ["GH", "TG"]),
        ("Delegations from Chile and Bolivia met for the first time.", "summit_meeting",
         "CONSULT", ["CL", "BO"]),
        ("Peruvian and Chilean fans fought in a brawl.", "brawl", "ASSAULT", ["PE", "CL"]),
        ("Indian and Pakistani troops clashed on the border.", "armed_clash", "ASSAULT",
         ["IN", "PK"]),
        ("Eritrean forces seized about 3 square kilometres of Ethiopian land.", "land_taken",
         "COERCE", ["ER", "ET"]),
        ("Canada imposed sanctions on Iran.", "sanction", "COERCE", ["CA", "IR"]),
        ("Rwanda accused Burundi of sheltering rebels.", "accusation", "ACCUSE",
         ["RW", "BI"]),
        ("The presidents of Ghana and Nigeria held a summit in Accra.", "summit_meeting",
         "CONSULT", ["GH", "NG"]),
        ("Norway and Sweden held a joint exercise.", "joint_exercise", "COOPERATE",
         ["NO", "SE"]),
        ("Nepal and Bhutan signed an agreement on hydropower.", "formal_agreement", "SUPPORT",
         ["NP", "BT"]),
        ("Jordan recalled its ambassador from Tel Aviv and Israel.", "reduce_relations",
         "SANCTION", ["JO", "IL"]),
        ("Algeria closed its airspace to Moroccan aircraft.", "administrative_ban", "COERCE",
         ["DZ", "MA"]),
    ],
)
def test_the_ordinary_verbs_of_relations_are_coded(text, event_type, plover, actors):
    """Bans, cancellations, advisories, tariff deals, meetings, brawls, land taken ... are read."""
    c = one_event(text)
    assert (c.event_type, c.plover, c.actors, c.mode) == (event_type, plover, actors, "act")


def test_an_event_needs_two_actors_whole_words_and_one_phrase():
    """No event without two actors; triggers match whole words and do not cross punctuation."""
    assert not events("Soldiers clashed in the valley.")
    assert not events("The sanctioning body of Russia and China. Joint. Exercise.")
    assert not events("Mistrustful sanctioning bodies in Russia and China")


def test_one_event_per_clause_with_actors_in_order():
    """'accused ... of espionage' is one accusation, US then CN, dated by its clause."""
    c = one_event("In June 2020, Washington accused Beijing of espionage.")
    assert (c.event_type, c.actors, c.period) == ("accusation", ["US", "CN"], "2020-06")
    text = "Cambodia accused Thailand of shelling, and Phnom Penh recalled its ambassador."
    found = events(text)
    assert [(c.event_type, c.actors) for c in found] == [
        ("accusation", ["KH", "TH"]), ("reduce_relations", ["KH", "TH"])]
    assert all(c.clause is not None and c.clause[0] <= c.span[0] < c.span[1] <= c.clause[1]
               for c in found)
    assert text[found[1].clause[0]:found[1].clause[1]] == (  # type: ignore[index]
        "and Phnom Penh recalled its ambassador")


def test_the_subject_carries_over_and_places_are_not_parties():
    """'... and cancelled a concert by a Thai band in Phnom Penh': Cambodia, then Thailand."""
    found = events("Cambodia suspended Thai dramas and cancelled a concert by a Thai band "
                   "in Phnom Penh.")
    assert [(c.event_type, c.actors) for c in found] == [
        ("suspension", ["KH", "TH"]), ("cancellation", ["KH", "TH"])]


def test_passive_by_names_the_source():
    """'were paused by Canada' makes Canada the source."""
    c = one_event("Talks with India were paused by Canada.")
    assert (c.event_type, c.actors) == ("suspension", ["CA", "IN"])


def test_the_two_sides_stand_for_the_pair_of_the_document():
    """'The two sides', 'the two foreign ministers' and a lone member name the document's pair."""
    text = ("Thailand and Cambodia have quarrelled since 2008. Thai and Cambodian troops "
            "clashed in March. The two foreign ministers met in Kuala Lumpur on 20 March. "
            "Cambodia lodged a complaint with the UN.")
    found = events(text)
    assert [(c.plover, c.actors) for c in found] == [
        ("ASSAULT", ["TH", "KH"]), ("CONSULT", ["TH", "KH"]), ("ACCUSE", ["KH", "TH"])]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("The Russian and Chinese navies did not hold any joint exercise this year.", "negated"),
        ("No sanctions were imposed on Russia by the US.", "negated"),
        ("Russia didn't sign the agreement with China.", "negated"),
        ("Croatia's premier said he would not meet Serbia's president.", "negated"),
        ("Russia and China held a joint exercise.", "act"),
        ("Not only did Russia and China hold a summit, they were friends.", "act"),
        ("Kenya may lift its restrictions on Ugandan poultry.", "forecast"),
        ("Kenya plans to lift its restrictions on Ugandan poultry.", "forecast"),
        ("Indonesia and Malaysia will hold a joint exercise in June.", "forecast"),
        ("A joint commission of Thailand and Cambodia is expected to meet in June.",
         "forecast"),
    ],
)
def test_negation_and_modality_give_the_mode(text, mode):
    """A denied event is negated; 'may', 'will', 'plans to', 'is expected to' make a forecast."""
    c = events(text)[-1]
    assert c.mode == mode, (c.quote, c.mode)
    assert c.negated is (mode == "negated") and c.forecast is (mode == "forecast")


def test_a_restated_event_gives_no_second_candidate():
    """'the clash' after a clash between the same actors is the same fact."""
    text = ("Thai and Cambodian soldiers clashed on Tuesday. Thailand and Cambodia blamed "
            "each other after the clash.")
    assert [c.event_type for c in events(text)] == ["armed_clash", "accusation"]
    text = "Thai and Cambodian soldiers clashed. The clash between Thailand and Cambodia ended."
    assert [c.event_type for c in events(text)] == ["armed_clash"]


def test_a_lone_actor_acts_through_a_verb_after_an_auxiliary():
    """'Thailand did not close', 'Uganda has not yet withdrawn': negated events of the pair."""
    text = ("Thailand and Cambodia fought in March. Thailand did not close the border "
            "crossing. Cambodia has not yet withdrawn its ban on Thai fruit.")
    found = events(text)
    assert [(c.plover, c.actors, c.mode) for c in found[1:]] == [
        ("COERCE", ["TH", "KH"], "negated"), ("RETREAT", ["KH", "TH"], "negated")]


def test_a_gerund_governed_by_a_preposition_is_not_the_act():
    """'a travel advisory warning Ghanaians against visiting Nigeria' is the advisory."""
    c = one_event("Ghana issued a travel advisory warning Ghanaians against visiting Nigeria.")
    assert (c.event_type, c.plover, c.actors) == ("administrative_ban", "COERCE", ["GH", "NG"])


@pytest.mark.parametrize(
    "text",
    ["Chile summoned Peru's ambassador after Peruvian and Chilean fans fought in a brawl.",
     "After Peruvian and Chilean fans fought in a brawl, Chile summoned Peru's ambassador."])
def test_a_subordinate_clause_with_its_own_actor_and_act_is_an_event(text):
    """'... after Peruvian and Chilean fans fought' is a clause of its own, before or after."""
    assert sorted((c.plover, c.actors[0]) for c in events(text)) == [
        ("ACCUSE", "CL"), ("ASSAULT", "PE")]


def test_the_pair_named_by_the_two_sides_carries_to_the_next_clause():
    """'The two foreign ministers met ... and agreed to a ceasefire brokered by Malaysia'."""
    text = ("Thai and Cambodian troops clashed in March, and Cambodia accused Thailand of "
            "shelling. The two foreign ministers met in Kuala Lumpur and agreed to a ceasefire "
            "brokered by Malaysia.")
    assert [(c.plover, c.actors) for c in events(text)][2:] == [
        ("CONSULT", ["TH", "KH"]), ("RETREAT", ["TH", "KH"])]


def test_a_joint_body_stands_for_the_pair():
    """'A joint boundary commission is expected to meet' is a forecast meeting of the pair."""
    text = ("Thai and Cambodian troops clashed in March. A joint boundary commission is "
            "expected to meet in June.")
    c = events(text)[-1]
    assert (c.plover, c.actors, c.mode) == ("CONSULT", ["TH", "KH"], "forecast")


@pytest.mark.parametrize(
    ("text", "plover"),
    [("Ghana and Togo agreed to sign the treaty before 2026.", "SUPPORT"),
     ("The leaders of Ghana and Togo tasked the joint commission to meet in Lomé in 2025.",
      "CONSULT")],
)
def test_an_act_agreed_or_directed_to_come_is_a_forecast(text, plover):
    """'agreed to sign' has not signed yet; 'tasked X to meet' has not met yet."""
    c = events(text)[-1]
    assert (c.plover, c.mode) == (plover, "forecast")


def test_a_trigger_may_span_a_percentage():
    """'retaliated by imposing a 25% duty on Kenyan eggs' is the duty."""
    c = one_event("Uganda retaliated by imposing a 25% duty on Kenyan eggs.")
    assert (c.event_type, c.plover, c.actors, c.mode) == ("sanction", "COERCE", ["UG", "KE"],
                                                           "act")


@pytest.mark.parametrize(
    ("text", "plover", "actors", "mode"),
    [
        ("Chile demanded an apology from Bolivia.", "REQUEST", ["CL", "BO"], "act"),
        ("Lima called for the release of Chilean fishermen.", "REQUEST", ["PE", "CL"], "act"),
        ("Accra has asked Togo to take back the migrants.", "REQUEST", ["GH", "TG"], "act"),
        ("Hanoi ruled out talks with Cambodia.", "REJECT", ["VN", "KH"], "act"),
        ("Uganda has moved troops and tanks to the border with Kenya.", "MOBILIZE",
         ["UG", "KE"], "act"),
        ("Lebanon placed its army on high alert along the border with Syria.", "MOBILIZE",
         ["LB", "SY"], "act"),
        ("Romania apologised to Hungary.", "SUPPORT", ["RO", "HU"], "act"),
        ("Greece and Albania are neighbours. Greece reopened its embassy in Tirana.",
         "SUPPORT", ["GR", "AL"], "act"),
        ("Chile's ambassador returned to Lima.", "SUPPORT", ["CL", "PE"], "act"),
        ("Peru endorsed Chile's bid to host the games.", "SUPPORT", ["PE", "CL"], "act"),
        ("Kenya and Tanzania resumed flights between Nairobi and Dodoma.", "RETREAT",
         ["KE", "TZ"], "act"),
        ("Peru reopened the Tacna crossing with Chile.", "RETREAT", ["PE", "CL"], "act"),
        ("Chile will return control of the port to Bolivia.", "RETREAT", ["CL", "BO"],
         "forecast"),
        ("Ecuador agreed to hand over the disputed village to Peru.", "RETREAT", ["EC", "PE"],
         "act"),
        ("Chad expelled Sudan's trade minister.", "SANCTION", ["TD", "SD"], "act"),
        ("Benin recalled its high commissioner from Togo.", "SANCTION", ["BJ", "TG"], "act"),
        ("Hungary barred the Romanian ambassador from returning.", "SANCTION", ["HU", "RO"],
         "act"),
        ("Peru cancelled a contract with a Chilean shipyard.", "SANCTION", ["PE", "CL"], "act"),
        ("Oman said it was no longer sending fuel to Yemen.", "SANCTION", ["OM", "YE"], "act"),
        ("Chile froze all trade with Bolivia.", "COERCE", ["CL", "BO"], "act"),
        ("Malian farmers have blocked two crossings with Niger.", "PROTEST", ["ML", "NE"],
         "act"),
        ("Bolivia nationalised Chilean mining firms.", "COERCE", ["BO", "CL"], "act"),
        ("Cuban troops fought alongside Angolan forces.", "COOPERATE", ["CU", "AO"], "act"),
        ("Chile sent a special envoy to Peru.", "CONSULT", ["CL", "PE"], "act"),
        ("Spain pledged €500 million in credit to Tunisia.", "AGREE", ["ES", "TN"], "act"),
    ],
)
def test_more_verbs_of_relations_by_plover_category(text, plover, actors, mode):
    """Demands, refusals, troop moves, apologies, reopenings, expulsions, boycotts ... are read."""
    c = one_event(text)
    assert (c.plover, c.actors, c.mode) == (plover, actors, mode)


def test_a_noun_in_ing_is_not_the_verb_of_its_clause():
    """'At a high-level meeting ... the two countries signed' is the signing, not the meeting."""
    c = one_event("Chile and Peru are neighbours. At a high-level meeting in May the two "
                  "countries signed nine agreements.")
    assert (c.plover, c.quote) == ("SUPPORT", "signed")
    c = one_event("Chile and Peru are expected to hold the next high-level meeting in 2026.")
    assert (c.plover, c.mode) == ("CONSULT", "forecast")


def test_verbs_listed_after_commas_are_clauses_but_participles_are_not():
    """'recalled ..., suspended flights and ...' are two acts; ', signed in 2014' is none."""
    got = [(c.plover, c.actors) for c in events(
        "Qatar recalled its ambassador from Bahrain, suspended flights to Manama and closed "
        "its border.")]
    assert got == [("SANCTION", ["QA", "BH"]), ("SANCTION", ["QA", "BH"]),
                   ("COERCE", ["QA", "BH"])]
    c = one_event("Chile has not cancelled a contract to sell frigates to Peru, signed in 2014.")
    assert (c.plover, c.mode) == ("SANCTION", "negated")


def test_a_relative_clause_acts_for_its_antecedent_only():
    """', who apologised' is the act of the actor before it.

    ', which purports to annex' is no act between the states; after ', who say ...,' the
    main clause resumes.
    """
    got = [(c.plover, c.actors) for c in events(
        "Ghana's president sent an envoy to President Faure Gnassingbé of Togo, who apologised "
        "to Ghana.")]
    assert got == [("CONSULT", ["GH", "TG"]), ("SUPPORT", ["TG", "GH"])]
    c = one_event("Belize rejects the referendum held by Guatemala, which purports to annex the "
                  "Toledo district.")
    assert (c.plover, c.actors) == ("REJECT", ["BZ", "GT"])
    c = one_event("Chile and Peru are at odds. Chilean truckers, who say Peruvian rules are "
                  "unfair, have blocked two crossings.")
    assert (c.plover, c.actors) == ("PROTEST", ["CL", "PE"])


def test_fire_from_a_state_names_it_as_the_source():
    """'... after shells fired from Sudan landed in Chad' is Sudan's act, a clause of its own."""
    got = sorted((c.plover, c.actors) for c in events(
        "Chad summoned Sudan's ambassador after mortar shells fired from Sudan landed in Adré."))
    assert got == [("ACCUSE", ["TD", "SD"]), ("ASSAULT", ["SD", "TD"])]


@pytest.mark.parametrize(
    ("text", "plover", "actors"),
    [
        ("Chile's foreign minister spoke with his Peruvian counterpart.", "CONSULT",
         ["CL", "PE"]),
        ("Ghana's president received a Togolese delegation in Accra.", "CONSULT",
         ["GH", "TG"]),
        ("Peru offered to mediate between Chile and Bolivia.", "AGREE", ["PE", "CL"]),
        ("Bolivia ratified the treaty with Chile.", "SUPPORT", ["BO", "CL"]),
        ("Ghana recognised Togo's new government.", "SUPPORT", ["GH", "TG"]),
        ("Brazil and Paraguay established diplomatic relations.", "SUPPORT", ["BR", "PY"]),
        ("Chile extradited a Peruvian banker to Peru.", "COOPERATE", ["CL", "PE"]),
        ("China extended a $2 billion loan to Laos.", "AID", ["CN", "LA"]),
        ("Estonia delivered howitzers and ammunition to Ukraine.", "AID", ["EE", "UA"]),
        ("Armenian forces dismantled checkpoints on the Azerbaijani border.", "RETREAT",
         ["AM", "AZ"]),
        ("Peru pressed Chile to reopen the case.", "REQUEST", ["PE", "CL"]),
        ("Ghana deplored Togo's decision.", "ACCUSE", ["GH", "TG"]),
        ("Bolivia filed a case against Chile at the court in The Hague.", "ACCUSE",
         ["BO", "CL"]),
        ("Colombia declined to attend the summit hosted by Ecuador.", "REJECT", ["CO", "EC"]),
        ("Iran vowed to retaliate against Israel.", "THREATEN", ["IR", "IL"]),
        ("Serbian protesters rallied outside the Croatian embassy.", "PROTEST", ["RS", "HR"]),
        ("India reinforced its troops along the Chinese border.", "MOBILIZE", ["IN", "CN"]),
        ("Mali withdrew from the defence pact with France.", "SANCTION", ["ML", "FR"]),
        ("Chile broke off talks with Bolivia.", "SANCTION", ["CL", "BO"]),
        ("Gabon expelled Cameroonian nationals.", "COERCE", ["GA", "CM"]),
        ("Mexico raised tariffs on Chinese steel.", "COERCE", ["MX", "CN"]),
        ("Argentina seized a Chinese trawler.", "COERCE", ["AR", "CN"]),
        ("Libya revoked the licences of Egyptian firms.", "COERCE", ["LY", "EG"]),
        ("Sudanese forces opened fire on Chadian troops.", "ASSAULT", ["SD", "TD"]),
        ("Iraq invaded Kuwait.", "COERCE", ["IQ", "KW"]),
        ("Qatar ordered some 3,000 Bahraini students at its universities to leave.",
         "SANCTION", ["QA", "BH"]),
        ("Pakistani troops violated the ceasefire with India.", "ASSAULT", ["PK", "IN"]),
        ("Pakistan downed an Indian fighter jet.", "ASSAULT", ["PK", "IN"]),
        ("India conducted airstrikes on Pakistani army positions.", "ASSAULT",
         ["IN", "PK"]),
        ("Pakistan returned the Indian pilot.", "RETREAT", ["PK", "IN"]),
        ("India revoked Pakistan's most-favoured-nation status.", "COERCE", ["IN", "PK"]),
        ("India withdrew from the summit hosted by Pakistan.", "SANCTION", ["IN", "PK"]),
        ("China dropped the tariffs on Australian barley.", "RETREAT", ["CN", "AU"]),
        ("Venezuelan troops crossed into Colombian territory.", "COERCE", ["VE", "CO"]),
        ("The Chinese coast guard blocked a Philippine resupply mission.", "COERCE",
         ["CN", "PH"]),
        ("A Chinese coast guard ship fired water cannon at a Philippine boat.", "ASSAULT",
         ["CN", "PH"]),
        ("Japan lifted export controls on South Korea.", "RETREAT", ["JP", "KR"]),
        ("Russia cut gas supplies to Poland.", "SANCTION", ["RU", "PL"]),
        ("Canada and India suspended trade talks.", "SANCTION", ["CA", "IN"]),
        ("Germany pledged 1 billion euros in aid to Ukraine.", "AGREE", ["DE", "UA"]),
    ],
)
def test_common_verbs_of_each_plover_category(text, plover, actors):
    """Common phrasings of the CAMEO categories' verbs, one per category or more."""
    c = one_event(text)
    assert (c.plover, c.actors, c.mode) == (plover, actors, "act")


def test_an_infinitive_of_intent_to_cooperate_is_no_act_of_cooperation():
    """'Peru offered to mediate' is an offer (AGREE), not a mediation."""
    c = one_event("Peru offered to mediate between Chile and Bolivia.")
    assert c.quote == "offered to"


def test_an_act_being_weighed_is_a_forecast_and_a_passive_summons_is_read():
    """'is considering retaliatory tariffs' has not imposed them; 'was summoned by X' is X's."""
    c = events("Kenya and Tanzania are neighbours. The Kenyan government is considering "
               "retaliatory tariffs on Tanzanian goods.")[-1]
    assert (c.plover, c.actors, c.mode) == ("COERCE", ["KE", "TZ"], "forecast")
    c = events("Kenya and Tanzania are neighbours. The Kenyan high commissioner was summoned by "
               "Tanzania's foreign ministry.")[-1]
    assert (c.plover, c.actors, c.mode) == ("ACCUSE", ["TZ", "KE"], "act")


@pytest.mark.parametrize(
    ("text", "plover", "actors", "mode", "quote"),
    [("Both Parties reaffirmed their commitment to the peaceful settlement of disputes.",
      "AGREE", ["CL", "PE"], "act", "reaffirmed their commitment"),
     ("The two Parties agreed to convene the Joint Commission in May.", "AGREE",
      ["CL", "PE"], "act", "agreed to"),
     ("The Chilean side handed over a diplomatic note protesting the measure.", "ACCUSE",
      ["CL", "PE"], "act", "handed over a diplomatic note"),
     ("Peru reiterated its rejection of the Chilean claim.", "REJECT", ["PE", "CL"], "act",
      "rejection"),
     ("Chilean police arrested three Peruvian officials.", "COERCE", ["CL", "PE"], "act",
      "arrested three Peruvian officials")],
)
def test_communique_phrasings(text, plover, actors, mode, quote):
    """'Both Parties' are the pair; 'agreed to convene' is AGREE; a note is a complaint."""
    c = events("Chile and Peru are neighbours. " + text)[-1]
    assert (c.plover, c.actors, c.mode, c.quote) == (plover, actors, mode, quote)


@pytest.mark.parametrize(
    ("text", "found"),
    [("Peru rejects the claim.", True),
     ("The Government of Peru strongly condemns the incursion.", True),
     ("Chilean sanctions hurt the economy.", False)],
)
def test_a_present_verb_after_its_actor_acts_for_the_pair(text, found):
    """Communiqué present tense ('Peru rejects the claim') is a verb; a plural noun is not."""
    got = events("Chile and Peru are neighbours. " + text)
    assert bool(got) == found and (not got or sorted(got[-1].actors) == ["CL", "PE"])


@pytest.mark.parametrize(
    ("text", "actors"),
    [("It also banned imports of Kenyan milk.", ["TZ", "KE"]),
     ("In Nairobi, officials banned imports of Tanzanian eggs.", ["KE", "TZ"])],
)
def test_an_actor_named_only_after_the_act_is_its_target(text, actors):
    """With no source named, the one actor after the act is its target, the other its source."""
    c = events("Kenya and Tanzania are neighbours. " + text)[-1]
    assert c.actors == actors


@pytest.mark.parametrize(
    ("text", "plover", "actors"),
    [("Kenya's expulsion of Tanzanian diplomats angered Dodoma.", "SANCTION", ["KE", "TZ"]),
     ("The closure of the border by Kenya hurt Tanzanian traders.", "COERCE", ["KE", "TZ"]),
     ("Tanzania welcomed Kenya's lifting of the ban on its maize.", "RETREAT", ["KE", "TZ"])],
)
def test_acts_named_as_nouns(text, plover, actors):
    """'expulsion of', 'closure of the border by', 'lifting of the ban' name acts too."""
    c = one_event(text)
    assert (c.plover, sorted(c.actors)) == (plover, sorted(actors))


@pytest.mark.parametrize(
    ("text", "mode"),
    [("Kenya stopped short of imposing sanctions on Tanzania.", "negated"),
     ("Kenya has yet to ratify the agreement with Tanzania.", "negated"),
     ("The two sides failed to agree on a new border protocol.", "negated"),
     ("A planned visit by Kenya's president to Tanzania was announced.", "forecast")],
)
def test_acts_forborne_or_planned(text, mode):
    """'stopped short of', 'has yet to', 'failed to' deny the act; 'a planned visit' is to come."""
    c = events("Kenya and Tanzania are neighbours. " + text)[-1]
    assert c.mode == mode


def test_a_name_in_ing_is_no_gerund():
    """'Beijing halted imports': a verb after a place name ending in -ing is the act."""
    c = one_event("Beijing halted imports of Australian coal.")
    assert (c.plover, c.actors) == ("COERCE", ["CN", "AU"])


def test_a_dispute_taken_to_a_court_is_a_complaint():
    """'Canberra took the barley dispute to the WTO' accuses the other member of the pair."""
    c = events("Australia and China trade. Canberra took the barley dispute to the WTO.")[-1]
    assert (c.plover, c.actors) == ("ACCUSE", ["AU", "CN"])


@pytest.mark.parametrize(
    ("text", "plover", "actors", "mode"),
    [
        # CONSULT
        ("The Bolivian delegation did not attend the second round of talks with Chile.",
         "CONSULT", ["BO", "CL"], "negated"),
        ("Ghana and Togo opened negotiations on the maritime boundary.", "CONSULT",
         ["GH", "TG"], "act"),
        ("Peru's president made a two-day trip to Ecuador.", "CONSULT", ["PE", "EC"], "act"),
        # SUPPORT
        ("The new Gabonese ambassador presented her credentials in Yaoundé to Cameroon's "
         "president.", "SUPPORT", ["GA", "CM"], "act"),
        ("Senegal congratulated Gambia on the peaceful election.", "SUPPORT", ["SN", "GM"],
         "act"),
        ("Laos and Thailand concluded an agreement on river transport.", "SUPPORT",
         ["LA", "TH"], "act"),
        # REQUEST
        ("Nepal called on India to reopen the border points.", "REQUEST", ["NP", "IN"], "act"),
        ("Bhutan urged India to speed up the hydropower payments.", "REQUEST", ["BT", "IN"],
         "act"),
        ("Riyadh issued a list of ten demands to Ottawa.", "REQUEST", ["SA", "CA"], "act"),
        # ACCUSE, REJECT, THREATEN
        ("Hungary likened the Slovak language law to apartheid.", "ACCUSE", ["HU", "SK"],
         "act"),
        ("Azerbaijan repudiated the Armenian peace proposal.", "REJECT", ["AZ", "AM"], "act"),
        ("Ethiopia gave Sudan an ultimatum over the border farmland.", "THREATEN",
         ["ET", "SD"], "act"),
        # MOBILIZE
        ("Venezuela amassed troops near the Guyanese border.", "MOBILIZE", ["VE", "GY"],
         "act"),
        # ASSAULT
        ("Indian troops returned fire across the Pakistani border.", "ASSAULT", ["IN", "PK"],
         "act"),
        ("Eritrean forces fired artillery shells into Ethiopia.", "ASSAULT", ["ER", "ET"],
         "act"),
        ("Thai jets struck Cambodian positions near the temple.", "ASSAULT", ["TH", "KH"],
         "act"),
        # COERCE
        ("Tajik border guards detained nine Kyrgyz herders.", "COERCE", ["TJ", "KG"], "act"),
        ("Bahrain ordered Qatari nationals to leave within two weeks.", "COERCE",
         ["BH", "QA"], "act"),
        ("Turkey imposed visa requirements on Russian citizens.", "COERCE", ["TR", "RU"],
         "act"),
        # SANCTION
        ("Rwanda recalled its chargé d'affaires from Burundi.", "SANCTION", ["RW", "BI"],
         "act"),
        ("India banned exports of onions to Bangladesh.", "SANCTION", ["IN", "BD"], "act"),
        ("Niger froze diplomatic contacts with France.", "SANCTION", ["NE", "FR"], "act"),
        # RETREAT
        ("Georgia abolished visas for Russian citizens.", "RETREAT", ["GE", "RU"], "act"),
        ("Moldova lifted the requirement for Ukrainian trucks to carry permits.", "RETREAT",
         ["MD", "UA"], "act"),
        ("Armenia released the Azerbaijani shepherds.", "RETREAT", ["AM", "AZ"], "act"),
        ("Kyrgyzstan withdrew its border post from the disputed Tajik village.", "RETREAT",
         ["KG", "TJ"], "act"),
    ],
)
def test_a_broad_lexicon_per_plover_category(text, plover, actors, mode):
    """Verb phrases of journalists and diplomats for each PLOVER category (CAMEO 01x-20x)."""
    c = one_event(text)
    assert (c.plover, c.actors, c.mode) == (plover, actors, mode)


def test_the_parties_and_the_ministers_stand_for_the_pair():
    """Communiqués: 'The Parties agreed to ...', 'The Ministers ... will meet'."""
    text = ("Joint Declaration\nGreece and Türkiye are neighbours. The Parties agreed to "
            "establish a joint "
            "committee. The Ministers of Foreign Affairs will meet in Ankara in spring.")
    found = [(c.plover, c.actors, c.mode) for c in events(text)]
    assert found == [("AGREE", ["GR", "TR"], "act"), ("CONSULT", ["GR", "TR"], "forecast")]


def test_a_pronoun_after_a_comma_opens_a_clause_of_the_subject():
    """'the two states reopened crossings, they abolished visas, and they signed' is three acts."""
    text = ("Kazakhstan and Uzbekistan are neighbours. In 2018 the two states reopened 12 border "
            "crossings, they abolished visas for short stays, and in 2022 they signed a treaty.")
    assert [c.plover for c in events(text)][-3:] == ["RETREAT", "RETREAT", "SUPPORT"]
    assert all(set(c.actors) == {"KZ", "UZ"} for c in events(text)[-3:])


@pytest.mark.parametrize(
    ("text", "quote", "actors"),
    [("Ghana and Togo are neighbours. Ghana accused Togo of shielding smugglers, a charge "
      "Lomé rejects.", "rejects", ["TG", "GH"]),
     ("Ghana and Togo are neighbours. Ghana accused Togo of shielding smugglers, a claim "
      "Togo has always denied.", "denied", ["TG", "GH"]),
     ("Ghana and Togo are neighbours. Ghana presented a list of demands, including the "
      "closure of a radio station, which Lomé rejected.", "rejected", ["TG", "GH"])],
)
def test_an_act_after_its_object_in_an_appositive_or_relative_clause(text, quote, actors):
    """'a charge Kabul rejects', 'which Doha rejected': the clause's actor rejects the other."""
    c = events(text)[-1]
    assert (c.quote, c.plover, c.actors) == (quote, "REJECT", actors)


def test_third_states_listed_among_the_sources_are_set_aside():
    """The UAE, 'together with Saudi Arabia, Bahrain and Egypt', severed relations with Qatar."""
    text = ("Qatar and the UAE have long been rivals. In 2017 the United Arab Emirates, together "
            "with Saudi Arabia, Bahrain and Egypt, severed diplomatic relations with Qatar.")
    c = events(text)[-1]
    assert (c.plover, c.actors) == ("SANCTION", ["AE", "QA"])


def test_a_modal_of_the_clause_makes_a_noun_act_a_forecast():
    """'Türkiye will send a team of 40 specialists to a joint drill': the drill is to come."""
    c = one_event("Türkiye will send a team of 40 search-and-rescue specialists to a joint drill "
                  "with Greece.")
    assert (c.plover, c.mode) == ("COOPERATE", "forecast")


@pytest.mark.parametrize(
    "text",
    ["Canada and India are at odds. Canada will host the G7 summit in 2025.",
     "Canada and India are at odds. Ottawa and New Delhi should resume the trade talks.",
     "Indonesia and Malaysia are neighbours. The 2023 rift ended at the Jakarta summit in May.",
     "Kazakhstan and Uzbekistan share a river. Uzbek farmers lost crops, blaming the drought.",
     "Kazakhstan and Uzbekistan share a river.\nRecommendations\n- Extend the visa-free period "
     "for each other's citizens to 90 days.",
     "Iran and Saudi Arabia talk. A Saudi–Iranian non-aggression pact, floated by Tehran, is "
     "unlikely before 2026."],
)
def test_no_event_from_a_host_alone_advice_a_setting_or_a_participle_without_target(text):
    """A group as object, advice, a noun after a preposition, a participle with no target.

    'host the G7 summit', 'should', an imperative, 'at the Jakarta summit', ', blaming
    the drought' and a pact that 'is unlikely' state no act between the pair.
    """
    assert events(text) == []


@pytest.mark.parametrize(
    ("text", "plover", "actors", "mode"),
    [
        ("Ecuador took its claim to the International Court of Justice against Colombia.",
         "ACCUSE", ["EC", "CO"], "act"),
        ("Guatemala brought the dispute over the Sapodilla cayes before Belize's court.",
         "ACCUSE", ["GT", "BZ"], "act"),
        ("Peru and Ecuador agreed to a road map for the border region.", "SUPPORT",
         ["PE", "EC"], "act"),
        ("Brazil offered Paraguay a share of the dam's surplus power.", "AGREE", ["BR", "PY"],
         "act"),
        ("Uruguay has not yet accepted the Argentine proposal.", "AGREE", ["UY", "AR"],
         "negated"),
        ("Tokyo removed Seoul from its list of trusted trading partners.", "COERCE",
         ["JP", "KR"], "act"),
        ("China tightened controls on rare-earth exports to Japan.", "COERCE", ["CN", "JP"],
         "act"),
        ("Sudan ordered its diplomats in Nairobi to return home from Kenya.", "SANCTION",
         ["SD", "KE"], "act"),
        ("Chad gave Sudanese diplomats in N'Djamena 72 hours to leave.", "SANCTION",
         ["TD", "SD"], "act"),
        ("Uganda agreed to extend a line of credit to South Sudan.", "AGREE", ["UG", "SS"],
         "act"),
        ("Kenyan President Uhuru Kenyatta hosted Prime Minister Abiy Ahmed of Ethiopia.",
         "CONSULT", ["KE", "ET"], "act"),
    ],
)
def test_phrasings_of_courts_road_maps_offers_trade_lists_and_expulsions(text, plover, actors,
                                                                         mode):
    """Courts, road maps, offers, trade lists, controls, diplomats sent home, credit, hosts.

    Disputes taken to a court, road maps agreed, offers made or not accepted, partners struck
    off a list, controls tightened, diplomats sent home, credit pledged, visits hosted.
    """
    c = one_event(text)
    assert (c.plover, c.actors, c.mode) == (plover, actors, mode)


def test_hosting_refugees_is_no_meeting():
    """'hosts 250,000 Somali refugees' is no visit of the other state."""
    assert events("Kenya and Somalia are neighbours. Kenya hosts some 250,000 Somali "
                  "refugees at Dadaab.") == []


def test_two_leaders_under_one_plural_title_are_the_pair():
    """'Presidents Gabriel Boric and Dina Boluarte' are two leaders, here the pair."""
    c = events("Chile and Peru are neighbours. Presidents Gabriel Boric and Dina Boluarte are "
               "due to hold a binational cabinet meeting in Lima next year.")[-1]
    assert (c.plover, c.actors, c.mode) == ("CONSULT", ["CL", "PE"], "forecast")


def test_a_hyphenated_name_before_a_verb_is_no_participle():
    """'Moon Jae-in warned Japan': 'in warned' is no adjective after a preposition."""
    c = one_event("South Korean President Moon Jae-in warned Japan.")
    assert (c.plover, c.actors) == ("THREATEN", ["KR", "JP"])


def test_a_name_joined_by_a_dash_counts_once_in_a_wildcard():
    """'blockaded the Chungara-Tambo Quemado crossing' (en dash) is 'blockaded * crossing'."""
    c = events("Bolivia and Chile are neighbours. Bolivian truckers blockaded the "
               "Chungará–Tambo Quemado crossing for nine days to protest delays.")[-1]
    assert (c.plover, c.actors) == ("PROTEST", ["BO", "CL"])


def test_a_directive_after_and_opens_a_clause_of_its_own():
    """'agreed to expedite the work and directed the Working Group to meet': two acts."""
    found = events("Nepal and India are neighbours. The two sides agreed to expedite the "
                   "boundary work and directed the Boundary Working Group to meet soon.")
    assert [(c.plover, c.mode) for c in found] == [("AGREE", "act"), ("CONSULT", "forecast")]


def test_a_participle_whose_object_is_the_neighbour_is_an_act():
    """', accusing its neighbour of meddling' names the pair's other member."""
    found = events("Somalia severed diplomatic relations with Kenya, accusing its neighbour "
                   "of meddling in its affairs.")
    assert [(c.plover, c.actors) for c in found] == [("SANCTION", ["SO", "KE"]),
                                                     ("ACCUSE", ["SO", "KE"])]


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("The two presidents spoke by telephone on Monday.", "CONSULT", "act"),
        ("Niger's president will travel to Cotonou next month.", "CONSULT", "forecast"),
        ("Officials of both countries gathered in Malanville for a round of border talks.",
         "CONSULT", "act"),
        ("Benin voiced support for Niger's bid to host the summit.", "SUPPORT", "act"),
        ("Benin handed over two suspects to Nigerien police.", "COOPERATE", "act"),
        ("Benin sent 500 tonnes of rice to Niger after the floods.", "AID", "act"),
        ("Benin postponed indefinitely the joint commission meeting with Niger.", "SANCTION",
         "act"),
        ("Nigerien soldiers shot dead two Beninese farmers.", "ASSAULT", "act"),
        ("Two Nigerien diplomats were expelled by Benin last week.", "SANCTION", "act"),
        ("Beninese troops were deployed to the Nigerien border on Sunday.", "MOBILIZE", "act"),
        ("Twelve Nigerien traders were arrested by Beninese police.", "COERCE", "act"),
        ("The Beninese navy intercepted a Nigerien trawler.", "COERCE", "act"),
        ("Benin and Niger announced a joint task force against smuggling.", "COOPERATE", "act"),
    ],
)
def test_more_phrasings_and_passives(text, plover, mode):
    """Calls, trips, support, suspects handed over, food sent, postponements, passives.

    Telephone calls, trips, support voiced, suspects handed over, food sent, postponements,
    killings; passives with their source after 'by' or named by the document's pair.
    """
    c = events("Benin and Niger are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"BJ", "NE"}, mode)


def test_hosting_an_organisations_summit_is_no_event_with_the_other():
    """'Ghana will host the ECOWAS summit' names no meeting with Togo."""
    assert events("Ghana and Togo are neighbours. Ghana will host the ECOWAS summit.") == []


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("Nairobi described the deal as an act of aggression.", "ACCUSE", "act"),
        ("The two governments are due to resume talks in Ankara under Turkish mediation.",
         "CONSULT", "forecast"),
        ("Kenyan troops have been stationed inside Uganda since 2019.", "MOBILIZE", "act"),
        ("Kenya ordered the closure of two Ugandan consulates.", "SANCTION", "act"),
        ("Uganda has welcomed Kenya's participation in the new mission.", "SUPPORT", "act"),
    ],
)
def test_descriptions_settings_stationed_troops_closures_and_welcomes(text, plover, mode):
    """Descriptions that accuse, settings, stationed troops, closures, welcomes.

    'described X as aggression' accuses; 'under Turkish mediation' is a setting, not a
    party; troops 'have been stationed'; consulates closed; participation welcomed.
    """
    c = events("Kenya and Uganda are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"KE", "UG"}, mode)


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ('Ghana\'s foreign minister called the Togolese rules "unacceptable".', "ACCUSE", "act"),
        ("Togo raised its levies, a move Accra called economic blackmail.", "ACCUSE", "act"),
        ("Togo amended the citizenship law to meet Ghanaian objections.", "RETREAT", "act"),
        ("Ghana proposed a truce to Togo.", "AGREE", "act"),
        ("Ghana's foreign minister told his Togolese counterpart by telephone that talks "
         "would go on.", "CONSULT", "act"),
        ("Ghanaian ports held up Togolese shipments for inspection.", "COERCE", "act"),
        ("Ghana still blocks most Togolese investment.", "COERCE", "act"),
        ("The two leaders reaffirmed their determination to deepen ties.", "AGREE", "act"),
        ("Ghana will provide 200 scholarships a year to Togolese students.", "AGREE", "act"),
    ],
)
def test_quoted_verdicts_amendments_proposals_calls_holds_and_scholarships(text, plover, mode):
    """Quoted verdicts, amended laws, proposals, calls, holds, scholarships.

    Verdicts in quotation marks, amended laws, proposals, calls, shipments held up,
    investment blocked, determination reaffirmed, scholarships provided.
    """
    c = events("Ghana and Togo are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"GH", "TG"}, mode)


def test_an_act_restated_with_a_superlative_is_one_candidate():
    """'..., the deadliest clash in 45 years' restates the fighting."""
    found = events("Indian and Chinese troops fought in the Galwan valley, the deadliest clash "
                   "on the frontier in 45 years.")
    assert [(c.plover, c.actors) for c in found] == [("ASSAULT", ["IN", "CN"])]


def test_a_treaty_under_discussion_but_unlikely_is_no_act():
    """Author's speculation: 'A bilateral treaty ... is under discussion but unlikely'."""
    assert events("Ghana and Togo are neighbours. A bilateral treaty on fishing is under "
                  "discussion but unlikely this year.") == []


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Peru extended an invitation to the Bolivian president to attend the inauguration.",
         "AGREE"),
        ("Bolivia withdrew its objection to Peru's candidacy.", "RETREAT"),
        ("Peru pledged $50 million to Bolivia for flood relief.", "AGREE"),
    ],
)
def test_invitations_extended_objections_withdrawn_and_sums_pledged(text, plover):
    """Invitations extended, objections withdrawn, sums pledged.

    An invitation extended is the act, not the visit it invites to; an objection withdrawn
    concedes; a sum pledged to the other is a pledge.
    """
    c = events("Peru and Bolivia are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"PE", "BO"}, "act")


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("Jordan's king held two hours of talks with the Syrian president.", "CONSULT", "act"),
        ("Jordan downgraded its embassy in Damascus.", "SANCTION", "act"),
        ("In May 2023 Jordanian jets struck a drug lab in Syria.", "ASSAULT", "act"),
        ("Syria will supply electricity to Jordan from next year.", "AGREE", "act"),
        ("They agreed that the border committee would meet in June.", "AGREE", "act"),
    ],
)
def test_talks_held_embassies_downgraded_strikes_supplies_and_they(text, plover, mode):
    """Talks held, embassies downgraded, strikes, supplies, and 'They' for the pair.

    'held two hours of talks', an embassy downgraded, a lab struck 'in May 2023' (the
    month, no modal), electricity the giver will supply (its pledge, AGREE, an act), a
    meeting agreed to come (CONSULT, forecast), and 'They' opening a sentence of the pair.
    """
    c = events("Jordan and Syria are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"JO", "SY"}, mode)


def test_a_clash_with_a_non_state_group_is_no_act_on_the_other_state():
    """'clashed with smugglers bringing captagon across the border' names no state."""
    assert events("Jordan and Syria are neighbours. The Jordanian army has repeatedly clashed "
                  "with smugglers bringing captagon across the border.") == []


def test_a_long_name_with_particles_is_one_leader():
    """'President Luiz Inácio Lula da Silva, who had rejected ...' acts for the antecedent."""
    c = events("Paraguay and Brazil are neighbours. Peña met President Luiz Inácio Lula da "
               "Silva, who had initially rejected Paraguay's demand.")[-1]
    assert (c.plover, c.actors) == ("REJECT", ["BR", "PY"])


@pytest.mark.parametrize(
    "text",
    ['Burundi\'s president called the Rwandans "terrorists".',
     "Burundi's president compared his Rwandan counterpart to Adolf Hitler."],
)
def test_name_calling_and_odious_comparisons_accuse(text):
    """Calling the other 'terrorists' or comparing its leader to Hitler is an accusation."""
    c = events("Rwanda and Burundi are neighbours. " + text)[-1]
    assert (c.plover, c.actors) == ("ACCUSE", ["BI", "RW"])


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("Armenia sent a team of 28 rescuers to Türkiye after the earthquake.", "AID", "act"),
        ("The envoys agreed to allow third-country nationals to cross the land border.",
         "RETREAT", "act"),
        ("Armenia and Türkiye plan to build joint warehouses at the border.", "COOPERATE",
         "forecast"),
        ("Armenian and Turkish customs officers began joint inspections at the crossing.",
         "COOPERATE", "act"),
    ],
)
def test_rescuers_sent_crossings_allowed_by_the_envoys_and_joint_facilities(text, plover, mode):
    """Rescuers sent, crossings allowed by 'the envoys', joint facilities.

    Rescuers sent are aid; 'the envoys' are the pair, and what they agree to allow is
    eased; joint facilities built are economic cooperation.
    """
    c = events("Armenia and Türkiye are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"AM", "TR"}, mode)


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Filipino fishermen were harassed by Chinese coast guard vessels.", "COERCE"),
        ("China expressed strong dissatisfaction with the Philippine statement.", "ACCUSE"),
        ("China seized food supplies bound for Filipino troops.", "COERCE"),
    ],
)
def test_harassment_dissatisfaction_and_supplies_seized(text, plover):
    """Fishermen harassed (passive, by the other), dissatisfaction expressed, supplies seized."""
    c = events("China and the Philippines are rivals. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"CN", "PH"}, "act")


def test_a_state_with_its_officials_title_is_the_antecedent_of_who():
    """"Sudan's foreign minister, who had visited N'Djamena" acts for Sudan."""
    c = events("Sudan and Chad are neighbours. Sudan's foreign minister, who had visited "
               "N'Djamena twice that year, said the talks were frank.")[0]
    assert (c.plover, c.actors) == ("CONSULT", ["SD", "TD"])


def test_a_group_named_as_the_source_is_no_act_of_the_pair():
    """A group as the source is no act of the pair; 'at the United Nations' is a setting.

    'The European Union opened accession negotiations with Bosnia' is the EU's act;
    Zelenskiy's accusation at the United Nations is Ukraine's.
    """
    assert events("Serbia and Bosnia are neighbours. The European Union opened accession "
                  "negotiations with Bosnia in March.") == []
    c = events("Poland and Ukraine are neighbours. In a speech at the United Nations, "
               "President Volodymyr Zelenskiy accused Poland of staging a thriller.")[-1]
    assert (c.plover, c.actors) == ("ACCUSE", ["UA", "PL"])


def test_communique_heads_of_state_exchanges_appreciation_and_scholarships():
    """Heads of state as the pair, exchanges of memoranda, appreciation, scholarships.

    'The two Heads of State', 'Both Presidents' are the pair; 'the exchange of four
    memoranda' is an act; appreciation conveyed; scholarships the giver will grant are its
    pledge (AGREE, 033), an act.
    """
    text = ("Joint Press Release\nIndonesia and Timor-Leste are neighbours.\n"
            "1. The two Heads of State held a tete-a-tete meeting at the Merdeka Palace.\n"
            "2. Both Presidents witnessed the exchange of four memoranda of understanding.\n"
            "3. Timor-Leste conveyed its appreciation to Indonesia for the assistance.\n"
            "4. The Government of Indonesia will grant 50 scholarships to Timorese students.")
    assert [(c.plover, set(c.actors), c.mode) for c in events(text)] == [
        ("CONSULT", {"ID", "TL"}, "act"), ("SUPPORT", {"ID", "TL"}, "act"),
        ("SUPPORT", {"ID", "TL"}, "act"), ("AGREE", {"ID", "TL"}, "act")]


def test_speech_after_and_opens_a_clause_and_spelling_variants_name_states():
    """Speech after 'and', spelling variants, 'neither side', modifying participles.

    '... and said it would apply a matching tariff on Ecuadorean goods' is a second act, to
    come; 'neither side withdrew its tariff' denies an easing; a participle after a comma
    ('flights, suspended since 2017, resumed') modifies the noun before it.
    """
    found = events("Colombia and Ecuador are neighbours. Colombia responded by suspending "
                   "electricity sales to Ecuador and said it would apply a matching tariff on "
                   "Ecuadorean goods. Neither side withdrew its tariff.")
    assert [(c.plover, c.actors, c.mode) for c in found] == [
        ("SANCTION", ["CO", "EC"], "act"), ("COERCE", ["CO", "EC"], "forecast"),
        ("RETREAT", ["CO", "EC"], "negated")]
    assert events("Bahrain and Qatar are neighbours. Gulf Air flights between Manama and "
                  "Doha, suspended since June 2017, resumed on 25 May.") == []


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("Armenia and Azerbaijan signed a ceasefire in Moscow.", "RETREAT", "act"),
        ("The two sides agreed to a prisoner swap.", "RETREAT", "act"),
        ("The two sides agreed to a meeting in Geneva.", "AGREE", "act"),  # to meet: 036
        ("Azerbaijan lifted its travel advisory for Armenia.", "RETREAT", "act"),
    ],
)
def test_ceasefires_signed_acts_agreed_with_an_article_and_advisories_lifted(text, plover,
                                                                             mode):
    """Ceasefires signed, acts agreed after an article, advisories lifted.

    A ceasefire signed de-escalates; 'agreed to a prisoner swap' is the swap, 'agreed to a
    meeting' a meeting to come; a travel advisory lifted eases.
    """
    c = events("Armenia and Azerbaijan are neighbours. " + text)[-1]
    assert (c.plover, set(c.actors), c.mode) == (plover, {"AM", "AZ"}, mode)


@pytest.mark.parametrize(
    ("text", "plover", "actors"),
    [
        ("Hungary lifted its veto on the aid tranche for Ukraine.", "RETREAT", ["HU", "UA"]),
        ("Hungary pulled its diplomats out of Kyiv.", "SANCTION", ["HU", "UA"]),
        ("Ukraine halted the transit of oil to Hungary.", "SANCTION", ["UA", "HU"]),
        ("Hungary suspended its free-trade agreement with Ukraine.", "SANCTION", ["HU", "UA"]),
        ("Hungary staged large manoeuvres near the Ukrainian border.", "MOBILIZE",
         ["HU", "UA"]),
        ("A Hungarian flotilla sailed around Ukraine.", "MOBILIZE", ["HU", "UA"]),
        ("Hungarian troops occupied part of a Ukrainian island.", "COERCE", ["HU", "UA"]),
        ("Hungary raised concern about the arrest of Ukrainian traders.", "ACCUSE",
         ["HU", "UA"]),
        ("Hungary filed an application against Ukraine at the court.", "ACCUSE", ["HU", "UA"]),
        ("Orbán called Ukraine a terror state.", "ACCUSE", ["HU", "UA"]),
        ("Budapest called the Ukrainian closure arbitrary.", "ACCUSE", ["HU", "UA"]),
        ("Hungary has trained some 1,200 Ukrainian police officers.", "AID", ["HU", "UA"]),
        ("Hungary pledged 300 scholarships to Ukrainian students.", "AGREE", ["HU", "UA"]),
        ("Hungary pledged $200 million towards Ukrainian bridges.", "AGREE", ["HU", "UA"]),
        ("Hungary released the Ukrainian journalist Ivan Petrenko.", "RETREAT", ["HU", "UA"]),
        ("Hungary detains the Ukrainian writer Ivan Petrenko.", "COERCE", ["HU", "UA"]),
        ("Hungary handed over 14 Ukrainian suspects.", "COOPERATE", ["HU", "UA"]),
    ],
)
def test_vetoes_lifted_diplomats_pulled_manoeuvres_verdicts_training_and_one_national(
        text, plover, actors):
    """Broader phrase families per PLOVER category.

    A veto lifted eases (RETREAT); diplomats pulled out, transit halted and a free-trade
    agreement suspended reduce relations (SANCTION); manoeuvres staged and ships sailing
    around the other mobilise; land partly occupied is taken (COERCE); concern raised,
    an application filed against, 'a terror state' and 'called the closure arbitrary'
    accuse; police trained is aid; scholarships or sums pledged towards are pledges
    (AGREE); one named national released or detained; suspects handed over cooperate.
    """
    c = events("Hungary and Ukraine are neighbours. " + text)[-1]
    assert (c.plover, c.actors, c.mode) == (plover, actors, "act")


def test_the_pair_as_subject_keeps_a_third_state_and_a_later_clause_apart():
    """'The two governments' act for the pair, and an 'after' clause they open is cut.

    'after Qatari mediation' names a setting, not the target; '..., a day after the two
    governments agreed on a plan' is a second act of its own.
    """
    c = events("Somalia and Kenya are neighbours. Kenya borders Somalia. The two governments "
               "restored relations "
               "in May 2021 after Qatari mediation.")[-1]
    assert (c.plover, set(c.actors)) == ("SUPPORT", {"SO", "KE"})
    found = events("Hungary and Ukraine are neighbours. Hungary lifted its veto on a tranche "
                   "for Ukraine, a day after the two governments agreed on a plan.")
    assert [(c.plover, set(c.actors)) for c in found] == [
        ("RETREAT", {"HU", "UA"}), ("SUPPORT", {"HU", "UA"})]
    c = events("Israel and Türkiye are rivals. Israel and Türkiye compete. The two militaries "
               "have held technical talks "
               "in Baku.")[-1]
    assert (c.plover, set(c.actors)) == ("CONSULT", {"IL", "TR"})


@pytest.mark.parametrize(
    ("text", "plover", "actors"),
    [
        ("Ukraine halted the transit of Russian oil to Hungary.", "SANCTION", ["UA", "HU"]),
        ("Hungary joined the Russian case against Ukraine.", "ACCUSE", ["HU", "UA"]),
    ],
)
def test_the_other_member_of_the_pair_is_the_target_before_a_third_state(text, plover, actors):
    """A third state's name before the pair's other member is no target of a pair's act.

    'the transit of Russian oil to Hungary': Ukraine acts on Hungary; 'the Russian case
    against Ukraine': Hungary joins an accusation of Ukraine.
    """
    c = events("Hungary and Ukraine are neighbours. Ukraine borders Hungary. " + text)[-1]
    assert (c.plover, c.actors) == (plover, actors)


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Chile sent its ambassador back to Lima.", "SUPPORT"),
        ("Chile blocked Peru's bid to join the council.", "REJECT"),
        ("Chile declined Peru's invitation.", "REJECT"),
        ("Chile dispatched rescue teams to Peru.", "AID"),
        ("Chile wrote off Peru's debt.", "AID"),
        ("Chile cancelled Peru's debt.", "AID"),
        ("Chile postponed the talks with Peru.", "SANCTION"),
        ("The foreign ministers of Chile and Peru conferred in Lima.", "CONSULT"),
        ("Chile refused entry to the Peruvian minister.", "COERCE"),
        ("Chile restricted Peruvian trucks at the border.", "COERCE"),
        ("Chile cut off electricity to Peru.", "SANCTION"),
        ("Chile expressed solidarity with Peru.", "SUPPORT"),
    ],
)
def test_envoys_sent_back_bids_blocked_debt_written_off_and_entry_refused(text, plover):
    """More phrase families of news and diplomatic prose, one PLOVER category each.

    An ambassador sent back restores relations; a bid blocked or an invitation declined is
    a rejection (not the invitation); rescue teams and debt relief are aid (a debt
    cancelled is no cancelled visit); talks postponed reduce relations; ministers
    conferring consult; entry refused and trucks restricted coerce; electricity cut off
    is a halted supply; solidarity expressed is support.
    """
    c = events("Chile and Peru are neighbours. Chile borders Peru. " + text)[-1]
    assert (c.plover, set(c.actors)) == (plover, {"CL", "PE"})


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Chilean troops crossed the border into Peru.", "COERCE"),
        ("Chilean jets violated Peruvian airspace.", "MOBILIZE"),
        ("Chile stepped up its military presence along the Peruvian border.", "MOBILIZE"),
        ("Chile took Peru to the International Court of Justice.", "ACCUSE"),
        ("Chile dragged Peru to the WTO.", "ACCUSE"),
        ("Chile initiated a WTO dispute against Peru.", "ACCUSE"),
        ("Chile questioned Peru's commitment to the deal.", "ACCUSE"),
        ("Chile pardoned a Peruvian national.", "RETREAT"),
        ("Chile sold fighter jets to Peru.", "COOPERATE"),
        ("Chile and Peru held their first strategic dialogue.", "CONSULT"),
    ],
)
def test_incursions_presence_stepped_up_courts_pardons_arms_sold_and_dialogues(text, plover):
    """Incursions, presences stepped up, courts, pardons, arms sold and dialogues held.

    Troops across a land border take land (COERCE, 192); jets in the other's airspace are a
    show of force (MOBILIZE, 150), as the conventions settled before set 6 file them;
    a presence stepped up mobilises; taking or dragging the other to a court and
    initiating a dispute against it accuse, as does questioning its commitment (no deal
    signed); a pardon releases; arms sold to the other are defence cooperation; a dialogue
    or round held is a consultation.
    """
    c = events("Chile and Peru are neighbours. Chile borders Peru. " + text)[-1]
    assert (c.plover, set(c.actors)) == (plover, {"CL", "PE"})


def test_cooperation_agreed_to_takes_the_category_of_the_act_agreed():
    """'Agreed to share intelligence' is COOPERATE (064), the category of what was agreed."""
    c = events("Ghana and Togo are neighbours. Togo borders Ghana. The two sides agreed to "
               "share intelligence on armed groups.")[-1]
    assert (c.plover, set(c.actors), c.mode) == ("COOPERATE", {"GH", "TG"}, "act")


def test_a_present_verb_after_a_pronoun_is_the_act_of_the_pair_member_not_named():
    """'It still detains the Australian writer': the pronoun's state acts on Australia."""
    c = events("Australia and China are partners. China borders Australia. It still detains "
               "the Australian writer Yang Hengjun.")[-1]
    assert (c.plover, c.actors, c.mode) == ("COERCE", ["CN", "AU"], "act")


def test_and_with_a_short_adverbial_before_a_verb_opens_a_clause():
    """'... and for six years refused to hold talks' is a second act of the same subject."""
    found = events("Hungary and Ukraine are neighbours. Ukraine borders Hungary. Budapest "
                   "accused Kyiv of assimilating the minority and for six years refused to "
                   "hold bilateral talks.")
    assert [(c.plover, c.actors) for c in found] == [
        ("ACCUSE", ["HU", "UA"]), ("REJECT", ["HU", "UA"])]

"""Decisions read off the shape of their sentences (`text.decisions`), and how a multi-pass brief uses them.

Every sentence here is written for the test; none is copied from an article.
"""

from __future__ import annotations

import pytest
from fakellm import FakeLLM
from reading import readings

from summarizer import Article, summarize
from summarizer.extract.answers import MAX_FOUND, Permissions, decision_drafts
from summarizer.text.cues import has_cue, placed
from summarizer.text.decisions import Reading, read_decisions
from summarizer.text.decisions.parties import names_decider
from summarizer.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "granter", "receiver", "action"),
    [
        (
            "The harbour board authorised the ferry company to run night crossings.",
            "harbour board",
            "the ferry company",
            "run night crossings",
        ),
        # The one who said it only reported it: the decision verb has its own subject.
        (
            "Inspector Mara Quist said the county council had ordered the contractors to resurface the bridge.",
            "county council",
            "the contractors",
            "resurface the bridge",
        ),
        # A "she" stands for the person named before it.
        (
            "Governor Ellen Park said on Tuesday that she instructed the state police to reopen the pass.",
            "Governor Ellen Park",
            "the state police",
            "reopen the pass",
        ),
        (
            "The farmers were permitted by the water authority to draw from the reservoir.",
            "the water authority",
            "farmers",
            "permitted to draw from the reservoir",
        ),
        (
            "A federal judge ruled that the marchers may now cross the city centre.",
            "federal judge",
            "the marchers",
            "cross the city centre",
        ),
        (
            "The regulator granted the airline a waiver for its older jets.",
            "regulator",
            "the airline",
            "a waiver for its older jets",
        ),
        (
            "The district judge upheld Alderman Price's decision to close the depot.",
            "district judge",
            "Alderman Price",
            "upheld Alderman Price's decision to close the depot",
        ),
    ],
)
def test_a_permission_names_who_decided_who_may_act_and_what(
    text: str, granter: str, receiver: str, action: str
) -> None:
    assert readings(text) == [("authorisation", granter, receiver, action)]


@pytest.mark.parametrize(
    "text",
    [
        "The council would allow the ferry company to run night crossings.",
        "If the board authorised the builders to start, the residents would object.",
        # A rule's standing effect, not an act of granting.
        "The permit allows anglers to fish from the pier.",
        "The union asked the mayor to reopen the library.",
        "The ferry left the harbour at dawn with forty passengers.",
        "The senator plans to let the agency hire more inspectors.",
        "The board approved the budget for next year.",
    ],
)
def test_what_is_not_a_permission_given_is_not_read_as_one(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "authorisation"] == []


@pytest.mark.parametrize(
    ("text", "applies_to", "what"),
    [
        (
            "The tribunal barred the former director from holding office for ten years.",
            "the former director",
            "the former director from holding office for ten years",
        ),
        ("The new permit does not cover commercial fishing boats.", "new permit", "commercial fishing boats"),
        ("Smoking is banned on all platforms.", "Smoking", "Smoking"),
        (
            "The former mayor is barred from standing for office.",
            "former mayor",
            "former mayor barred from standing for office",
        ),
        ("The appeals court rejected the city's request to demolish the old market.", None, "demolish the old market"),
        ("The mayor imposed a curfew on the harbour district.", None, "curfew on the harbour district"),
        (
            "The minister refused to allow the charity to open a shelter.",
            "the charity",
            "the charity to open a shelter",
        ),
        ("No one may enter the quarry after dark.", None, "enter the quarry after dark"),
        # A negation before "be allowed" makes a limit, not a permission to "longer".
        (
            "From next spring, Oslo shops will no longer be allowed to sell single-use cups.",
            "Oslo shops",
            "Oslo shops no longer allowed to sell single-use cups",
        ),
        ("The city no longer allows vendors to park on the square.", "vendors", "vendors to park on the square"),
    ],
)
def test_a_limit_names_what_is_not_allowed(text: str, applies_to: str | None, what: str) -> None:
    [(kind, _, receiver, action)] = readings(text)
    assert (kind, receiver, action) == ("exclusion", applies_to, what)


@pytest.mark.parametrize(
    "text",
    [
        "Residents could be barred from the beach next summer.",
        "The protesters stood a few blocks away from the hall.",
        "If the plan does not cover flood damage, owners will pay.",
        "If the levy passes, drones will not be allowed to fly over the stadium.",
    ],
)
def test_what_is_not_a_limit_set_is_not_read_as_one(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "exclusion"] == []


def test_an_action_ends_where_a_second_verb_starts() -> None:
    text = "The magistrate ordered the board to answer and scheduled a hearing for May."
    assert readings(text) == [("authorisation", "magistrate", "the board", "answer")]


def test_a_second_verb_shares_the_subject_of_the_first() -> None:
    assert readings("The board outlawed night fishing and stopped trawlers from entering the bay.") == [
        ("exclusion", "board", None, "night fishing"),
        ("exclusion", "board", "trawlers", "trawlers from entering the bay"),
    ]


def test_an_it_stands_for_the_rule_named_just_before() -> None:
    text = "The mayor signed the water order on Monday. It does not cover hospitals and does not include farms."
    assert readings(text) == [
        ("exclusion", None, "water order", "hospitals"),
        ("exclusion", None, "water order", "farms"),
    ]
    # With no rule named before, "it" is a set of figures as often as a rule.
    assert readings("The tallies came in late. It does not include the postal votes.") == []


def test_an_executive_document_in_the_present_is_its_signers_act() -> None:
    text = (
        "President Ana Ruiz signed a proclamation on Friday. The proclamation orders the coast guard to "
        "patrol the strait. It also directs the ministries to report within ten days."
    )
    assert readings(text) == [
        ("authorisation", "President Ana Ruiz", "the coast guard", "patrol the strait"),
        ("authorisation", "President Ana Ruiz", "the ministries", "report within ten days"),
    ]


def test_the_means_a_permission_is_to_use_are_its_instruments() -> None:
    [reading] = read_decisions(split_sentences("The council allowed the firemen to use drones to survey the dunes."))
    assert reading.instruments == ["drones"]


def test_a_permission_lists_the_means_it_names() -> None:
    text = "The ministry permitted the coastguard to intercept the boats with drones and patrol cutters."
    [reading] = read_decisions(split_sentences(text))
    assert reading.instruments == ["drones", "patrol cutters"]
    assert Reading("exclusion", 1, None, None, "fish with nets", "banned").instruments == []


def test_a_weapon_named_with_its_make_and_model_is_one_instrument() -> None:
    text = "The cabinet approved the sale of refurbished Mark 4 armoured personnel carriers to Chile."
    [reading] = read_decisions(split_sentences(text))
    assert (reading.receiver, reading.instruments) == ("Chile", ["refurbished Mark 4 armoured personnel carriers"])


HARBOUR = Article(
    text=(
        "The harbour board met on Monday in Port Ellis. "
        "The board authorised the ferry company to run night crossings. "
        "The licence does not cover freight lorries. "
        "Freight lorries were barred from the night boats, a spokesman said. "
        "Tickets went on sale the next morning."
    )
)
OVERVIEW = {"headline": "Night ferries licensed", "summary": "The board licensed night ferries.", "event_date": None}


def test_multi_pass_reads_decisions_by_code_with_their_estimated_confidence_and_asks_no_check() -> None:
    fake = FakeLLM({"Overview": [OVERVIEW]})
    brief = summarize(HARBOUR, engine=fake.engine(passes="multi"))
    # Code read a decision from every sentence with the words of one: the model is not asked to find
    # more, nor to check what code read (its features give the confidence).
    assert [r["tool"] for r in fake.extraction_requests] == ["Overview"]
    assert fake.tool_calls("judge") == 0
    # Two sentences bar the lorries: one limit citing both, in a sentence that reports a spokesman's
    # words; the permission is stated plainly and names who may act in three words.
    [limit] = brief.exclusions
    [permission] = brief.authorisations
    assert limit.what.lower() == "freight lorries" and len(limit.evidence) == 2
    assert limit.confidence is not None and permission.confidence is not None
    assert 0 < limit.confidence < permission.confidence < 1
    # A threshold the user sets between the two keeps the doubted limit for the record, not as fact.
    between = (limit.confidence + permission.confidence) / 2
    strict = summarize(HARBOUR, engine=FakeLLM({"Overview": [OVERVIEW]}).engine(passes="multi", min_confidence=between))
    assert strict.exclusions == [] and len(strict.authorisations) == 1
    [doubted] = strict.unverified
    assert (
        doubted.exclusion is not None and "code read it" in doubted.reason and "estimated confidence" in doubted.reason
    )
    for item in (permission, doubted.exclusion):
        for span in item.evidence:
            assert HARBOUR.text[span.start : span.end] == span.text


def test_the_models_finds_add_to_codes_readings_and_need_more_confidence_to_be_shown() -> None:
    article = Article(
        text=(
            "The harbour board met on Monday in Port Ellis. "
            "The board authorised the ferry company to run night crossings. "
            "From June, under the new timetable, the board green-lighted cyclists riding on the upper deck. "
            "Tickets went on sale the next morning."
        )
    )
    found = {
        "authorisations": [
            # The sentence code read, named another way: the same permission, not a second one.
            {
                "granted_by": "harbour board",
                "granted_to": "ferry company",
                "action": "run crossings at night",
                "sentences": [2],
            },
            # A wording code does not read: the model's find is added.
            {"granted_by": "the board", "granted_to": "cyclists", "action": "ride on the upper deck", "sentences": [3]},
        ]
    }

    def summarised(**settings: float) -> list[tuple[str, str, bool]]:
        fake = FakeLLM({"Overview": [OVERVIEW], "Permissions": [found], "judge": [0.5]})
        brief = summarize(article, engine=fake.engine(passes="multi", **settings))
        # Only the model's find is checked: code's reading comes with its estimate.
        assert fake.tool_calls("judge") == 1
        # The model is asked about the one sentence with a permission's words that code read nothing from.
        [asked] = [r for r in fake.extraction_requests if r["tool"] == "Permissions"]
        assert "stated in sentences 3." in asked["body"]["messages"][-1]["content"]
        shown = [(a.authorised, a.read_by, True) for a in brief.authorisations]
        aside = [u.authorisation for u in brief.unverified if u.authorisation]
        return shown + [(a.authorised, a.read_by, False) for a in aside]

    # By default code's reading stands, and the model's find at 0.5 is set aside (under 0.60).
    assert summarised() == [("the ferry company", "code", True), ("cyclists", "model", False)]
    # A threshold the user sets holds both to it: code's estimate for a plainly stated permission
    # clears 0.4, as the model's 0.5 does, and neither clears 0.9.
    assert summarised(min_confidence=0.4) == [("the ferry company", "code", True), ("cyclists", "model", True)]
    assert summarised(min_confidence=0.9) == [("the ferry company", "code", False), ("cyclists", "model", False)]


@pytest.mark.parametrize(
    ("granter", "receiver", "sentence", "expected"),
    [
        ("The port board", "the ferry firm", "The port board on Monday allowed the ferry firm to sail at night.", True),
        # Named in other words: a surname, the longest word of a name.
        ("Mayor Ida Berg", "food trucks", "Berg gave food trucks the go-ahead to park on the square.", True),
        # The receiver first: a passive with "by", a verb of receiving with "from".
        ("the ministry", "two clinics", "Two clinics were licensed by the ministry to test blood.", True),
        ("the coastguard", "the wardens", "The wardens won approval from the coastguard to fly drones.", True),
        # The granter after the permission's words, named only as the one who proposed it.
        ("the harbour board", "Port members", "Port members approved a plan from the harbour board to dredge.", False),
        # A limit, not a permission, stands between them; a party the sentence does not name.
        ("The judge", "the mill", "The judge barred the mill from drawing water.", False),
        ("The mayor", "the vendors", "The mayor allowed the market to open late.", False),
        # The one who reported it first, the granter second, the permission after both.
        ("Mayor Ida Berg", "the harbour board", "Mayor Ida Berg said the harbour board authorized her to act.", False),
    ],
)
def test_a_models_find_is_placed_only_where_its_sentence_puts_its_parties_around_a_permission(
    granter: str, receiver: str, sentence: str, expected: bool
) -> None:
    assert placed(granter, receiver, [sentence]) is expected


# A permission whose sentence code does not read ("green-lighted ... riding"): the model is asked.
DECK = (
    "The harbour board met on Monday in Port Ellis. "
    "Under the new timetable, the board green-lighted cyclists riding on the upper deck. "
    "Tickets went on sale the next morning."
)


def test_a_models_find_its_sentences_do_not_place_is_kept_out_with_the_reason_and_not_checked() -> None:
    article = Article(text=DECK)
    # The parties the other way round: the sentence does not put the cyclists before the permission.
    found = {
        "authorisations": [
            {"granted_by": "cyclists", "granted_to": "the board", "action": "ride on the upper deck", "sentences": [2]}
        ]
    }
    fake = FakeLLM({"Overview": [OVERVIEW], "Permissions": [found], "judge": [0.9]})
    brief = summarize(article, engine=fake.engine(passes="multi"))
    assert fake.tool_calls("judge") == 0
    assert brief.authorisations == [] and brief.unverified == []
    [dropped] = brief.grounding.dropped
    assert dropped.section == "authorisations" and "before a word of permission" in dropped.reason


def test_a_models_find_on_a_sentence_code_read_as_a_limit_is_kept_out_with_the_reason() -> None:
    article = Article(
        text=(
            "The harbour board met on Monday in Port Ellis. "
            "The board voted to remove the ferry company from its list of approved operators. "
            "The ruling drew praise from sailors."
        )
    )
    # Asked about the third sentence, the model cites the second, where code read a limit, and reads it
    # as a permission with the parties where a permission would put them.
    found = {
        "authorisations": [
            {
                "granted_by": "The board",
                "granted_to": "the ferry company",
                "action": "remove the ferry company from its list",
                "sentences": [2],
            }
        ]
    }
    fake = FakeLLM({"Overview": [OVERVIEW], "Permissions": [found], "judge": [0.9]})
    brief = summarize(article, engine=fake.engine(passes="multi"))
    assert brief.authorisations == []
    assert [x.what for x in brief.exclusions] == ["the ferry company"]
    [dropped] = [d for d in brief.grounding.dropped if d.section == "authorisations"]
    assert "state a limit" in dropped.reason


def test_an_abbreviation_does_not_end_a_name() -> None:
    assert readings("The council granted Mr. Okafor a licence to sell food at the market.") == [
        ("authorisation", "council", "Mr. Okafor", "a licence to sell food at the market")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A standing obligation, not an act of granting.
        "Pupils are required to wear uniforms on school trips.",
        # Whom "them" means is for the sentences around, not for this reading.
        "The subsidies allowed them to expand the mill.",
        # The one who argues it is not the one who allowed it, and no one else is named as its subject.
        "The report lists policies that Senator Ruiz argues allowed the militia to grow.",
        # A "she" in a sentence that names no one: the name before may be a place or a body as well.
        "Mayor Ines Duarte opened the session. She ordered the clerks to seal the ballots.",
    ],
)
def test_a_permission_whose_parties_cannot_be_named_here_is_not_read(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "authorisation"] == []


def test_a_contracted_negation_is_a_negation() -> None:
    assert readings("The fine hasn't stopped the firm from dumping waste in the river.") == []
    assert readings("The warden didn't allow the hikers to camp by the lake.") == [
        ("exclusion", "warden", "the hikers", "the hikers to camp by the lake")
    ]


OTHER_PERMISSIONS = [
    # A decision taken in another verb's words: a vote, a signed order, a bill passed.
    (
        "The harbour commission voted 5-2 to allow pleasure boats to moor at the east quay.",
        "harbour commission",
        "pleasure boats",
        "moor at the east quay",
    ),
    (
        "The governor signed an executive order directing county clerks to extend polling hours.",
        "governor",
        "county clerks",
        "extend polling hours",
    ),
    (
        "The assembly passed a bill that permits nurses to prescribe painkillers.",
        "assembly",
        "nurses",
        "prescribe painkillers",
    ),
    # The participle after its receiver, the agent after "by".
    (
        "Some 300 reservists, called up by the defence ministry, reached the frontier town on Sunday.",
        "the defence ministry",
        "300 reservists",
        "called up",
    ),
    (
        "The surveyors, ordered by the tribunal to measure the boundary, found a second fence.",
        "the tribunal",
        "surveyors",
        "ordered to measure the boundary",
    ),
    (
        "Two battalions were called to active duty by Governor Wren Holt.",
        "Governor Wren Holt",
        "Two battalions",
        "called to active duty",
    ),
    # What an act let someone do, by its verb or by a participle after it.
    (
        "The ruling cleared the way for the county to reopen its landfill.",
        "ruling",
        "the county",
        "reopen its landfill",
    ),
    (
        "The zoning board approved the mill's conversion, allowing the owners to build forty flats.",
        "zoning board",
        "the owners",
        "build forty flats",
    ),
    (
        "The appeals court ruled on Tuesday that the school must readmit the two pupils.",
        "appeals court",
        "the school",
        "readmit the two pupils",
    ),
    (
        "The regent lifted the grain embargo on the northern provinces during the drought.",
        "regent",
        "the northern provinces",
        "lifted the grain embargo on the northern provinces",
    ),
    (
        "The tribunal issued a ruling allowing the herders to graze the common.",
        "tribunal",
        "the herders",
        "graze the common",
    ),
    (
        "The ministry granted asylum to the crew of the trawler.",
        "ministry",
        "the crew of the trawler",
        "asylum",
    ),
    # A rule in the present counts when the article names who made it; its noun "order" is not
    # the verb that matters.
    (
        "The governor's emergency order requires clinics to report each case within a day.",
        "governor's emergency order",
        "clinics",
        "report each case within a day",
    ),
    # The one who asked, or who received the permission, may act.
    (
        "The parks board granted a request from the rowing club to build a boathouse.",
        "parks board",
        "the rowing club",
        "build a boathouse",
    ),
    (
        "The ferry line won approval from the port authority to add a night sailing.",
        "the port authority",
        "ferry line",
        "add a night sailing",
    ),
    # The receiver ends where the permission starts, with or without its article.
    (
        "The harbour master gave the trawler crews permission to land their catch at night.",
        "harbour master",
        "the trawler crews",
        "permission to land their catch",
    ),
    (
        "A magistrate granted the inspectors a warrant to enter the warehouse.",
        "magistrate",
        "the inspectors",
        "a warrant to enter the warehouse",
    ),
    # A relative clause or an apposition between the subject and its verb is left aside.
    (
        "The premier, who knew the vote would be close, told her ministers to draft the decree.",
        "premier",
        "her ministers",
        "draft the decree",
    ),
    (
        "Ms. Varga, the head of the water board, ordered the pumping stations to run all night.",
        "Ms. Varga",
        "the pumping stations",
        "run all night",
    ),
    # A court's act in the present is the day's news; a day may stand between an order and its content.
    (
        "The ruling allows street vendors to trade on the esplanade.",
        "ruling",
        "street vendors",
        "trade on the esplanade",
    ),
    (
        "The mayor signed a decree Tuesday directing the parks service to plant 500 elms.",
        "mayor",
        "the parks service",
        "plant 500 elms",
    ),
    # A request granted by its owner's name.
    (
        "The zoning board approved the church's application to add a bell tower.",
        "zoning board",
        "the church",
        "add a bell tower",
    ),
    # Parties joined by "and" before the act; the means the act is to use.
    (
        "The tribunal ordered the county and its water board to publish the test results.",
        "tribunal",
        "the county and its water board",
        "publish the test results",
    ),
    # An embargo lifted "for" a country.
    (
        "The assembly lifted its timber embargo for the northern provinces.",
        "assembly",
        "the northern provinces",
        "lifted the timber embargo on the northern provinces",
    ),
    # An apposition after the receiver; a date between the subject and its verb; a name placed "in".
    (
        "Governor Ilse Marr on Friday, Aug. 30 signed an order authorizing Col. Ben Ode, the harbour chief, "
        "to close the quay.",
        "Governor Ilse Marr",
        "Col. Ben Ode",
        "close the quay",
    ),
    (
        "Judge Ada Wren in Tarrow ordered the council to reopen the library.",
        "Judge Ada Wren in Tarrow",
        "the council",
        "reopen the library",
    ),
    # Several permits granted to one party; the action ends where a second verb starts.
    (
        "The agency issued a drilling permit and a water permit to Nordvik Mining.",
        "agency",
        "Nordvik Mining",
        "a drilling permit",
    ),
    # A decision in force, told in the progressive.
    ("The ministry is allowing ferry crews to work double shifts.", "ministry", "ferry crews", "work double shifts"),
    # A comma inside a number does not end the action.
    (
        "The tribunal ordered the landlord to repay $12,500 to the tenants.",
        "tribunal",
        "the landlord",
        "repay $12,500 to the tenants",
    ),
    # A participle aside between the subject and its verb.
    (
        "Judge Orla Venn, sitting in the appeals court, gave the port authority permission to dredge the bay.",
        "Judge Orla Venn",
        "the port authority",
        "permission to dredge the bay",
    ),
    # Time given to act is leave to act within it.
    (
        "The tribunal gave the mining company 21 days to file its plans.",
        "tribunal",
        "the mining company",
        "21 days to file its plans",
    ),
    (
        "The magistrate gave the tenants until March to leave the depot.",
        "magistrate",
        "the tenants",
        "until March to leave the depot",
    ),
    # Clemency, and a call-up with or without a task.
    (
        "Governor Lena Ostrow pardoned 31 former dock workers.",
        "Governor Lena Ostrow",
        "31 former dock workers",
        "pardoned",
    ),
    (
        "The premier commuted the sentences of two fishermen.",
        "premier",
        "two fishermen",
        "commuted the sentences",
    ),
    (
        "The governor activated the state's National Guard to guard the levees.",
        "governor",
        "the state's National Guard",
        "activated to guard the levees",
    ),
    ("The defence minister mobilised 800 reservists.", "defence minister", "800 reservists", "mobilised"),
    # Permissions given in the plural, with a word before them that says what kind.
    (
        "Lawmakers granted the premier emergency powers for sixty days.",
        "Lawmakers",
        "the premier",
        "emergency powers for sixty days",
    ),
    (
        "The assembly gave the coast guard new powers to board fishing boats.",
        "assembly",
        "the coast guard",
        "new powers to board fishing boats",
    ),
    (
        "Three trawler firms were granted licences to fish the northern banks.",
        None,
        "Three trawler firms",
        "granted licences to fish the northern banks",
    ),
    # A headline tells the day's act in the present.
    ("Appeals panel allows county to redraw its wards", "Appeals panel", "county", "redraw its wards"),
    ("Premier orders coast guard to patrol the strait", "Premier", "coast guard", "patrol the strait"),
    ("Court clears way for dockers to strike", "Court", "dockers", "strike"),
    # "Let" takes its verb without "to".
    ("The tribunal let the miners' union hold its ballot.", "tribunal", "the miners' union", "hold its ballot"),
    ("The assembly voted to let farmers sell raw milk.", "assembly", "farmers", "sell raw milk"),
    ("The mayor signed an order letting cafes serve on the pavement.", "mayor", "cafes", "serve on the pavement"),
    ("The council voted to force landlords to insulate their flats.", "council", "landlords", "insulate their flats"),
    # A rule waived for someone, goods sold by leave, a permission whose effect a relative clause says.
    (
        "The treasurer waived the late fee for the two charities.",
        "treasurer",
        "the two charities",
        "waived the late fee",
    ),
    (
        "The trade ministry approved the sale of six patrol boats to Ghana.",
        "trade ministry",
        "Ghana",
        "buy six patrol boats",
    ),
    # Money given to a named party.
    ("The assembly approved $12 million in aid for Tonga.", "assembly", "Tonga", "receive $12 million in aid"),
    ("The treasury released the funds to the Coast Guard.", "treasury", "the Coast Guard", "receive the funds"),
    (
        "The water board has renewed for a year a permit that allows the mill to draw from the river.",
        "water board",
        "the mill",
        "draw from the river",
    ),
    # An order in the subjunctive: "that" and the bare verb, or the bare verb alone after "mandating".
    ("The council ordered that all kiosks close at ten.", "council", "all kiosks", "close at ten"),
    (
        "The district is mandating that bus drivers take a first-aid course.",
        "district",
        "bus drivers",
        "take a first-aid course",
    ),
    ("The province is mandating nurses wear visors.", "province", "nurses", "wear visors"),
    # Troops sent, and their deployment approved by its noun; a deployment told in the passive by its agent.
    ("The premier deployed 400 soldiers to the flooded valley.", "premier", "400 soldiers", "deployed"),
    (
        "The cabinet approved the deployment of 1,200 troops to the island.",
        "cabinet",
        "1,200 troops",
        "approved the deployment",
    ),
    (
        "The reservists were dispatched by the defence minister on Sunday.",
        "the defence minister",
        "reservists",
        "dispatched",
    ),
    # A court's ruling told as what it said or found.
    (
        "The appeals court said the port authority can dredge the channel.",
        "appeals court",
        "the port authority",
        "dredge the channel",
    ),
    ("The tribunal found that the nurses may strike.", "tribunal", "the nurses", "strike"),
    # A plan approved is its maker's leave to carry it out.
    ("The council approved the brewery's plan to add a terrace.", "council", "the brewery", "add a terrace"),
    # A court's ruling named by its noun, its maker before it; "should" in a ruling is an order.
    (
        "The union cited a district court ruling last spring that the railway should rehire the guards.",
        "district court",
        "the railway",
        "rehire the guards",
    ),
    # A limit undone in other words than "lifted".
    (
        "The assembly repealed the ban on street music.",
        "assembly",
        "street music",
        "repealed the ban on street music",
    ),
    # A plan signed off on; a participle "letting" after a decision; the use of a means allowed to
    # whoever stands after "by"; a power handed over, or given in a vote's words; a request "for" a thing.
    ("Inspectors signed off on the quarry's plan to blast at dawn.", "Inspectors", "the quarry", "blast at dawn"),
    (
        "The port authority renewed the berth scheme, letting trawlers moor for free.",
        "port authority",
        "trawlers",
        "moor for free",
    ),
    (
        "The sheriff authorised the use of drones by county deputies.",
        "sheriff",
        "county deputies",
        "use drones",
    ),
    (
        "Parliament handed the auditor new powers to inspect councils.",
        "Parliament",
        "the auditor",
        "new powers to inspect councils",
    ),
    (
        "The assembly voted to give the mayor the power to set fares.",
        "assembly",
        "the mayor",
        "the power to set fares",
    ),
    ("The judge granted the landlord's request for a delay.", "judge", "the landlord", "a delay"),
    ("The panel ruled the strike may go ahead.", "panel", "the strike", "go ahead"),
    # Leave to be somewhere or do something, granted like a permission: bail, parole, access, leave to appeal.
    ("The tribunal granted the two sailors bail.", "tribunal", "the two sailors", "bail"),
    (
        "The envoys were given access to the camp by the army last week.",
        "the army",
        "envoys",
        "given access to the camp",
    ),
    ("The appeals court granted the miners leave to appeal.", "appeals court", "the miners", "leave to appeal"),
    # A request okayed; a task given "with" its gerund; a permission renewed to its holder.
    ("The port okayed the ferry line's request to add a berth.", "port", "the ferry line", "add a berth"),
    ("The governor tasked the guard with clearing the roads.", "governor", "the guard", "clearing the roads"),
    (
        "The commission renewed Kestrel Radio's licence.",
        "commission",
        "Kestrel Radio",
        "renewed Kestrel Radio's licence",
    ),
    # Leave to look, not a belief let stand.
    ("The judge allowed the families to see the autopsy report.", "judge", "the families", "see the autopsy report"),
    # A document's maker told in an aside between it and its verb.
    (
        "The decree, signed by the premier on Monday, allows pharmacies to open at night.",
        "the premier",
        "pharmacies",
        "open at night",
    ),
    # A limit undone: who it held back may now act.
    (
        "The state court overturned a lower court order that had stopped the county from counting ballots.",
        "state court",
        "the county",
        "counting ballots",
    ),
    (
        "The appeals court lifted the injunction barring the quarry firm from blasting.",
        "appeals court",
        "the quarry firm",
        "blasting",
    ),
    # A ban ended by a vote.
    (
        "The athletics body voted to end its doping ban on the Rowing Federation.",
        "athletics body",
        "the Rowing Federation",
        "end the doping ban on the Rowing Federation",
    ),
    # A permission provided to its receiver, what an exemption is from between them.
    (
        "Last month, the ministry provided a similar exemption to Ferro Mills.",
        "ministry",
        "Ferro Mills",
        "a similar exemption",
    ),
    (
        "The ministry provided a one-off exemption from the levy to the Harbour Bakers.",
        "ministry",
        "the Harbour Bakers",
        "a one-off exemption",
    ),
    # An act whose purpose is the permission, given by whoever did the act.
    ("The governor signed an order to allow pharmacies to open at night.", "governor", "pharmacies", "open at night"),
    ("The council amended the bylaw to allow food trucks to park downtown.", "council", "food trucks", "park downtown"),
    # A name's acronym in brackets is read past.
    (
        "The Harbour Court (HC) on Monday allowed the Rowing Union (RU) to hold its regatta.",
        "Harbour Court",
        "the Rowing Union",
        "hold its regatta",
    ),
    # In the present, an act of deciding calls the troops up.
    (
        "The proclamation also activates the state National Guard to help fight fires.",
        "proclamation",
        "the state National Guard",
        "activates to help fight fires",
    ),
    # The force named before the noun of its order.
    (
        "The interior ministry approved army deployment in two provinces.",
        "interior ministry",
        "army",
        "approved deployment",
    ),
]


# Bail or parole granted to someone; a deal between firms cleared, the first-named (or the buyer) going ahead.
OTHER_PERMISSIONS += [
    ("The magistrate granted bail to the three dock workers.", "magistrate", "the three dock workers", "bail"),
    ("The board granted parole to Ivo Brandt.", "board", "Ivo Brandt", "parole"),
    # What the permission is for follows its receiver, past an aside about who that is.
    (
        "The tribunal granted permission to Mira Holt, a tenant of the block, to challenge the eviction.",
        "tribunal",
        "Mira Holt",
        "permission to challenge the eviction",
    ),
    (
        "The tribunal granted permission to Mira Holt to challenge the eviction.",
        "tribunal",
        "Mira Holt",
        "permission to challenge the eviction",
    ),
    (
        "The competition watchdog cleared the merger of Lumen Rail with Dovetrack.",
        "competition watchdog",
        "Lumen Rail",
        "merge with Dovetrack",
    ),
    (
        "The central bank gave final approval to the proposed merger between Kestrel Bank and Orrin Savings.",
        "central bank",
        "Kestrel Bank",
        "merge with Orrin Savings",
    ),
    ("The regulator approved Halvard's acquisition of Peller Foods.", "regulator", "Halvard", "acquire Peller Foods"),
    ("The regulator approved the purchase of Peller Foods by Halvard.", "regulator", "Halvard", "acquire Peller Foods"),
]


@pytest.mark.parametrize(("text", "granter", "receiver", "action"), OTHER_PERMISSIONS)
def test_a_permission_stated_in_other_shapes_names_its_parties(
    text: str, granter: str, receiver: str, action: str
) -> None:
    assert readings(text) == [("authorisation", granter, receiver, action)]


@pytest.mark.parametrize(
    "text",
    [
        # A measure that would act is not one that has.
        "The assembly passed a bill that would allow nurses to prescribe painkillers.",
        "The council would vote to allow pleasure boats to moor at the quay.",
        # A thing described, not an act.
        "A rule allowing shops to open on Sundays took effect in May.",
        "A memo, authorised by the treasurer, was read to the staff.",
        "Her approval rating rose to 44 percent after the debate.",
        # Nobody is named as making this rule, and "permission to build" names no receiver.
        "The order allows wardens to search vehicles at the gate.",
        "The board granted permission to build a second runway.",
        # A document's or a law's standing effect, its maker not named.
        "The work permit required the crew to report weekly to the harbour office.",
        "The 1998 statute allowed counties to levy a bed tax.",
        # A narrowed permission is read as the limit it is (`limits`), not as a grant.
        "Campers are only allowed to light fires in the stone pits.",
        # What an ordinary act made possible is no permission given.
        "The firm opened an office in Lagos, allowing its engineers to work there.",
        # "A law allowing ..." describes a thing; the progressive of a decision needs its verb "is".
        "A statute allowing pedlars to trade on the quay was repealed.",
        # A belief let stand is no permission.
        "The mayor allowed reporters and residents to believe that the pier was safe.",
        # Approval given to a thing, and an adjective before the permission, name no one who may act.
        "The assembly gave final approval to the harbour budget.",
        # What a waiver is for is no one who receives it.
        "The ministry granted a waiver to allow the export of the turbines.",
        # Time given without leave to act, a pardon wished for, a pardon with no one named, a call-up
        # that is only a plan.
        "The council gave the library three weeks of extra funding.",
        "The senator urged the governor to pardon the strikers.",
        "He pardoned them.",
        "The governor could activate the National Guard if the river rises.",
        # Commands at a scene, advice, and appeals to a crowd are no decisions.
        "Riot officers ordered the marchers to clear the bridge.",
        "The steward told the fans to stay in their seats.",
        "The candidate told voters to turn out early.",
        # A headline's "to" is a plan; a sentence of the body in the present states a standing rule.
        "Mayor to allow street markets on Sundays",
        "The charter allows members to vote by post.",
        # Letting time run permits no one; a crowd let through at a scene is no decision.
        "The mayor let the deadline pass.",
        "Stewards let the fans onto the pitch after the match.",
        "Police let the marchers continue to the square.",
        # A leave since withdrawn: the adverb tells of a change.
        "The council initially allowed the ferry company to run night crossings.",
        "The regulator had originally cleared the airline to fly the route.",
        # Money for a use names no one who may act.
        "The council approved $5 million for road repairs.",
        # Anyone but a court who "said" someone can act only reports or predicts it.
        "The mayor said residents can return home.",
        # A proposal approved asks the approvers to act, not its maker.
        "The ministers approved a proposal from the commission to tax plastic.",
        # A task one sets oneself, a deadline extended, a belief let stand.
        "The coach tasked himself with more sprints.",
        "The council extended Ana Ruiz's deadline.",
        "The delay allowed the public to see that the plan had failed.",
        # A court's "could" tells what may happen as often as what is allowed.
        "The court ruled that the new map could dilute the votes of farmers.",
        # A ruling's noun with no court before it names no maker; a limit ended by oneself is no decision.
        "Critics attacked the ruling that pupils must wear caps.",
        "He dropped the ban on his own.",
        # Someone sent things, not troops; a "that" after a verb of saying is no order.
        "She sent blankets to the shelter.",
        "The governor stressed that nurses get tired.",
    ],
)
def test_other_shapes_of_no_permission_given_are_not_read(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "authorisation"] == []


OTHER_LIMITS = [
    ("A state judge struck down the county's new zoning map.", "state judge", None, "the county's new zoning map"),
    ("The mayor vetoed the parking ordinance on Monday.", "mayor", None, "the parking ordinance"),
    (
        "The commission revoked the quarry's operating licence.",
        "commission",
        None,
        "the quarry's operating licence",
    ),
    ("Aldermen voted to block the sale of the old depot.", "Aldermen", None, "the sale of the old depot"),
    (
        "The premier signed a decree barring foreign trawlers from the bay.",
        "premier",
        "foreign trawlers",
        "foreign trawlers from the bay",
    ),
    (
        "The statute exempts family farms from the new water levy.",
        "statute",
        "family farms",
        "family farms from the new water levy",
    ),
    (
        "A judge issued an injunction barring the mill from dumping slag in the creek.",
        "judge",
        "the mill",
        "the mill from dumping slag in the creek",
    ),
    ("The magistrate denied bail to the two smugglers.", "magistrate", None, "bail to the two smugglers"),
    (
        "Port officials refused the activists a permit for the rally.",
        "Port officials",
        "the activists",
        "a permit for the rally",
    ),
    # The relative pronoun stands for the one before it.
    (
        "Mr. Adeyemi, who is ineligible to stand this year, campaigned for his brother.",
        None,
        "Mr. Adeyemi",
        "Mr. Adeyemi ineligible to stand this year",
    ),
    # Who imposed it, in a relative clause after it.
    ("The town ended the curfew its council imposed in March.", "council", None, "curfew"),
    ("The new levy doesn't apply to fishing boats.", None, "new levy", "fishing boats"),
    (
        "Hunters are no longer allowed to shoot on the moor.",
        None,
        "Hunters",
        "Hunters no longer allowed to shoot on the moor",
    ),
    # A ruling that someone may not act is a limit, not a permission.
    (
        "The tribunal ruled that the port may not charge the new fee.",
        "tribunal",
        "the port",
        "the port to charge the new fee",
    ),
    ("The panel decided that referees cannot review the tapes.", "panel", "referees", "referees to review the tapes"),
    # A rule's effect in the present, its subject in a relative clause.
    (
        "The league passed rules that ban sponsors from the shirts of youth teams.",
        "league",
        "sponsors",
        "sponsors from the shirts of youth teams",
    ),
    (
        "The assembly adopted regulations which prohibit night flights over the valley.",
        "assembly",
        None,
        "night flights over the valley",
    ),
    # A place after a lower-case noun is part of the subject.
    (
        "A county judge in Tarrow blocked the new parking fines.",
        "county judge in Tarrow",
        None,
        "the new parking fines",
    ),
    ("The council voted 7-2 to impose a hiring freeze.", "council", None, "hiring freeze"),
    ("The levy does not affect fishing cooperatives.", None, "levy", "fishing cooperatives"),
    ("Under the decree, pensioners are exempt.", None, "pensioners", "pensioners"),
    # A court that stops something, in a verb that elsewhere is a company's (tested below).
    ("The appeals panel halted the sale of the harbour land.", "appeals panel", None, "the sale of the harbour land"),
    (
        "A magistrate issued a restraining order against the quarry blasts.",
        "magistrate",
        None,
        "the quarry blasts",
    ),
    # A permission or a means withheld.
    ("The regulator suspended the ferry operator's licence.", "regulator", "the ferry operator's", "licence"),
    (
        "The finance ministry froze the assets of two shipping firms.",
        "finance ministry",
        None,
        "the assets of two shipping firms",
    ),
    # An adverb after an apposition is not the subject.
    (
        "Norway, which has the largest fleet, long blocked any cap on cod quotas.",
        "Norway",
        None,
        "any cap on cod quotas",
    ),
    # A court that suspends something, told in the passive; an exemption stated as such.
    (
        "The city's ban on street markets to curb the fever has been suspended by the High Court.",
        "High Court",
        None,
        "The city's ban on street markets",
    ),
    ("There is an exemption for fishing boats under ten metres.", None, None, "fishing boats under ten metres"),
    # The ruler refuses a request made as an attempt.
    (
        "The tribunal rejected an attempt by the port to delay the hearing.",
        "tribunal",
        None,
        "delay the hearing",
    ),
    # A day between a vote and its content; a possessive before the request; a permit cancelled;
    # exclusions granted.
    ("The assembly voted Tuesday to block the sale of the ferry.", "assembly", None, "the sale of the ferry"),
    (
        "The regulator rejected the airlines' applications to add night flights.",
        "regulator",
        None,
        "add night flights",
    ),
    ("The ministry cancelled the festival's permit.", "ministry", "the festival's", "permit"),
    ("The treasury granted tariff exclusions for hearing aids.", None, None, "hearing aids"),
    # An apposition between the one barred and "from".
    (
        "The election board disqualified Tomas Reyes, the former treasurer, from running for mayor.",
        "election board",
        "Tomas Reyes",
        "Tomas Reyes from running for mayor",
    ),
    # A court's finding strikes a rule down, in either voice.
    ("The tribunal declared the harbour levy unconstitutional.", "tribunal", None, "the harbour levy"),
    ("The appeals court ruled that the fishing quota was unlawful.", "appeals court", None, "the fishing quota"),
    (
        "The county's parking policy has been declared unlawful by the High Court.",
        "High Court",
        None,
        "county's parking policy",
    ),
    # A limit whom it holds is placed under; a time between the auxiliary and the verb.
    (
        "The three island villages were placed under a strict quarantine.",
        None,
        "three island villages",
        "strict quarantine",
    ),
    ("Premier Ada Moss has tonight ordered a full lockdown.", "Premier Ada Moss", None, "full lockdown"),
    # A permission narrowed to one use rules out every other.
    (
        "Two older ferries will only be allowed in the inner harbour.",
        None,
        "Two older ferries",
        "Two older ferries only allowed in the inner harbour",
    ),
    (
        "Campers are allowed only to light fires in the stone pits.",
        None,
        "Campers",
        "Campers only allowed to light fires in the stone pits",
    ),
    # The progressive of a limit is a limit in force.
    ("The ministry is banning trawling in the bay.", "ministry", None, "trawling in the bay"),
    # "of the" is inside the subject.
    (
        "Members of the old guild are barred from trading in the market hall.",
        None,
        "Members of the old guild",
        "Members of the old guild barred from trading in the market hall",
    ),
    # A vote to outlaw, a licence revoked, a request for a thing refused, an approval refused.
    ("The council voted to outlaw fireworks in the park.", "council", None, "fireworks in the park"),
    ("The licence of the quarry was revoked.", None, "licence of the quarry", "licence of the quarry"),
    ("The harbour board rejected the request for a second crane.", "harbour board", None, "a second crane"),
    ("The regulator refused to approve the new pesticide.", "regulator", None, "the new pesticide"),
    # A headline's present, by a body that decides.
    ("Judge blocks county's ban on drones", "Judge", None, "county's ban on drones"),
    # A limit put on a thing by its noun, a thing made to stop, a permission stripped, a plan voted down.
    ("The ministry put a freeze on new hiring.", "ministry", None, "freeze on new hiring"),
    ("The court ordered a halt to the demolition.", "court", None, "halt to the demolition"),
    ("The agency capped the number of night flights at six.", "agency", None, "the number of night flights at six"),
    ("The governor ordered the closure of all casinos.", "governor", None, "all casinos"),
    ("The governor ordered all casinos closed.", "governor", None, "all casinos"),
    ("The minister stripped the trawler firm of its licence.", "minister", "the trawler firm", "its licence"),
    ("The aviation authority grounded the airline's fleet.", "aviation authority", None, "the airline's fleet"),
    ("The government closed its border to foreign tourists.", "government", None, "foreign tourists"),
    ("The committee voted down the plan to close the library.", "committee", None, "close the library"),
    # What a rule in force forbids, told after "under" it.
    (
        "Under the new order, street vendors may not sell on the pier after dark.",
        None,
        "street vendors",
        "street vendors may not sell on the pier after dark",
    ),
    (
        "Tenants cannot keep dogs in the towers under the city's housing rules.",
        None,
        "Tenants",
        "Tenants cannot keep dogs in the towers",
    ),
    # A thing or a party a body stops, in the active, in a headline's present, or in the passive with
    # the terms a decision sets.
    ("The federation suspended the club's membership for a year.", "federation", None, "the club's membership"),
    ("The regulator froze the accounts of the two brokers.", "regulator", None, "the accounts of the two brokers"),
    ("Ministry halts work on the coastal road", "Ministry", None, "work on the coastal road"),
    ("Night trains were suspended until further notice.", None, None, "Night trains"),
    ("The toll road was shut by the state on Monday.", "the state", None, "toll road"),
    # Held to a number.
    ("The county limited weddings to fifty guests.", "county", None, "weddings to fifty guests"),
    # Put on a list of the sanctioned, or taken off a list of the approved.
    ("The Treasury added the shipping firm to its sanctions list.", "Treasury", None, "the shipping firm"),
    ("The board removed the lab from its list of approved testers.", "board", None, "the lab"),
    ("Two tankers were put on the blacklist.", None, None, "Two tankers"),
    # A closure extended, what it closes joined by "and"; a fleet ordered grounded by its owner's name;
    # planes grounded in the passive with a decision's terms.
    (
        "The mayor extended the closure of parks and pools by two weeks.",
        "mayor",
        None,
        "parks and pools",
    ),
    ("The agency ordered Aerobalt's turboprops grounded.", "agency", None, "Aerobalt's turboprops"),
    ("The decree extends the closures of bars and clubs until May.", "decree", None, "bars and clubs"),
    ("The ministry removed the broker from its whitelist.", "ministry", None, "the broker"),
    ("The turboprops were grounded until further notice.", None, None, "turboprops"),
    # A decision to list, taken in another verb's words, by a cabinet.
    (
        "The cabinet approved a plan to remove Freedonia from its list of trusted suppliers.",
        "cabinet",
        None,
        "Freedonia",
    ),
    # A thing put on hold; a court that will not hear a case; a party expelled; a permission voted
    # against; an act made a crime; a pause ordered; a use narrowed to some, by a rule or by "only".
    ("The county put the landfill expansion on hold.", "county", None, "the landfill expansion"),
    ("The supreme court declined to hear the miners' appeal.", "supreme court", None, "the miners' appeal"),
    ("The sprinter was expelled from the federation.", None, "sprinter", "sprinter"),
    (
        "The board voted against letting the stadium host concerts.",
        "board",
        "the stadium",
        "the stadium to host concerts",
    ),
    ("The statute makes it a crime to fly drones over prisons.", None, None, "fly drones over prisons"),
    ("The regulator ordered a pause on new mining leases.", "regulator", None, "pause on new mining leases"),
    ("Parking on the pier is restricted to residents.", None, "pier", "pier restricted to residents"),
    (
        "Only accredited reporters may enter the chamber.",
        None,
        "accredited reporters",
        "only accredited reporters may enter the chamber",
    ),
    ("The new levy applies only to lorries.", None, "new levy", "only to lorries"),
    ("The lane was closed to cyclists.", None, None, "lane"),
    # Leave refused, in the passive; aid cut off or funding pulled; a place off-limits; an act made a
    # crime; a body that stops issuing a thing.
    ("The reporter was denied entry.", None, "reporter", "entry"),
    ("The lenders cut off aid to the province.", "lenders", None, "aid to the province"),
    ("The ministry pulled funding for the festival.", "ministry", None, "funding for the festival"),
    ("The summit is off-limits to climbers.", None, "summit", "summit off-limits to climbers"),
    ("The parliament criminalised the trade in ivory.", "parliament", None, "the trade in ivory"),
    ("The consulate stopped issuing visas to tourists.", "consulate", None, "visas to tourists"),
    # A limit that came into force; no one allowed, in the future.
    ("The ban on night fishing took effect on Monday.", None, None, "ban on night fishing"),
    ("No one will be allowed to camp on the dunes.", None, None, "camp on the dunes"),
    # A ban named by what it is on, its end date no part of it; an order to stop or to refrain.
    ("The ministry extended the ban on night ferries until June 2.", "ministry", None, "ban on night ferries"),
    ("A moratorium on new wells was announced on Tuesday.", None, None, "moratorium on new wells"),
    ("The tribunal ordered the mill to stop all dumping.", "tribunal", "the mill", "all dumping"),
    # The one who said it only reported it: the order to stop has its own subject.
    (
        "Inspector Mara Quist said the county council had ordered the contractors to stop work on the bridge.",
        "county council",
        "the contractors",
        "work on the bridge",
    ),
    ("The board told its clerks to refrain from stamping forms.", "board", "its clerks", "stamping forms"),
    # An order not to act; a rule that includes exceptions.
    (
        "The circular further directs ministries not to announce new policies.",
        "circular",
        "ministries",
        "ministries to announce new policies",
    ),
    ("The order includes exceptions for the use of camp stoves.", None, None, "the use of camp stoves"),
    # A vote taken to do a thing does it; a limit in the future or held on.
    (
        "The swimming body voted in June, with most members in favour, to bar coaches from the pool deck.",
        "swimming body",
        "coaches",
        "coaches from the pool deck",
    ),
    ("Referees will be barred from the stadium.", None, "Referees", "Referees"),
    ("Pupils remain banned from using phones in class.", None, "Pupils", "Pupils banned from using phones in class"),
    (
        "The chiefs were restricted from making large payments.",
        None,
        "chiefs",
        "chiefs restricted from making large payments",
    ),
    ("The president ordered suspension of all trade unions.", "president", None, "all trade unions"),
    # A stay refused with an adverb between; an object ends where a participle with its agent starts.
    (
        "The tribunal declined to immediately issue a stay on the permit granted by the county to the quarry owners.",
        "tribunal",
        None,
        "a stay on the permit",
    ),
    # A scope that "shall not" reach, or does not apply "for".
    ("This restriction shall not apply to hospital ships.", None, "restriction", "hospital ships"),
    ("The curfew does not apply for night nurses.", None, "curfew", "night nurses"),
    # A concession states its fact.
    (
        "Though imports of raw sugar were banned in May, refiners kept working.",
        None,
        "imports of raw sugar",
        "imports of raw sugar",
    ),
    # An act of deciding whose purpose is a stop.
    ("The president issued a decree early on Monday to suspend the senate.", "president", None, "the senate"),
    ("A judge granted an injunction to shut down the quarry.", "judge", None, "the quarry"),
    (
        "An injunction designed to block anglers from netting in the reservoir has been granted by a county judge.",
        "a county judge",
        None,
        "anglers from netting in the reservoir",
    ),
    ("The council passed a resolution to ban fireworks.", "council", None, "fireworks"),
    ("The senate passed a bill to impose a ban on imports of coal.", "senate", None, "imports of coal"),
    (
        "The bill to suspend trade with the two islands passed by a vote of 40-3.",
        None,
        None,
        "trade with the two islands",
    ),
    # An act of deciding stops what it names from when it takes effect.
    ("The governor's order will close all bars from Friday.", "governor's order", None, "all bars"),
    ("The mayor's decree shuts down the night market.", "mayor's decree", None, "the night market"),
    # A court's stay, on or of what it stops.
    ("The appeals court granted a stay of the eviction.", "appeals court", None, "stay of the eviction"),
    # Whom an exemption covers is the phrase a relative clause describes, not the clause.
    ("Clinics that treat children are exempt from the levy.", None, "Clinics", "Clinics"),
    # A rule tells its limits in the present; a limit placed, introduced or kept is imposed.
    ("The ordinance imposes a ban on leaf blowers in parks.", "ordinance", None, "ban on leaf blowers in parks"),
    ("Marovia has placed a travel ban on Pellan because of the outbreak.", "Marovia", None, "travel ban on Pellan"),
    (
        "The council introduced a ban on glass bottles at the beach.",
        "council",
        None,
        "ban on glass bottles at the beach",
    ),
    (
        "The regional bloc maintained its embargo on selling drones to the rebels.",
        "regional bloc",
        None,
        "embargo on selling drones to the rebels",
    ),
    # What a rule left out, in the past as in the present; a circular or a notification is an act.
    ("The circular excluded bakeries and pharmacies.", "circular", None, "bakeries"),
    ("The agency issued a notification banning the sale of raw milk.", "agency", None, "the sale of raw milk"),
    # A time between the verb and its limit is no part of the limit.
    ("The bloc announced Tuesday a ban on imports of Tarvish steel.", "bloc", None, "ban on imports of Tarvish steel"),
]


@pytest.mark.parametrize(("text", "granter", "applies_to", "what"), OTHER_LIMITS)
def test_a_limit_stated_in_other_shapes_names_what_is_not_allowed(
    text: str, granter: str | None, applies_to: str | None, what: str
) -> None:
    assert readings(text) == [("exclusion", granter, applies_to, what)]


@pytest.mark.parametrize(
    "text",
    [
        # A ruling undone, an act stopped, a denial of a claim: none is a thing not allowed.
        "The high court overturned the lower court's verdict.",
        "The bakery halted deliveries during the storm.",
        "The brewery suspended its tours for the winter.",
        "The minister denied that her office had paid the firm.",
        "The candidate refused to comment on the poll.",
        # A scope that is no rule's: a survey, a speech, a tally.
        "The survey does not include voters under 21.",
        "Her speech did not cover the budget.",
        # A limit that held before a change, told as background.
        "Until the vote, the guild was barred from the harbour market.",
        "The choir had been denied visas to tour the islands until last month.",
        "The council had banned kites from the beach until recently.",
        "Prior to the new charter, women were excluded from the council.",
        # What closes a road without deciding it; a stop on a condition.
        "The storm will close the coast road.",
        "The order will close the port if the talks fail.",
        # A law only wanted, a bill only introduced, a ban's length.
        "The mayor wants a law to allow pharmacies to open.",
        "Lawmakers introduced a bill to ban vapes.",
        "The club imposed a ban of two years.",
        # After a preposition a participle describes a thing; a count starts no act.
        "The list of banned venues also includes arenas and gyms.",
        "The ministry permitted exports of rice to five countries.",
        # A call-up in the present by a person is a habit, not a decision.
        "The governor activates the Guard every summer.",
        # Goods provided are no permission.
        "The charity provided blankets to the refugees.",
        # An order to stop that is only sought.
        "The villagers sought an order to close the quarry.",
        # A ban already named in an earlier sentence, with nothing it is on, names nothing not allowed.
        "The premier announced the ban after a call with the mayors.",
        # What someone demands be done is not done; a crowd that holds people back decides nothing.
        "The farmers' union demanded that the envoy be expelled.",
        "Dock workers stopped the lorries from leaving the port.",
        # A decision told in a relative clause of what was undone; one someone only argues or claims.
        "The state court overturned a lower court order that had stopped the county from counting ballots.",
        "The growers argued that the statute bars the board from raising the levy.",
        "The union claims that the port authority has blocked dockers from striking.",
        # A decision the same sentence tells was undone since.
        "The agency denied a licence to the mill before the new minister reversed that decision.",
        "While a county judge found the levy unlawful, his decision was overturned on appeal.",
        # An adverb that tells of a decision since changed, before or after its auxiliary.
        "The rowing crew was initially refused visas for the regatta.",
        "The harbour board had originally barred yachts from the inner basin.",
        "Cyclists were at first banned from the new bridge.",
        # Why a source goes unnamed, not a limit set.
        "A port official, who was not authorised to speak publicly, said the cranes had failed.",
        "Two aides who were not permitted to discuss the budget described the meeting.",
        # A scope someone only believes or argues in.
        "The landlord seems to think he is exempt.",
        "The firm argues that the levy does not apply to its barges.",
        # After an article a verb's base form is the noun: "the ban", "a bar".
        "The ban removes the captain from two league games.",
        # "A statute banning ..." describes a thing; the progressive of a limit needs its verb "is".
        "A statute banning night fishing was repealed in May.",
        # What keeps people from things without deciding it.
        "Fog prevented the ferries from sailing.",
        "A lack of funds kept the clinic from hiring nurses.",
        # A narrowed permission that is only in prospect, or whose holder is left to the sentences around.
        "If the plan passes, trawlers would only be allowed in the outer bay.",
        "They are only allowed to fish on Sundays.",
        # A finding that is no court's, or about no rule; a lockdown only in prospect.
        "The auditors found the payments illegal.",
        "Critics say the levy is unconstitutional.",
        "The villages could be placed under quarantine next week.",
        # A relative clause that describes its subject rather than a rule.
        "He led the faction that blocked the canal scheme in 1962.",
        # A newsroom formula; a headline whose subject decides nothing.
        "The harbour board rejected a request for comment.",
        "Landslide blocks the coast road",
        # "Limited" before a noun is an adjective; a fog grounds nothing by deciding.
        "The deal gives the island limited access to the fishing grounds.",
        "Thick fog grounded the ferries.",
        # A bill or a plan is not in force.
        "Under the bill, landlords cannot raise rents.",
        "Under the plan, farmers must not burn stubble.",
        "Farmers cannot burn stubble under the proposal.",
        # A stop that happened rather than was decided: no terms, no body, or a firm's own.
        "The race was suspended as hail fell.",
        "A landslide shut down the pass.",
        "The bakery froze its prices.",
        # A denial of a claim withholds nothing, whatever the claim names.
        "The senator denied that her office had given the firm access to the files.",
        "The mayor denied allegations of rights abuses by the police.",
        # A refusal of something that is no leave; a firm that stops issuing its own goods.
        "The fans were refused a refund by the shop.",
        "The bakery stopped selling rye bread.",
        # Someone who is no court declining to review; a limit only wished for; a scope no rule's.
        "The coach declined to review the footage.",
        "Only time will tell whether the ban works.",
        "The survey applies only to adults.",
        "The shop was closed on Sunday.",
        # A list that holds no one back; a limit only in prospect.
        "She added the song to her list of favourites.",
        "The ban would take effect next spring.",
        # Sanctions that say on whom nothing; a limit on a thing named only in an earlier sentence.
        "The two allies announced further sanctions on Friday.",
        "The regulation exempts these jars.",
        "The government announced plans to ban vapes.",
        "The ministry barred those imports from next month.",
    ],
)
def test_other_shapes_of_no_limit_set_are_not_read(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "exclusion"] == []


def test_an_it_that_opens_a_sentence_stands_for_the_act_just_named() -> None:
    text = "The decree banned night markets. It also outlawed street parades."
    assert readings(text) == [
        ("exclusion", "decree", None, "night markets"),
        ("exclusion", "The decree", None, "street parades"),
    ]


def test_a_headline_that_restates_the_bodys_permission_is_not_read_twice() -> None:
    text = (
        "Governor authorizes Guard to clear the roads\n\n"
        "Governor Ada Lin on Friday signed an order authorizing the adjutant general to call up the Guard "
        "to clear snow from the roads."
    )
    # The headline is one more sentence stating the body's permission, which is one item citing both.
    [permission] = decision_drafts(read_decisions(split_sentences(text)))["authorisations"]
    assert (permission.granted_by, permission.granted_to) == ("Governor Ada Lin", "the adjutant general")
    assert permission.sentences == [1, 2]
    # A headline is read where the body states the same act in a shape not read.
    assert readings("Governor authorizes Guard to clear the roads\n\nThe roads were closed.") == [
        ("authorisation", "Governor", "Guard", "clear the roads")
    ]


def test_an_exception_is_read_beside_a_decision_only() -> None:
    assert readings("The council banned cars from the old town, except for delivery vans.") == [
        ("exclusion", "council", "cars", "cars from the old town"),
        ("exclusion", None, None, "delivery vans"),
    ]
    assert readings("Everyone came to the meeting except the treasurer.") == []
    # Who "unless they are" names is left out of the limit it qualifies.
    assert readings("Drivers are barred from the bridge unless they are residents.")[-1] == (
        "exclusion",
        None,
        None,
        "residents",
    )
    assert readings("The roads will be quiet unless they are reopened.") == []
    # Beside what a rule covers, an exception is the rule's; beside what a survey covers, it is not.
    assert readings("The curfew applies to every district except the harbour.") == [
        ("exclusion", None, None, "the harbour")
    ]
    assert readings("The survey covers every district except the harbour.") == []
    # A closing quotation after the period is no part of the phrase.
    assert readings("“No one may fish in the bay, except with a licence.’”")[-1][-1] == "a licence"


@pytest.mark.parametrize(
    ("kind", "text"),
    [("authorisation", case[0]) for case in OTHER_PERMISSIONS] + [("exclusion", case[0]) for case in OTHER_LIMITS],
)
def test_every_shape_read_carries_a_word_of_its_kind(kind: str, text: str) -> None:
    # A decision whose sentence has no cue word of its kind is set aside as unverified
    # (`extract.verify`): a shape the cues do not know would be read and never shown.
    assert has_cue(kind, [text])


def test_the_model_is_asked_for_few_permissions_in_few_words() -> None:
    # Every key and item the model writes costs decoding time on each article with an unread cue:
    # the parties, the action and the sentences, a few of each kind.
    schema = Permissions.model_json_schema()
    found = schema["$defs"]["FoundAuthorisation"]
    assert sorted(found["properties"]) == ["action", "granted_by", "granted_to", "sentences"]
    # Permissions only: the limits the model found in those sentences never passed the check.
    assert list(schema["properties"]) == ["authorisations"]
    assert schema["properties"]["authorisations"]["maxItems"] == MAX_FOUND


@pytest.mark.parametrize(
    "text",
    [
        # A relative clause with its own verb between the subject and "are allowed".
        "Drivers who hold a farmer’s permit are allowed to use the forest road in winter.",
        "Drivers who hold a farmer's permit are allowed to use the forest road in winter.",
    ],
)
def test_the_subject_is_found_past_a_relative_clause_and_an_apostrophe(text: str) -> None:
    assert readings(text) == [("authorisation", None, "Drivers", "allowed to use the forest road in winter")]


def test_the_one_who_decided_is_found_past_a_relative_clause() -> None:
    assert readings("The judge who heard the case allowed the firm to resume drilling.") == [
        ("authorisation", "judge", "the firm", "resume drilling")
    ]


def test_the_means_a_models_find_names_are_its_instruments_where_the_sentence_names_them() -> None:
    article = Article(
        text=(
            "The coastguard met on Monday in Port Ellis. "
            "Under the new plan, the wardens get the go-ahead from the coastguard "
            "to use patrol drones to watch the reef. "
            "Divers went out the next morning."
        )
    )
    # The sentence names the drones, not the buoys: only the drones are kept.
    action = "use patrol drones and sonar buoys to watch the reef"
    found = {
        "authorisations": [
            {"granted_by": "the coastguard", "granted_to": "the wardens", "action": action, "sentences": [2]}
        ]
    }
    fake = FakeLLM({"Overview": [OVERVIEW], "Permissions": [found], "judge": [0.9]})
    brief = summarize(article, engine=fake.engine(passes="multi"))
    [find] = [*brief.authorisations, *(u.authorisation for u in brief.unverified if u.authorisation)]
    assert (find.authorised, find.read_by, find.instruments) == ("the wardens", "model", ["patrol drones"])


def test_the_permissions_pass_is_asked_again_once_and_keeps_what_grounds() -> None:
    article = Article(text=DECK)
    # A small model repeats its prompt's example parties, whatever the error message says.
    parroted = {
        "authorisations": [
            {"granted_by": "the board", "granted_to": "the bus company", "action": "run buses", "sentences": [2]}
        ]
    }
    fake = FakeLLM({"Overview": [OVERVIEW], "Permissions": [parroted] * 3, "judge": [0.9]})
    brief = summarize(article, engine=fake.engine(passes="multi", max_retries=2))
    # The engine allows two re-asks; this pass takes one, then keeps what grounds (here nothing).
    assert fake.tool_calls("Permissions") == 2
    assert "the bus company" not in {a.authorised for a in brief.authorisations}
    assert brief.grounding.failed_passes == []
    assert {d.item["granted_to"] for d in brief.grounding.dropped} == {"the bus company"}


@pytest.mark.parametrize(
    "text",
    [
        # A year between the subject and its verb: the words read as who decided are a time.
        "The city in 2020 banned cars from the square.",
        # "the first time X has": an order and a count of time stand before the name.
        "It is the first time CAA has grounded an entire airline.",
        "This is the second time Ofcom has revoked a licence over ownership.",
        # The verb itself read as who decided.
        "The regulator has imposed bans related to the gaming and lottery sectors.",
    ],
)
def test_nothing_is_read_where_who_decided_is_no_party(text: str) -> None:
    assert readings(text) == []


@pytest.mark.parametrize(
    ("text", "granter"),
    [
        ("Earlier this year, the city banned cars from the square.", "city"),
        ("Ministers, who 48 hours ago rejected the plan, voted to ban lorries from the bridge.", "Ministers"),
        ("First Minister Ana Ruiz banned fireworks in the old town.", "First Minister Ana Ruiz"),
        ("The ruling allowed the club to sign new players.", "ruling"),
    ],
)
def test_a_time_or_an_ordinal_beside_the_one_who_decided_keeps_the_reading(text: str, granter: str) -> None:
    assert [r[1] for r in readings(text)] == [granter]


@pytest.mark.parametrize(
    ("phrase", "party"),
    [
        ("and order", False),
        ("list of", False),
        ("1992", False),
        ("24 hours ago", False),
        ("first time the board", False),
        ("imposed", False),
        ("the board", True),
        ("Judge Ana Ruiz", True),
        ("First Minister Ana Ruiz", True),
        ("Saturday's ruling", True),
        ("hearing", True),
    ],
)
def test_names_decider_tells_a_party_from_a_fragment(phrase: str, party: bool) -> None:
    assert names_decider(phrase) is party


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A place told with its region between commas is still part of who decided.
        (
            "A district judge in Tamsk, Ruritania, allowed the co-operative to reopen the mill.",
            [("authorisation", "district judge in Tamsk", "the co-operative", "reopen the mill")],
        ),
        (
            "The tribunal in Port Elin, Norland, on Friday barred the mining firm from dredging the estuary.",
            [("exclusion", "tribunal in Port Elin", "the mining firm", "the mining firm from dredging the estuary")],
        ),
        # "Approval to" the firm's plan: the firm, not the approval, may act.
        (
            "The aviation board granted approval to carrier Skyline's plan to restart its northern routes.",
            [("authorisation", "aviation board", "carrier Skyline", "restart its northern routes")],
        ),
        # A plea refused is a request refused, whether it asked "to", "for" or "seeking".
        (
            "The appeals bench dismissed a petition seeking the closure of the quarry.",
            [("exclusion", "appeals bench", None, "the closure of the quarry")],
        ),
        (
            "The high court rejected a plea to suspend the harbour tolls.",
            [("exclusion", "high court", None, "suspend the harbour tolls")],
        ),
        # An adverb before the second verb leaves its subject the first verb's.
        (
            "The council approved the levy and later allowed the market traders to set their own hours.",
            [("authorisation", "council", "the market traders", "set their own hours")],
        ),
    ],
)
def test_who_decided_is_found_past_a_place_an_approval_or_an_adverb(
    text: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    assert readings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # What was granted is the plea; the one who made it is not a receiver named here.
        "The magistrate granted the plea for bail filed by the editor.",
        # "Will be allowed" with no decision named is as often a promise.
        "Cyclists will be allowed to use the bridge.",
        "Cyclists will be allowed to use the bridge, the minister said.",
        "If the levy passes, cyclists will be allowed to use the bridge, the council decided.",
    ],
)
def test_no_party_or_no_decision_taken_reads_nothing(text: str) -> None:
    assert [r for r in readings(text) if r[0] == "authorisation"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Cyclists will be allowed to use the bridge, the city council decided on Tuesday.",
        "Cyclists were allowed to use the bridge, the city council decided on Tuesday.",
    ],
)
def test_a_permission_told_with_the_decision_after_it_names_who_decided(text: str) -> None:
    assert readings(text) == [("authorisation", "city council", "Cyclists", "allowed to use the bridge")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An acronym that opens the sentence is a name, though every first word has a capital.
        (
            "NAVREG has suspended Gull Air's operations.",
            [("exclusion", "NAVREG", None, "Gull Air's operations")],
        ),
        # A long object is cut before a purpose or a preposition, not dropped.
        (
            "In May, the tribunal halted the eviction of 250 families from the old river quarter "
            "to give them time to appeal.",
            [("exclusion", "tribunal", None, "the eviction of 250 families from the old river quarter")],
        ),
        # Goods listed with commas are still the goods of one sale; the buyer ends where the deal's
        # terms begin.
        (
            "The foreign ministry approved the sale of radars, drones, and patrol boats to Norland "
            "in a deal worth $2 billion.",
            [("authorisation", "foreign ministry", "Norland", "buy radars, drones, and patrol boats")],
        ),
    ],
)
def test_names_and_objects_past_the_first_word_the_bound_or_a_list(
    text: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    assert readings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A court named by what it hears is a court: its order is an act, not a standing rule.
        (
            "The Court of Appeals ordered the shipping agency to repay the sailors' wages.",
            [("authorisation", "Court of Appeals", "the shipping agency", "repay the sailors' wages")],
        ),
        # Whoever is released or reinstated may go free or return; each is its own decision.
        (
            "The tribunal ordered the release of poet Ivo Marr from detention and the reinstatement of two teachers.",
            [
                ("authorisation", "tribunal", "poet Ivo Marr", "release"),
                ("authorisation", "tribunal", "two teachers", "reinstatement"),
            ],
        ),
    ],
)
def test_a_courts_order_names_whom_it_frees_or_binds(
    text: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    assert readings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Protesters demanded that the tribunal order the release of the poet.",
        "The tribunal would have ordered the release of the poet.",
        "The tribunal ordered the release of them.",
    ],
)
def test_a_release_asked_for_or_not_named_is_not_read(text: str) -> None:
    assert readings(text) == []


def test_a_party_named_with_an_and_inside_it_is_one_party() -> None:
    text = "The county education office has directed all primary and junior schools in the county to close at noon."
    assert readings(text) == [
        ("authorisation", "county education office", "all primary and junior schools in the county", "close at noon")
    ]
    # Its sentence carries a word of order however many words the party takes.
    assert has_cue("authorisation", [text])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An order's effect in the present: what it prevents is not allowed.
        (
            "The injunction prevents anyone from camping on the riverbank.",
            [("exclusion", "injunction", "anyone", "anyone from camping on the riverbank")],
        ),
        # Limits "slapped" on a party are imposed; two limits on one party are told in one, in the
        # sentence's own words.
        (
            "Norland has slapped asset freezes and travel bans against three generals.",
            [("exclusion", "Norland", None, "asset freezes and travel bans against three generals")],
        ),
        # A quotation mark that cuts the phrase leaves no preposition dangling at its end.
        (
            'The bloc agreed to impose a visa ban on officials with "blood on their hands".',
            [("exclusion", "bloc", None, "visa ban on officials")],
        ),
    ],
)
def test_a_limit_imposed_or_in_force_names_what_it_holds_in_the_sentences_words(
    text: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    assert readings(text) == expected


def test_what_prevents_with_no_decision_behind_it_is_no_limit() -> None:
    assert readings("The storm prevents ferries from sailing.") == []
    assert readings("It prevents ferries from sailing.") == []


def test_results_annulled_are_a_limit_and_a_petition_to_annul_them_is_not() -> None:
    assert readings("The supreme court annulled the disputed mayoral vote.") == [
        ("exclusion", "supreme court", None, "the disputed mayoral vote")
    ]
    assert readings("The losing party petitioned the court to have the results nullified.") == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        # The clause that picks out whom a scope leaves out is part of it.
        (
            "The curfew does not apply to nurses who are travelling to a night shift.",
            "nurses who are travelling to a night shift",
        ),
        (
            "The levy does not cover fuel that is sold to fishing boats, officials said.",
            "fuel that is sold to fishing boats",
        ),
        ("The order does not cover farmers.", "farmers"),
        # In the sentence's own words, "to" and all.
        ("The new parking rules apply only to residents of the island.", "only to residents of the island"),
    ],
)
def test_a_scope_names_whom_it_leaves_out_in_the_sentences_words(text: str, what: str) -> None:
    assert [r[3] for r in readings(text)] == [what]


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Norland, Ostia and Vell barred the trawler fleet from the strait.", "Norland, Ostia and Vell"),
        ("Envoys of Norland and Vell allowed the convoy to pass.", "Envoys of Norland and Vell"),
        ("After talks with Ostia and Vell, Norland barred the trawler fleet from the strait.", "Norland"),
    ],
)
def test_the_last_name_of_a_list_is_the_lists(text: str, party: str) -> None:
    assert [r[1] for r in readings(text)] == [party]


def test_a_request_refused_after_a_comma_seeking_to_act_is_read() -> None:
    assert readings("The tribunal dismissed a stay application, seeking to halt the sale of the port.") == [
        ("exclusion", "tribunal", None, "halt the sale of the port")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The supreme court annulled the disputed mayoral vote.",
        "The injunction prevents anyone from camping on the riverbank.",
        "The appeals bench dismissed a petition seeking the closure of the quarry.",
    ],
)
def test_a_limit_read_by_these_shapes_carries_a_word_of_limit(text: str) -> None:
    assert readings(text) and has_cue("exclusion", [text])


def test_long_parties_and_a_no_before_a_thing_keep_their_cues() -> None:
    assert has_cue(
        "authorisation", ["The bench gave the harbour police and customs officers the right to search boats."]
    )
    assert has_cue("exclusion", ["No fishing vessel shall be moored at the pier overnight."])


@pytest.mark.parametrize(
    ("text", "whats"),
    [
        (
            "The former mayor is also barred from organising any rallies, making speeches against the council, "
            "or contacting foreign envoys.",
            [
                "former mayor barred from organising any rallies",
                "former mayor barred from making speeches against the council",
                "former mayor barred from contacting foreign envoys",
            ],
        ),
        (
            "The court barred the mayor from selling council land, or hiring new staff.",
            ["the mayor from selling council land", "the mayor from hiring new staff"],
        ),
        # One act told in full, word by word: one limit.
        ("Residents are barred from walking, cycling, or driving on the dam road.", ["Residents barred from walking"]),
        # A consequence after a comma is no second limit.
        (
            "Rival parties were barred from standing in the vote, leaving the ruling bloc unopposed.",
            ["Rival parties barred from standing in the vote"],
        ),
    ],
)
def test_each_act_of_a_list_of_acts_barred_is_a_limit(text: str, whats: list[str]) -> None:
    assert [r[3] for r in readings(text)] == whats


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An act named alone says nothing of what it decided: its own clause does.
        (
            "The tribunal stayed a decision that doubled the fees charged to street vendors.",
            [("exclusion", "tribunal", None, "a decision that doubled the fees charged to street vendors")],
        ),
        (
            "The judge stayed an order by the port authority which closed the fish market.",
            [("exclusion", "judge", None, "an order by the port authority which closed the fish market")],
        ),
        # Acts listed before the thing they share are one limit on that thing.
        (
            "The province banned the sale, import, storage and use of foam cups thinner than a finger.",
            [("exclusion", "province", None, "the sale, import, storage and use of foam cups thinner than a finger")],
        ),
    ],
)
def test_a_limit_on_a_bare_act_or_a_list_of_acts_names_its_thing(
    text: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    assert readings(text) == expected


def test_an_act_with_its_thing_or_a_lone_noun_is_read_as_before() -> None:
    # A thing named in full keeps its own end; a lone act with no clause after it stays as it is.
    assert readings("The tribunal stayed the eviction of forty families that lived by the canal.")[0][3] == (
        "the eviction of forty families"
    )
    assert readings("The tribunal suspended the decision.") == [("exclusion", "tribunal", None, "the decision")]
    # A list that does not end on a shared thing is not joined.
    assert readings("The province banned the sale, and the mayor resigned.")[0][3] == "the sale"


def test_a_grant_to_a_counted_group_and_a_grant_to_a_pronoun() -> None:
    assert readings("The president granted a full pardon to hundreds of jailed protesters.") == [
        ("authorisation", "president", "hundreds of jailed protesters", "a full pardon")
    ]
    # "him" names no one in its own sentence, and "him a cash" is no party.
    assert readings("The tribunal, chaired by Judge Ola Berg, granted him a cash bail with two guarantors.") == []


def test_what_a_court_says_may_have_happened_permits_nothing() -> None:
    assert readings("The appeals court ruled the inspectors may have acted too late.") == []
    assert readings("The appeals court ruled that the inspectors may now inspect the mill.") == [
        ("authorisation", "appeals court", "the inspectors", "inspect the mill")
    ]


def test_two_limits_read_from_one_sentence_that_run_into_each_other_are_one() -> None:
    overlapping = [
        Reading("exclusion", 1, "judge", None, "a motion to ban all street markets", "halted"),
        Reading("exclusion", 1, None, None, "all street markets until the hearing", "banned"),
        Reading("exclusion", 2, None, None, "all street markets until the hearing", "banned"),
    ]
    limits = decision_drafts(overlapping)["exclusions"]
    assert [(x.what, x.sentences) for x in limits] == [
        ("all street markets until the hearing", [1, 2]),
    ]
    # Words in common that do not run from one into the other: two limits.
    apart = [
        Reading("exclusion", 1, None, None, "ferries at the quay", "banned"),
        Reading("exclusion", 1, None, None, "repairs to the old quay wall", "banned"),
    ]
    assert len(decision_drafts(apart)["exclusions"]) == 2


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The new sanctions include a travel ban on the general's family.", "travel ban on the general's family"),
        (
            "The council adopted emergency measures, including a curfew on the harbour district.",
            "curfew on the harbour district",
        ),
        ("The regulator's package will include restrictions on payday lending.", "restrictions on payday lending"),
    ],
)
def test_a_limit_named_among_what_a_decision_includes_is_read(text: str, what: str) -> None:
    assert readings(text) == [("exclusion", None, None, what)]


def test_a_limit_included_in_a_wish_or_a_bare_ban_is_not_read() -> None:
    # A package that would include a ban is not one in force; "a ban" alone names nothing barred.
    assert readings("The package would include a ban on night flights.") == []
    assert readings("The measures include a ban.") == []
    # Only what a decision holds: a concert's programme "includes" no limit.
    assert readings("The festival programme includes a freeze tag game for children.") == []


def test_no_one_of_a_named_group_may_act_is_a_limit_told_with_its_group() -> None:
    assert readings("No driver under the age of 18 will be allowed on the toll road after dark.") == [
        ("exclusion", None, None, "No driver under the age of 18 will be allowed on the toll road after dark")
    ]
    assert readings("No one may camp on the dunes.") == [("exclusion", None, None, "camp on the dunes")]
    # The brief keeps it: its sentence has a word of limit ("no ... allowed").
    assert has_cue("exclusion", ["No driver under 18 will be allowed on the toll road."])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The magistrate ordered to release the three dockworkers on bail.", ("magistrate", "the three dockworkers")),
        (
            "The tribunal on Friday ordered for the release of the detained cartoonist.",
            ("tribunal", "the detained cartoonist"),
        ),
    ],
)
def test_a_release_ordered_with_no_one_to_carry_it_out_frees_whom_it_names(
    text: str, expected: tuple[str, str]
) -> None:
    assert readings(text) == [("authorisation", *expected, "release")]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "The tribunal rejected the appeal against the council's decision to shut the pier.",
            "the appeal against the council's decision to shut the pier",
        ),
        ("The ministry rejected her representations against the transfer.", "her representations against the transfer"),
        ("The chair rejected a censure motion.", "a censure motion"),
    ],
)
def test_a_request_refused_is_named_by_what_it_is_against_or_by_itself(text: str, what: str) -> None:
    [(kind, _, _, read)] = readings(text)
    assert (kind, read) == ("exclusion", what)


def test_a_plan_rejected_or_a_request_for_comment_is_no_limit() -> None:
    assert readings("The board rejected the plan.") == []
    assert readings("The firm rejected a request for comment.") == []


def test_a_name_with_an_and_inside_it_is_one_object() -> None:
    assert readings("The regulator suspended the Bank of Farming and Fisheries for a month.")[0][3] == (
        "the Bank of Farming and Fisheries"
    )
    # Two objects of two verbs stay apart.
    assert readings("The council banned Zipcab and stopped Roadly from operating.")[0][3] == "Zipcab"
    # A quotation mark that cuts the object leaves no article dangling at its end.
    assert readings('The ministry banned the Northern Youth League as an "unlawful body".')[0][3] == (
        "the Northern Youth League"
    )

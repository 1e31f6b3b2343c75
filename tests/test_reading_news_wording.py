"""Wordings of decisions common in news that the shapes read: lists and places in a subject, a pronoun
after a verb of saying, a title before a name, a finding or an act in quotation marks, and a few verbs
of deciding. Every sentence is our own."""

from __future__ import annotations

import pytest
from reading import readings

from summarizer.text.clauses import tail_phrase


@pytest.mark.parametrize(
    ("before", "phrase"),
    [
        ("Small boats, large ferries and tankers ", "Small boats, large ferries and tankers"),
        ("Workers in the water, power and transport sectors ", "water, power and transport sectors"),
        ("Cinemas and gyms ", "Cinemas and gyms"),
        ("The minister said the ferries and tankers ", "ferries and tankers"),
        ("Boats, ferries, and tankers ", "Boats, ferries, and tankers"),
        # A comma before the one "and" joins two clauses, not two members of a list.
        ("Officials banned gatherings of 50 people, and all residents ", "all residents"),
        # A place after a noun belongs to it.
        ("Marches in the centre of the city ", "Marches in the centre of the city"),
        ("Officials in the capital ", "Officials in the capital"),
        # Names are joined as before.
        ("Citizens of Chad, Mali and Niger ", "Citizens of Chad, Mali and Niger"),
    ],
)
def test_a_subject_takes_in_its_list_and_its_place(before: str, phrase: str) -> None:
    assert tail_phrase(before) == phrase


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "Workers in the water, power and transport sectors are also exempted from the curfew.",
            "water, power and transport sectors",
        ),
        (
            "Small boats, large ferries and tankers will not be allowed in the harbour.",
            "Small boats, large ferries and tankers",
        ),
        ("Marches in the centre of the city were banned last month.", "Marches in the centre of the city"),
    ],
)
def test_what_a_passive_limit_holds_is_the_whole_subject(text: str, what: str) -> None:
    [(kind, _, _, read)] = readings(text)
    assert (kind, read) == ("exclusion", what)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry said it has directed the port authority not to clear shipments below cost.",
            ("exclusion", "ministry", "the port authority", "the port authority to clear shipments below cost"),
        ),
        (
            "Police said they had banned all marches in the city centre.",
            ("exclusion", "Police", None, "all marches in the city centre"),
        ),
        (
            "The commission said on Monday that it had suspended the licence of the broadcaster.",
            ("exclusion", "commission", None, "the licence of the broadcaster"),
        ),
    ],
)
def test_a_pronoun_after_a_verb_of_saying_is_the_one_who_says(
    text: str, expected: tuple[str, str | None, str | None, str]
) -> None:
    assert readings(text) == [expected]


def test_a_pronoun_of_a_passive_after_saying_is_not_the_one_who_says() -> None:
    assert readings("Officials said it was banned last year.") == []


def test_a_ban_by_an_it_in_the_middle_of_a_sentence_is_still_a_ban() -> None:
    assert readings("In May last year, it banned exports of wheat flour.") == [
        ("exclusion", None, None, "exports of wheat flour")
    ]


@pytest.mark.parametrize(
    ("text", "receiver", "thing"),
    [
        (
            "A district court has granted a one-month bail to former minister Peter Otieno, who was held last week.",
            "former minister Peter Otieno",
            "a one-month bail",
        ),
        ("The court granted bail to former minister Peter Otieno.", "former minister Peter Otieno", "bail"),
        ("The court granted asylum to jailed activist Omar Hassan.", "jailed activist Omar Hassan", "asylum"),
    ],
)
def test_bail_or_asylum_goes_to_a_name_with_its_title(text: str, receiver: str, thing: str) -> None:
    [(kind, granter, read_receiver, read_thing)] = readings(text)
    assert (kind, read_receiver, read_thing) == ("authorisation", receiver, thing)
    assert granter is not None and granter.endswith("court")


def test_a_length_of_time_is_no_receiver_and_a_permission_to_act_is_no_title() -> None:
    assert readings("The judge granted a 10-day bail.") == []
    assert readings("The president has given the army permission to use US-supplied weapons.") == [
        ("authorisation", "president", "the army", "permission to use US-supplied weapons")
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The smoking ban takes effect on Monday.", "smoking ban"),
        ("The ban on night flights took effect on Monday.", "ban on night flights"),
        ("The curfew came into force at midnight.", "curfew"),
    ],
)
def test_a_limit_coming_into_force_is_named_by_its_words(text: str, what: str) -> None:
    assert readings(text) == [("exclusion", None, None, what)]


def test_a_bare_ban_coming_into_force_names_nothing() -> None:
    assert readings("The ban takes effect on Monday.") == []
    assert readings("Shops had six weeks until the date the ban comes into effect.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The appeals court declared his detention “illegal” and ordered his release.",
            ("exclusion", "appeals court", None, "his detention"),
        ),
        (
            'Judges have ordered the "immediate" release of a reporter held for two years.',
            ("authorisation", "Judges", "a reporter held for two years", "release"),
        ),
        (
            "A judge has ordered the “immediate suspension” of the messaging app in the country.",
            ("exclusion", "judge", None, "the messaging app in the country"),
        ),
        (
            "The judge ordered the full and immediate suspension of the app.",
            ("exclusion", "judge", None, "the app"),
        ),
        (
            "The president decided to extend the closure of all state offices until May.",
            ("exclusion", "president", None, "all state offices"),
        ),
    ],
)
def test_a_finding_or_an_act_in_quotation_marks_or_with_its_manner_is_read(
    text: str, expected: tuple[str, str | None, str | None, str]
) -> None:
    assert readings(text) == [expected]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "The board has also ruled that no more than 40 workers may be laid off next year.",
            "no more than 40 workers may be laid off next year",
        ),
        (
            "The tribunal ruled that no staff may be dismissed for six months.",
            "no staff may be dismissed for six months",
        ),
    ],
)
def test_a_ruling_that_no_one_may_act_is_a_limit(text: str, what: str) -> None:
    [(kind, _, receiver, read)] = readings(text)
    assert (kind, receiver, read) == ("exclusion", None, what)


def test_a_ruling_that_someone_may_act_is_still_a_permission() -> None:
    assert readings("The court ruled that the firm may resume work.") == [
        ("authorisation", "court", "the firm", "resume work")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The regulator gave the go-ahead for the merger of Alpha Telecom and Beta Mobile.",
            ("authorisation", "regulator", "Alpha Telecom", "merge with Beta Mobile"),
        ),
        (
            "The regulator has given the green light to the takeover of Beta Mobile by Alpha Telecom.",
            ("authorisation", "regulator", "Alpha Telecom", "acquire Beta Mobile"),
        ),
        (
            "The ministry has approved export of a chemical to Peru for the first time since March.",
            ("authorisation", "ministry", "Peru", "buy a chemical"),
        ),
        (
            "The cabinet approved sending up to 300 troops to the mission.",
            ("authorisation", "cabinet", "up to 300 troops", "approved sending"),
        ),
    ],
)
def test_approvals_told_in_other_words(text: str, expected: tuple[str, str | None, str | None, str]) -> None:
    assert readings(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The directive orders a complete ban on all vehicles during this period.",
            ("exclusion", "directive", None, "complete ban on all vehicles during this period"),
        ),
        (
            "The circular will however not apply to those engaged in essential services.",
            ("exclusion", None, "circular", "those engaged in essential services"),
        ),
        (
            "The Treasury sanctioned three shipping companies on Monday.",
            ("exclusion", "Treasury", None, "three shipping companies"),
        ),
        (
            "The government is sanctioning 10 people for their role in the invasion.",
            ("exclusion", "government", None, "10 people for their role in the invasion"),
        ),
    ],
)
def test_limits_told_by_other_verbs(text: str, expected: tuple[str, str | None, str | None, str]) -> None:
    assert readings(text) == [expected]


def test_sanctioned_as_approved_and_those_pointing_back_are_not_read() -> None:
    assert readings("The state government has sanctioned Rs 50 crore for the new hospital.") == []
    assert readings("The council sanctioned the support of two companies of troops.") == []
    assert readings("The law exempts those bags from the levy.") == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("A ban was imposed on the export of scrap metal last year.", "ban on the export of scrap metal"),
        (
            "A ban is introduced on the import of steel pipes from the region.",
            "ban on the import of steel pipes from the region",
        ),
        ("Also prohibited is the sale of fireworks to minors, the statement said.", "the sale of fireworks to minors"),
        ("Also banned will be the use of drones over the stadium.", "the use of drones over the stadium"),
        ("The bloc is already banning the country's exports of timber.", "the country's exports of timber"),
    ],
)
def test_a_limit_told_passive_inverted_or_in_force_is_read(text: str, what: str) -> None:
    [(kind, _, _, read)] = readings(text)
    assert (kind, read) == ("exclusion", what)


def test_a_passive_ban_naming_nothing_and_a_ruling_that_someone_could_not_act() -> None:
    assert readings("A ban was imposed last year.") == []
    assert readings("The appeals panel ruled that the mayor could not delay his trial.") == [
        ("exclusion", "appeals panel", "the mayor", "the mayor to delay his trial")
    ]


def test_a_linking_word_between_commas_stands_aside_and_a_bench_is_a_court() -> None:
    assert readings("The ministry, however, banned the march.") == [("exclusion", "ministry", None, "the march")]
    assert readings("The high court bench, however, said that the state police is free to begin fresh inquiries.") == [
        ("authorisation", "high court bench", "the state police", "begin fresh inquiries")
    ]


def test_what_someone_could_not_do_after_a_ruling_is_no_limit() -> None:
    text = "The board ruled that the claim was true, but in their report they could not resist adding a caveat."
    assert readings(text) == []


def test_a_stop_named_among_what_sanctions_include_is_named_by_what_it_stops() -> None:
    text = "Officials said the sanctions include the suspension of all farm and fuel trade between the two states."
    assert readings(text) == [("exclusion", None, None, "suspension of all farm and fuel trade between the two states")]
    assert readings("The measures include the closure.") == []


def test_members_of_a_body_can_be_sanctioned() -> None:
    assert readings("The government sanctioned members of the ruling council.") == [
        ("exclusion", "government", None, "members of the ruling council")
    ]

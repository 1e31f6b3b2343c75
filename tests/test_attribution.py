"""Who speaks and who acts: unnamed sources by wording, people quoted as sources, who gave a reported permission."""

from __future__ import annotations

import pytest
from fakellm import FakeLLM

from summarizer import Article, summarize
from summarizer.text.attribution import named_sources, reported_granter, unnamed_sources
from summarizer.text.quotations import find_quotations
from summarizer.text.sentences import split_sentences


def found(text: str) -> list[tuple[str, list[int]]]:
    return [(u.name, [s.number for s in u.sentences]) for u in unnamed_sources(split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The paper cites unnamed US officials.", "unnamed US officials"),
        ("An anonymous senior Pentagon official said so.", "anonymous senior Pentagon official"),
        ("People familiar with the matter said it would be signed.", "People familiar with the matter"),
        ("A source close to the negotiations confirmed it.", "source close to the negotiations"),
        ("Officials with knowledge of the Iran talks agreed.", "Officials with knowledge of the Iran talks"),
        ("Two senior officials, who spoke on condition of anonymity, said it.", "Two senior officials"),
        ("Aides who asked not to be named said so.", "Aides"),
    ],
)
def test_the_phrasings_of_an_unnamed_source(text: str, name: str) -> None:
    assert found(text) == [(name, [1])]


@pytest.mark.parametrize(
    "text",
    [
        "The hacker group Anonymous said it was responsible.",
        "Anonymous posters uploaded the video.",
        "The official said the plan was ready.",
        "Officials who spoke to reporters were upbeat.",
    ],
)
def test_named_or_ordinary_sources_are_not_unnamed_ones(text: str) -> None:
    assert found(text) == []


def test_singular_and_plural_mentions_are_one_source(seed_article: Article) -> None:
    assert found(seed_article.text) == [("unnamed US officials", [5, 8])]


ARTICLE = Article(text="Reuters reported the deal, citing unnamed officials. The unnamed officials said it was signed.")


def answer(sources: list[dict[str, object]]) -> dict[str, object]:
    none: list[object] = []
    return {"headline": "h", "summary": "s", "authorisations": none, "exclusions": none, "quotes": none} | {
        "event_date": None,
        "sources": sources,
    }


def test_an_unnamed_source_the_model_left_out_is_added_with_its_outlet() -> None:
    reuters = {"name": "Reuters", "kind": "media", "sentences": [1]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([reuters])]}).engine())
    assert [(s.name, s.kind, s.via, len(s.evidence)) for s in brief.sources] == [
        ("Reuters", "media", None, 1),
        ("unnamed officials", "anonymous", "Reuters", 2),
    ]


def test_an_unnamed_source_the_model_listed_is_not_added_twice() -> None:
    listed = {"name": "The unnamed officials", "kind": "official", "sentences": [2]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([listed])]}).engine())
    assert [(s.name, s.kind) for s in brief.sources] == [("The unnamed officials", "anonymous")]


def test_an_unnamed_source_the_model_listed_gains_the_sentence_that_names_its_outlet() -> None:
    reuters = {"name": "Reuters", "kind": "media", "sentences": [1]}
    listed = {"name": "The unnamed officials", "kind": "official", "sentences": [2]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([reuters, listed])]}).engine())
    officials = brief.sources[1]
    assert (officials.name, officials.via) == ("The unnamed officials", "Reuters")
    assert [e.text for e in officials.evidence] == [
        "Reuters reported the deal, citing unnamed officials.",
        "The unnamed officials said it was signed.",
    ]
    assert len(brief.sources) == 2


@pytest.mark.parametrize(
    ("reporter", "sentence", "granter"),
    [
        (
            "US Secretary of State Anthony Blinken",
            "US Secretary of State Anthony Blinken has confirmed that US President Joe Biden has given permission "
            "for Ukraine to strike military facilities in Russia with US weapons.",
            "US President Joe Biden",
        ),
        ("The ministry", "The ministry said that the Supreme Court had approved the merger.", "the Supreme Court"),
        (
            "Pentagon",
            "A Pentagon spokesman told reporters on Tuesday that President Biden had personally signed off on it.",
            "President Biden",
        ),
        ("the minister", "The minister announced that Parliament now allows the import of grain.", "Parliament"),
    ],
)
def test_the_one_who_reports_a_permission_is_replaced_by_the_one_who_gave_it(
    reporter: str, sentence: str, granter: str
) -> None:
    assert reported_granter(reporter, ["An unrelated sentence.", sentence]) == granter


@pytest.mark.parametrize(
    ("authoriser", "sentence"),
    [
        # Already the one who gave it.
        ("Joe Biden", "Anthony Blinken has confirmed that Joe Biden has given permission for Ukraine to strike."),
        ("the EU", "Reuters reported that the EU approved the deal."),
        # No reported grant: the model's answer stands.
        ("Blinken", "Blinken said Ukraine can use the weapons."),
        ("The council", "The council approved the budget, the mayor said."),
        ("Lee", "Lee said that the plan was approved."),
    ],
)
def test_an_authoriser_who_is_not_only_a_reporter_stands(authoriser: str, sentence: str) -> None:
    assert reported_granter(authoriser, [sentence]) is None


def test_a_brief_names_who_gave_the_permission_not_who_confirmed_it(seed_article: Article) -> None:
    # What the embedded model answers on the seed article: the Secretary of State who confirmed it.
    numbers = [s.number for s in split_sentences(seed_article.text) if "has given permission" in s.text]
    permission = {
        "granted_by": "US Secretary of State Anthony Blinken",
        "granted_to": "Ukraine",
        "action": "strike military facilities in Russia with US weapons",
        "instruments": [],
        "status": "granted",
        "sentences": numbers,
    }
    draft = answer([]) | {"authorisations": [permission]}
    brief = summarize(seed_article, engine=FakeLLM({"BriefDraft": [draft]}).engine())
    [authorisation] = brief.authorisations
    assert (authorisation.authoriser, authorisation.authorised) == ("US President Joe Biden", "Ukraine")
    assert brief.grounding.dropped == []


MATCH = Article(
    text="Panama lost 3-0 to Belgium on Monday. "
    '"We were not good enough," said Panama coach Hernan Dario Gomez. '
    "Reuters reported that fans booed. "
    '"I am proud of the boys" \n'
    "Roberto Martinez, Belgium coach. "
    'Gomez added: "We go on."'
)


def quote(speaker: str, text: str) -> dict[str, object]:
    return {"speaker": speaker, "speaker_role": None, "text": text}


def test_people_quoted_are_sources_with_the_sentences_that_quote_and_name_them() -> None:
    reuters = {"name": "Reuters", "kind": "media", "sentences": [3]}
    quotes = [
        quote("Hernan Dario Gomez", "We were not good enough"),
        quote("Roberto Martinez", "I am proud of the boys"),
        quote("Gomez", "We go on."),
    ]
    draft = answer([reuters]) | {"quotes": quotes}
    brief = summarize(MATCH, engine=FakeLLM({"BriefDraft": [draft]}).engine())
    found = {s.name: (s.kind, [e.text for e in s.evidence]) for s in brief.sources}
    assert found == {
        "Reuters": ("media", ["Reuters reported that fans booed."]),
        "Hernan Dario Gomez": ("other", ['"We were not good enough," said Panama coach Hernan Dario Gomez.']),
        # The name on the line after the quotation is cited with it.
        "Roberto Martinez": ("other", ['"I am proud of the boys"', "Roberto Martinez, Belgium coach."]),
    }
    assert brief.grounding.dropped == []


def test_a_quoted_person_the_model_listed_is_not_added_again() -> None:
    gomez = {"name": "Panama coach Hernan Dario Gomez", "kind": "official", "sentences": [2]}
    draft = answer([gomez]) | {"quotes": [quote("Gomez", "We go on.")]}
    brief = summarize(MATCH, engine=FakeLLM({"BriefDraft": [draft]}).engine())
    assert [(s.name, s.kind) for s in brief.sources] == [("Panama coach Hernan Dario Gomez", "official")]


def named(text: str) -> list[tuple[str, str, list[int]]]:
    spans = [(q.start, q.end) for q in find_quotations(text)]
    return [(n.name, n.kind, list(n.sentences)) for n in named_sources(text, split_sentences(text), spans)]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Dana Whitlock said the levy would rise.", ("Dana Whitlock", "other", [1])),
        ("Governor Ito Baptiste says the levy will rise.", ("Governor Ito Baptiste", "official", [1])),
        ("Prices fell, according to Harbour Analytics.", ("Harbour Analytics", "other", [1])),
        ("The Evening Ledger reported that the mill had shut.", ("The Evening Ledger", "media", [1])),
        ("She spoke in an interview with Radio Meridian.", ("Radio Meridian", "media", [1])),
        ("A new Corvale poll found support at 40 percent.", ("Corvale", "document", [1])),
        ("According to the Valley Gazette, the mill shut.", ("the Valley Gazette", "other", [1])),
        ("The Tarn Institute found that rents had doubled.", ("The Tarn Institute", "document", [1])),
        ("The Port Authority has confirmed the closure.", ("The Port Authority", "official", [1])),
        ("The Dale campaign says the figures are wrong.", ("The Dale campaign", "other", [1])),
        ("A reporter for the Harbour Mail saw the fire.", ("Harbour Mail", "media", [1])),
        ("The Coastal Times interviewed twelve fishermen.", ("The Coastal Times", "media", [1])),
        # Who made the study the article draws on, and a source whose words it borrows.
        ("A survey conducted by the Marsh Foundation found rents rising.", ("Marsh Foundation", "document", [1])),
        ("The plan was, as the Harbour Mail put it, a gamble.", ("Harbour Mail", "other", [1])),
        # A described group the article reports is a source; its modifiers stay with it.
        ("The levy would cost jobs, farm economists said.", ("farm economists", "other", [1])),
        ("The rule hurts the poorest schools, which advocates say lose most.", ("advocates", "other", [1])),
    ],
)
def test_the_shapes_that_name_a_source(text: str, source: tuple[str, str, list[int]]) -> None:
    assert named(text) == [source]


def test_a_source_is_listed_once_under_its_fullest_name_with_every_sentence_citing_it() -> None:
    text = (
        "Mayor Lena Ortiz said the pier would close. The Coastal Times reported the cost. Ortiz added that it reopens."
    )
    assert named(text) == [("Mayor Lena Ortiz", "official", [1, 3]), ("The Coastal Times", "media", [2])]


@pytest.mark.parametrize(
    "text",
    [
        # Names inside a quotation are what a source says, not who is cited.
        'Ortiz was blunt: "Senator Kells said nothing and the Ledger reported nothing."',
        # A pronoun is nobody's name; a month in a dateline is not part of one.
        "He said the pier would close.",
        "The pier closed on Monday and reopened a week later.",
        # A crowd is not a described group.
        "Many economists say the levy is too high.",
        "Experts said the levy was too high.",
        "Recent reports suggest the levy is too high.",
        'Ortiz was blunt: "Local lawyers told me the levy is unlawful."',
    ],
)
def test_what_names_no_source(text: str) -> None:
    assert [n for n, _, _ in named(text) if n != "Ortiz"] == []


def test_a_dateline_month_is_not_part_of_the_name_after_it() -> None:
    assert [n for n, _, _ in named("4 June Harbour Minister Ada Quist said the berth was safe.")] == [
        "Harbour Minister Ada Quist"
    ]


def test_multi_pass_reads_the_sources_without_asking_the_model() -> None:
    text = "The Coastal Times reported that the pier had shut. Mayor Lena Ortiz said it would reopen in May 2031."
    fake = FakeLLM({"Overview": [{"headline": "Pier shut", "summary": "The pier shut.", "event_date": "2029-05-01"}]})
    brief = summarize(Article(text=text), engine=fake.engine(passes="multi"))
    assert [r["tool"] for r in fake.extraction_requests] == ["Overview"]
    kinds = [(s.name, s.kind) for s in brief.sources]
    assert kinds == [("The Coastal Times", "media"), ("Mayor Lena Ortiz", "official")]
    assert all(text[e.start : e.end] == e.text for s in brief.sources for e in s.evidence)
    # A year the article never states is dropped and recorded, not re-asked: the overview is asked once.
    assert brief.event_date is None and len(fake.requests) == 1
    assert [d.section for d in brief.grounding.dropped] == ["event_date"]


def test_a_source_named_in_many_sentences_cites_the_first_few() -> None:
    text = " ".join(f"Mayor Lena Ortiz said point {n} stood." for n in range(1, 8))
    fake = FakeLLM({"Overview": [{"headline": "Points", "summary": "Seven points.", "event_date": None}]})
    brief = summarize(Article(text=text), engine=fake.engine(passes="multi"))
    [mayor] = brief.sources
    assert mayor.name == "Mayor Lena Ortiz" and mayor.evidence[0].text.endswith("point 1 stood.")
    assert 1 < len(mayor.evidence) <= 4


def test_a_statement_names_its_source_and_a_body_is_an_official_one() -> None:
    assert named("The closure came in a statement from the Harbour Commission.") == [
        ("Harbour Commission", "official", [1])
    ]


def test_an_unnamed_speaker_quoted_where_unnamed_officials_are_cited_is_the_same_source() -> None:
    text = (
        "The Daily Courier cites unnamed government officials on the closure. "
        '"The berth stays shut until spring," the anonymous government official said.'
    )
    overview = {"headline": "Berth shut", "summary": "The berth stays shut.", "event_date": None}
    speakers = {"Q1": "the anonymous government official"}
    fake = FakeLLM({"Overview": [overview], "QuoteSpeakers": [speakers]})
    brief = summarize(Article(text=text), engine=fake.engine(passes="multi"))
    names = [(s.name, s.kind) for s in brief.sources]
    # The official quoted is one of the officials the first sentence cites, not another source.
    assert names == [("unnamed government officials", "anonymous")]

from __future__ import annotations

import codecs
import datetime as dt
import json
import pickle
import shutil
from pathlib import Path

import pytest

from summarizer.errors import LoadError
from summarizer.io.loaders import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, discover, load_file
from summarizer.models import Article

REPO = Path(__file__).resolve().parents[1]
EVAL_ARTICLES = REPO / "examples" / "eval" / "articles"

RUSSIAN = (
    "Министерство обороны России заявило, что войска получили приказ открывать огонь по беспилотникам. "
    "Пресс-секретарь сообщил журналистам об этом в понедельник. По его словам, решение принято президентом "
    "после консультаций с Советом безопасности. Применение оружия разрешено только на территории страны."
)
FRENCH = (
    "Le président français a déclaré mercredi que l'armée était prête à intervenir. « Nous sommes déterminés », "
    "a-t-il ajouté à Paris, où la sécurité a été renforcée après les élections. Les députés ont voté à une très "
    "large majorité la loi sur la défense, qui prévoit une hausse du budget."
)
FRENCH_CP1252 = (
    "Selon le ministère, l’opération a été autorisée par le chef de l’État. « C’est une décision grave », "
    "a estimé un élu de l’opposition, qui réclame un débat au Parlement dès la rentrée. Les forces spéciales "
    "pourront frapper des cibles précises en Syrie, mais aucune troupe au sol n’est prévue."
)
GERMAN = (
    "Die Bundesregierung hat am Donnerstag beschlossen, die Grenzkontrollen zu verlängern. Der Minister äußerte "
    "sich dazu in München über die Größe der Aufgabe. Die Soldaten dürfen Waffen einsetzen, wenn sie angegriffen "
    "werden, teilte das Verteidigungsministerium mit. Kritiker fürchten eine Ausweitung des Einsatzes."
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Army told to prepare | Daily Planet</title>
<meta property="og:title" content="Army told to prepare">
<meta property="og:site_name" content="Daily Planet">
<meta property="og:url" content="https://planet.example/world/army-told-to-prepare">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World desk</a></li>
<li><a href="/sport">Sport and leisure</a></li></ul></nav>
<article>
<h1>Army told to prepare</h1>
<p>The defence ministry said on Tuesday that the army had been told to prepare for deployment along the
northern border, according to a statement released in the capital.</p>
<p>"We are ready," the minister told reporters, adding that troops would only use force in self-defence.</p>
</article>
<footer><p>Copyright 2019 Daily Planet. All rights reserved. Subscribe to our newsletter.</p></footer>
</body></html>
"""


def write(directory: Path, name: str, data: bytes | str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load_one(path: Path, **kwargs: int) -> Article:
    articles = load_file(path, **kwargs)
    assert len(articles) == 1
    return articles[0]


def load_error(path: Path, **kwargs: int) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_file(path, **kwargs)
    return caught.value


# --------------------------------------------------------------------------- plain text and encodings


def test_plain_text_keeps_text_exactly_and_defaults(tmp_path: Path) -> None:
    raw = "\n\n  First line.\r\nSecond  line\twith tab.\r\n\r\n   Indented.  \r\n\n"
    path = write(tmp_path, "story.txt", raw)
    article = load_one(path)
    assert article.text == raw
    assert article.id == "story"
    assert article.path == str(path)
    assert (article.title, article.source, article.url, article.published) == (None, None, None, None)


def test_old_mac_newlines_are_kept(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "mac.txt", "one\rtwo\r\rthree"))
    assert article.text == "one\rtwo\r\rthree"


def test_unicode_form_is_kept_so_offsets_match_the_file(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "nfd.txt", "Cafe\u0301 in Zu\u0308rich"))
    assert article.text == "Cafe\u0301 in Zu\u0308rich"
    assert len(article.text) == 16


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Grüße aus Kyiv".encode()))
    assert article.text == "Grüße aus Kyiv"


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    text = "Заголовок\r\nThe minister said “yes” — 東京."
    article = load_one(write(tmp_path, "wide.txt", bom + text.encode(codec)))
    assert article.text == text


def test_invalid_utf16_after_bom_is_an_error(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + b"a\x00b"))
    assert "invalid UTF-16-LE text after its byte-order mark" in error.reason


def test_cp1251_russian(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "ru.txt", RUSSIAN.encode("cp1251"))).text == RUSSIAN


def test_latin1_french(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "fr.txt", FRENCH.encode("latin-1"))).text == FRENCH


def test_latin1_german(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "de.txt", GERMAN.encode("latin-1"))).text == GERMAN


def test_cp1252_french_with_curly_apostrophes(tmp_path: Path) -> None:
    # charset-normalizer alone reads this as cp1250 ("dčs" for "dès").
    assert load_one(write(tmp_path, "fr.txt", FRENCH_CP1252.encode("cp1252"))).text == FRENCH_CP1252


def test_cp1252_english_with_typographic_quotes(tmp_path: Path) -> None:
    text = (
        "The ministry said the troops \u201cmay only fire in self-defence\u201d \u2014 a condition critics called "
        "vague. Officials in Paris described the caf\u00e9 meeting as \u201cconstructive\u201d. The deployment "
        "will be reviewed by parliament next month, the spokesman added, and further details are expected soon."
    )
    assert load_one(write(tmp_path, "en.txt", text.encode("cp1252"))).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Très bien", "latin-1"), ("Le café était très bon.", "latin-1"), ("Привет, мир!", "cp1251")],
)
def test_short_ambiguous_legacy_text_is_refused_not_guessed(tmp_path: Path, text: str, codec: str) -> None:
    error = load_error(write(tmp_path, "short.txt", text.encode(codec)))
    assert error.reason.startswith("could not determine the text encoding (not UTF-8: byte 0x")


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert error.reason == "binary file, not text"


def test_mostly_control_characters_mean_binary(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "ctl.txt", b"ab\x01\x02\x03\x04cd" * 50))
    assert error.reason == "binary file, not text"


def test_nul_characters_in_utf16_text_mean_binary(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "wide.txt", codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le")))
    assert error.reason == "binary file, not text"


@pytest.mark.parametrize(
    "data", [b"", b"  \r\n\t \n", codecs.BOM_UTF8 + b"\n \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_or_blank_file_has_no_article_text(tmp_path: Path, data: bytes) -> None:
    assert load_error(write(tmp_path, "blank.txt", data)).reason == "no article text"


def test_oversized_file(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 2_500)
    error = load_error(path, max_bytes=1_000)
    assert str(error) == f"{path}: file is 2.5 kB, over the 1.0 kB limit"
    assert load_one(path, max_bytes=2_500).text == "x" * 2_500


def test_default_size_limit_is_five_megabytes(tmp_path: Path) -> None:
    assert DEFAULT_MAX_BYTES == 5_000_000
    path = write(tmp_path, "huge.txt", b"a" * (DEFAULT_MAX_BYTES + 1))
    assert load_error(path).reason == "file is 5.0 MB, over the 5.0 MB limit"


def test_upper_case_suffix_is_supported(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "LOUD.TXT", "Shouting.")).text == "Shouting."


# --------------------------------------------------------------------------- front matter, sidecars, file-name dates


def test_markdown_front_matter_becomes_metadata(tmp_path: Path) -> None:
    page = (
        "---\r\n"
        "title: Kyiv may strike inside Russia\r\n"
        "outlet: The Example Times\r\n"
        "url: https://times.example/kyiv\r\n"
        "date: 2024-05-31\r\n"
        "---\r\n"
        "\r\n"
        "# Kyiv may strike\r\n"
        "\r\n"
        "The authorisation does not extend to ATACMS.\r\n"
    )
    article = load_one(write(tmp_path, "kyiv.md", page))
    # Exactly what follows the closing line's line break.
    assert article.text == "\r\n# Kyiv may strike\r\n\r\nThe authorisation does not extend to ATACMS.\r\n"
    assert article.text == page[page.index("---\r\n", 3) + 5 :]
    assert article.title == "Kyiv may strike inside Russia"
    assert article.source == "The Example Times"
    assert article.url == "https://times.example/kyiv"
    assert article.published == dt.date(2024, 5, 31)


def test_front_matter_datetime_keeps_the_stated_calendar_day(tmp_path: Path) -> None:
    page = "---\npublished: 2024-03-05T23:30:00-05:00\nsource: Wire\n---\nLate news."
    article = load_one(write(tmp_path, "late.txt", page))
    assert article.published == dt.date(2024, 3, 5)
    assert article.source == "Wire"
    assert article.text == "Late news."


def test_bad_yaml_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\nBody text.")
    error = load_error(path)
    assert error.reason.startswith("invalid YAML front matter (")
    assert str(error).startswith(f"{path}: invalid YAML front matter")
    assert "\n" not in str(error)


def test_unclosed_front_matter(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "open.md", "---\ntitle: x\nBody without a closing line."))
    assert error.reason == "front matter opened with '---' on the first line is never closed"


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "list.md", "---\n- a\n- b\n---\nBody."))
    assert error.reason == "front matter must be a YAML mapping, got list"


def test_front_matter_only_is_no_article_text(tmp_path: Path) -> None:
    assert load_error(write(tmp_path, "empty.md", "---\ntitle: Nothing\n---\n\n")).reason == "no article text"


def test_rule_later_in_text_is_not_front_matter(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "rule.md", "Intro.\n---\ntitle: not metadata\n---\nEnd."))
    assert article.text == "Intro.\n---\ntitle: not metadata\n---\nEnd."
    assert article.title is None


def test_sidecar_with_dev_set_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "GUM_news_x.txt", "Body.")
    sidecar = {"title": "A title", "sourceURL": "https://en.wikinews.org/wiki/X", "dateCreated": "2015-08-21"}
    write(tmp_path, "GUM_news_x.meta.json", json.dumps(sidecar))
    article = load_one(path)
    assert (article.title, article.url, article.published) == (
        "A title",
        "https://en.wikinews.org/wiki/X",
        dt.date(2015, 8, 21),
    )
    assert article.source is None


def test_front_matter_wins_over_sidecar_which_fills_gaps(tmp_path: Path) -> None:
    path = write(tmp_path, "both.md", "---\ntitle: From front matter\n---\nBody.")
    write(
        tmp_path, "both.meta.json", json.dumps({"title": "From sidecar", "source": "Wire", "published": "2020-01-02"})
    )
    article = load_one(path)
    assert (article.title, article.source, article.published) == ("From front matter", "Wire", dt.date(2020, 1, 2))


def test_invalid_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "Body.")
    sidecar = write(tmp_path, "story.meta.json", "{not json")
    error = load_error(path)
    assert error.path == sidecar
    assert error.reason.startswith("invalid JSON in metadata sidecar (")


def test_date_prefixed_file_name_gives_published(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "2024-05-31-us-allows-strikes.txt", "Body."))
    assert article.published == dt.date(2024, 5, 31)
    assert article.id == "2024-05-31-us-allows-strikes"


def test_metadata_date_beats_file_name_date(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "2024-05-31-story.md", "---\ndate: 2024-06-01\n---\nBody."))
    assert article.published == dt.date(2024, 6, 1)


@pytest.mark.parametrize(
    "name", ["2024-13-01-story.txt", "20240531-story.txt", "2024-05-310.txt", "story-2024-05-31.txt"]
)
def test_no_date_is_invented_from_other_file_names(tmp_path: Path, name: str) -> None:
    assert load_one(write(tmp_path, name, "Body.")).published is None


# --------------------------------------------------------------------------- HTML


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "army.html", NEWS_PAGE))
    assert "The defence ministry said on Tuesday that the army had been told to prepare" in article.text
    assert '"We are ready," the minister told reporters' in article.text
    for boilerplate in ("Home", "World desk", "Sport and leisure", "Copyright", "Subscribe"):
        assert boilerplate not in article.text
    assert article.title == "Army told to prepare"
    assert article.source == "Daily Planet"
    assert article.url == "https://planet.example/world/army-told-to-prepare"
    assert article.published == dt.date(2024, 3, 5)
    assert article.id == "army"


def test_html_date_is_not_taken_from_a_copyright_footer(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Quiet day</title></head><body><article><p>The minister said troops may fire only "
        "in self-defence, according to a statement.</p></article><footer>Copyright 2021 Example</footer></body></html>"
    )
    article = load_one(write(tmp_path, "quiet.htm", page))
    assert article.published is None
    assert article.text == "The minister said troops may fire only in self-defence, according to a statement."


def test_html_without_text(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "empty.html", "<html><head><title>x</title></head><body></body></html>"))
    assert error.reason == "no extractable article text in the HTML"


# --------------------------------------------------------------------------- JSON and JSON Lines


def test_json_single_object(tmp_path: Path) -> None:
    record = {
        "content": "Line one.\r\nLine two.",
        "title": "T",
        "source": "Wire",
        "url": "https://x.example/a",
        "published": "2024-03-05T10:00:00Z",
    }
    article = load_one(write(tmp_path, "one.json", json.dumps(record)))
    assert article.text == "Line one.\r\nLine two."
    assert (article.id, article.title, article.source, article.url) == ("one", "T", "Wire", "https://x.example/a")
    assert article.published == dt.date(2024, 3, 5)


def test_json_list_numbers_ids_and_keeps_given_ones(tmp_path: Path) -> None:
    records = [{"text": "First."}, {"id": "custom", "body": "Second.", "date": "2024-02-30"}, {"text": "Third."}]
    articles = load_file(write(tmp_path, "batch.json", json.dumps(records)))
    assert [a.id for a in articles] == ["batch-1", "custom", "batch-3"]
    assert [a.text for a in articles] == ["First.", "Second.", "Third."]
    assert articles[1].published is None  # 30 February: unparseable, not an error


def test_json_list_item_must_be_an_object(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "mixed.json", json.dumps([{"text": "ok"}, "just a string"])))
    assert error.reason == "item 2: expected a JSON object, got a string"


def test_json_without_text_field(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "notext.json", json.dumps({"title": "Only a title"})))
    assert error.reason == "no article text (expected a 'text', 'content' or 'body' field)"


def test_json_blank_text_in_list_names_the_item(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "blank.json", json.dumps([{"text": "ok"}, {"text": "  \n "}])))
    assert error.reason == "item 2: no article text"


def test_invalid_json(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "broken.json", '{"text": "unterminated'))
    assert error.reason.startswith("invalid JSON (Unterminated string")


def test_jsonl_skips_blank_lines_and_numbers_articles(tmp_path: Path) -> None:
    lines = '{"text": "One."}\n\n{"text": "Two.", "source": "Wire"}\r\n   \n{"id": 7, "text": "Three."}\n'
    articles = load_file(write(tmp_path, "feed.jsonl", lines))
    assert [a.id for a in articles] == ["feed-1", "feed-2", "7"]
    assert [a.text for a in articles] == ["One.", "Two.", "Three."]
    assert articles[1].source == "Wire"


def test_jsonl_bad_line_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", '{"text": "One."}\n{"text": "Two."}\n{"text": "Three.",}\n')
    error = load_error(path)
    assert str(error).startswith(f"{path}: line 3: invalid JSON (")
    assert error.reason == "line 3: invalid JSON (Expecting property name enclosed in double quotes at column 19)"


def test_jsonl_duplicate_ids(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "dup.jsonl", '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n'))
    assert error.reason == "line 2: duplicate id 'a' (also used by line 1)"


def test_jsonl_with_utf16_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + '{"text": "Привет"}\r\n'.encode("utf-16-le")
    assert load_one(write(tmp_path, "wide.jsonl", data)).text == "Привет"


# --------------------------------------------------------------------------- other errors


def test_unsupported_suffix(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "report.pdf", b"%PDF-1.7"))
    assert error.reason == "unsupported file type '.pdf' (supported: .htm, .html, .json, .jsonl, .md, .txt)"


def test_missing_file(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nope.txt").reason == "file not found"


def test_sidecar_is_not_an_article(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "story.meta.json", "{}"))
    assert error.reason == "metadata sidecar (*.meta.json), not an article"


def test_load_error_is_one_line_and_keeps_its_parts() -> None:
    error = LoadError(Path("a/b.txt"), "first line\n  second line")
    assert str(error) == "a/b.txt: first line second line"
    assert (error.path, error.reason) == (Path("a/b.txt"), "first line second line")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)


# --------------------------------------------------------------------------- discover


def test_discover_expands_folders_sorted_and_skips_sidecars_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ["b.txt", "a.md", "a.meta.json", "sub/c.html", "sub/d.jsonl", "e.pdf", ".hidden.txt", ".git/f.txt"]:
        write(root, name, "x")
    loose = write(tmp_path, "notes.rtf", "x")
    found = discover([root, loose, root / "b.txt"])
    assert found == [root / "a.md", root / "b.txt", root / "sub" / "c.html", root / "sub" / "d.jsonl", loose]


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}


# --------------------------------------------------------------------------- a real dev-set article


def test_real_dev_article_with_its_sidecar(tmp_path: Path) -> None:
    source = EVAL_ARTICLES / "GUM_news_korea.txt"
    if not (source.is_file() and source.with_name("GUM_news_korea.meta.json").is_file()):
        pytest.skip("examples/eval/articles is not present")
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(source.with_name("GUM_news_korea.meta.json"), tmp_path / "GUM_news_korea.meta.json")
    article = load_one(tmp_path / source.name)
    raw = source.read_text(encoding="utf-8")
    assert article.text == raw
    assert article.text.startswith("North Korea puts military in 'quasi-state of war'\n\nFriday, August 21, 2015")
    assert article.id == "GUM_news_korea"
    assert article.title == "North Korea puts military in 'quasi-state of war'"
    assert article.url == "https://en.wikinews.org/wiki/North_Korea_puts_military_in_%27quasi-state_of_war%27"
    assert article.published == dt.date(2015, 8, 21)
    assert article.source is None


# --------------------------------------------------------------------------- dates and field types


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", dt.date(2024, 3, 5)),
        ("2024-03-05 23:59:59+09:00", dt.date(2024, 3, 5)),
        ("2024-03-05T10:00:00.123456-05:00", dt.date(2024, 3, 5)),
        ("20240305", None),
        ("5 March 2024", None),
        ("2024-03-05 at noon", None),
        ("yesterday", None),
        (2024, None),
    ],
)
def test_published_accepts_iso_dates_and_datetimes_only(
    tmp_path: Path, value: object, expected: dt.date | None
) -> None:
    record = {"text": "Body.", "published": value}
    assert load_one(write(tmp_path, "dated.json", json.dumps(record))).published == expected


def test_metadata_field_must_be_text(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "list-title.md", "---\ntitle: [a, b]\n---\nBody."))
    assert error.reason == "field 'title' must be text, got list"


def test_json_id_must_be_a_string_or_integer(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "ids.jsonl", '{"id": ["x"], "text": "Body."}\n'))
    assert error.reason == "line 1: field 'id' must be a string or an integer, got a list"


def test_sidecar_also_completes_html_metadata(tmp_path: Path) -> None:
    page = "<html><body><article><p>The minister said troops may fire in self-defence.</p></article></body></html>"
    path = write(tmp_path, "2023-01-02-bare.html", page)
    write(tmp_path, "2023-01-02-bare.meta.json", json.dumps({"title": "Bare page", "source": "Wire"}))
    article = load_one(path)
    assert (article.title, article.source, article.published) == ("Bare page", "Wire", dt.date(2023, 1, 2))


def test_discover_takes_a_missing_path_as_given_and_load_reports_it(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    assert discover([missing]) == [missing]
    assert str(load_error(missing)) == f"{missing}: file not found"


# --------------------------------------------------------------------------- one bad record costs only itself


def test_jsonl_bad_lines_are_problems_and_good_lines_still_load(tmp_path: Path) -> None:
    lines = [
        '{"text": "One."}',
        '{"text": "Two.",}',
        "",
        '["not", "an", "object"]',
        '{"id": "x", "text": "Four."}',
        '{"title": "no text"}',
        '{"id": "x", "text": "Duplicate."}',
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    problems: list[LoadError] = []
    articles = load_file(path, problems=problems)
    # Ids keep their line-based numbers, so a fixed line later gets the same brief name.
    assert [(a.id, a.text) for a in articles] == [("feed-1", "One."), ("x", "Four.")]
    assert [str(problem) for problem in problems] == [
        f"{path}: line 2: invalid JSON (Expecting property name enclosed in double quotes at column 17)",
        f"{path}: line 4: expected a JSON object, got a list",
        f"{path}: line 6: no article text (expected a 'text', 'content' or 'body' field)",
        f"{path}: line 7: duplicate id 'x' (also used by line 5)",
    ]
    assert all("\n" not in str(problem) and problem.path == path for problem in problems)
    # Without a list to collect them, the first bad line raises, as for any other error.
    assert str(load_error(path)) == str(problems[0])


def test_json_list_bad_items_are_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "list.json", json.dumps([{"text": "ok"}, "just a string", {"text": " "}, {"text": "ok"}]))
    problems: list[LoadError] = []
    assert [a.id for a in load_file(path, problems=problems)] == ["list-1", "list-4"]
    assert [problem.reason for problem in problems] == [
        "item 2: expected a JSON object, got a string",
        "item 3: no article text",
    ]


def test_jsonl_with_only_bad_lines_loads_nothing_and_names_each(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", "{\n[1]\n")
    problems: list[LoadError] = []
    assert load_file(path, problems=problems) == []
    assert [problem.reason.split(":")[0] for problem in problems] == ["line 1", "line 2"]


def test_whole_file_problems_still_raise_with_a_problems_list(tmp_path: Path) -> None:
    problems: list[LoadError] = []
    with pytest.raises(LoadError, match="invalid JSON"):
        load_file(write(tmp_path, "broken.json", "[{"), problems=problems)
    with pytest.raises(LoadError, match=r"lone\.json: no article text$"):
        load_file(write(tmp_path, "lone.json", json.dumps({"text": ""})), problems=problems)
    assert problems == []


# --------------------------------------------------------------------------- discover: nothing skipped silently


def test_discover_reports_symlink_loops_and_broken_links(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root, "a.txt", "Body.")
    write(root, "sub/b.txt", "Body.")
    (root / "loop").symlink_to("loop")
    (root / "self.txt").symlink_to("self.txt")
    (root / "gone.txt").symlink_to("missing.txt")
    (root / "gone.pdf").symlink_to("missing.pdf")  # would be skipped anyway: not reported
    (root / "sub" / "up").symlink_to("..")
    problems: list[LoadError] = []
    assert discover([root], problems=problems) == [root / "a.txt", root / "sub" / "b.txt"]
    reasons = {problem.path.name: problem.reason for problem in problems}
    assert reasons == {
        "gone.txt": "broken symbolic link (its target missing.txt cannot be read: No such file or directory)",
        "loop": "symbolic link loop",
        "self.txt": "symbolic link loop",
        "up": f"symbolic link loop (leads back to {root.resolve()})",
    }
    assert all(str(problem).startswith(f"{problem.path}: ") and "\n" not in str(problem) for problem in problems)
    # Without a list to collect them, the first one raises.
    with pytest.raises(LoadError) as caught:
        discover([root])
    assert str(caught.value) == str(problems[0])


def test_discover_follows_linked_folders_and_lists_each_file_once(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    write(shared, "s.txt", "Body.")
    root = tmp_path / "in"
    write(root, "a.txt", "Body.")
    (root / "linked").symlink_to(shared)
    (root / "same").symlink_to(shared)
    (root / "alias.txt").symlink_to(root / "a.txt")
    assert discover([root]) == [root / "a.txt", root / "linked" / "s.txt"]


def test_discover_takes_str_paths(tmp_path: Path) -> None:
    write(tmp_path, "in/a.txt", "Body.")
    assert discover([str(tmp_path / "in")]) == [tmp_path / "in" / "a.txt"]

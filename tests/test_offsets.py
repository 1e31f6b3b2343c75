"""Offsets in a brief index the file the user has, and `summarizer text FILE` prints what they index.

Also: every public function that takes a path takes a `str` or any `os.PathLike`.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path, PurePath

import pytest
from fakellm import FakeLLM

from summarizer import cli, summarize
from summarizer.extract.pipeline import to_article
from summarizer.io.loaders import discover, load_file
from summarizer.io.store import (
    atomic_file,
    brief_filename,
    is_current,
    load_briefs,
    read_brief,
    temp_sibling,
    write_atomic,
)
from summarizer.models import Brief

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "2024-05-31-us-allows-ukraine-strikes.txt"
SEED = REPO / "tests" / "fixtures" / "articles" / SEED_NAME


def spans(brief: Brief) -> list[tuple[int, int, str]]:
    found = [(q.span.start, q.span.end, q.span.text) for q in brief.quotes]
    for section in (brief.authorisations, brief.exclusions, brief.sources):
        for item in section:
            found += [(e.start, e.end, e.text) for e in item.evidence]
    return found


# --------------------------------------------------------------------------- offsets index the file


def test_seed_article_text_is_the_file_text_leading_space_included() -> None:
    file_text = SEED.read_bytes().decode("utf-8")
    assert file_text.startswith(" ")  # the case that used to put every offset one off
    assert load_file(SEED)[0].text == file_text


def test_text_file_with_leading_space_crlf_and_trailing_spaces_is_kept_exactly(tmp_path: Path) -> None:
    file_text = " The minister said troops may fire.  \r\nOnly in self-defence, he added.\t \r\n\r\n  End. \n"
    path = tmp_path / "story.txt"
    path.write_bytes(file_text.encode("utf-8"))
    assert load_file(path)[0].text == file_text
    # A byte-order mark is the one thing removed.
    path.write_bytes(codecs.BOM_UTF8 + file_text.encode("utf-8"))
    assert load_file(path)[0].text == file_text
    path.write_bytes(codecs.BOM_UTF16_LE + file_text.encode("utf-16-le"))
    assert load_file(path)[0].text == file_text


def test_markdown_body_after_front_matter_is_kept_exactly(tmp_path: Path) -> None:
    body = "\r\n  # Title  \r\n\r\nThe minister said troops may fire.\r\n"
    path = tmp_path / "story.md"
    path.write_bytes(("---\r\ntitle: Fire\r\n---\r\n" + body).encode("utf-8"))
    article = load_file(path)[0]
    assert article.text == body
    assert article.title == "Fire"


def test_json_and_jsonl_text_fields_are_kept_exactly(tmp_path: Path) -> None:
    value = " Leading space.\r\nCRLF and trailing spaces.  \n"
    (tmp_path / "one.json").write_text(json.dumps({"text": value}), encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"body": value}) + "\r\n", encoding="utf-8")
    assert load_file(tmp_path / "one.json")[0].text == value
    assert load_file(tmp_path / "feed.jsonl")[0].text == value


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_brief_offsets_slice_the_file_text(tmp_path: Path, newline: str) -> None:
    """Brief-level: every evidence and quote span slices the file as it is on disk to the span's text."""
    file_text = SEED.read_bytes().decode("utf-8").replace("\n", newline) + "  \n"
    path = tmp_path / SEED_NAME
    path.write_bytes(file_text.encode("utf-8"))
    brief = summarize(load_file(path)[0], engine=FakeLLM.from_fixture("seed").engine())
    found = spans(brief)
    assert len(found) >= 5
    for start, end, text in found:
        assert file_text[start:end] == text


# --------------------------------------------------------------------------- str and os.PathLike paths


def test_load_file_and_discover_take_a_plain_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    article = load_file("examples/articles/2024-05-31-us-allows-ukraine-strikes.txt")[0]
    assert article.id == "2024-05-31-us-allows-ukraine-strikes"
    assert article.path == "examples/articles/2024-05-31-us-allows-ukraine-strikes.txt"
    found = discover(["examples/articles"])
    assert Path("examples/articles/2024-05-31-us-allows-ukraine-strikes.txt") in found


def test_summarize_takes_any_path_like_but_a_str_is_article_text() -> None:
    # PurePath is an os.PathLike that is not a Path.
    assert to_article(PurePath(SEED)).text == SEED.read_text(encoding="utf-8")
    assert to_article(str(SEED)).text == str(SEED)


def test_store_functions_take_str_paths(tmp_path: Path) -> None:
    target = str(tmp_path / "sub" / "x.json")
    sibling = temp_sibling(target)
    assert sibling.parent == tmp_path / "sub" and sibling.name.startswith(".x.json.")
    write_atomic(target, "{}")
    with atomic_file(str(tmp_path / "y.bin")) as out:
        out.write(b"y")
    assert (tmp_path / "y.bin").read_bytes() == b"y"
    assert read_brief(target) is None
    assert load_briefs(str(tmp_path / "sub")) == {}
    assert brief_filename("a/b") == "a_b.json"
    article = load_file(SEED)[0]
    assert not is_current(target, article, "m", "v")


# --------------------------------------------------------------------------- summarizer text FILE


def run_text(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    code = cli.main(["text", *args])
    captured = capsysbinary.readouterr()
    return code, captured.out, captured.err.decode("utf-8")


def test_text_command_prints_a_text_file_byte_for_byte(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    raw = " Leading space.\r\nCRLF.  \r\n"
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8 + raw.encode("utf-8"))
    code, out, err = run_text(capsysbinary, str(tmp_path / "a.txt"))
    assert (code, out, err) == (0, raw.encode("utf-8"), "")


def test_text_command_prints_the_extracted_html_text(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = (
        "<html><body><article><p>The minister said troops may fire only in self-defence, according to a "
        "statement.</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    code, out, _ = run_text(capsysbinary, str(tmp_path / "p.html"))
    assert code == 0
    assert out.decode("utf-8") == load_file(tmp_path / "p.html")[0].text
    assert out.startswith(b"The minister said")


def test_text_command_with_several_articles_prints_headers_or_one_by_id(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    lines = [json.dumps({"text": " One.\r\n"}), "{broken", json.dumps({"id": "b", "text": "Two."})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    code, out, err = run_text(capsysbinary, str(path))
    assert code == 1  # the bad line is reported, the good ones still printed
    assert out.decode("utf-8") == "==> feed-1 (7 characters) <==\n One.\r\n==> b (4 characters) <==\nTwo.\n"
    assert err.count("\n") == 1 and f"{path}: line 2: invalid JSON" in err

    code, out, _ = run_text(capsysbinary, str(path), "--id", "feed-1")
    assert (code, out) == (0, b" One.\r\n")

    code, out, err = run_text(capsysbinary, str(path), "--id", "nope")
    assert code == 1 and out == b""
    assert f"{path}: no article with id 'nope' (ids: feed-1, b)" in err

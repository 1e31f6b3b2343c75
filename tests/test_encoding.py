"""`summarizer.io.encoding`: bytes to text, pure; the loader tests cover it through files too."""

from __future__ import annotations

import codecs

import pytest

from summarizer.io.encoding import BINARY, DecodeError, decode


def test_utf8_is_decoded_exactly() -> None:
    text = " Caf\u0065\u0301 \u201cquoted\u201d\r\nline two  \r\n"
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_leading_byte_order_mark_is_the_only_thing_removed(bom: bytes, codec: str) -> None:
    text = " Заголовок\r\n東京 \n"
    assert decode(bom + text.encode(codec)) == text


def test_legacy_code_page_when_the_reading_is_clear() -> None:
    text = (
        "Die Bundesregierung hat am Donnerstag beschlossen, die Grenzkontrollen zu verlängern. Der Minister "
        "äußerte sich dazu in München über die Größe der Aufgabe. Kritiker fürchten eine Ausweitung des Einsatzes."
    )
    assert decode(text.encode("latin-1")) == text


def test_problems_are_one_line_decode_errors() -> None:
    with pytest.raises(DecodeError) as binary:
        decode(b"\x89PNG\x00\x00")
    assert str(binary.value) == BINARY
    with pytest.raises(DecodeError) as unknown:
        decode("Très bien".encode("latin-1"))
    assert str(unknown.value).startswith("could not determine the text encoding (not UTF-8: byte 0xe8 at offset 2;")
    assert isinstance(unknown.value, ValueError)

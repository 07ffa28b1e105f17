"""Bytes to text: legacy code pages, damaged UTF-8, mixed encodings, lone surrogates."""

from __future__ import annotations

import pytest

from claimledger.ingest.decode import declared_charset, decode_bytes, replace_lone_surrogates, utf8_verdict

# Short English news paragraphs with the typography Windows editors produce.
CP1252_NEWS = [
    "Storm closes ports on the south coast\n"
    "The harbour master said on Friday that all ferries had been cancelled – the first full closure since "
    "2014 – and that the “worst of the wind” would pass by Saturday morning. Repairs to the pier could cost "
    "€2.5 million…\n",
    "Council’s budget gap widens\n"
    "The council’s finance chief said the gap had grown to £14m, and that “difficult choices” lay ahead. "
    "Unions said they’d fight any cuts — “not one more job,” a spokesman said.\n",
    "Exporters hit by tariff rise\n"
    "Shipments fell 8% in the quarter, the ministry said. “We’re losing ground,” said the head of the "
    "exporters’ association. Analysts expect the dollar to weaken – perhaps by 3–4% – this year™.\n",
]
LATIN1_NEWS = (
    "Café chain opens in Zürich\n"
    "The chain, founded in Málaga, said its new café would employ 40 staff and that rents in the city had "
    "risen by about 12½% since 2020. Its chief executive, José Núñez, said the façade dated from 1890.\n"
)


@pytest.mark.parametrize("text", CP1252_NEWS)
def test_cp1252_news_keeps_its_typography(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_latin1_news_is_read_as_latin1() -> None:
    assert decode_bytes(LATIN1_NEWS.encode("latin-1")) == LATIN1_NEWS


def test_utf8_with_stray_bytes_stays_utf8() -> None:
    """Two stray bytes must not turn every ’ of an otherwise valid file into mojibake."""
    text = CP1252_NEWS[1]
    raw = text.encode("utf-8")
    cut = raw.index(b"and that")
    damaged = raw[:cut] + b"\xff\xc3(" + raw[cut:]
    assert utf8_verdict(damaged) == "utf-8"
    decoded = decode_bytes(damaged)
    assert "Council’s budget gap" in decoded and "“difficult choices”" in decoded
    assert "\ufffd" in decoded and "â€" not in decoded


def test_utf8_cut_in_the_middle_of_a_character() -> None:
    raw = "The mayor said “no".encode() + "”".encode()[:2]
    assert decode_bytes(raw) == "The mayor said “no\ufffd"
    assert decode_bytes(b"The mayor said no \xe2\x80") == "The mayor said no \ufffd"


def test_text_mixing_utf8_and_cp1252_is_decoded_piece_by_piece() -> None:
    utf8_part = "The mayor’s “plan” costs €5m — officials said. " * 3
    cp1252_part = "Then the council’s “vote” went 12–3. " * 6
    raw = utf8_part.encode("utf-8") + cp1252_part.encode("cp1252")
    assert utf8_verdict(raw) == "mixed"
    assert decode_bytes(raw) == utf8_part + cp1252_part


def test_a_cp1252_file_ending_in_an_accented_letter_is_not_utf8() -> None:
    text = "The owner said he would reopen the café"
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(("text", "codec"), [
    ("Власти Валенсии сообщили во вторник, что не менее 200 человек погибли в результате наводнения.", "cp1251"),
    ("Οι αρχές της Βαλένθια ανακοίνωσαν την Τρίτη ότι τουλάχιστον 200 άνθρωποι σκοτώθηκαν.", "cp1253"),
    ("バレンシア当局は火曜日、洪水で少なくとも200人が死亡したと発表した。", "shift_jis"),
])
def test_non_latin_code_pages_still_go_to_detection(text: str, codec: str) -> None:
    """Mostly 8-bit text is not forced into cp1252, and Shift-JIS pairs that happen to be
    valid UTF-8 do not make it "mixed"."""
    raw = text.encode(codec)
    assert utf8_verdict(raw) == "legacy"
    assert decode_bytes(raw) == text


def test_html_charset_labels_are_read_as_browsers_read_them() -> None:
    body = "<p>Prices rose 2% – the “core” rate – to €3bn…</p>"
    page = b"<html><head><meta charset='iso-8859-1'></head><body>" + body.encode("cp1252") + b"</body></html>"
    assert declared_charset(page) == "cp1252"  # WHATWG: latin-1 means windows-1252
    assert body in decode_bytes(page, html=True)
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-16">') == "utf-8"
    assert declared_charset(b"<meta charset=windows-1251>") == "cp1251"
    assert declared_charset(b"<meta charset=x-no-such-thing>") is None


def test_a_page_declaring_utf8_but_written_in_cp1252() -> None:
    body = "<p>The minister’s “reform” – cut by €2bn…</p>"
    page = b"<html><head><meta charset='utf-8'></head><body>" + body.encode("cp1252") + b"</body></html>"
    assert body in decode_bytes(page, html=True)


def test_lone_surrogates_become_replacement_characters() -> None:
    assert replace_lone_surrogates("about 5,000 \ud800 people") == "about 5,000 \ufffd people"
    assert replace_lone_surrogates("caf\udce9.txt") == "caf\ufffd.txt"
    clean = "no surrogates here – “fine”"
    assert replace_lone_surrogates(clean) is clean


def test_a_declared_codec_that_is_no_text_encoding_is_ignored() -> None:
    page = b"<html><head><meta charset=base64></head><body><p>caf\xe9 \x93quoted\x94</p></body></html>"
    assert "<p>café “quoted”</p>" in decode_bytes(page, html=True)

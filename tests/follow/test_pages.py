"""How a fetched page's bytes become text: the charset rules browsers use."""

from __future__ import annotations

from claimledger.follow.fetch import Fetched
from claimledger.follow.pages import decode_page


def fetched(body: bytes, content_type: str) -> Fetched:
    return Fetched(url="https://news.example/a", final_url="https://news.example/a", status=200, reason="OK",
                   http_version="HTTP/1.1", request_headers=(), response_headers=(("Content-Type", content_type),),
                   raw=body, body=body, fetched_at="2026-11-22T00:00:00Z", content_type=content_type.split(";")[0])


PAGE = "<html><body><p>The mayor said \u201cnearly 40 homes\u201d were lost \u2014 so far.</p></body></html>"


def test_iso_8859_1_label_is_read_as_windows_1252_like_browsers() -> None:
    got = decode_page(fetched(PAGE.encode("cp1252"), "text/html; charset=ISO-8859-1"))
    assert "\u201cnearly 40 homes\u201d" in got and "\u2014" in got
    assert "\x93" not in got and "\x97" not in got  # C1 controls are what latin-1 would have given


def test_utf8_body_wins_over_a_wrong_latin1_header() -> None:
    got = decode_page(fetched(PAGE.encode("utf-8"), "text/html; charset=iso-8859-1"))
    assert "\u201cnearly 40 homes\u201d" in got


def test_other_declared_charsets_are_used_as_given() -> None:
    text = "<p>Stra\u00dfe gesperrt, 12 Verletzte, \u20ac5 Mio.</p>"
    got = decode_page(fetched(text.encode("iso-8859-15"), "text/html; charset=iso-8859-15"))
    assert "Stra\u00dfe" in got and "\u20ac5" in got

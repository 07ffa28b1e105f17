"""The report shows what people decided: badges, corrected values in place of the extracted
ones, rejected items struck through and out of the charts, verdicts on figure cards, review
counts, reviews on no row — and, with ``reviewed_only``, nothing a person has not approved."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from html_audit import audit
from review_fixtures import DISPUTED, REVIEWER, Scenario, review_sample
from typer.testing import CliRunner

from claimledger.ledger.store import Ledger
from claimledger.report import build_report, queries
from claimledger.report.build import inline_assets, report_csp
from claimledger.report.records import EventRow, TimelineRow
from claimledger.report.render import Links
from claimledger.report.reviewed import ReviewIndex, summary
from claimledger.report.views import figure_view, timeline_view
from claimledger.review import decide

Html = Any  # lxml.html.HtmlElement (lxml ships no type information)


@pytest.fixture(scope="module")
def reviewed(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scenario]:
    db = tmp_path_factory.mktemp("reviewed") / "kursk.db"
    shutil.copy(sample_db, db)
    return db, review_sample(db)


@pytest.fixture(scope="module")
def full(reviewed: tuple[Path, Scenario]) -> str:
    with Ledger(reviewed[0], readonly=True) as led:
        return build_report(led, generated="2024-11-20 00:00 UTC")


@pytest.fixture(scope="module")
def published(reviewed: tuple[Path, Scenario]) -> str:
    with Ledger(reviewed[0], readonly=True) as led:
        return build_report(led, generated="2024-11-20 00:00 UTC", reviewed_only=True)


@pytest.fixture()
def conn(reviewed: tuple[Path, Scenario]) -> Iterator[sqlite3.Connection]:
    with Ledger(reviewed[0], readonly=True) as led:
        yield led.conn


def tree(html: str) -> Html:
    return lxml.html.fromstring(html)


def text(el: Html) -> str:
    return " ".join(el.text_content().split())


def row(doc: Html, claim: int) -> Html:
    rows = doc.xpath(f"//tr[@data-claim='{claim}']")
    assert len(rows) == 1, f"claim {claim} is in {len(rows)} table rows"
    return rows[0]


def claim_rows(doc: Html) -> set[int]:
    return {int(x) for x in doc.xpath("//table[contains(@class, 'claims')]//tr/@data-claim")}


def chart_claims(doc: Html, figure: int) -> set[int]:
    return {int(x) for x in doc.xpath(f"//*[@id='fig-{figure}']//*[name()='g' and @data-claim]/@data-claim")}


# ---------------------------------------------------------------------------------- the full report
def test_confirmed_claim_has_a_badge_with_reviewer_and_note(full: str, reviewed: tuple[Path, Scenario]) -> None:
    r = row(tree(full), reviewed[1].confirmed_claim)
    assert r.get("data-review") == "confirmed"
    badge = r.xpath(".//span[contains(@class, 'rv-confirmed')]")[0]
    assert "confirmed" in badge.text_content()
    assert REVIEWER in badge.get("title") and "Checked against the video." in badge.get("title")
    assert "Checked against the video." in text(r.xpath(".//details[contains(@class, 'rv-note')]")[0])


def test_corrected_claim_shows_the_corrected_value_and_what_it_replaced(
        full: str, reviewed: tuple[Path, Scenario]) -> None:
    r = row(tree(full), reviewed[1].corrected_claim)
    assert r.get("data-review") == "corrected"
    assert text(r.xpath(".//td[contains(@class, 'val')]/a")[0]) == "about 12,000"
    assert text(r.xpath(".//td[contains(@class, 'src')]")[0]) == "Yonhap"
    assert r.get("data-source") == "Yonhap"  # the Source filter finds it under the corrected name
    assert "also in Syndicated Daily" in text(r.xpath(".//td[contains(@class, 'where')]")[0])
    was = r.xpath(".//span[@class='was']")[0]
    assert [s.text_content() for s in was.xpath(".//s")] == ["12,000", "South Korean media outlets"]
    assert "Yonhap" in was.xpath(".//ins")[0].text_content()


def test_rejected_claim_is_struck_in_the_table_and_left_out_of_the_chart(
        full: str, reviewed: tuple[Path, Scenario], conn: sqlite3.Connection) -> None:
    s = reviewed[1]
    doc = tree(full)
    assert row(doc, s.rejected_claim).get("data-review") == "rejected"
    assert s.rejected_claim not in chart_claims(doc, s.disputed_figure)
    plain = figure_view(conn, queries.figure(conn, s.disputed_figure), Links(), {})  # type: ignore[arg-type]
    assert f'data-claim="{s.rejected_claim}"' in plain.chart, "without reviews the claim has a mark of its own"
    assert "a fifth of the 50,000" in text(doc.xpath("//*[@id='fig-1']//table")[0]), "still listed, struck"


def test_the_chart_draws_the_corrected_value(full: str, reviewed: tuple[Path, Scenario]) -> None:
    marks = tree(full).xpath(f"//*[@id='fig-{reviewed[1].disputed_figure}']//*[name()='g' and @data-claim]")
    tips = [m.xpath("string(.//*[name()='title'])") for m in marks]
    assert any(t.startswith("about 12,000") and "Yonhap" in t and "1 syndicated copy" in t for t in tips), tips
    assert not any("South Korean media outlets" in t for t in tips), "the reprint folds into the corrected claim"


def test_figure_cards_carry_their_verdicts(full: str, reviewed: tuple[Path, Scenario]) -> None:
    doc = tree(full)
    s = reviewed[1]
    box = doc.xpath(f"//*[@id='fig-{s.disputed_figure}']//div[contains(@class, 'verdict')]")[0]
    assert "vd-disputed" in box.get("class")
    assert text(box).startswith(f"Disputed {DISPUTED}")
    assert "Bo Editor" in text(box)
    evidence = box.xpath(".//ul[@class='evidence']//a")[0]
    assert evidence.text_content() == "a 12,000 figure"
    assert evidence.get("href") in set(doc.xpath("//@id")) | {f"#{i}" for i in doc.xpath("//@id")}
    other = doc.xpath(f"//*[@id='fig-{s.consistent_figure}']//div[contains(@class, 'verdict')]")[0]
    assert "vd-consistent" in other.get("class") and "Every source gives 50,000." in text(other)


def test_events_show_corrected_dates_and_rejections(full: str, reviewed: tuple[Path, Scenario]) -> None:
    doc = tree(full)
    items = doc.xpath("//ol[@class='timeline']/li")
    ratified = [li for li in items if "North Korea ratifies the pact" in text(li)]
    assert len(ratified) == 1
    assert ratified[0].xpath("string(.//time)") == "12 Nov 2024", "the entry moved to the reviewer's date"
    corrected = ratified[0].xpath(".//li[@data-review='corrected']")[0]
    assert "extracted: date Jun 2024 → 12 Nov 2024" in text(corrected)
    dropped = next(li for li in items if "Initial Kursk counteroffensive" in text(li))
    assert dropped.get("data-review") == "rejected"
    dates = [li.xpath("string(.//time)") for li in items]
    assert dates.index("12 Nov 2024") > dates.index("18 Oct 2024"), "still in date order"


def test_findings_show_reviews_and_rejected_ones_stop_asking_for_attention(
        full: str, reviewed: tuple[Path, Scenario]) -> None:
    doc = tree(full)
    s = reviewed[1]
    assert doc.xpath(f"//li[@id='f{s.confirmed_finding}']/@data-review") == ["confirmed"]
    rejected = doc.xpath(f"//li[@id='f{s.rejected_finding}']")[0]
    assert rejected.get("data-review") == "rejected" and "The ministry is named above." in text(rejected)
    chips = [c.get("href") for c in doc.xpath("//ul[@class='kind-chips']//a")]
    assert "#kind-unattributed" not in chips and "#kind-self_contradiction" in chips


def test_document_highlights_carry_review_status(full: str, reviewed: tuple[Path, Scenario]) -> None:
    doc = tree(full)
    s = reviewed[1]
    marks = {m.get("data-items"): m.get("class") for m in doc.xpath("//div[@class='doc-text']//mark")}
    assert "rv-rejected" in marks[f"c{s.rejected_claim}"]
    assert "rv-corrected" in marks[f"c{s.corrected_claim}"]
    titles = [m.get("title") for m in doc.xpath(f"//mark[@data-items='c{s.corrected_claim}']")]
    assert all(t.startswith("about 12,000") and "Yonhap" in t for t in titles)


def test_overview_counts_reviews_per_kind(full: str, conn: sqlite3.Connection) -> None:
    cards = [text(c) for c in tree(full).xpath("//div[@class='rv-count']")]
    total = {k: conn.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0] for k in ("claims", "events", "findings")}
    assert cards[0].startswith(f"4 / {total['claims']} claims reviewed")
    assert "2 confirmed" in cards[0] and "1 corrected" in cards[0] and "1 rejected" in cards[0]
    assert cards[1].startswith(f"2 / {total['events']} events reviewed")
    assert cards[2].startswith(f"2 / {total['findings']} findings reviewed")
    assert cards[3].startswith("2 / 2 figures reviewed") and "2 verdicts" in cards[3]


def test_reviews_on_no_row_are_listed_in_the_overview(full: str) -> None:
    items = tree(full).xpath("//details[@id='unattached']//li")
    assert len(items) == 1
    added = items[0]
    assert added.get("data-review") == "added"
    assert "50,000 Russian and North Korean troops according to The New York Times" in text(added)
    assert "Missed by the extractor." in text(added) and REVIEWER in text(added)
    href = added.xpath(".//a/@href")[0]
    assert href[1:] in set(tree(full).xpath("//@id")), "links to the sentence it was added on"


def test_a_ledger_nobody_reviewed_says_so_and_shows_no_badges(sample_db: Path) -> None:
    with Ledger(sample_db, readonly=True) as led:
        html = build_report(led)
    assert "Nothing in this ledger has been reviewed yet" in html
    doc = tree(html)
    assert doc.xpath("//*[@data-review]") == [] and doc.xpath("//span[contains(@class, 'rv ')]") == []


def test_a_ledger_made_before_reviews_existed_still_reports(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(sample_db, db)
    raw = sqlite3.connect(db)
    raw.executescript("DROP VIEW review_current; DROP TABLE review_history; DROP TABLE review_items;")
    raw.close()
    with Ledger(db, readonly=True) as led:
        html = build_report(led, reviewed_only=True)
    assert "Limited to reviewed items" in html and "data-claim" not in html


# ---------------------------------------------------------------------------------- reviewed only
def test_reviewed_only_says_so_at_the_top(published: str) -> None:
    doc = tree(published)
    scope = doc.xpath("//header[@class='masthead']//p[@class='scope']")
    assert scope and "Limited to reviewed items" in text(scope[0])
    assert "limited to reviewed items" in text(doc.xpath("//footer")[0])


def test_reviewed_only_tables_and_charts_hold_only_approved_claims(
        published: str, reviewed: tuple[Path, Scenario]) -> None:
    s = reviewed[1]
    doc = tree(published)
    approved = {s.confirmed_claim, s.corrected_claim, s.confirmed_other_claim}
    assert claim_rows(doc) == approved
    assert chart_claims(doc, s.disputed_figure) == {s.confirmed_claim, s.corrected_claim}
    assert text(row(doc, s.corrected_claim).xpath(".//td[contains(@class, 'val')]/a")[0]) == "about 12,000"
    options = set(doc.xpath("//select[@data-filter='source']/option/@value"))
    assert options == {"", "Yonhap", "Volodymyr Zelensky", "__none__"}, "no unreviewed source leaks"
    stats = [" ".join(x.xpath(".//span/text()")) for x in doc.xpath("//div[@class='stat']")]
    assert "3 claims" in stats and "2 figures" in stats and "1 dated events" in stats and "1 findings" in stats


def test_reviewed_only_keeps_figures_with_a_verdict_and_charts_nothing_unreviewed(
        published: str, reviewed: tuple[Path, Scenario]) -> None:
    s = reviewed[1]
    doc = tree(published)
    card = doc.xpath(f"//*[@id='fig-{s.consistent_figure}']")[0]
    assert "vd-consistent" in card.xpath(".//div[contains(@class, 'verdict')]/@class")[0]
    assert not card.xpath(".//*[name()='svg']") and "No reviewed claim of this figure yet." in text(card)
    assert not card.xpath(".//*[contains(@class, 'trend')]")


def test_reviewed_only_timeline_findings_and_highlights(published: str, reviewed: tuple[Path, Scenario]) -> None:
    s = reviewed[1]
    doc = tree(published)
    entries = doc.xpath("//ol[@class='timeline']/li")
    assert [(li.xpath("string(.//time)"), li.xpath("string(.//p[@class='tl-what'])")) for li in entries] == [
        ("12 Nov 2024", "North Korea ratifies the pact")]
    assert [li.get("id") for li in doc.xpath("//li[contains(@class, 'finding')]")] == [f"f{s.confirmed_finding}"]
    highlighted = {i for m in doc.xpath("//div[@class='doc-text']//mark/@data-items") for i in m.split()}
    assert highlighted == {f"c{s.confirmed_claim}", f"c{s.corrected_claim}", f"c{s.confirmed_other_claim}",
                           f"e{s.corrected_event}", f"f{s.confirmed_finding}"}
    assert "Russia-North Korea defensive pact signed" not in published.split('id="documents"')[0]


def test_reviewed_only_drops_a_figure_nobody_reviewed(reviewed: tuple[Path, Scenario], tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    shutil.copy(reviewed[0], db)
    s = reviewed[1]
    with Ledger(db) as led:
        decide(led.conn, f"figure:{s.consistent_figure}", "reset", reviewer=REVIEWER)
        html = build_report(led, reviewed_only=True)
    ids = set(tree(html).xpath("//@id"))
    assert f"fig-{s.disputed_figure}" in ids and f"fig-{s.consistent_figure}" not in ids


def test_reviewed_only_report_is_complete_and_self_contained(published: str) -> None:
    a = audit(published)
    ids = set(a.ids)
    assert len(ids) == len(a.ids)
    assert sorted({h for h in a.hrefs if h.startswith("#") and h[1:] not in ids}) == []
    css, js = inline_assets()
    assert a.meta_csp == report_csp(css, js) and a.styles == [css] and a.scripts == [js]
    assert a.srcs == [] and a.handlers == [] and a.style_attrs == []


def test_report_command_reviewed_only(reviewed: tuple[Path, Scenario], tmp_path: Path) -> None:
    from claimledger.cli.main import app
    from claimledger.cli.report_cmd import report

    if not any(getattr(c, "name", None) == "report" or c.callback is report for c in app.registered_commands):
        app.command()(report)
    out = tmp_path / "pub.html"
    result = CliRunner().invoke(app, ["report", "--db", str(reviewed[0]), "-o", str(out), "--reviewed-only"])
    assert result.exit_code == 0, result.output
    assert "reviewed items only" in result.output
    html = out.read_text(encoding="utf-8")
    assert 'class="scope"' in html and claim_rows(tree(html)) == {
        reviewed[1].confirmed_claim, reviewed[1].corrected_claim, reviewed[1].confirmed_other_claim}


# ---------------------------------------------------------------------------------- hostile reviews
HOSTILE_NOTE = "<script>window.__pwned=20</script>\u202e<img src=x onerror=alert(21)>"


def test_what_reviewers_type_is_rendered_as_inert_text(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    shutil.copy(sample_db, db)
    with Ledger(db) as led:
        c = led.conn
        claim = c.execute("SELECT id FROM claims WHERE figure = 1 ORDER BY id LIMIT 1").fetchone()[0]
        decide(c, f"claim:{claim}", "correct", reviewer='<b onmouseover="alert(22)">eve</b>', note=HOSTILE_NOTE,
               corrections={"counted": "<svg onload=alert(23)>", "source": '"><script>alert(24)</script>'})
        decide(c, "figure:1", "verdict", reviewer="eve", verdict="disputed", rationale=HOSTILE_NOTE)
        html = build_report(led)
    a = audit(html)
    assert a.handlers == [] and a.style_attrs == [] and a.srcs == []
    assert a.tags.get("script") == 1 and a.tags.get("img", 0) == 0 and a.tags.get("iframe", 0) == 0
    shown = "".join(a.text)
    assert '<b onmouseover="alert(22)">eve</b>' in shown
    assert "<script>window.__pwned=20</script>" in shown and "<svg onload=alert(23)>" in shown
    assert '"><script>alert(24)</script>' in shown and "U+202E" in shown
    assert "\u202e" not in shown and not re.search(r'title="[^"]*\u202e', html)


def test_summary_words_reviewed_values() -> None:
    assert summary("claim", {"low": 1500, "high": None, "hedge": "min", "counted": "troops", "source": "NIS",
                             "as_of": "2024-10-18"}) == "at least 1,500 troops according to NIS as of 18 Oct 2024"
    assert summary("event", {"date": "2024-11", "what": "Pact ratified"}) == "Nov 2024: Pact ratified"
    assert summary("finding", {"kind": "off_topic", "why": "spliced"}) == "off topic: spliced"


def _entry(status: str, **approved: object) -> dict[str, object]:
    return {"status": status, "shown": status, "review": "R1", "reviewer": "ann", "at": "2024-11-20T00:00:00+00:00",
            "note": None, "verdict": None, "rationale": None, "approved": approved, "evidence": []}


def test_a_timeline_entry_moves_only_when_every_standing_event_agrees() -> None:
    def event(i: int, date: str) -> EventRow:
        return EventRow(id=i, doc="a", doc_n=1, start=0, end=4, date=date, what="Pact ratified", source=None,
                        sentence=0, timeline=7, outlet=None)

    entry = TimelineRow(id=7, date="2024-06", what="Pact ratified", events=(event(1, "2024-06"), event(2, "2024-06")))
    later = TimelineRow(id=8, date="2024-08", what="Incursion", events=(event(3, "2024-08"),))

    def shown(events: dict[int, dict[str, object]]) -> list[tuple[str, str]]:
        index = ReviewIndex({"claims": {}, "events": events, "findings": {}, "figures": {}, "unattached": []})
        return [(t.date, t.what) for t in timeline_view([entry, later], index)]

    one = _entry("corrected", date="2024-11-12", what="Pact ratified")
    assert shown({1: one}) == [("2024-06", "Pact ratified"), ("2024-08", "Incursion")], "the other event disagrees"
    assert shown({1: one, 2: _entry("rejected")})[-1] == ("2024-11-12", "Pact ratified"), "the rest was rejected"
    assert shown({1: one, 2: one})[-1] == ("2024-11-12", "Pact ratified")
    reworded = _entry("corrected", date="2024-06", what="North Korea ratifies the pact")
    assert shown({2: reworded})[0] == ("2024-06", "North Korea ratifies the pact"), "a reviewer's words win"
    assert shown({})[0] == ("2024-06", "Pact ratified")

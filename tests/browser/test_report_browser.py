"""The report file in a real browser: click a figure and a finding through to the sentence; a
corrected value is what a reader sees, and the publication report holds only reviewed items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import Watch, assert_target_highlighted, shot, wait_until
from review_fixtures import Scenario, reviewed_copy

from claimledger.ledger.store import Ledger
from claimledger.report import build_report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "kursk.html"
    with Ledger(sample_db, readonly=True) as led:
        out.write_text(build_report(led, title="North Korean troops in Kursk"), encoding="utf-8")
    return out


@pytest.fixture()
def opened(page: tuple[Any, Watch], report_file: Path) -> Iterator[tuple[Any, Watch]]:
    pg, watch = page
    pg.goto(report_file.as_uri())
    yield pg, watch
    watch.assert_clean()


def test_overview_looks_right(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    assert pg.title() == "North Korean troops in Kursk"
    assert pg.locator(".stat-n").first.inner_text() == "3"
    shot(pg, "report-overview.png")


def test_claim_in_a_figure_table_leads_to_its_highlighted_sentence(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    row = pg.locator("#fig-1 tbody tr", has_text="Vedant Patel").first
    row.locator("td.val a").click()
    text = assert_target_highlighted(pg)
    assert "10,000 North Korean soldiers" in text
    shot(pg, "report-claim-target.png")


def test_mark_in_a_chart_leads_to_its_sentence(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    mark = pg.locator("#fig-2 svg g.mark a circle").first  # click the drawn point, not the group's box
    mark.scroll_into_view_if_needed()
    shot(pg, "report-chart.png")
    mark.click()
    assert "50,000" in assert_target_highlighted(pg)


def test_finding_passage_leads_to_its_sentence(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    passage = pg.locator("#kind-self_contradiction blockquote.passage").nth(1)
    assert "ratified by North Korea in June 2024" in passage.inner_text()
    passage.locator("a.where").click()
    assert "ratified by North Korea in June 2024" in assert_target_highlighted(pg)
    shot(pg, "report-finding-target.png")


def test_collapsed_findings_open_when_linked_to(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    group = pg.locator("#kind-boilerplate")
    assert group.evaluate("e => e.open") is False
    pg.locator("a.chip.k-boilerplate").click()
    assert group.evaluate("e => e.open") is True
    group.locator("a.where").first.click()
    assert "About the Author" in assert_target_highlighted(pg)


def test_filters_hide_what_does_not_match(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    rows = pg.locator("#fig-1 tbody tr")
    total = rows.count()
    pg.select_option("select[data-filter='outlet']", "The National Interest")
    visible = pg.locator("#fig-1 tbody tr:not(.is-hidden)")
    assert 0 < visible.count() < total
    assert pg.locator("#fig-2").is_hidden(), "a figure with no claim from that outlet is hidden"
    assert "Showing" in pg.locator("#filter-status").inner_text()
    pg.select_option("select[data-filter='kind']", "duplicate")
    assert pg.locator("#kind-duplicate").is_visible() and pg.locator("#kind-self_contradiction").is_hidden()
    shot(pg, "report-filtered.png")
    pg.click("button[type='reset']")
    wait_until(pg, f"() => document.querySelectorAll('#fig-1 tbody tr:not(.is-hidden)').length === {total}")
    assert pg.locator("#fig-2").is_visible()


def test_source_filter_keeps_unattributed_apart(opened: tuple[Any, Watch]) -> None:
    pg, _ = opened
    pg.select_option("select[data-filter='source']", "__none__")
    shown = pg.locator("table.claims tbody tr:not(.is-hidden) td.src")
    assert shown.count() > 0
    assert all(t.strip() == "unattributed" for t in shown.all_inner_texts())


# ---------------------------------------------------------------------------------- reviews
@pytest.fixture(scope="module")
def reviewed_files(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Scenario]:
    folder = tmp_path_factory.mktemp("reviewed-report")
    db, scenario = reviewed_copy(sample_db, folder / "kursk.db")
    full, published = folder / "full.html", folder / "published.html"
    with Ledger(db, readonly=True) as led:
        full.write_text(build_report(led, title="Kursk, reviewed"), encoding="utf-8")
        published.write_text(build_report(led, title="Kursk, for publication", reviewed_only=True), encoding="utf-8")
    return full, published, scenario


def test_a_corrected_value_is_what_the_reader_sees(page: tuple[Any, Watch],
                                                   reviewed_files: tuple[Path, Path, Scenario]) -> None:
    pg, watch = page
    full, _, s = reviewed_files
    pg.goto(full.as_uri())
    row = pg.locator(f"tr[data-claim='{s.corrected_claim}']")
    row.scroll_into_view_if_needed()
    assert row.locator("td.val a.go").inner_text() == "about 12,000"
    assert row.locator("td.src").inner_text().strip() == "Yonhap"
    assert row.locator(".rv-corrected").is_visible()
    assert "12,000" in row.locator(".was s").first.inner_text()  # what was extracted, struck through
    assert pg.locator(f"#fig-{s.disputed_figure} svg text.lbl", has_text="Yonhap").count() == 1
    rejected = pg.locator(f"tr[data-claim='{s.rejected_claim}'] td.val a.go")
    assert "line-through" in rejected.evaluate("e => getComputedStyle(e).textDecorationLine")
    verdict = pg.locator(f"#fig-{s.disputed_figure} .verdict")
    assert verdict.is_visible() and verdict.locator(".verdict-word").inner_text().lower() == "disputed"
    shot(pg, "report-reviewed-figure.png")
    row.locator("td.val a.go").click()
    assert "a 12,000 figure" in assert_target_highlighted(pg)
    watch.assert_clean()


def test_the_publication_report_shows_only_reviewed_items(page: tuple[Any, Watch],
                                                          reviewed_files: tuple[Path, Path, Scenario]) -> None:
    pg, watch = page
    _, published, s = reviewed_files
    pg.goto(published.as_uri())
    assert pg.locator(".masthead .scope").is_visible()
    assert "Limited to reviewed items" in pg.locator(".masthead .scope").inner_text()
    shown = {int(x) for x in pg.locator("table.claims tbody tr").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-claim'))")}
    assert shown == {s.confirmed_claim, s.corrected_claim, s.confirmed_other_claim}
    assert pg.locator(f"tr[data-claim='{s.corrected_claim}'] td.val a.go").inner_text() == "about 12,000"
    shot(pg, "report-published.png", full_page=False)
    watch.assert_clean()

"""Sections that a label governs: press-release tails, lists after a widget, date lines, gallery captions."""

from __future__ import annotations

from claimledger.anatomy import segment
from claimledger.models import Document

STORY = [
    "Acme Robotics said on Tuesday it would open a plant in Ohio employing 1,200 people by 2026.",
    "The $400 million factory will build warehouse robots, the company said, and will be its first outside Asia.",
    "Chief Executive Lena Park said demand had grown 40% a year since 2021.",
    "“Ohio gives us the workforce and the logistics we need,” Park said in a statement.",
    "Construction is due to start in March, pending state approval of a tax credit package.",
]


def marks(lines: list[str]) -> list[tuple[str, str | None]]:
    text = "\n".join(lines) + "\n"
    blocks, _ = segment(Document(id="x.txt", text=text))
    return [(text[b.start:b.end], b.boilerplate) for b in blocks]


def test_press_release_tail_about_legal_and_contact() -> None:
    tail = [
        "About Acme Robotics",
        "Acme Robotics (NASDAQ: ACMR) is a leading maker of autonomous warehouse systems, with 3,000 employees in 9 countries.",
        "Forward-Looking Statements",
        "Statements in this release about future plans are forward-looking and involve risks that could cause results to differ.",
        "Media contact:",
        "Jane Roe",
        "jane.roe@acme.example",
        "+1 555 010 0199",
    ]
    got = marks([*STORY, *tail])
    assert [r for _t, r in got[:5]] == [None] * 5
    assert [r for _t, r in got[5:7]] == ["company boilerplate"] * 2
    assert [r for _t, r in got[7:9]] == ["legal disclaimer"] * 2
    assert [r for _t, r in got[9:]] == ["media contact"] * 4


def test_about_section_of_a_news_article_is_kept() -> None:
    lines = [*STORY, "About Acme Robotics", "Acme Robotics was founded in 2009 by two engineers and sold its first robot in 2012."]
    got = dict(marks(lines))
    assert got["Acme Robotics was founded in 2009 by two engineers and sold its first robot in 2012."] is None


def test_list_after_a_widget_running_to_the_end_is_links() -> None:
    items = ["- Rovers sign striker from Porto in record deal", "- City boss: we can still win the league this season",
             "- Five things we learned from the derby draw"]
    got = marks([*STORY, "Join our free fantasy league challenge", *items])
    assert [r for _t, r in got[-3:]] == ["related links"] * 3
    got = marks([*STORY[:2], "Join our free fantasy league challenge", *items, *STORY[2:]])
    assert [r for _t, r in got[3:6]] == [None] * 3  # the story resumes after the list: it is the story's


def test_bare_date_line_at_the_edges_but_not_in_a_timeline() -> None:
    lines = ["October 12, 2017", *STORY[:3], "March 3, 2020", "The first case was confirmed in Seattle.", *STORY[3:]]
    got = marks(lines)
    assert got[0] == ("October 12, 2017", "date stamp")
    assert ("March 3, 2020", None) in got


def test_gallery_caption_before_its_repeat_with_credit() -> None:
    caption = ("Park, left, and Governor Dan Hill shake hands at the site in Dayton, Ohio, on Tuesday, "
               "March 4, 2025. The plant is due to open in 2026.")
    lines = [caption, caption.rsplit(" ", 3)[0] + " ... more", "Photo: Jo Smith, AP", *STORY]
    got = marks(lines)
    assert [r for _t, r in got[:3]] == ["image credit"] * 3
    assert all(r is None for _t, r in got[3:])

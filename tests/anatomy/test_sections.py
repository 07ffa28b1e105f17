"""Sections that a label governs: press-release tails, lists after a widget, date lines, gallery captions."""

from __future__ import annotations

from claimledger.anatomy import segment
from claimledger.anatomy.sections import is_event_line
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


FLOOD = [
    "Residents of Millbrook began clearing mud from their homes on Thursday after the river fell below flood stage.",
    "The county said 340 homes were damaged and about 1,200 people remain in shelters, officials said.",
]


def test_timeline_section_of_dated_entries_is_article_text() -> None:
    lines = [*FLOOD, "Timeline", "March 3 - Heavy rain begins falling across the valley",
             "March 5 - The Millbrook River crests at 8.2 metres and the mayor orders evacuations",
             "March 9 - The river falls below flood stage", "Key dates",
             "- Jan. 12: The council approves a new levee plan", "- Feb. 2: Engineers warn the north embankment is weak",
             "Chronology", "On Monday, police closed the bridge.", "On Tuesday, the governor declared an emergency."]
    assert all(r is None for _t, r in marks(lines))


def test_what_we_know_and_titled_timeline_after_a_link_list_are_kept() -> None:
    lines = [*FLOOD, "Related stories", "Millbrook flood: how to claim insurance", "Why the valley floods every spring",
             "What we know", "Two people died in the floods, the coroner confirmed.", "About 40 roads remain closed.",
             "Timeline: how the flood unfolded", "Sunday, March 3: Rain begins falling across the valley"]
    got = marks(lines)
    assert [r for _t, r in got[2:5]] == ["related links"] * 3
    assert [r for _t, r in got[5:]] == [None] * 5


def test_timeline_link_among_headlines_stays_a_link() -> None:
    lines = [*FLOOD, "Related stories", "Timeline: how the war in the east unfolded", "Ukraine's drone war, explained",
             "Dam collapses in 2019 left dozens dead", *STORY]
    got = marks(lines)
    assert [r for _t, r in got[2:6]] == ["related links"] * 4
    assert all(r is None for _t, r in got[6:])


def test_event_line_needs_a_leading_date_and_a_verb() -> None:
    assert is_event_line("March 7 - Soldiers arrive to help reinforce the levees")
    assert is_event_line("- 12 June 2023: Parliament approved the budget")
    assert is_event_line("2019: The company was founded in Leeds")
    assert is_event_line("Nov. 4, 2024 — Russia says it has retaken two villages")
    assert not is_event_line("Dam collapses in 2019 left dozens dead")  # the date is not first
    assert not is_event_line("March 3")
    assert not is_event_line("Monday: the big freeze")  # no verb


def test_dated_list_after_a_widget_is_the_articles_timeline() -> None:
    items = ["- March 3: Heavy rain begins falling across the valley", "- March 5: The river crests at 8.2 metres",
             "- March 9: The river falls below flood stage"]
    got = marks([*FLOOD, "Join our free flood-alert newsletter", *items])
    assert [r for _t, r in got[-3:]] == [None] * 3

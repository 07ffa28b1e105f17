"""Boilerplate marks on text from several made-up sites, and article text left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.anatomy import segment
from claimledger.ingest import iter_documents
from claimledger.models import Block, Document

STORY = [
    "Officials said at least 45 people were killed when the dam gave way on Sunday night, and about 300 more were missing.",
    "The regional governor told reporters that rescue teams had reached 12 of the 19 flooded villages by Monday.",
    "“We are doing everything we can,” said Maria Santos, who heads the civil defence agency.",
    "The dam, built in 1974, had been due for an inspection in March, according to the water ministry.",
]


def marks(lines: list[str], title: str | None = None) -> dict[str, str | None]:
    text = "\n".join(lines) + "\n"
    doc = Document(id="x.txt", text=text, title=title)
    blocks, _ = segment(doc)
    return {text[b.start:b.end]: b.boilerplate for b in blocks}


def assert_story_kept(result: dict[str, str | None]) -> None:
    for line in STORY:
        assert result[line] is None, line


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Image Credit: Creative Commons and/or Shutterstock.", "image credit"),
        ("Photo: Reuters/Jane Doe", "image credit"),
        ("Rescuers search the debris in Valle Alto on Monday. (Getty Images)", "image credit"),
        ("The WeWork logo is displayed outside of a co-working space in New York.Reuters", "image credit"),
        ("Post Comment", "comment prompt"),
        ("Leave a comment", "comment prompt"),
        ("Loading comments...", "comment prompt"),
        ("Comments are closed.", "comment prompt"),
        ("Also read: Dam safety reviews ordered across the region", "related links"),
        ("READ MORE: Floods force thousands from their homes", "related links"),
        ("Sign up for our Morning Briefing newsletter to get the news delivered to your inbox.", "newsletter pitch"),
        ("Thanks for signing up!", "newsletter pitch"),
        ("Catch up on the election campaign with our experts on our weekly politics podcast, “Ground Game.”",
         "podcast promotion"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Like this story? Share it with a friend!", "share prompt"),
        ("Facebook Twitter WhatsApp Email", "share prompt"),
        ("Copyright 2019 Hawaii News Now. All rights reserved.", "copyright line"),
        ("© 2024 Valley Media Ltd", "copyright line"),
        ("More information: G. Petit et al. Hibernation and Torpor, Handbook of Life Support Systems (2019).", "reference"),
        ("Provided by European Space Agency", "source credit"),
        ("(Reporting by Anna Lee; Editing by Mark Potter)", "reporting credit"),
        ("Fox News’ Jessica Napoli contributed to this report.", "reporting credit"),
        ("(Published Monday, Nov. 18, 2019)", "date stamp"),
        ("Updated at 1:23 p.m.", "date stamp"),
        ("Disclaimer", "page label"),
        ("https://www.example.com/news/article/dam-failure-1234.php", "bare link"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "promotion"),
        ("Have a tip? Ana Ruiz may be reached at aruiz@example.com. Follow her on Twitter @anaruiz.", "author contact"),
        ("If you buy something through this post, we may get a share of the sale.", "affiliate disclosure"),
        ("Like the Valley Courier on Facebook and X for live updates from the courthouse.", "social media promotion"),
        ("Got a story about the flooding? Tell us at news@example.org.", "author contact"),
        ("Priya Raman covers energy and the environment for the Coastal Herald.", "author bio"),
        ("The Northern Post is supported by readers.", "donation pitch"),
        ("Harbour Voice is an independent, reader-funded newsroom covering the city since 1998.", "donation pitch"),
        ("This story is part of our Climate Frontlines series on adaptation.", "series note"),
        ("Our health editor will answer readers' questions in a live chat on Thursday.", "series note"),
        # editorial notes
        ("Correction: An earlier version of this story misstated the number of homes destroyed. It was 450, not 540.",
         "correction note"),
        ("An earlier version of this article gave the wrong date for the council vote.", "correction note"),
        ("This article was amended on 12 March to correct the name of the hospital.", "correction note"),
        ("This story has been updated with comments from the fire chief.", "update note"),
        ("This is a developing story and will be updated.", "update note"),
        ("Editor's note: This story contains descriptions of violence that some readers may find distressing.",
         "editor's note"),
        # wire credits
        ("— Reporting by Ana Lima in Sao Paulo; Editing by Tom Hogue", "reporting credit"),
        ("(Editing by Peter Graff)", "reporting credit"),
        ("With reporting from Agence France-Presse.", "reporting credit"),
        # contacts, subscriptions, appeals
        ("Contact our reporter at jdoe@valleycourier.example.", "author contact"),
        ("Email us at tips@northernpost.example.", "author contact"),
        ("To subscribe, visit our website or call 1-800-555-0199.", "subscription pitch"),
        ("Already a subscriber? Log in for unlimited access.", "subscription pitch"),
        ("Thank you for reading. Please consider supporting our work.", "sign-off"),
        ("Thanks for supporting local journalism.", "sign-off"),
        ("Support our reporting by becoming a member.", "donation pitch"),
        ("Please consider a donation to keep our journalism free for everyone.", "donation pitch"),
        ("Our climate coverage is supported by the Alder Foundation. The foundation has no say over editorial content.",
         "sponsorship note"),
        ("For the latest updates, follow our live blog.", "promotion"),
        ("Follow all of the weekend's league action with our live scores service.", "promotion"),
        ("Read the full report here.", "promotion"),
        # page furniture, stamps, labels
        ("Click to enlarge", "page furniture"),
        ("Listen to this article", "page furniture"),
        ("5 min read", "page furniture"),
        ("Sign in", "page furniture"),
        ("ADVERTISEMENT", "advertisement"),
        ("Advertisement - Scroll to continue", "advertisement"),
        ("12:45 p.m. ET", "date stamp"),
        ("Updated 3 hours ago", "date stamp"),
        ("Nov. 18, 2019, 10:03 a.m.", "date stamp"),
        ("Most read in business", "related links"),
        ("Plane passengers quarantined after outbreak [NEWS]", "related links"),
        ("[1] Okafor J. et al. Heat stress in cities. Urban Climate 2019; 5: 10-20.", "reference"),
        ("Media contact: Jane Roe, jane.roe@acme.example, +1 555 0100", "media contact"),
        ("This press release contains forward-looking statements within the meaning of the Private Securities Litigation "
         "Reform Act of 1995, which involve risks and uncertainties.", "legal disclaimer"),
        ("SOURCE Acme Robotics", "source credit"),
        # more site furniture and appeals, in the wording of other sites
        ("About the author: Dana Reyes is a freelance journalist based in Lima.", "author bio"),
        ("Reach reporter Tom Hale at thale@valleycourier.example.", "author contact"),
        ("Email: jdoe@valleycourier.example", "author contact"),
        ("To report a typo, email corrections@valleycourier.example.", "author contact"),
        ("Already have an account? Sign in.", "subscription pitch"),
        ("Log in or subscribe to continue reading.", "subscription pitch"),
        ("This story is available exclusively to subscribers.", "subscription pitch"),
        ("If you value our reporting, please consider making a donation.", "donation pitch"),
        ("We rely on readers like you. Donate today.", "donation pitch"),
        ("Independent journalism needs your support.", "donation pitch"),
        ("Your support makes this work possible.", "donation pitch"),
        ("We welcome your comments. Please keep them civil.", "comment prompt"),
        ("MORE: Flood forces thousands from homes", "related links"),
        ("Read more from Dana Reyes", "related links"),
        ("Credit: Getty Images", "image credit"),
        ("Illustration by Jane Doe", "image credit"),
        ("This story was originally published by ProPublica.", "source credit"),
        ("Distributed by Tribune Content Agency, LLC.", "source credit"),
        ("Show key events only", "page furniture"),
        ("Please enable JavaScript to view the comments powered by Disqus.", "page furniture"),
        ("Story by Jane Doe • 3 min read", "page furniture"),
        ("Privacy Policy | Terms of Use", "page furniture"),
        ("We use cookies to improve your experience. By continuing to use this site you agree to our use of cookies.",
         "cookie notice"),
        ("Sponsored by Acme Bank", "advertisement"),
        ("For more news, visit valleycourier.example.", "promotion"),
        ("Unlock unlimited access for $1 a week.", "subscription pitch"),
        ("Make a tax-deductible gift today.", "donation pitch"),
        ("Read the full report (PDF).", "promotion"),
        ("Tap to listen", "page furniture"),
        ("Listen to article (4 minutes)", "page furniture"),
        ("Gallery: Flooding in the valley", "related links"),
        ("Popular stories", "related links"),
        ("Update, 5:12 p.m.: This story has been updated with the latest toll.", "update note"),
        ("First published on Tue 4 Mar 2025 10.32 GMT", "date stamp"),
        ("All content copyright Valley Media Ltd.", "copyright line"),
        ("Investor Relations Contact: Ann Lee, ir@acme.example, +1 555 0100", "media contact"),
    ],
)
def test_line_rules(line: str, reason: str) -> None:
    result = marks([STORY[0], STORY[1], line, STORY[2], STORY[3]])
    assert result[line] == reason
    assert_story_kept(result)


@pytest.mark.parametrize(
    "line",
    [
        # article text that mentions the words the rules look for
        "The company said its newsletter business grew 40% last year as more readers signed up for email alerts, "
        "a trend analysts expect to continue as advertising revenue falls and publishers look for other income.",
        "Photographs taken on Monday show the spillway completely destroyed.",
        "Comments from residents suggest the warning sirens never sounded.",
        "Advertisement spending by the agency rose to $2 million.",
        "Related reports from the region describe similar damage upstream.",
        "Read the full statement from the ministry below.",
        "Share prices of the construction firm fell 12% on Monday.",
        "Copyright lawyers say the footage can be used freely.",
        "The shelter is supported by donors from across the state, its director said on Monday.",
        "Mayor Ana Ortiz covers the cost of the repairs for the city out of an emergency fund, officials said.",
        "Residents who have a question about the evacuation can contact the county hotline.",
        # the same words in the third person, in reported speech, or about something else
        "Subscribers can cancel at any time under the new rules, which take effect in March.",
        "The museum is funded by its members and a state grant of $2 million a year.",
        "The report is free to read online, and its authors will present it in Brussels on Monday.",
        "Corrections officers at the prison walked out on Tuesday over staffing levels.",
        "The platform has no control over content uploaded by its 40 million users.",
        "Support for the measure fell to 41% in the latest poll.",
        "Email records obtained by the Courier show the warning was sent at 9:14 p.m.",
        "Thank you notes from survivors lined the walls of the fire station.",
        "An earlier version of the bill would have capped rent increases at 5% a year.",
        "The ministry updated its guidance on Tuesday, adding three more districts to the list.",
        "Contact tracing teams have reached 300 people who attended the service.",
        "Join us in rebuilding this town, the mayor urged residents at the rally.",
        "Support our farmers, the protesters chanted outside the ministry.",
        "Media coverage of the trial has been intense, with 200 journalists accredited.",
        "Reporting by local outlets suggested the dam had been leaking for weeks.",
        "The newspaper's coverage of the scandal is funded by a grant, its editor said.",
        "Follow-up inspections found cracks in 12 of the 19 spans.",
        "Sign-in sheets recovered from the site show 40 workers were on shift.",
        "Listen to the full interview, the station said in a post.",
        "If you value your health, get vaccinated before the winter, the health ministry advised.",
        "We rely on the river for our drinking water, said farmer Tomas Quispe, 61.",
        "Donate blood at one of the five centres opened by the Red Cross on Monday.",
        "Independent candidates need your signatures by Friday to appear on the ballot.",
        "Help arrived on Tuesday when 200 soldiers reached the village.",
        "For more than a decade, our town has waited for a new bridge.",
        "Credit card spending rose 4% in October.",
        "The paper was distributed by volunteers to 3,000 homes.",
        "Key events in the trial are expected next week.",
        "Sponsored by the city, the festival drew 40,000 visitors.",
        "Paid content creators earned an average of $2,300 a month, a survey found.",
        "The author is expected to appear in court on Friday.",
        "We use cookies from a local bakery for the school fundraiser.",
        "Subscribers to the service have risen to 12 million.",
        "To report a crime, call 911.",
        "Reach the summit by noon, the guide told the climbers.",
        "Our reporter counted at least 40 bodies at the scene.",
        "Contact with the crew was lost at 3:12 a.m.",
        "Readers of the newspaper donated $40,000 to the victims' fund.",
        "Thanks to the rain, firefighters contained 60% of the blaze by Tuesday.",
        "Share prices rose 3% after the announcement.",
        "Check the county map for road closures before you travel.",
        "The company's copyright lawsuit against Acme Media Ltd.",
        "We use cookies to track user behaviour, the company admitted in its 2023 filing.",
        "Read the full report on our findings in the appendix, the agency told lawmakers.",
        "Gallery owners said sales fell 15% in the third quarter.",
        "Tap water in 12 districts was declared unsafe on Monday.",
        "Unlock codes were sold for $20 each, prosecutors said.",
        "Make a plan and pack an emergency kit, officials advised residents.",
        "Photos of the damage were shared 40,000 times on social media.",
        "Published figures show unemployment fell to 4.1% in June.",
        "Help us find our son, his parents pleaded in a video viewed 1 million times.",
    ],
)
def test_article_sentences_are_not_marked(line: str) -> None:
    result = marks([STORY[0], line, STORY[1], STORY[2], STORY[3]])
    assert result[line] is None


def test_author_bio_section_and_bio_sentence() -> None:
    bio = ("Stavros Atlamazoglou is a seasoned defense journalist specializing in special operations. "
           "His work has been featured in Business Insider.")
    result = marks([*STORY, "About the Author:", bio])
    assert result["About the Author:"] == "author bio" and result[bio] == "author bio"
    bio2 = "Ana Ruiz is a senior reporter at the Valley Courier covering climate. She has written for the BBC."
    result = marks([*STORY, bio2])
    assert result[bio2] == "author bio"
    assert_story_kept(result)


@pytest.mark.parametrize(
    "line",
    [
        "The author is expected to appear in court on Friday.",
        "The writer was released on bail of $50,000.",
        "Senator Maria Lopez has covered the costs of her campaign since 2019 with personal loans.",
        "Coach Tom Baker previously worked for the Chicago Bears as a defensive coordinator.",
        "Sponsored by the EU, the programme has trained 4,000 teachers since 2019.",
    ],
)
def test_closing_article_sentences_are_not_marked(line: str) -> None:
    assert marks([*STORY, *STORY, line])[line] is None


def test_op_ed_author_line_at_the_end() -> None:
    line = "The writer is a former ambassador to Japan and teaches at the University of Leeds."
    result = marks([*STORY, *STORY, line])
    assert result[line] == "author bio"
    early = "The writer is a former ambassador who was detained in 2019 and released after 40 days."
    assert marks([early, *STORY, *STORY])[early] is None


def test_bio_like_sentence_early_in_the_story_is_kept() -> None:
    line = "Julian Ropke is a Bild analyst who has followed the war since 2022, and he counts the losses daily."
    result = marks([line, *STORY, *STORY])
    assert result[line] is None


def test_related_section_marks_its_headlines_but_not_the_story_after() -> None:
    lines = [*STORY[:2], "You may also like:", "Dam collapses in 2019 left dozens dead",
             "How engineers inspect old dams", STORY[2], STORY[3]]
    result = marks(lines)
    assert result["Dam collapses in 2019 left dozens dead"] == "related links"
    assert result["How engineers inspect old dams"] == "related links"
    assert_story_kept(result)


def test_comment_section_at_the_end_marks_the_comments() -> None:
    lines = [*STORY, "2 comments", "I made this jam today and it turned out really good.", "Hi Cherie, thanks!"]
    result = marks(lines)
    assert result["I made this jam today and it turned out really good."] == "reader comments"
    assert_story_kept(result)


def test_newsletter_widget_lines_are_marked_together() -> None:
    lines = [*STORY[:2], "Pick Six Newsletter", "Get the day's big stories and picks, every morning.",
             "Thanks for signing up!", "Keep an eye on your inbox.", "Sorry!",
             "There was an error processing your subscription.", STORY[2], STORY[3]]
    result = marks(lines)
    assert all(result[line] == "newsletter pitch" for line in lines[2:8])
    assert_story_kept(result)


def test_repeated_headline_and_pipe_headline_runs() -> None:
    title = "Dam failure kills dozens in Valle Alto"
    lines = [title, *STORY, title, "Design Week 2018 | A preview of the new lamps",
             "Design Week 2018 | Lighting the old market hall"]
    text = "\n".join(lines) + "\n"
    doc = Document(id="x.txt", text=text, title=title)
    blocks, _ = segment(doc)
    got = [(b.kind, b.boilerplate) for b in blocks]
    assert got[0] == ("title", None)
    assert got[5] == ("heading", "repeated headline")
    assert got[6][1] == got[7][1] == "related links"


def test_closing_promo_sentence_is_a_finding_not_a_block_mark() -> None:
    from claimledger.anatomy import anatomy_findings

    para = "We traveled to London to try the service. It is peak Google. Read our review-in-progress here."
    text = "\n".join([*STORY, para]) + "\n"
    doc = Document(id="x.txt", text=text)
    blocks, sentences = segment(doc)
    assert all(b.boilerplate is None for b in blocks)
    (f,) = [f for f in anatomy_findings(doc, blocks, sentences) if f.kind == "boilerplate"]
    assert text[f.spans[0][0]:f.spans[0][1]] == "Read our review-in-progress here."


def test_html_page_end_to_end() -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "newsroom_page.html"
    (doc,) = list(iter_documents([path]))
    assert isinstance(doc, Document)
    blocks, _ = segment(doc)
    by_text: dict[str, Block] = {doc.text[b.start:b.end]: b for b in blocks}
    kept = " ".join(t for t, b in by_text.items() if b.boilerplate is None)
    for phrase in ("About 12,000 people", "Emergency crews", "We have not seen levels", "amber warning",
                   "two rest centres", "Insurers said"):
        assert phrase in kept
    for phrase in ("Advertisement", "Read more:", "senior environment reporter", "All rights reserved",
                   "Sign up for our free newsletter", "Leave a comment", "Related stories"):
        assert phrase not in kept

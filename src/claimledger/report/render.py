"""The Jinja2 environment shared by the report and the web UI.

Autoescape is ON for every template whatever its name (``autoescape=True``, not the
extension-based default), undefined variables raise, and the only values marked safe are
the ones this package builds itself (SVG from :mod:`charts`, :func:`format.inert`).  Links
differ between the one-file report (``#d3-s17``) and the served pages
(``/documents/3#d3-s17``), so each front end passes its own :class:`Links`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from claimledger.models import FINDING_KINDS
from claimledger.report import format as fmt

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

KIND_LABELS = {
    "conflict": "Conflicts",
    "self_contradiction": "Self-contradictions",
    "disagreement": "Disagreements",
    "off_topic": "Off-topic passages",
    "duplicate": "Duplicates",
    "boilerplate": "Boilerplate",
    "unattributed": "Unattributed figures",
    "broken_text": "Broken text",
    "role_conflict": "Role conflicts",
}
KIND_BLURBS = {
    "conflict": "Sources disagree on the same quantity or date at the same time.",
    "self_contradiction": "One document disagrees with itself.",
    "disagreement": "Sources relayed inside one document disagree with each other.",
    "off_topic": "Passages that do not belong to the story, such as spliced-in text.",
    "duplicate": "Text repeated inside a document, or a syndicated copy of another document.",
    "boilerplate": "Author bios, credits, comment prompts and navigation mixed into the text.",
    "unattributed": "Figures given without naming who says so.",
    "broken_text": "Words split by stray line breaks, mojibake and other damage.",
    "role_conflict": "One person given different roles by different sources.",
}
# Numerous and rarely decisive: shown collapsed until a reader opens them.
COLLAPSED_KINDS = frozenset({"boilerplate", "unattributed", "broken_text"})


@dataclass(frozen=True)
class Links:
    """Where items link to.  ``base`` is '' in the report (same page) or '/documents/' on the web."""

    web: bool = False

    def sentence(self, doc_n: int | None, idx: int | None) -> str:
        if doc_n is None:
            return "#"
        frag = f"d{doc_n}" + (f"-s{idx}" if idx is not None else "")
        return f"/documents/{doc_n}#{frag}" if self.web else f"#{frag}"

    def document(self, doc_n: int | None) -> str:
        if doc_n is None:
            return "#"
        return f"/documents/{doc_n}" if self.web else f"#d{doc_n}"

    def figure(self, figure_id: int) -> str:
        return f"/figures/{figure_id}" if self.web else f"#fig-{figure_id}"

    def finding(self, finding_id: int, kind: str) -> str:
        return f"/findings?kind={kind}#f{finding_id}" if self.web else f"#f{finding_id}"

    def kind(self, kind: str) -> str:
        return f"/findings?kind={kind}" if self.web else f"#kind-{kind}"


def no_review(kind: str, row_id: int) -> None:
    """Pages that show no reviews (the web UI's) render the shared macros with this."""
    return None


def environment(links: Links, extra: Sequence[Path] = ()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*(str(p) for p in extra), str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        inert=fmt.inert,
        plain=fmt.plain,
        date=fmt.iso_prefix,
        number=fmt.number,
        hedge_word=fmt.hedge_word,
        truncate_text=fmt.truncate,
    )
    env.globals.update(
        links=links,
        KIND_LABELS=KIND_LABELS,
        KIND_BLURBS=KIND_BLURBS,
        FINDING_KINDS=FINDING_KINDS,
        COLLAPSED_KINDS=COLLAPSED_KINDS,
        review_mark=no_review,  # the report passes ReviewIndex.mark
        reviewed_only=False,
    )
    return env

"""Pages nested deeper than the HTML parser goes: find them, and flatten them so they parse.

libxml2 (under lxml, under trafilatura) stops building the tree at 256 levels of open
elements and drops everything below, so a page of 10,000 nested ``<div>``s (a broken
template, a hostile page) comes out empty or without its article.  Raising the parser's
limit (lxml's ``huge_tree``) only moves it to 2,048 and builds a tree that deep for every
later step to recurse through, so instead the markup is flattened: tags beyond a
depth that no real layout needs are removed, and their text stays where it was.  This is
one pass of a regular expression over the tags, in time and memory linear in the page,
and it runs only for pages the parser has already refused.
"""

from __future__ import annotations

import re

PARSER_DEPTH_LIMIT = 256  # libxml2's default: "Excessive depth in document: 256"
KEEP_DEPTH = 200  # open elements kept; the rest of the nesting is flattened

# A comment, a doctype or processing instruction, or a start/end tag (group 1: "/", group 2: the name).
_TAG = re.compile(r"<!--.*?-->|<[!?][^>]*>|<(/?)([A-Za-z][A-Za-z0-9:_-]*)(?:\s[^>]*)?>", re.S)
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
})
# Elements whose content is raw text: tags inside them are not tags.
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "template"})
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
})
_CLOSE_SEARCH = 64  # how far down the stack an end tag looks for its start tag


def flatten_nesting(html: str, keep: int = KEEP_DEPTH) -> tuple[str, int]:
    """``html`` with the tags nested deeper than ``keep`` removed, and the deepest nesting met.

    Start tags are pushed on a stack and end tags close the nearest open element of
    their name (searched a bounded way down, as a parser recovers from bad nesting, so
    a stray end tag costs constant time).  A removed block-level tag leaves a line break
    so that paragraphs stay apart; a removed inline tag leaves nothing, so words are not
    split.  Void elements, comments and the content of ``<script>``/``<style>`` pass
    through untouched.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    kept = deepest = pos = 0
    while (m := _TAG.search(html, pos)) is not None:
        out.append(html[pos:m.start()])
        pos = m.end()
        tag, closing, name = m[0], m[1], (m[2] or "").lower()
        if not name or name in _VOID or tag.endswith("/>"):
            out.append(tag)
        elif name in _RAW and not closing:
            close = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            end = close.end() if close else len(html)
            out.append(html[m.start():end])
            pos = end
        elif closing:
            at = _open_index(stack, name)
            if at is None:
                out.append(tag)  # a stray end tag: the parser ignores it too
                continue
            kept -= sum(was_kept for _, was_kept in stack[at:])
            out.append(tag if stack[at][1] else _gap(name))
            del stack[at:]
        else:
            keep_it = kept < keep
            stack.append((name, keep_it))
            kept += keep_it
            deepest = max(deepest, len(stack))
            out.append(tag if keep_it else _gap(name))
    out.append(html[pos:])
    return "".join(out), deepest


def _open_index(stack: list[tuple[str, bool]], name: str) -> int | None:
    for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_SEARCH), -1):
        if stack[i][0] == name:
            return i
    return None


def _gap(name: str) -> str:
    return "" if name in _INLINE else "\n"

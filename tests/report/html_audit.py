"""Parse rendered HTML and collect what a security or link check needs (stdlib parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Audit:
    ids: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    srcs: list[str] = field(default_factory=list)
    handlers: list[tuple[str, str]] = field(default_factory=list)  # (tag, on* attribute)
    style_attrs: list[str] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    meta_csp: str | None = None
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.audit = Audit()
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = self.audit
        a.tags[tag] = a.tags.get(tag, 0) + 1
        for name, value in attrs:
            value = value or ""
            if name == "id":
                a.ids.append(value)
            elif name in ("href", "xlink:href"):
                a.hrefs.append(value)
            elif name in ("src", "srcset", "action", "formaction", "data", "poster", "background"):
                a.srcs.append(value)
            elif name.startswith("on"):
                a.handlers.append((tag, name))
            elif name == "style":
                a.style_attrs.append(value)
            elif name == "http-equiv" and value.lower() == "content-security-policy":
                a.meta_csp = dict(attrs).get("content")
        if tag in ("script", "style"):
            self._in = tag
            (a.scripts if tag == "script" else a.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.audit.scripts[-1] += data
        elif self._in == "style":
            self.audit.styles[-1] += data
        else:
            self.audit.text.append(data)


def audit(html: str) -> Audit:
    p = _Parser()
    p.feed(html)
    p.close()
    return p.audit

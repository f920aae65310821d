"""An allow-list HTML sanitizer for the text of lectures and tasks (LMS-1).

Teachers write lectures as HTML (pasted from an editor) or as plain text. What is kept:
the tags in ALLOWED_TAGS with the attributes in ALLOWED_ATTRIBUTES; links only to
http(s), mailto, same-site paths and anchors, always with rel="noopener noreferrer
nofollow". Everything else goes: the tags of unknown elements (their text stays), and
script, style, iframe, object … with their content. The output is well formed: every
kept tag is closed, stray end tags are dropped. Plain text (no tag at all) becomes
paragraphs split at blank lines, with line breaks kept.

Pure functions, standard library only (html.parser); no dependency was added for this
(ADR 0018).
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "h2", "h3", "h4", "h5", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "code", "kbd", "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "figure", "figcaption", "abbr", "cite", "q", "span", "div",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start"}),
}
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
     "head", "title", "textarea", "select", "button"}
)  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:")
NUMERIC_ATTRIBUTES = frozenset({"colspan", "rowspan", "start"})
_TAG = re.compile(r"</?[a-zA-Z]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _safe_href(value: str) -> str | None:
    compact = _CONTROL.sub("", value).lower()
    if compact.startswith(SAFE_SCHEMES):
        return value.strip()
    if compact.startswith(("#", "/")) and not compact.startswith("//"):
        return value.strip()
    return None


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag in DROP_WITH_CONTENT:
                self.dropping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            self.dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        kept = self._attributes(tag, attrs)
        self.out.append(f"<{tag}{kept}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS and not self.dropping:
            self.handle_endtag(tag)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
        parts: list[str] = []
        for name, raw in attrs:
            if name not in allowed or raw is None:
                continue
            value: str | None = raw
            if name == "href":
                value = _safe_href(raw)
            elif name in NUMERIC_ATTRIBUTES:
                value = raw.strip() if raw.strip().isdigit() and len(raw.strip()) <= 3 else None
            if value is not None:
                parts.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a":
            parts.append(' rel="noopener noreferrer nofollow"')
        return "".join(parts)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.stack:
            return  # a stray end tag
        while self.stack:
            open_tag = self.stack.pop()
            self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def close_all(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def html_sanitize(text: str) -> str:
    """Keep the allowed markup of `text`; plain text becomes paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        return plain_to_html(text)
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.close_all().strip()


def plain_to_html(text: str) -> str:
    """Paragraphs at blank lines, <br> at single line breaks, everything escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )

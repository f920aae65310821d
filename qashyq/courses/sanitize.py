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

from qashyq.core.html import AllowListCleaner, safe_href

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
NUMERIC_ATTRIBUTES = frozenset({"colspan", "rowspan", "start"})
_TAG = re.compile(r"</?[a-zA-Z]")


class _Cleaner(AllowListCleaner):
    allowed_tags = ALLOWED_TAGS
    void_tags = VOID_TAGS
    attributes = ALLOWED_ATTRIBUTES
    drop_with_content = DROP_WITH_CONTENT

    def attribute_value(self, tag: str, name: str, raw: str) -> str | None:
        if name == "href":
            return safe_href(raw)
        if name in NUMERIC_ATTRIBUTES:
            return raw.strip() if raw.strip().isdigit() and len(raw.strip()) <= 3 else None
        return raw


def html_sanitize(text: str) -> str:
    """Keep the allowed markup of `text`; plain text becomes paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        return plain_to_html(text)
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.cleaned().strip()


def plain_to_html(text: str) -> str:
    """Paragraphs at blank lines, <br> at single line breaks, everything escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )

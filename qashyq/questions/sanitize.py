"""The allow-list HTML of question texts (TST-1): the markup of lectures (as in
courses.sanitize) plus images of the bank and MathML formulas; TeX between \\( \\) is
text and stays as typed (rendered at display, grading.render_text).

Images only from the bank (`/questions/files/<id>/<name>`) or, inside an import, the
exchange formats' `@@PLUGINFILE@@/<name>`; any other source is dropped with its tag.
Pure, standard library only.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

TEXT_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "code", "a", "table", "caption",
        "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "span", "div", "img",
    }
)  # fmt: skip
MATH_TAGS = frozenset(
    {
        "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
        "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
        "mstyle", "mpadded", "mphantom", "menclose", "semantics", "annotation", "mfenced",
    }
)  # fmt: skip
ALLOWED_TAGS = TEXT_TAGS | MATH_TAGS
VOID_TAGS = frozenset({"br", "hr", "img", "mspace"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "math": frozenset({"display", "xmlns"}),
    "mo": frozenset({"stretchy", "fence", "separator"}),
    "mfrac": frozenset({"linethickness"}),
    "mstyle": frozenset({"displaystyle", "scriptlevel"}),
    "mtable": frozenset({"columnalign", "rowspacing"}),
    "menclose": frozenset({"notation"}),
    "annotation": frozenset({"encoding"}),
    "mfenced": frozenset({"open", "close", "separators"}),
    "mspace": frozenset({"width"}),
}
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "head",
     "title", "textarea", "select", "button", "form", "input"}
)  # fmt: skip
IMAGE_SOURCE = re.compile(r"^(/questions/files/\d+/[^\"'<>\s]*|@@PLUGINFILE@@/[^\"'<>]+)$")
_TAG = re.compile(r"</?[a-zA-Z]")
_SAFE_VALUE = re.compile(r"^[\w\s.,:#%+\-/@()]*$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _safe_href(value: str) -> str | None:
    compact = _CONTROL.sub("", value).lower()
    if compact.startswith(("http://", "https://", "mailto:")):
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
        if self.dropping or tag in DROP_WITH_CONTENT:
            if tag in DROP_WITH_CONTENT:
                self.dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        kept = self._attributes(tag, attrs)
        if kept is None:
            return
        self.out.append(f"<{tag}{kept}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS and not self.dropping:
            self.handle_endtag(tag)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
        parts: list[str] = []
        for name, raw in attrs:
            if name not in allowed or raw is None:
                continue
            value: str | None = raw.strip()
            if name == "href":
                value = _safe_href(raw)
            elif name == "src":
                value = value if value and IMAGE_SOURCE.match(value) else None
            elif name == "xmlns":
                value = "http://www.w3.org/1998/Math/MathML"
            elif name != "alt" and not _SAFE_VALUE.match(value or ""):
                value = None
            if value is not None:
                parts.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "img" and not any(p.startswith(" src=") for p in parts):
            return None  # an image from elsewhere: dropped
        if tag == "a":
            parts.append(' rel="noopener noreferrer nofollow"')
        return "".join(parts)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.stack:
            return
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


def question_html(text: str) -> str:
    """Keep the allowed markup of `text`; plain text becomes paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "".join(
            "<p>" + "<br>".join(escape(line, quote=False) for line in p.split("\n")) + "</p>"
            for p in paragraphs
        )
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.close_all().strip()


def inline_html(text: str) -> str:
    """A choice, prompt or item: the same markup, but plain text stays one line (no <p>)."""
    text = text.strip()
    if not text or not _TAG.search(text):
        return escape(" ".join(text.split()), quote=False)
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.close_all().strip()

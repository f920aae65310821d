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

from qashyq.core.html import AllowListCleaner, safe_href

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


class _Cleaner(AllowListCleaner):
    allowed_tags = ALLOWED_TAGS
    void_tags = VOID_TAGS
    attributes = ALLOWED_ATTRIBUTES
    drop_with_content = DROP_WITH_CONTENT

    def attribute_value(self, tag: str, name: str, raw: str) -> str | None:
        value = raw.strip()
        if name == "href":
            return safe_href(raw)
        if name == "src":
            return value if value and IMAGE_SOURCE.match(value) else None
        if name == "xmlns":
            return "http://www.w3.org/1998/Math/MathML"
        if name != "alt" and not _SAFE_VALUE.match(value):
            return None
        return value


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
    return cleaner.cleaned().strip()


def inline_html(text: str) -> str:
    """A choice, prompt or item: the same markup, but plain text stays one line (no <p>)."""
    text = text.strip()
    if not text or not _TAG.search(text):
        return escape(" ".join(text.split()), quote=False)
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.cleaned().strip()

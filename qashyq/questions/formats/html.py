"""Safe HTML fragments for question texts (TST-1): an allow-list cleaner, plain text and a
small Markdown to HTML, and HTML back to plain text for the plain-text formats.

Unlike the lecture sanitizer (`qashyq.courses.sanitize`) a question keeps its images
(`<img src="@@PLUGINFILE@@/name">`, the image travels in `ParsedQuestion.images`) and its
formulas as MathML. Everything else that is not in the allow-list goes: the tags of
unknown elements (their text stays), script/style/… with their content, every `on*`
attribute, every link that is not http(s)/mailto.

Two shapes of fragment: a *block* (question text, feedback: paragraphs in `<p>`) and an
*inline* fragment (choice texts, ordering items, matching prompts: escaped text with
`<br>` and inline markup, a single wrapping `<p>` removed).
"""

from __future__ import annotations

import re
from html import escape, unescape

from qashyq.core.html import AllowListCleaner, safe_href

HTML_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "h2", "h3", "h4", "h5", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "code", "kbd", "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "figure", "figcaption", "abbr", "cite", "q", "span", "div", "img",
    }
)  # fmt: skip
MATHML_TAGS = frozenset(
    {
        "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
        "msup", "msub", "msubsup", "mover", "munder", "munderover", "mmultiscripts",
        "mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
        "menclose", "mfenced", "semantics", "annotation",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr", "img", "mspace", "none", "mprescripts"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start"}),
    "math": frozenset({"display", "xmlns"}),
    "mo": frozenset({"stretchy", "fence", "separator", "accent", "form"}),
    "mover": frozenset({"accent"}),
    "munder": frozenset({"accentunder"}),
    "mi": frozenset({"mathvariant"}),
    "mfrac": frozenset({"linethickness"}),
    "mfenced": frozenset({"open", "close", "separators"}),
    "menclose": frozenset({"notation"}),
    "annotation": frozenset({"encoding"}),
    "mstyle": frozenset({"displaystyle", "scriptlevel"}),
}
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
     "head", "title", "textarea", "select", "button", "form", "input"}
)  # fmt: skip
PLUGINFILE = "@@PLUGINFILE@@/"
_TAG = re.compile(r"</?[a-zA-Z]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SIZE = re.compile(r"^\d{1,4}(%|px)?$")


class _Cleaner(AllowListCleaner):
    allowed_tags = HTML_TAGS | MATHML_TAGS
    void_tags = VOID_TAGS
    attributes = ATTRIBUTES
    drop_with_content = DROP_WITH_CONTENT

    def attribute_value(self, tag: str, name: str, raw: str) -> str | None:
        if name == "href":
            return safe_href(raw)
        if name == "src":  # images: the file travels with the question, or https
            compact = _CONTROL.sub("", raw).lower()
            return raw.strip() if compact.startswith((PLUGINFILE.lower(), "https://")) else None
        if name in {"colspan", "rowspan", "start", "width", "height"}:
            return raw.strip() if _SIZE.match(raw.strip()) else None
        if name == "xmlns":
            return "http://www.w3.org/1998/Math/MathML"
        return raw


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text))


def clean_html(text: str) -> str:
    """The allowed markup of `text` (which is HTML), well formed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.cleaned().strip()


def plain_block(text: str) -> str:
    """Plain text as paragraphs: blank lines split paragraphs, line breaks become <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.strip(), quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def plain_inline(text: str) -> str:
    """Plain text as an inline fragment: escaped, line breaks become <br>."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    return "<br>".join(escape(line, quote=False) for line in lines)


_MD_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*"), r"<em>\1</em>"),
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"<em>\1</em>"),
)


def markdown_block(text: str) -> str:
    """The Markdown a teacher writes in a question: paragraphs, **bold**, *em*, `code`,
    bullet lists; anything else stays text (escaped)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in para.split("\n") if line.strip()]
        if not lines:
            continue
        if all(re.match(r"[-*+]\s+", line) for line in lines):
            items = "".join(f"<li>{_md_inline(line[1:].strip())}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(_md_inline(line) for line in lines) + "</p>")
    return "".join(out)


def _md_inline(line: str) -> str:
    html = escape(line, quote=False)
    for pattern, replacement in _MD_INLINE:
        html = pattern.sub(replacement, html)
    return html


_SINGLE_P = re.compile(r"^<p>((?:(?!</?p[ >]).)*)</p>$", re.DOTALL)


def to_inline(html: str) -> str:
    """A block fragment with a single paragraph loses its <p>."""
    html = html.strip()
    match = _SINGLE_P.match(html)
    return match.group(1).strip() if match else html


def to_block(html: str) -> str:
    """An inline fragment becomes a paragraph; a block stays as it is."""
    html = html.strip()
    if not html:
        return ""
    if re.match(r"<(p|div|ul|ol|table|h[2-5]|pre|blockquote|figure)[ >]", html):
        return html
    return f"<p>{html}</p>"


_BLOCK_END = re.compile(r"</(p|div|li|tr|h[2-5]|pre|blockquote)>|<br\s*/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def html_to_text(html: str) -> str:
    """The text of a fragment for the plain-text formats: paragraphs and <br> become
    line breaks, images their @@PLUGINFILE@@ name, tags dropped, entities resolved."""
    text = _BLOCK_END.sub("\n", html)
    text = _ANY_TAG.sub("", text)
    text = unescape(text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)

"""The text of a .docx as HTML lines, with its pictures and equations (TST-1).

Read with zipfile and defusedxml (no python-docx): the paragraphs and runs of
`word/document.xml`; bold, italic, underline, subscript and superscript kept as HTML; line
breaks split a paragraph into lines; tables flattened row by row, cell by cell, each
paragraph of a cell a line of its own; pictures (`a:blip r:embed`, `v:imagedata r:id`)
looked up in `word/_rels/document.xml.rels` and taken from `word/media/`, in place as
`<img src="@@PLUGINFILE@@/name">`; Word equations (OMML) as MathML (`omml.py`).
A line's number is the number of its paragraph in the document (what Word's navigation
shows), so problems can point at it.
"""

from __future__ import annotations

import io
import mimetypes
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from html import escape

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from qashyq.questions.formats.base import ParsedImage, Problem
from qashyq.questions.formats.common import problem
from qashyq.questions.formats.omml import M, omml_to_mathml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_XML_BYTES = 40 * 1024 * 1024
MAX_MEDIA_BYTES = 15 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
_CONTAINERS = {"hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml",
               "moveTo", "dir", "bdo"}  # fmt: skip


class NotDocx(ValueError):
    """Not a readable Word document."""


@dataclass
class DocxLine:
    number: int  # the paragraph
    html: str
    text: str  # plain text (equations as their text, pictures left out)


@dataclass
class DocxText:
    lines: list[DocxLine] = field(default_factory=list)
    images: list[ParsedImage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _on(props: ET.Element | None, tag: str) -> bool:
    if props is None:
        return False
    found = props.find(tag)
    if found is None:
        return False
    return (found.get(f"{W}val") or "true").lower() not in {"0", "false", "off", "none"}


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.result = DocxText()
        self.total = 0
        self.rels = self._rels()
        self.by_target: dict[str, str] = {}
        self.paragraph = 0

    def _member(self, name: str, limit: int) -> bytes:
        try:
            info = self.archive.getinfo(name)
        except KeyError as error:
            raise NotDocx(name) from error
        self.total += info.file_size
        if info.file_size > limit or self.total > MAX_TOTAL_BYTES:
            raise NotDocx(name)
        return self.archive.read(info)

    def _rels(self) -> dict[str, str]:
        try:
            root = fromstring(self._member("word/_rels/document.xml.rels", MAX_XML_BYTES))
        except NotDocx:
            return {}
        rels: dict[str, str] = {}
        for rel in root.iter(f"{PKG_REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            rels[rel.get("Id") or ""] = posixpath.normpath(path)
        return rels

    def image(self, rel_id: str) -> str:
        path = self.rels.get(rel_id)
        if not path:
            return ""
        if path not in self.by_target:
            name = posixpath.basename(path)
            taken = {image.name for image in self.result.images}
            stem, dot, ext = name.rpartition(".")
            counter = 1
            while name in taken:
                counter += 1
                name = f"{stem}-{counter}{dot}{ext}"
            try:
                content = self._member(path, MAX_MEDIA_BYTES)
            except NotDocx:
                self.result.problems.append(
                    problem(self.paragraph, _("A picture is missing from the document or too "
                                              "large."), path, warning=True)
                )  # fmt: skip
                return ""
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.result.images.append(ParsedImage(name=name, content=content, mime_type=mime))
            self.by_target[path] = name
        return f'<img src="@@PLUGINFILE@@/{escape(self.by_target[path])}" alt="">'

    def body(self, element: ET.Element) -> None:
        for child in element:
            if child.tag == f"{W}p":
                self.paragraph_lines(child)
            elif child.tag == f"{W}tbl":
                for row in child.iter(f"{W}tr"):
                    for cell in row.findall(f"{W}tc"):
                        self.body(cell)
            elif child.tag in {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}:
                inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if inner is not None:
                    self.body(inner)

    def paragraph_lines(self, p: ET.Element) -> None:
        self.paragraph += 1
        pieces: list[tuple[str, tuple[bool, ...], str]] = []  # kind, format, content
        self.inline(p, pieces)
        lines: list[list[tuple[str, tuple[bool, ...], str]]] = [[]]
        for piece in pieces:
            if piece[0] == "br":
                lines.append([])
            else:
                lines[-1].append(piece)
        for line in lines:
            html, text = _render(line)
            self.result.lines.append(DocxLine(number=self.paragraph, html=html, text=text))

    def inline(self, element: ET.Element, out: list[tuple[str, tuple[bool, ...], str]]) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, out)
            elif tag in {f"{M}oMath", f"{M}oMathPara"}:
                mathml, unknown = omml_to_mathml(child)
                text = "".join(t.text or "" for t in child.iter(f"{M}t"))
                out.append(("raw", (), mathml + "\x00" + text))
                for name in sorted(set(unknown)):
                    self.result.problems.append(
                        problem(self.paragraph, _("A part of an equation (%(element)s) could not "
                                                  "be converted; its text was kept.")
                                % {"element": name}, text, warning=True)
                    )  # fmt: skip
            elif tag.startswith(W) and tag.removeprefix(W) in _CONTAINERS:
                self.inline(child, out)
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                self.inline(choice if choice is not None else child, out)

    def run(self, r: ET.Element, out: list[tuple[str, tuple[bool, ...], str]]) -> None:
        props = r.find(f"{W}rPr")
        align = ""
        if props is not None:
            vert = props.find(f"{W}vertAlign")
            align = (vert.get(f"{W}val") or "") if vert is not None else ""
        fmt = (
            _on(props, f"{W}b"),
            _on(props, f"{W}i"),
            _on(props, f"{W}u"),
            align == "subscript",
            align == "superscript",
        )
        for child in r:
            tag = child.tag
            if tag == f"{W}t":
                out.append(("text", fmt, child.text or ""))
            elif tag == f"{W}tab":
                out.append(("text", fmt, " "))
            elif tag in {f"{W}br", f"{W}cr"}:
                out.append(("br", fmt, ""))
            elif tag in {f"{W}drawing", f"{W}pict", f"{MC}AlternateContent"}:
                blip = next(
                    (b.get(f"{R}embed") for b in child.iter(f"{A}blip") if b.get(f"{R}embed")),
                    None,
                ) or next((v.get(f"{R}id") for v in child.iter(f"{V}imagedata")), None)
                if blip:
                    img = self.image(blip)
                    if img:
                        out.append(("raw", (), img + "\x00"))


_FORMAT_TAGS = ("strong", "em", "u", "sub", "sup")


def _render(pieces: list[tuple[str, tuple[bool, ...], str]]) -> tuple[str, str]:
    html: list[str] = []
    text: list[str] = []
    index = 0
    while index < len(pieces):
        kind, fmt, content = pieces[index]
        if kind == "raw":
            markup, _sep, plain = content.partition("\x00")
            html.append(markup)
            text.append(plain)
            index += 1
            continue
        chunk = [content]
        index += 1
        while index < len(pieces) and pieces[index][0] == "text" and pieces[index][1] == fmt:
            chunk.append(pieces[index][2])
            index += 1
        joined = "".join(chunk)
        text.append(joined)
        if not joined:
            continue
        opened = [tag for tag, on in zip(_FORMAT_TAGS, fmt, strict=False) if on]
        markup = escape(joined, quote=False)
        if joined.strip():
            markup = "".join(f"<{t}>" for t in opened) + markup
            markup += "".join(f"</{t}>" for t in reversed(opened))
        html.append(markup)
    return "".join(html).strip(), "".join(text).strip()


def docx_read(data: bytes) -> DocxText:
    """The lines of a .docx; raises NotDocx when it is not a readable Word document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise NotDocx from error
    with archive:
        try:
            reader = _Reader(archive)
            root = fromstring(reader._member("word/document.xml", MAX_XML_BYTES))
        except (ET.ParseError, DefusedXmlException, zipfile.BadZipFile, OSError) as error:
            raise NotDocx from error
        except (RuntimeError, NotImplementedError) as error:  # encrypted, unknown compression
            raise NotDocx from error
        body = root.find(f"{W}body")
        if body is None:
            raise NotDocx
        try:
            reader.body(body)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            raise NotDocx from error
        return reader.result

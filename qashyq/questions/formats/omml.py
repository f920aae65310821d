"""Word equations (OMML, `m:oMath`) to MathML, for formulas in .docx tests (TST-1).

Converted: runs (m:r/m:t as mi/mn/mo), fractions (m:f), scripts (m:sSup, m:sSub,
m:sSubSup, m:sPre), radicals (m:rad with or without a degree), delimiters (m:d),
n-ary operators (m:nary: sums, integrals with their limits), functions (m:func),
accents (m:acc), bars (m:bar), lower/upper limits (m:limLow, m:limUpp), boxes and
group characters, equation arrays and matrices. An element not in this list falls back to
its text (an mtext) and the caller gets its name to warn the teacher.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]|\s+|.", re.UNICODE)
_SKIP = {"rPr", "ctrlPr", "argPr"}  # properties, nothing to show


def _val(element: ET.Element | None, path: str, default: str | None = None) -> str | None:
    if element is None:
        return default
    found = element.find(path)
    if found is None:
        return default
    return found.get(f"{M}val", default)


def _on(element: ET.Element | None, path: str) -> bool:
    value = _val(element, path)
    if value is None:
        return element is not None and element.find(path) is not None
    return value.lower() in {"1", "on", "true"}


class Converter:
    def __init__(self) -> None:
        self.unknown: list[str] = []

    def math(self, element: ET.Element) -> str:
        """An m:oMath or m:oMathPara as a <math> element."""
        display = element.tag == f"{M}oMathPara"
        maths = element.findall(f"{M}oMath") if display else [element]
        body = "".join(f"<mrow>{self.children(m)}</mrow>" for m in maths)
        block = ' display="block"' if display else ""
        return f'<math xmlns="{MATHML_NS}"{block}>{body}</math>'

    def children(self, element: ET.Element | None) -> str:
        if element is None:
            return ""
        return "".join(self.node(child) for child in element)

    def row(self, element: ET.Element | None) -> str:
        return f"<mrow>{self.children(element)}</mrow>"

    def node(self, el: ET.Element) -> str:  # noqa: PLR0911, PLR0912 (one branch per element)
        name = el.tag.removeprefix(M)
        if not el.tag.startswith(M) or name.endswith("Pr") or name in _SKIP:
            return ""
        if name == "r":
            return self.run(el)
        if name == "f":
            return f"<mfrac>{self.row(el.find(f'{M}num'))}{self.row(el.find(f'{M}den'))}</mfrac>"
        if name == "sSup":
            return f"<msup>{self.row(el.find(f'{M}e'))}{self.row(el.find(f'{M}sup'))}</msup>"
        if name == "sSub":
            return f"<msub>{self.row(el.find(f'{M}e'))}{self.row(el.find(f'{M}sub'))}</msub>"
        if name == "sSubSup":
            return (
                f"<msubsup>{self.row(el.find(f'{M}e'))}{self.row(el.find(f'{M}sub'))}"
                f"{self.row(el.find(f'{M}sup'))}</msubsup>"
            )
        if name == "sPre":
            return (
                f"<mmultiscripts>{self.row(el.find(f'{M}e'))}<mprescripts/>"
                f"{self.row(el.find(f'{M}sub'))}{self.row(el.find(f'{M}sup'))}</mmultiscripts>"
            )
        if name == "rad":
            return self.radical(el)
        if name == "d":
            return self.delimiter(el)
        if name == "nary":
            return self.nary(el)
        if name == "func":
            return (
                f"<mrow>{self.row(el.find(f'{M}fName'))}<mo>\u2061</mo>"
                f"{self.row(el.find(f'{M}e'))}</mrow>"
            )
        if name == "acc":
            char = _val(el, f"{M}accPr/{M}chr", "\u0302") or "\u0302"
            return (
                f'<mover accent="true">{self.row(el.find(f"{M}e"))}<mo>{escape(char)}</mo></mover>'
            )
        if name == "bar":
            top = (_val(el, f"{M}barPr/{M}pos", "bot") or "bot") == "top"
            if top:
                return f'<mover accent="true">{self.row(el.find(f"{M}e"))}<mo>\u00af</mo></mover>'
            return f"<munder>{self.row(el.find(f'{M}e'))}<mo>_</mo></munder>"
        if name == "limLow":
            return f"<munder>{self.row(el.find(f'{M}e'))}{self.row(el.find(f'{M}lim'))}</munder>"
        if name == "limUpp":
            return f"<mover>{self.row(el.find(f'{M}e'))}{self.row(el.find(f'{M}lim'))}</mover>"
        if name == "groupChr":
            char = _val(el, f"{M}groupChrPr/{M}chr", "\u23df") or "\u23df"
            return f"<munder>{self.row(el.find(f'{M}e'))}<mo>{escape(char)}</mo></munder>"
        if name in {"box", "borderBox", "phant", "e", "num", "den", "sub", "sup", "deg",
                    "lim", "fName", "oMath"}:  # fmt: skip
            return self.row(el)
        if name == "eqArr":
            rows = "".join(f"<mtr><mtd>{self.row(e)}</mtd></mtr>" for e in el.findall(f"{M}e"))
            return f"<mtable>{rows}</mtable>"
        if name == "m":
            rows = "".join(
                "<mtr>" + "".join(f"<mtd>{self.row(e)}</mtd>" for e in mr.findall(f"{M}e"))
                + "</mtr>"
                for mr in el.findall(f"{M}mr")
            )  # fmt: skip
            return f"<mtable>{rows}</mtable>"
        self.unknown.append(name)
        text = "".join(t.text or "" for t in el.iter(f"{M}t"))
        return f"<mtext>{escape(text)}</mtext>" if text else ""

    def run(self, el: ET.Element) -> str:
        text = "".join(t.text or "" for t in el.iter(f"{M}t"))
        if _val(el, f"{M}rPr/{M}nor") is not None or _on(el.find(f"{M}rPr"), f"{M}lit"):
            return f"<mtext>{escape(text)}</mtext>" if text else ""
        out: list[str] = []
        for token in _TOKEN.findall(text):
            if token.isspace():
                continue
            if token[0].isdigit():
                out.append(f"<mn>{escape(token)}</mn>")
            elif token.isalpha():
                out.append(f"<mi>{escape(token)}</mi>")
            else:
                out.append(f"<mo>{escape(token)}</mo>")
        return "".join(out)

    def radical(self, el: ET.Element) -> str:
        base = self.row(el.find(f"{M}e"))
        degree = el.find(f"{M}deg")
        hidden = _on(el.find(f"{M}radPr"), f"{M}degHide")
        if hidden or degree is None or not "".join(degree.itertext()).strip():
            return f"<msqrt>{base}</msqrt>"
        return f"<mroot>{base}{self.row(degree)}</mroot>"

    def delimiter(self, el: ET.Element) -> str:
        props = el.find(f"{M}dPr")
        begin = _val(props, f"{M}begChr", "(")
        end = _val(props, f"{M}endChr", ")")
        sep = _val(props, f"{M}sepChr", "|") or "|"
        parts = [self.row(e) for e in el.findall(f"{M}e")]
        inner = f"<mo>{escape(sep)}</mo>".join(parts)
        opening = f'<mo fence="true">{escape(begin)}</mo>' if begin else ""
        closing = f'<mo fence="true">{escape(end)}</mo>' if end else ""
        return f"<mrow>{opening}{inner}{closing}</mrow>"

    def nary(self, el: ET.Element) -> str:
        props = el.find(f"{M}naryPr")
        char = _val(props, f"{M}chr", "\u222b") or "\u222b"
        under_over = (_val(props, f"{M}limLoc", "") or "") == "undOvr" or (
            props is not None and props.find(f"{M}limLoc") is None and char in "\u2211\u220f"
        )
        sub = None if _on(props, f"{M}subHide") else el.find(f"{M}sub")
        sup = None if _on(props, f"{M}supHide") else el.find(f"{M}sup")
        op = f"<mo>{escape(char)}</mo>"
        if sub is not None and sup is not None:
            tag = "munderover" if under_over else "msubsup"
            head = f"<{tag}>{op}{self.row(sub)}{self.row(sup)}</{tag}>"
        elif sub is not None:
            tag = "munder" if under_over else "msub"
            head = f"<{tag}>{op}{self.row(sub)}</{tag}>"
        elif sup is not None:
            tag = "mover" if under_over else "msup"
            head = f"<{tag}>{op}{self.row(sup)}</{tag}>"
        else:
            head = op
        return f"<mrow>{head}{self.row(el.find(f'{M}e'))}</mrow>"


def omml_to_mathml(element: ET.Element) -> tuple[str, list[str]]:
    """The MathML of an m:oMath/m:oMathPara and the names of the elements it could not
    convert (their text was kept)."""
    converter = Converter()
    return converter.math(element), converter.unknown

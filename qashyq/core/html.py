"""The allow-list HTML cleaner that every sanitizer of user HTML shares (lectures, question
texts, imported questions): one parser, each caller its policy.

A policy names the tags it keeps, the void ones, the attributes per tag, the elements
dropped with their content, and how an attribute's value is checked
(`attribute_value`). The mechanism is the same for all: tags of unknown elements go
(their text stays), dropped elements go with their content, the output is well formed
(every kept tag closed, stray end tags dropped), links get rel="noopener noreferrer
nofollow", and an image left without a source is dropped. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_href(value: str) -> str | None:
    """A link to http(s), mailto, a same-site path or an anchor; None for anything else
    (javascript:, data:, protocol-relative //host, control characters hidden inside)."""
    compact = _CONTROL.sub("", value).lower()
    if compact.startswith(("http://", "https://", "mailto:")):
        return value.strip()
    if compact.startswith(("#", "/")) and not compact.startswith("//"):
        return value.strip()
    return None


class AllowListCleaner(HTMLParser):
    """Feed HTML, then `cleaned()`; subclasses set the policy."""

    allowed_tags: frozenset[str] = frozenset()
    void_tags: frozenset[str] = frozenset()
    attributes: Mapping[str, frozenset[str]] = {}
    drop_with_content: frozenset[str] = frozenset()

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping: list[str] = []

    def attribute_value(self, tag: str, name: str, raw: str) -> str | None:
        """The value to keep for an allowed attribute, or None to drop it."""
        return raw

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in self.drop_with_content:
            if tag in self.drop_with_content:
                self.dropping.append(tag)
            return
        if tag not in self.allowed_tags:
            return
        kept = self._attributes(tag, attrs)
        if tag == "img" and ' src="' not in kept:
            return  # an image from a source the policy does not allow
        self.out.append(f"<{tag}{kept}>")
        if tag not in self.void_tags:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.allowed_tags and tag not in self.void_tags and not self.dropping:
            self.handle_endtag(tag)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        allowed = self.attributes.get(tag, frozenset())
        parts: list[str] = []
        for name, raw in attrs:
            if name not in allowed or raw is None:
                continue
            value = self.attribute_value(tag, name, raw)
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

    def cleaned(self) -> str:
        """The cleaned HTML, every tag still open closed."""
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)

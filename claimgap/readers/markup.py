"""HTML, Markdown (GOV.UK govspeak) and plain text → blocks of a :class:`TextBuilder`.

Every reader whose source carries a body in one of these markups (GOV.UK JSON, HTML pages, news
CSVs, text files, PDFs) lays it out through this module, so headings, paragraphs and list items are
recognised the same way everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from claimgap.readers.base import TextBuilder, clean_inline

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = {"script", "style", "noscript", "template", "svg", "button", "input", "select",
         "textarea", "iframe", "object", "head", "title", "meta", "link"}
_BLOCK = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "pre", "figure", "figcaption", "details", "summary", "address", "hr", "form",
    "fieldset", "legend", "body", "html", *_HEADINGS,
}
_LOOKS_HTML = re.compile(r"^\s*<(!doctype|html|div|p|h[1-6]|ul|ol|section|article|table)\b", re.IGNORECASE)


def looks_like_html(body: str) -> bool:
    """True when a body starts with an HTML block element (GOV.UK bodies are HTML or govspeak)."""
    return bool(_LOOKS_HTML.match(body))


def add_markup(builder: TextBuilder, body: str, heading_offset: int = 0) -> None:
    """Lay out a body that may be HTML, Markdown/govspeak, or Markdown with inline HTML."""
    if looks_like_html(body):
        add_html(builder, body, heading_offset)
    else:
        add_html(builder, markdown_to_html(body), heading_offset)


# ---------------------------------------------------------------- HTML


def parse_html(html: str) -> Any:
    """Parse an HTML document or fragment with lxml into an element with a body."""
    import lxml.html

    return lxml.html.document_fromstring(f"<html><body>{html}</body></html>"
                                         if "<body" not in html[:5000].lower() else html)


def add_html(builder: TextBuilder, html: str, heading_offset: int = 0,
             root: Any | None = None) -> None:
    """Walk HTML and add its headings, paragraphs, list items and table rows to ``builder``."""
    if root is None:
        if not html.strip():
            return
        root = parse_html(html)
        body = root.find("body")
        root = body if body is not None else root
    _Walker(builder, heading_offset).container(root, "paragraph", 0)


class _Walker:
    def __init__(self, builder: TextBuilder, heading_offset: int) -> None:
        self.builder = builder
        self.heading_offset = heading_offset

    def container(self, el: Any, kind: str, level: int) -> None:
        """Flush runs of inline content as ``kind`` blocks, descend into block children."""
        buffer: list[str] = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() in _BLOCK:
                self._flush(buffer, kind, level)
                buffer = []
                self.block(child, tag.lower(), level)
            elif tag.lower() not in _SKIP and tag:
                buffer.append(self.inline(child))
            buffer.append(child.tail or "")
        self._flush(buffer, kind, level)

    def block(self, el: Any, tag: str, level: int) -> None:
        if tag in _HEADINGS:
            self.builder.add(self.inline(el), "heading", _HEADINGS[tag] + self.heading_offset)
        elif tag == "li":
            self.container(el, "item", level + 1)
        elif tag == "tr":
            cells = [self.inline(cell) for cell in el if _tag(cell) in ("td", "th")]
            self.builder.add(" | ".join(c for c in (clean_inline(c) for c in cells) if c),
                             "paragraph")
        elif tag in ("hr",) or tag in _SKIP:
            return
        else:
            self.container(el, "item" if level and tag in ("p", "div") else "paragraph", level)

    def inline(self, el: Any) -> str:
        """Text of an element, skipping scripts and styles; ``<br>`` becomes a space."""
        parts: list[str] = []
        if _tag(el) in _SKIP:
            return ""
        if _tag(el) == "br":
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            if _tag(child) not in _SKIP:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        if _tag(el) in _BLOCK:
            parts.append(" ")
        return "".join(parts)

    def _flush(self, buffer: list[str], kind: str, level: int) -> None:
        text = "".join(buffer)
        if kind == "item":
            self.builder.add(_strip_bullet(text), "item", level)
        else:
            self.builder.add(text, "paragraph")


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


# ---------------------------------------------------------------- Markdown / govspeak

_GOVSPEAK_LINE = re.compile(r"^\s*(\$[A-Z]+|\{:[^}]*\}|\*\[[^\]]+\]:.*|"
                            r"\[(InlineAttachment|Attachment|embed|Contact)[^\]]*\])\s*$", re.MULTILINE)
_GOVSPEAK_WRAP = re.compile(r"^\s*([\^%@])(.*?)\1?\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown_to_html(text: str) -> str:
    """Render Markdown, with GOV.UK govspeak markers removed, to HTML."""
    text = _GOVSPEAK_LINE.sub("", text)
    text = _GOVSPEAK_WRAP.sub(lambda m: m.group(2), text)
    return _markdown().render(text)


# ---------------------------------------------------------------- plain text

_BULLET = re.compile(r"^\s*[•·▪◦‣\-\*–]\s+")
_ENUMERATOR = re.compile(r"^\s*(\(\s*[0-9]{1,3}[A-Z]?\s*\)|\(\s*[a-z]{1,2}\s*\)|\(\s*[ivxl]{1,5}\s*\)"
                         r"|[0-9]{1,2}[.)]\s|[a-z][.)]\s)")
_TERMINAL = re.compile(r"[.,;:!?…)\]\"'”’]$")


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text.lstrip(), count=1)


def add_plain_text(builder: TextBuilder, text: str) -> None:
    """Lay out plain text: blank lines end paragraphs; bullets and "(1)"/"(a)" lines are items.

    Lines inside a paragraph are joined (hard-wrapped text), except that a line starting with a
    bullet or an enumerator starts a unit of its own. A short one-line paragraph with no final
    punctuation is taken as a heading.
    """
    for paragraph in re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n")):
        units: list[tuple[str, list[str]]] = []
        for line in paragraph.split("\n"):
            if not line.strip():
                continue
            if _BULLET.match(line):
                units.append(("item", [_strip_bullet(line)]))
            elif _ENUMERATOR.match(line):
                units.append(("item", [line]))
            elif units:
                units[-1][1].append(line)
            else:
                units.append(("paragraph", [line]))
        if len(units) == 1 and units[0][0] == "paragraph" and _is_heading_line(units[0][1]):
            builder.add(units[0][1][0], "heading", 2)
            continue
        for kind, lines in units:
            builder.add(" ".join(lines), kind, 1 if kind == "item" else 0)


def _is_heading_line(lines: list[str]) -> bool:
    if len(lines) != 1:
        return False
    line = clean_inline(lines[0])
    words = line.split()
    return (0 < len(words) <= 10 and not _TERMINAL.search(line)
            and (line[0].isupper() or line[0].isdigit()) and not line.replace(" ", "").isdigit())

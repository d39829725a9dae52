"""legislation.gov.uk CLML XML → one :class:`~claimgap.records.Document` of cited provisions.

Handles full documents (namespaced ``<Legislation>`` with ``<ukm:Metadata>`` and a ``<Primary>`` or
``<Secondary>`` body) and bare fragments (a ``<P1group>``, ``<Pblock>`` ...). Elements are matched by
local name. Each ``<Text>`` becomes one block, cited like ``"Energy Prices Act 2022 s.4(2)(a)"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimgap.errors import IngestError
from claimgap.readers.base import TextBuilder, clean_inline
from claimgap.records import Document, SourceMeta

_MARKERS = (b"<Legislation", b"<P1", b"<Pblock", b"<Part", b"<Body", b"<Schedule",
            b"legislation.gov.uk")
#: Containers whose ``Title`` is a heading.
_TITLED = {"Part", "Chapter", "Pblock", "PsubBlock", "P1group", "P2group", "Schedule"}
#: Never laid out: metadata, tables of contents, editorial notes, boilerplate, signatures.
_SKIP = {"Metadata", "Contents", "Commentaries", "Footnotes", "MarginNotes", "Resources",
         "PrimaryPreamble", "SecondaryPreamble", "SignedSection", "ExplanatoryNotes",
         "EarlierOrders", "Reference", "AppendText", "Pnumber", "Number", "Title", "TitleBlock"}
#: Inline elements whose text is dropped from a ``Text``.
_DROP_INLINE = {"CommentaryRef", "FootnoteRef", "MarginNoteRef", "Pnumber"}
_P_LEVEL = re.compile(r"^P(\d)$")
_SECONDARY = {"uksi", "ssi", "wsi", "nisr", "nisi", "ukmo", "uksro", "ukci", "ukdsi", "sdsi",
              "wdsi", "nidsr", "nisro", "ukmd", "ukcm"}
_URI_DOC = re.compile(r"legislation\.gov\.uk/(?:id/)?([a-z]{2,6})/(\d{4})/(\d+)((?:/[^/\s\"]+)*)")
_URI_STOP = re.compile(r"^(enacted|made|created|adopted|prospective|english|welsh|contents|"
                       r"data\.\w+|\d{4}-\d{2}-\d{2})$")
_UNIT_WORDS = {"section": "section", "regulation": "regulation", "article": "article",
               "rule": "rule", "paragraph": "paragraph"}
_SCHEDULE_URI = re.compile(r"/schedule/(\d+[A-Z]*)\b")
_PREFIX = {"section": "s.", "regulation": "reg. ", "article": "art. ", "rule": "r. "}
_TITLE_HEAD = re.compile(r"^(.*\b(?:Act|Measure|Regulations|Order|Rules|Scheme)"
                         r"(?:\s+\((?:Northern Ireland|Scotland|Wales)\))?\s+\d{4})\b")
# Layout whitespace from pretty-printing (it contains a newline) next to punctuation goes away.
_WS_BEFORE_PUNCT = re.compile(r"\s*\n\s*(?=[.,;:)\]—”’])|(?<=\))\s*\n\s*(?=\()")
_WS_AFTER_OPEN = re.compile(r"(?<=[(\[“‘])\s*\n\s*")


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [child for child in el if _local(child) == name]


def _inline_text(el: Any) -> str:
    """The text of ``el`` with its inline children kept and references/numbers dropped."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and _local(child) not in _DROP_INLINE:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = _WS_AFTER_OPEN.sub("", _WS_BEFORE_PUNCT.sub("", "".join(parts)))
    return clean_inline(text)


def _uri(el: Any) -> str:
    return el.get("IdURI") or el.get("DocumentURI") or ""


def _uri_unit(uri: str) -> tuple[str | None, tuple[str, ...]]:
    """``(unit, numbers)`` from a provision URI, e.g. ``("section", ("1", "2", "a"))``."""
    match = _URI_DOC.search(uri)
    if not match:
        return None, ()
    segments = [s for s in match.group(4).split("/") if s]
    for i, seg in enumerate(segments):
        if seg in _UNIT_WORDS:
            numbers: list[str] = []
            for value in segments[i + 1:]:
                if _URI_STOP.match(value) or not value.isalnum():
                    break
                numbers.append(value)
            return _UNIT_WORDS[seg], tuple(numbers)
    return None, ()


@dataclass(frozen=True)
class _Ctx:
    level: int = 0  # headings above
    nums: tuple[str, ...] = ()  # P1 number, then sub-numbers
    unit: str = "section"
    schedule: str | None = None  # schedule number ("" for an unnumbered schedule)
    amendment: bool = False  # inside quoted amending text


class LegislationReader:
    """Reads legislation.gov.uk CLML XML (full documents or fragments) into one cited document.

    Headings come from the titles of Parts, Chapters, cross-headings (``Pblock``), section groups
    (``P1group``) and Schedules; every ``Text`` is one block, a ``"provision"`` with a citation
    such as ``"Great British Energy Act 2025 s.1(3)(b)"``, ``"... reg. 5(2)(a)"``, ``"... art. 3(1)"``
    or ``"... Sch. 1 para. 2(1)"``. Quoted amending text (``BlockAmendment``) is cited to the
    provision that makes the amendment. Commentaries, footnotes, contents and preambles are skipped.

    Attributes:
        name: The reader's name, ``"legislation"``.
    """

    name = "legislation"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for an ``.xml`` file whose first bytes look like CLML."""
        return path.suffix.lower() == ".xml" and any(m in head for m in _MARKERS)

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]:
        """Parse ``path`` and yield one document; raises :class:`IngestError` on bad XML."""
        root = _parse(path)
        doc_type, doc_year, doc_num = _doc_identity(root)
        secondary = doc_type in _SECONDARY or any(_local(e) == "Secondary" for e in root.iter())
        act = _act_title(root, meta, doc_type, doc_year, doc_num, secondary)
        unit = "section"
        kinds = re.findall(r"\b(Order|Rules|Regulations)\b", act)
        if secondary:
            unit = {"Order": "article", "Rules": "rule"}.get(kinds[-1] if kinds else "",
                                                             "regulation")
        builder = TextBuilder()
        _Walker(builder, act).walk(root, _Ctx(unit=unit))
        yield builder.document(
            id=meta.id or path.stem, title=meta.title or act, meta=meta, source_file=path.name,
            doc_type="legislation", source_url=root.get("DocumentURI"),
        )


def _parse(path: Path) -> Any:
    from lxml import etree

    data = path.read_bytes()
    if not data.strip():
        raise IngestError(f"{path}: the file is empty; remove it or give a legislation XML file")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else "?")
        msg = clean_inline(exc.msg or str(exc))
        raise IngestError(
            f"{path}: malformed XML (line {line}: {msg}); re-download the file from "
            "legislation.gov.uk (e.g. .../data.xml) or fix the XML"
        ) from None


def _doc_identity(root: Any) -> tuple[str | None, str | None, str | None]:
    """``(type, year, number)`` of the document, e.g. ``("ukpga", "2022", "44")``."""
    for el in root.iter():
        for attr in ("IdURI", "DocumentURI"):
            match = _URI_DOC.search(el.get(attr) or "") if isinstance(el.tag, str) else None
            if match:
                return match.group(1), match.group(2), match.group(3)
    return None, None, None


def _act_title(root: Any, meta: SourceMeta, doc_type: str | None, year: str | None,
               num: str | None, secondary: bool) -> str:
    for el in root.iter():
        if _local(el) == "Metadata":
            for sub in el.iter():
                if _local(sub) == "title" and clean_inline("".join(sub.itertext())):
                    return clean_inline("".join(sub.itertext()))
        if _local(el) in ("PrimaryPrelims", "SecondaryPrelims"):
            for title in _children(el, "Title"):
                if _inline_text(title):
                    return _inline_text(title)
    if meta.title:
        head = re.split(r"\s[-–—:]\s", meta.title, maxsplit=1)[0]
        match = _TITLE_HEAD.match(clean_inline(head))
        if match:
            return match.group(1)
    if doc_type and year and num:
        return f"{doc_type} {year}/{num}" if secondary else f"{doc_type} {year} c. {num}"
    return clean_inline(meta.title or "") or "Unknown legislation"


class _Walker:
    """Walks the element tree in document order, adding headings and provisions."""

    def __init__(self, builder: TextBuilder, act: str) -> None:
        self.builder = builder
        self.act = act

    def cite(self, ctx: _Ctx) -> str | None:
        if not ctx.nums:
            return None
        tail = ctx.nums[0] + "".join(f"({n})" for n in ctx.nums[1:])
        if ctx.schedule is not None:
            sch = f"Sch. {ctx.schedule}".strip()
            return f"{self.act} {sch} para. {tail}"
        return f"{self.act} {_PREFIX.get(ctx.unit, 's.')}{tail}"

    def text(self, text: str, ctx: _Ctx) -> None:
        citation = self.cite(ctx)
        self.builder.add(text, "provision" if citation else "paragraph", citation=citation)

    def walk(self, el: Any, ctx: _Ctx) -> None:
        name = _local(el)
        if name == "Text":
            self.text(_inline_text(el), ctx)
            return
        if name in ("PrimaryPrelims", "SecondaryPrelims"):  # only the long title is prose
            for long_title in _children(el, "LongTitle"):
                self.builder.add(_inline_text(long_title), "paragraph")
            return
        if name == "Tabular":
            for row in el.iter():
                if _local(row) == "tr":
                    cells = [_inline_text(c) for c in row if _local(c) in ("td", "th")]
                    self.text(" | ".join(c for c in cells if c), ctx)
            return
        if name in _TITLED:
            ctx = self.container(el, name, ctx)
        elif (match := _P_LEVEL.match(name)) and not ctx.amendment:
            ctx = self.provision(el, int(match.group(1)), ctx)
        elif name == "BlockAmendment":
            ctx = replace(ctx, amendment=True)
        for child in el:
            if _local(child) not in _SKIP:
                self.walk(child, ctx)

    def container(self, el: Any, name: str, ctx: _Ctx) -> _Ctx:
        if name == "Schedule" and not ctx.amendment:
            number_el = next(iter(_children(el, "Number")), None)
            label = _inline_text(number_el) if number_el is not None else ""
            found = re.search(r"\d+[A-Z]*\b", label) or _SCHEDULE_URI.search(_uri(el))
            ctx = replace(ctx, nums=(), schedule=found.group(found.lastindex or 0) if found else "")
        titles = _children(el, "Title") or [t for b in _children(el, "TitleBlock")
                                            for t in _children(b, "Title")]
        title = _inline_text(titles[0]) if titles else ""
        numbers = _children(el, "Number")
        number = _inline_text(numbers[0]) if numbers else ""
        heading = " — ".join(p for p in (number, title) if p)
        if not heading:
            return ctx
        if ctx.amendment:
            self.text(heading, ctx)
            return ctx
        self.builder.add(heading, "heading", ctx.level + 1)
        return replace(ctx, level=ctx.level + 1)

    def provision(self, el: Any, depth: int, ctx: _Ctx) -> _Ctx:
        pnumbers = _children(el, "Pnumber")
        number = _inline_text(pnumbers[0]) if pnumbers else ""
        unit, uri_nums = _uri_unit(_uri(el))
        if ctx.schedule is None and unit == "paragraph":  # a fragment cut from a schedule
            found = _SCHEDULE_URI.search(_uri(el))
            ctx = replace(ctx, schedule=found.group(1) if found else "")
        if depth == 1:
            if ctx.schedule is None and unit in _PREFIX:
                ctx = replace(ctx, unit=unit)
            number = number or (uri_nums[0] if uri_nums else "")
            return replace(ctx, nums=(number,) if number else ())
        if not ctx.nums and uri_nums:
            if ctx.schedule is None and unit in _PREFIX:
                ctx = replace(ctx, unit=unit)
            return replace(ctx, nums=uri_nums)
        return replace(ctx, nums=ctx.nums + (number,)) if number else ctx

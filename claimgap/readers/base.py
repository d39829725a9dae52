"""What every reader shares: the ``Reader`` protocol and the builder that lays out document text.

A reader turns one file into :class:`~claimgap.records.Document` objects. It never splits
sentences; it only says where headings, paragraphs, list items and legal provisions are, through a
:class:`TextBuilder`, which normalises whitespace so that no layout or markup reaches the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from claimgap.errors import IngestError
from claimgap.records import Block, BlockKind, Document, SourceMeta

_SPACE = re.compile(r"[\s\u00a0\u200b\u2028\u2029\ufeff]+")
BLOCK_SEPARATOR = "\n\n"


def clean_inline(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking and zero-width) to one space."""
    return _SPACE.sub(" ", text).strip()


class Reader(Protocol):
    """One source format. ``sniff`` decides from the name and the first bytes; ``read`` parses."""

    name: str

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]: ...


@dataclass
class TextBuilder:
    """Accumulates blocks into one clean text with exact offsets and a heading path.

    >>> b = TextBuilder()
    >>> b.heading("Who can appeal", level=2); b.paragraph("You can  appeal.\\n")
    >>> b.text
    'Who can appeal\\n\\nYou can appeal.'
    >>> b.blocks[1].heading
    'Who can appeal'
    """

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    _length: int = 0
    _headings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def heading_path(self) -> str:
        return " > ".join(title for _, title in self._headings)

    def add(self, text: str, kind: BlockKind = "paragraph", level: int = 0,
            citation: str | None = None) -> Block | None:
        """Append one block; returns it, or ``None`` when the text is empty after cleaning."""
        clean = clean_inline(text)
        if not clean:
            return None
        if kind == "heading":
            self._headings = [(lvl, t) for lvl, t in self._headings if lvl < level]
            self._headings.append((level, clean))
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self.parts.append(clean)
        self._length += len(clean)
        block = Block(start=start, end=self._length, kind=kind, level=level,
                      heading=self.heading_path, citation=citation)
        self.blocks.append(block)
        return block

    def heading(self, text: str, level: int = 1) -> None:
        self.add(text, "heading", level)

    def paragraph(self, text: str) -> None:
        self.add(text, "paragraph")

    def item(self, text: str, level: int = 1) -> None:
        self.add(text, "item", level)

    def document(self, *, id: str, title: str, meta: SourceMeta | None = None,
                 source_file: str | None = None, **fallback: str | None) -> Document:
        """Build the Document; ``meta`` (e.g. from MANIFEST.json) wins over ``fallback`` values."""
        meta = meta or SourceMeta()

        def pick(name: str) -> str | None:
            value = getattr(meta, name)
            return value if value else fallback.get(name)

        return Document(
            id=id, title=clean_inline(title), text=self.text,
            source_url=pick("source_url"), publisher=pick("publisher"),
            doc_type=pick("doc_type") or "other", date=pick("date"), licence=pick("licence"),
            source_file=source_file, structure=tuple(self.blocks),
        )


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file, or raise an :class:`IngestError` that says what to do."""
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(f"{path}: the file is empty; remove it or give a file with text")
    if b"\x00" in data[:8192]:
        raise IngestError(f"{path}: looks like a binary file, not text; give a supported document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{path}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from None

"""Plain text (``.txt``) and Markdown (``.md``) files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimgap.readers.base import TextBuilder, read_text_file
from claimgap.readers.markup import add_markup, add_plain_text
from claimgap.records import Document, SourceMeta

_MARKDOWN = (".md", ".markdown")
_TEXT = (".txt", ".text", "")


class TextReader:
    """Reads plain text or Markdown; the first heading (or the file name) gives the title."""

    name = "text"

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in _MARKDOWN + _TEXT

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]:
        yield text_document(read_text_file(path), doc_id=meta.id or path.stem,
                            markup=path.suffix.lower() in _MARKDOWN, meta=meta,
                            source_file=path.name,
                            fallback_title=path.stem.replace("-", " ").replace("_", " "))


def text_document(text: str, *, doc_id: str, markup: bool, meta: SourceMeta | None = None,
                  source_file: str | None = None, fallback_title: str | None = None) -> Document:
    """Lay out raw text as Markdown/HTML (``markup``) or plain text; the title is the manifest's,
    else the first heading, else ``fallback_title`` (default: the id)."""
    builder = TextBuilder()
    if markup:
        add_markup(builder, text)
    else:
        add_plain_text(builder, text)
    headings = [b for b in builder.blocks if b.kind == "heading"]
    title = (meta.title if meta else None) or (
        builder.text[headings[0].start:headings[0].end] if headings
        else fallback_title or doc_id)
    return builder.document(id=doc_id, title=title, meta=meta, source_file=source_file)

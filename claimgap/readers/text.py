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
        text = read_text_file(path)
        builder = TextBuilder()
        if path.suffix.lower() in _MARKDOWN:
            add_markup(builder, text)
        else:
            add_plain_text(builder, text)
        headings = [b for b in builder.blocks if b.kind == "heading"]
        title = meta.title or (builder.text[headings[0].start:headings[0].end] if headings
                               else path.stem.replace("-", " ").replace("_", " "))
        yield builder.document(id=meta.id or path.stem, title=title, meta=meta,
                               source_file=path.name)

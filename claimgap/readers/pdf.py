"""PDF files with a text layer (scanned PDFs without one are refused with advice)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from claimgap.errors import IngestError
from claimgap.readers.base import TextBuilder
from claimgap.readers.markup import add_plain_text
from claimgap.records import Document, SourceMeta

log = logging.getLogger(__name__)
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


class PdfReader:
    """Reads the text layer of a PDF page by page with pypdf; layout is rebuilt as paragraphs."""

    name = "pdf"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.startswith(b"%PDF") or path.suffix.lower() == ".pdf"

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]:
        from pypdf import PdfReader as _Pdf
        from pypdf.errors import PdfReadError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        try:
            pdf = _Pdf(str(path))
            pages = [page.extract_text() or "" for page in pdf.pages]
        except (PdfReadError, ValueError, KeyError, OSError) as exc:
            raise IngestError(f"{path}: cannot read this PDF ({exc}); check it opens in a PDF "
                              "viewer or export it again") from None
        if not any(page.strip() for page in pages):
            raise IngestError(f"{path}: the PDF has no text layer (scanned image?); run OCR on it "
                              "first (e.g. ocrmypdf) and ingest the result")
        builder = TextBuilder()
        for page in pages:
            add_plain_text(builder, _HYPHEN_BREAK.sub(r"\1\2", page))
        info_title = (pdf.metadata or {}).get("/Title") if pdf.metadata else None
        title = meta.title or (str(info_title) if info_title else path.stem.replace("-", " "))
        yield builder.document(id=meta.id or path.stem, title=title, meta=meta,
                               source_file=path.name)

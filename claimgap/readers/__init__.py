"""Readers: one per source format, chosen automatically from the file name and first bytes.

>>> from claimgap.readers import read_documents   # doctest: +SKIP
>>> docs = read_documents("announcement.html")    # doctest: +SKIP

Bulk files (CSV, JSONL) expand to one document per row; a structured duties list expands to one
document per duty. Every failure is an :class:`~claimgap.errors.IngestError` naming the file.
"""

from __future__ import annotations

from pathlib import Path

from claimgap.errors import IngestError, SourceNotFoundError, UnknownFormatError
from claimgap.readers.base import Reader, TextBuilder
from claimgap.readers.bulk import ColumnMap, CsvReader, JsonlReader
from claimgap.readers.govuk import GovukJsonReader, HtmlPageReader
from claimgap.readers.legislation import LegislationReader
from claimgap.readers.pdf import PdfReader
from claimgap.readers.text import TextReader
from claimgap.records import Document, SourceMeta

__all__ = ["READERS", "ColumnMap", "Reader", "TextBuilder", "detect_reader", "read_documents"]

#: Tried in order; the first whose ``sniff`` accepts the file reads it.
READERS: tuple[Reader, ...] = (
    PdfReader(),
    LegislationReader(),
    GovukJsonReader(),
    JsonlReader(),
    CsvReader(),
    HtmlPageReader(),
    TextReader(),
)

_HEAD_BYTES = 4096


def detect_reader(path: str | Path) -> Reader:
    """The reader for ``path``, or an :class:`UnknownFormatError` saying what is supported."""
    path = Path(path)
    if not path.exists():
        raise SourceNotFoundError(f"{path}: no such file or folder; check the path")
    if path.is_dir():
        raise IngestError(f"{path}: is a folder; give a file, or use `claimgap corpus build`")
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip():
        raise IngestError(f"{path}: the file is empty; remove it or give a file with text")
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    raise UnknownFormatError(
        f"{path}: unknown format; supported: GOV.UK JSON/HTML, legislation.gov.uk XML, PDF, "
        ".txt/.md, CSV and JSONL"
    )


def read_documents(path: str | Path, meta: SourceMeta | None = None, *,
                   columns: ColumnMap | None = None) -> list[Document]:
    """Read every document in one file; ``meta`` (e.g. a MANIFEST.json entry) fills provenance."""
    path = Path(path)
    reader = detect_reader(path)
    meta = meta or SourceMeta()
    if columns is not None and hasattr(reader, "columns"):
        docs = list(reader.read(path, meta, columns=columns))  # type: ignore[call-arg]
    else:
        docs = list(reader.read(path, meta))
    docs = [doc for doc in docs if doc.text]
    if not docs:
        raise IngestError(f"{path}: no text found in the file ({reader.name}); check its content")
    return docs

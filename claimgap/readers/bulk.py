"""Bulk files: CSV and JSONL with one document per row or line.

Known shapes are recognised from the header or keys: scraped GOV.UK news (``url, title, content,
published, from, category``), GOV.UK content items and page records (JSONL), and the LGA/ESD list
of local authority powers and duties (``Identifier, Label, Description, Type``: one document per
duty). Anything else needs a :class:`ColumnMap` saying which column holds the text.

>>> ColumnMap.parse("text=body,title=headline")
ColumnMap(text='body', title='headline', id=None, url=None, date=None, publisher=None, doc_type=None)
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from claimgap.errors import ConfigError, IngestError
from claimgap.readers.base import TextBuilder, read_text_file
from claimgap.readers.govuk import (
    normalise_date,
    normalise_doc_type,
    record_kind,
    record_to_document,
)
from claimgap.readers.markup import add_markup, add_plain_text, looks_like_html
from claimgap.records import Document, SourceMeta

log = logging.getLogger(__name__)
csv.field_size_limit(sys.maxsize)

_DUTIES_HEADER = {"Identifier", "Label", "Description", "Type"}


@dataclass(frozen=True)
class ColumnMap:
    """Which column (CSV) or key (JSONL) holds each document field; only ``text`` is required."""

    text: str
    title: str | None = None
    id: str | None = None
    url: str | None = None
    date: str | None = None
    publisher: str | None = None
    doc_type: str | None = None

    @classmethod
    def parse(cls, spec: str) -> ColumnMap:
        """Parse ``"text=content,title=headline"``; unknown fields raise :class:`ConfigError`."""
        known = {f.name for f in fields(cls)}
        values: dict[str, str] = {}
        for pair in filter(None, (p.strip() for p in spec.split(","))):
            key, sep, column = pair.partition("=")
            if not sep or key.strip() not in known or not column.strip():
                raise ConfigError(f"bad column mapping {pair!r}; use FIELD=COLUMN with FIELD one "
                                  f"of {', '.join(sorted(known))}, e.g. text=content")
            values[key.strip()] = column.strip()
        if "text" not in values:
            raise ConfigError(f"column mapping {spec!r} has no text=COLUMN; say which column "
                              "holds the document text")
        return cls(**values)


def row_document(row: Mapping[str, Any], columns: ColumnMap, *, doc_id: str, meta: SourceMeta,
                 source_file: str) -> Document:
    """A Document from one row through a column mapping; HTML or Markdown text is laid out."""
    def get(name: str | None) -> str | None:
        value = row.get(name) if name else None
        return str(value) if value not in (None, "") else None

    if columns.text not in row:
        raise IngestError(f"{source_file}: no column {columns.text!r} for the text; columns are "
                          f"{', '.join(map(str, row))}; fix the column mapping")
    builder = TextBuilder()
    title = get(columns.title) or ""
    if title:
        builder.add(title, "heading", 1)
    body = get(columns.text) or ""
    if looks_like_html(body) or "\n#" in f"\n{body}":
        add_markup(builder, body, heading_offset=1)
    else:
        add_plain_text(builder, body)
    return builder.document(
        id=get(columns.id) and f"{meta.id or Path(source_file).stem}:{get(columns.id)}" or doc_id,
        title=title, meta=_row_meta(meta), source_file=source_file,
        source_url=get(columns.url), publisher=get(columns.publisher),
        doc_type=normalise_doc_type(get(columns.doc_type)), date=normalise_date(get(columns.date)))


def duty_document(row: Mapping[str, str], *, base_id: str, meta: SourceMeta,
                  source_file: str) -> Document:
    """One power or duty of the LGA/ESD list as a document: its label and its description."""
    builder = TextBuilder()
    builder.add(row["Label"], "heading", 1)
    builder.paragraph(row["Description"])
    return builder.document(
        id=f"{base_id}:{row['Identifier']}", title=row["Label"], meta=_row_meta(meta),
        source_file=source_file, doc_type="duties_list", date=normalise_date(row.get("Modified")),
        publisher="Local Government Association (esd standards)",
        source_url=f"https://standards.esd.org.uk/?uri=powerDuty%2F{row['Identifier']}")


def _row_meta(meta: SourceMeta) -> SourceMeta:
    """File-level manifest data applies to rows only where a row says nothing more specific."""
    return SourceMeta(licence=meta.licence)


def _fill(doc: Document, meta: SourceMeta) -> Document:
    """Give a row the file's publisher and doc_type where the row itself names none."""
    missing: dict[str, str] = {}
    if meta.publisher and not doc.publisher:
        missing["publisher"] = meta.publisher
    if meta.doc_type and doc.doc_type == "other":
        missing["doc_type"] = meta.doc_type
    return replace(doc, **missing) if missing else doc


class CsvReader:
    """Reads a ``.csv`` file: one document per row (or per duty for the LGA/ESD list)."""

    name = "csv"
    columns = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in (".csv", ".tsv")

    def read(self, path: Path, meta: SourceMeta,
             columns: ColumnMap | None = None) -> Iterator[Document]:
        text = read_text_file(path)
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        try:
            rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))
        except csv.Error as exc:
            raise IngestError(f"{path}: malformed CSV ({exc}); check quoting and delimiters") \
                from None
        header = set(rows[0]) if rows else set()
        base_id = meta.id or path.stem
        for n, row in enumerate(rows):
            doc_id = f"{base_id}:{n:04d}"
            if columns is None and _DUTIES_HEADER <= header:
                if (row.get("Description") or "").strip():
                    yield _fill(duty_document(row, base_id=base_id, meta=meta,
                                              source_file=path.name), meta)
            elif columns is None and record_kind(row) == "news":
                if (row.get("content") or "").strip():
                    yield _fill(record_to_document(row, doc_id=doc_id, meta=_row_meta(meta),
                                                   source_file=path.name), meta)
            else:
                yield _fill(row_document(row, columns or _guess_columns(path, header),
                                         doc_id=doc_id, meta=meta, source_file=path.name), meta)


class JsonlReader:
    """Reads a ``.jsonl`` file: one JSON object per line, each one document."""

    name = "jsonl"
    columns = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in (".jsonl", ".ndjson")

    def read(self, path: Path, meta: SourceMeta,
             columns: ColumnMap | None = None) -> Iterator[Document]:
        base_id = meta.id or path.stem
        for lineno, line in enumerate(read_text_file(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(f"{path}: malformed JSON on line {lineno} ({exc.msg}); each "
                                  "line must be one JSON object") from None
            if not isinstance(record, dict):
                raise IngestError(f"{path}: line {lineno} is not a JSON object")
            doc_id = f"{base_id}:{lineno - 1:04d}"
            if columns is None and record_kind(record):
                yield _fill(record_to_document(record, doc_id=doc_id, meta=_row_meta(meta),
                                               source_file=path.name), meta)
            else:
                yield _fill(row_document(record, columns or _guess_columns(path, set(record)),
                                         doc_id=doc_id, meta=meta, source_file=path.name), meta)


def _guess_columns(path: Path, header: set[str]) -> ColumnMap:
    for name in ("text", "body", "content", "sentence", "description"):
        if name in header:
            return ColumnMap(text=name, title="title" if "title" in header else None,
                             id="id" if "id" in header else None,
                             url="url" if "url" in header else None)
    raise IngestError(f"{path}: no text column found among {', '.join(sorted(header)) or 'none'}; "
                      "pass a column mapping such as --columns text=COLUMN")

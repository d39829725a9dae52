"""GOV.UK content: Content API / Content Store JSON, news records, nhs.uk page records, HTML pages.

One JSON file may hold any of three record shapes, recognised by their keys:

* a GOV.UK Content API item (``base_path``/``details``): ``details.body`` (HTML or govspeak) or
  ``details.parts[].body`` for multi-part guides; organisations from ``links.organisations``;
* a scraped news record (``url``, ``title``, ``content`` in plain text, ``published``, ``from``);
* a page record (``title``, ``body``, ``source_url``, ``last_updated``), as in nhs.uk dumps.

The same functions read one record per line of a JSONL bulk file (see :mod:`.bulk`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from claimgap.errors import IngestError
from claimgap.readers.base import TextBuilder, clean_inline, read_text_file
from claimgap.readers.markup import add_html, add_markup, add_plain_text, parse_html
from claimgap.records import Document, SourceMeta

GOVUK = "https://www.gov.uk"

#: GOV.UK ``document_type`` (and scraped ``category``) → claimgap doc_type.
_DOC_TYPES: dict[str, str] = {
    **dict.fromkeys(["guide", "answer", "detailed_guide", "guidance", "step_by_step_nav",
                     "transaction", "simple_smart_answer", "manual", "manual_section",
                     "travel_advice", "help_page", "nhs_webpage", "form", "promotional",
                     "service_manual_guide", "licence", "local_transaction", "place"],
                    "non_statutory_guidance"),
    "statutory_guidance": "statutory_guidance",
    **dict.fromkeys(["press_release", "news_story", "world_news_story", "government_response",
                     "news_article", "press release", "news story", "government response",
                     "world news story"], "press_release"),
    **dict.fromkeys(["speech", "oral_statement", "written_statement", "authored_article"],
                    "speech"),
    **dict.fromkeys(["consultation", "open_consultation", "closed_consultation",
                     "consultation_outcome", "call_for_evidence", "open_call_for_evidence",
                     "closed_call_for_evidence", "call_for_evidence_outcome"], "consultation"),
    "white_paper": "white_paper",
    "policy_paper": "policy_paper",
    "legislation": "legislation",
}


def normalise_doc_type(raw: str | None) -> str | None:
    """Map a GOV.UK document type or news category onto claimgap's doc_type vocabulary."""
    if not raw:
        return None
    key = raw.strip().lower()
    return _DOC_TYPES.get(key) or _DOC_TYPES.get(key.replace(" ", "_")) or "other"


def normalise_date(raw: Any) -> str | None:
    """ISO date (YYYY-MM-DD) from an ISO timestamp or a GOV.UK "10 September 2010" date."""
    if not raw or not isinstance(raw, str):
        return None
    raw = raw.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", raw):
        return raw[:10]
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %Y"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return raw


def record_kind(record: Mapping[str, Any]) -> str | None:
    """Which GOV.UK-like shape a JSON object has: "content_item", "news", "page" or None."""
    if isinstance(record.get("details"), dict) and ("base_path" in record or "title" in record):
        return "content_item"
    if "content" in record and "title" in record and ("url" in record or "published" in record):
        return "news"
    if "body" in record and "title" in record:
        return "page"
    return None


def record_to_document(record: Mapping[str, Any], *, doc_id: str, meta: SourceMeta | None = None,
                       source_file: str | None = None) -> Document:
    """Turn one GOV.UK-like JSON object into a Document; raise IngestError for other shapes."""
    kind = record_kind(record)
    builder = TextBuilder()
    title = str(record.get("title") or "")
    if kind is None:
        raise IngestError(f"{source_file}: JSON object is not a GOV.UK content item, news record "
                          "or page record; for other JSON use a JSONL file with a column mapping")
    if title:
        builder.add(title, "heading", 1)
    if kind == "content_item":
        fallback = _content_item(builder, record)
    elif kind == "news":
        fallback = _news_record(builder, record)
    else:
        fallback = _page_record(builder, record)
    return builder.document(id=doc_id, title=title, meta=meta, source_file=source_file, **fallback)


def _content_item(builder: TextBuilder, item: Mapping[str, Any]) -> dict[str, str | None]:
    details = item.get("details") or {}
    if item.get("description"):
        builder.paragraph(str(item["description"]))
    parts = details.get("parts") or []
    if parts:
        for part in parts:
            builder.add(str(part.get("title") or ""), "heading", 2)
            add_markup(builder, _body_text(part.get("body")), heading_offset=1)
    else:
        add_markup(builder, _body_text(details.get("body")))
    orgs = (item.get("links") or {}).get("organisations") or []
    base_path = item.get("base_path")
    return {
        "source_url": item.get("web_url") or (f"{GOVUK}{base_path}" if base_path else None),
        "publisher": "; ".join(o.get("title", "") for o in orgs if o.get("title")) or None,
        "doc_type": normalise_doc_type(item.get("document_type") or item.get("schema_name")),
        "date": normalise_date(item.get("first_published_at") or item.get("public_updated_at")),
        "licence": "Open Government Licence v3.0",
    }


def _body_text(body: Any) -> str:
    """A body is a string, or (Publishing API) a list of {content_type, content}."""
    if isinstance(body, list):
        by_type = {b.get("content_type"): b.get("content", "") for b in body if isinstance(b, dict)}
        return by_type.get("text/html") or by_type.get("text/govspeak") or ""
    return str(body or "")


def _news_record(builder: TextBuilder, record: Mapping[str, Any]) -> dict[str, str | None]:
    if record.get("subtitle"):
        builder.paragraph(str(record["subtitle"]))
    add_plain_text(builder, str(record.get("content") or ""))
    return {
        "source_url": record.get("url") or None,
        "publisher": record.get("from") or None,
        "doc_type": normalise_doc_type(record.get("category")) or "press_release",
        "date": normalise_date(record.get("published")),
        "licence": "Open Government Licence v3.0",
    }


def _page_record(builder: TextBuilder, record: Mapping[str, Any]) -> dict[str, str | None]:
    if record.get("description"):
        builder.paragraph(str(record["description"]))
    add_markup(builder, str(record.get("body") or ""), heading_offset=1)
    url = record.get("source_url") or record.get("url")
    publisher = "NHS England" if url and "nhs.uk" in str(url) else ("GOV.UK" if url else None)
    return {
        "source_url": url or None,
        "publisher": publisher,
        "doc_type": normalise_doc_type(record.get("schema_name")) or "non_statutory_guidance",
        "date": normalise_date(record.get("last_updated")),
        "licence": "Open Government Licence v3.0",
    }


def load_json(path: Path) -> Any:
    """Parse a JSON file, or raise a one-line IngestError giving the position of the fault."""
    text = read_text_file(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{path}: malformed JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg}); fix or re-download the file") from None


class GovukJsonReader:
    """Reads a ``.json`` file holding one GOV.UK content item, news record or page record."""

    name = "govuk-json"

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".json"

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]:
        data = load_json(path)
        if not isinstance(data, dict):
            raise IngestError(f"{path}: expected one JSON object, found {type(data).__name__}; "
                              "put one document per line in a .jsonl file instead")
        yield record_to_document(data, doc_id=meta.id or path.stem, meta=meta,
                                 source_file=path.name)


_HTML_HEAD = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype html|html|head|body)",
                        re.IGNORECASE | re.DOTALL)


class HtmlPageReader:
    """Reads a saved HTML page (GOV.UK or any site): the main content, its title and metadata."""

    name = "html"

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in (".html", ".htm", ".xhtml") or bool(_HTML_HEAD.match(head))

    def read(self, path: Path, meta: SourceMeta) -> Iterator[Document]:
        root = parse_html(read_text_file(path))
        content = _main_content(root)
        title = (_meta(root, "og:title") or _first_text(root, "//h1")
                 or _first_text(root, "//title") or path.stem)
        builder = TextBuilder()
        if not content.xpath(".//h1"):
            builder.add(title, "heading", 1)
        add_html(builder, "", root=content)
        fallback = {
            "source_url": _link(root, "canonical") or _meta(root, "og:url"),
            "publisher": _meta(root, "govuk:primary-publishing-organisation")
            or _meta(root, "og:site_name"),
            "doc_type": normalise_doc_type(_meta(root, "govuk:format")),
            "date": normalise_date(_meta(root, "govuk:first-published-at")
                                   or _meta(root, "article:published_time")
                                   or _first_attr(root, "//time/@datetime")),
            "licence": None,
        }
        yield builder.document(id=meta.id or path.stem, title=title, meta=meta,
                               source_file=path.name, **fallback)


def _main_content(root: Any) -> Any:
    for xpath in ("//main", "//*[@id='content']", "//article",
                  "//*[contains(concat(' ', @class, ' '), ' govspeak ')]"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    body = root.find("body")
    content = body if body is not None else root
    for el in content.xpath(".//nav | .//header | .//footer | .//aside"):
        el.getparent().remove(el)
    return content


def _meta(root: Any, name: str) -> str | None:
    found = root.xpath(f"//meta[@name='{name}' or @property='{name}']/@content")
    return clean_inline(found[0]) if found and clean_inline(found[0]) else None


def _link(root: Any, rel: str) -> str | None:
    found = root.xpath(f"//link[@rel='{rel}']/@href")
    return found[0] if found else None


def _first_text(root: Any, xpath: str) -> str | None:
    found = root.xpath(xpath)
    return clean_inline(found[0].text_content()) or None if found else None


def _first_attr(root: Any, xpath: str) -> str | None:
    found = root.xpath(xpath)
    return str(found[0]) if found else None

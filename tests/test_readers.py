"""Each reader on small fixtures written by us, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgap.errors import IngestError, SourceNotFoundError, UnknownFormatError
from claimgap.readers import ColumnMap, detect_reader, read_documents
from claimgap.records import SourceMeta
from conftest import FIXTURES
from pdfmaker import make_pdf

DOCS = FIXTURES / "docs"
BAD = FIXTURES / "bad"


def texts(doc, kind=None):
    return [doc.text[b.start:b.end] for b in doc.structure if kind in (None, b.kind)]


def check_offsets(doc):
    assert all(doc.text[b.start:b.end].strip() == doc.text[b.start:b.end] for b in doc.structure)
    assert "<" not in doc.text and "  " not in doc.text


@pytest.mark.parametrize("name, reader", [
    ("guide-content-item.json", "govuk-json"), ("news-record.json", "govuk-json"),
    ("page-record.json", "govuk-json"), ("page.html", "html"), ("notes.txt", "text"),
    ("notes.md", "text"), ("news.csv", "csv"), ("items.jsonl", "jsonl"), ("duties.csv", "csv"),
])
def test_detects_format(name, reader):
    assert detect_reader(DOCS / name).name == reader


def test_govuk_content_item_with_parts():
    [doc] = read_documents(DOCS / "guide-content-item.json")
    check_offsets(doc)
    assert (doc.id, doc.title, doc.doc_type, doc.date) == (
        "guide-content-item", "Help for pupils with additional needs", "non_statutory_guidance",
        "2016-08-18")
    assert doc.source_url == "https://www.gov.uk/help-for-pupils"
    assert doc.publisher == "Example Department; Example Tribunal"
    assert texts(doc, "heading") == ["Help for pupils with additional needs", "Overview",
                                     "Appeals", "Before you appeal"]
    assert texts(doc, "item") == ["the school must tell you", "the council must decide",
                                  "within 16 weeks"]
    assert "Ignored" not in doc.text  # the body duplicates the parts
    assert "Your council SEN team must reply within 6 weeks." in doc.text
    assert "Mediation | 30 days" in texts(doc)
    nested = [b for b in doc.structure if b.kind == "item"]
    assert [b.level for b in nested] == [1, 1, 2]
    last = doc.structure[-1]
    assert last.heading == "Help for pupils with additional needs > Appeals > Before you appeal"


def test_news_record_plain_text_layout():
    [doc] = read_documents(DOCS / "news-record.json")
    check_offsets(doc)
    assert (doc.doc_type, doc.date, doc.publisher) == (
        "press_release", "2021-03-03", "Example Department and A Minister")
    assert texts(doc, "heading") == ["New fund for school buildings", "What happens next"]
    assert texts(doc, "item") == ["first round in June", "second round in September"]


def test_page_record_markdown_with_inline_html():
    [doc] = read_documents(DOCS / "page-record.json")
    assert doc.publisher == "NHS England" and doc.date == "2025-03-12"
    assert texts(doc, "heading") == ["Choosing a hospital", "When you cannot choose"]
    assert texts(doc, "item") == ["if you are in prison", "if you are in the armed forces"]


def test_html_page_drops_scripts_and_page_furniture():
    [doc] = read_documents(DOCS / "page.html")
    check_offsets(doc)
    assert doc.title == "Cleaner rivers plan" and doc.doc_type == "policy_paper"
    assert doc.source_url == "https://www.gov.uk/example/rivers"
    for leak in ("never in the text", "color", "Menu", "Footer"):
        assert leak not in doc.text
    assert texts(doc) == ["Cleaner rivers plan", "Water companies must cut spills by 2030. "
                          "Fines will rise.", "Loose text in a div. A link inside it.",
                          "first step", "second step"]


def test_plain_text_items_and_headings():
    [doc] = read_documents(DOCS / "notes.txt")
    assert doc.title == "Summary of duties"
    assert texts(doc, "paragraph") == [
        "The council must publish a local offer. It must keep it under review and consult "
        "families."]
    assert texts(doc, "item") == ["(1) A school must name a SENCO.",
                                  "(2) The governing body must report each year.",
                                  "a bullet item", "another item"]


def test_markdown_strips_govspeak_markers():
    [doc] = read_documents(DOCS / "notes.md")
    assert texts(doc) == ["Briefing note", "Ministers will publish a plan. See the plan.",
                          "Actions", "Consult councils.", "Publish guidance.",
                          "Call the helpline."]


def test_news_csv_one_document_per_row_empty_rows_dropped():
    docs = read_documents(DOCS / "news.csv", SourceMeta(id="news", licence="OGL v3"))
    assert [d.id for d in docs] == ["news:0000", "news:0001"]
    assert [d.doc_type for d in docs] == ["press_release", "press_release"]
    assert docs[0].licence == "OGL v3" and docs[0].date == "2020-01-01"
    assert texts(docs[1], "paragraph") == ["Councils must act.", "A new paragraph."]


def test_csv_with_column_mapping():
    columns = ColumnMap.parse("text=body,title=headline,id=ref")
    docs = read_documents(DOCS / "custom.csv", columns=columns)
    assert [(d.id, d.title) for d in docs] == [("custom:R1", "Promise one"),
                                               ("custom:R2", "Duty two")]
    assert texts(docs[1]) == ["Duty two", "The authority must secure the provision."]


def test_csv_without_mapping_guesses_a_text_column():
    docs = read_documents(DOCS / "custom.csv")
    assert texts(docs[0]) == ["We will improve services for every family."]


def test_jsonl_content_items_and_file_level_fallbacks():
    docs = read_documents(DOCS / "items.jsonl", SourceMeta(publisher="GOV.UK", doc_type="other"))
    assert [d.doc_type for d in docs] == ["non_statutory_guidance", "statutory_guidance"]
    assert [d.publisher for d in docs] == ["Example Agency", "GOV.UK"]


def test_duties_list_one_document_per_duty():
    docs = read_documents(DOCS / "duties.csv", SourceMeta(id="lga"))
    assert [d.id for d in docs] == ["lga:7", "lga:8"]
    assert all(d.doc_type == "duties_list" for d in docs)
    assert texts(docs[0]) == ["Education - example duty",
                              "A local authority must keep its provision under review."]


def test_pdf_text_layer(tmp_path):
    path = make_pdf(tmp_path / "report.pdf", ["The board must meet four times a",
                                               "year. It may co-opt members."], title="Report")
    [doc] = read_documents(path)
    assert doc.title == "Report"
    assert doc.text == "The board must meet four times a year. It may co-opt members."


def test_manifest_metadata_wins_for_single_documents():
    meta = SourceMeta(id="custom-id", title="Manifest title", doc_type="speech",
                      publisher="Manifest publisher", date="2020-01-01", licence="OGL")
    [doc] = read_documents(DOCS / "news-record.json", meta)
    assert (doc.id, doc.doc_type, doc.publisher, doc.date, doc.licence) == (
        "custom-id", "speech", "Manifest publisher", "2020-01-01", "OGL")


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "the file is empty"),
    ("binary.txt", "looks like a binary file"),
    ("latin1.txt", "not valid UTF-8"),
    ("malformed.json", "malformed JSON (line 1"),
    ("malformed.xml", "malformed XML"),
])
def test_bad_files_give_one_clear_line(name, message):
    with pytest.raises(IngestError) as info:
        read_documents(BAD / name)
    text = str(info.value)
    assert message in text and str(BAD / name) in text and "\n" not in text


def test_unknown_format():
    with pytest.raises(UnknownFormatError, match="unknown format; supported"):
        read_documents(BAD / "data.xyz")


def test_missing_path():
    with pytest.raises(SourceNotFoundError, match="no such file"):
        read_documents(BAD / "nope.json")


def test_pdf_without_text_layer(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(IngestError, match="no text layer"):
        read_documents(path)


def test_not_a_pdf_with_pdf_suffix(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(IngestError, match="cannot read this PDF|no text layer"):
        read_documents(path)


def test_json_of_unknown_shape(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"name": "not a document"}', encoding="utf-8")
    with pytest.raises(IngestError, match="not a GOV.UK content item"):
        read_documents(path)


def test_bad_column_mapping():
    from claimgap.errors import ConfigError

    with pytest.raises(ConfigError, match="bad column mapping"):
        ColumnMap.parse("txt=body")
    with pytest.raises(IngestError, match="no column 'missing'"):
        read_documents(DOCS / "custom.csv", columns=ColumnMap(text="missing"))


def test_reader_protocol_is_satisfied():
    from claimgap.readers import READERS

    for reader in READERS:
        assert isinstance(reader.name, str)
        assert callable(reader.sniff) and callable(reader.read)
        assert reader.sniff(Path("x.unknownsuffix"), b"plain words") in (True, False)

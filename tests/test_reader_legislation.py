"""Tests for the legislation.gov.uk CLML reader (hand-written fixtures plus the shared corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgap.errors import IngestError
from claimgap.readers.base import clean_inline
from claimgap.readers.legislation import LegislationReader
from claimgap.records import Document, SourceMeta

FIXTURES = Path(__file__).parent / "fixtures" / "legislation"
SHARED_RAW = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "raw"
ACT = "Village Ponds Act 2031"
SI = "The Village Ponds (Permits) Regulations 2032"


def read(path: Path, meta: SourceMeta | None = None) -> Document:
    docs = list(LegislationReader().read(path, meta or SourceMeta()))
    assert len(docs) == 1
    return docs[0]


def rows(doc: Document) -> list[tuple[str, str | None, str, str]]:
    """(kind, citation, heading path, text) of every block."""
    return [(b.kind, b.citation, b.heading, doc.text[b.start:b.end]) for b in doc.structure]


def write(tmp_path: Path, name: str, xml: str) -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path


# ------------------------------------------------------------------ sniff


@pytest.mark.parametrize("name, head, expected", [
    ("a.xml", b'<?xml version="1.0"?>\n<Legislation xmlns="x">', True),
    ("a.xml", b"<P1group>\n<Title>T</Title>", True),
    ("a.XML", b"<Pblock DocumentURI='x'>", True),
    ("a.xml", b'<feed href="http://www.legislation.gov.uk/ukpga/2020/1">', True),
    ("a.xml", b"<rss><channel>news</channel></rss>", False),
    ("a.html", b"<Legislation>", False),
])
def test_sniff(name: str, head: bytes, expected: bool) -> None:
    assert LegislationReader().sniff(Path(name), head) is expected


# ------------------------------------------------------------------ a full Act


def test_act_blocks_citations_headings_and_text() -> None:
    doc = read(FIXTURES / "act-village-ponds.xml")
    part = "PART 1 — Pond wardens"
    appoint = f"{part} > Appointment of pond wardens"
    powers = f"{part} > Powers of pond wardens"
    sch = "SCHEDULE 1 — Pond warden badges"
    assert rows(doc) == [
        ("paragraph", None, "", "An Act to make provision about the care of village ponds."),
        ("heading", None, part, part),
        ("heading", None, appoint, "Appointment of pond wardens"),
        ("provision", f"{ACT} s.1(1)", appoint,
         "Each parish council must appoint a pond warden for every village pond in its area."),
        ("provision", f"{ACT} s.1(2)", appoint,
         "A person may be appointed under this section only if—"),
        ("provision", f"{ACT} s.1(2)(a)", appoint, "the person lives in the parish, and"),
        ("provision", f"{ACT} s.1(2)(b)", appoint, "the person is at least 18 years old."),
        ("provision", f"{ACT} s.1(2)", appoint, "An appointment lasts for three years."),
        ("heading", None, powers, "Powers of pond wardens"),
        ("provision", f"{ACT} s.2", powers, "A pond warden may remove litter from a village pond."),
        ("provision", f"{ACT} s.2", powers, "A parish council may pay a pond warden."),
        ("heading", None, sch, sch),
        ("provision", f"{ACT} Sch. 1 para. 1", sch,
         "A parish council must issue a badge to each pond warden."),
        ("provision", f"{ACT} Sch. 1 para. 2(1)", sch, "A badge must show the warden’s name."),
    ]
    assert [b.level for b in doc.structure if b.kind == "heading"] == [1, 2, 2, 1]


def test_act_document_fields_and_offsets() -> None:
    doc = read(FIXTURES / "act-village-ponds.xml")
    assert doc.id == "act-village-ponds"
    assert doc.title == ACT
    assert doc.doc_type == "legislation"
    assert doc.source_file == "act-village-ponds.xml"
    assert doc.source_url == "http://www.legislation.gov.uk/ukpga/2031/7/enacted"
    for block in doc.structure:
        piece = doc.text[block.start:block.end]
        assert piece == clean_inline(piece) and piece
    assert doc.text.count("\n\n") == len(doc.structure) - 1


def test_act_skips_commentaries_footnotes_contents_and_preamble() -> None:
    doc = read(FIXTURES / "act-village-ponds.xml")
    for unwanted in ("Royal Assent", "made-up footnote", "Be it enacted", "2031 CHAPTER 7",
                     "SCHEDULES", "Section 1", "3A", "Made-up Printer"):
        assert unwanted not in doc.text


def test_meta_wins_over_the_xml() -> None:
    meta = SourceMeta(id="ponds", title="Ponds Act, as enacted", source_url="https://example.org/p",
                      doc_type="statute", publisher="Someone")
    doc = read(FIXTURES / "act-village-ponds.xml", meta)
    assert (doc.id, doc.title, doc.source_url, doc.doc_type, doc.publisher) == (
        "ponds", "Ponds Act, as enacted", "https://example.org/p", "statute", "Someone")
    # the citation still uses the Act's own title from the metadata
    assert doc.structure[3].citation == f"{ACT} s.1(1)"


# ------------------------------------------------------------------ secondary legislation


def test_statutory_instrument_uses_regulations() -> None:
    doc = read(FIXTURES / "si-pond-permits.xml")
    assert doc.title == SI
    assert doc.source_url == "http://www.legislation.gov.uk/uksi/2032/15/made"
    assert rows(doc) == [
        ("heading", None, "Citation and commencement", "Citation and commencement"),
        ("provision", f"{SI} reg. 1", "Citation and commencement",
         "These Regulations come into force on 1st April 2032."),
        ("heading", None, "Permits", "Permits"),
        ("provision", f"{SI} reg. 2(1)", "Permits",
         "A person must hold a permit to fish in a village pond."),
        ("provision", f"{SI} reg. 2(2)", "Permits", "A permit—"),
        ("provision", f"{SI} reg. 2(2)(a)", "Permits", "lasts for one year, and"),
        ("provision", f"{SI} reg. 2(2)(b)", "Permits", "costs nothing."),
        ("heading", None, "Review", "Review"),
        ("provision", f"{SI} reg. 3", "Review",
         "The Secretary of State must review these Regulations every five years."),
    ]


def test_order_fragment_uses_articles_and_title_from_meta(tmp_path: Path) -> None:
    path = write(tmp_path, "order.xml", """<P1group><Title>Duty</Title>
<P1 IdURI="http://www.legislation.gov.uk/id/uksi/2033/4/article/3"><Pnumber>3</Pnumber>
<P1para><P2><Pnumber>1</Pnumber><P2para><Text>Keepers must
  feed the ducks.</Text></P2para></P2></P1para></P1></P1group>""")
    meta = SourceMeta(title="The Duck Feeding (England) Order 2033 - article 3 (duty)")
    doc = read(path, meta)
    assert doc.title == "The Duck Feeding (England) Order 2033 - article 3 (duty)"
    assert rows(doc)[1] == ("provision", "The Duck Feeding (England) Order 2033 art. 3(1)",
                            "Duty", "Keepers must feed the ducks.")


def test_fragment_without_titles_falls_back_to_the_uri(tmp_path: Path) -> None:
    path = write(tmp_path, "frag.xml", """<P1
  IdURI="http://www.legislation.gov.uk/id/ukpga/2030/12/section/4">
<P1para><Text>Ducks may <Emphasis>not</Emphasis> be sold<CommentaryRef Ref="k"/>.</Text>
<P2 IdURI="http://www.legislation.gov.uk/id/ukpga/2030/12/section/4/2">
<Pnumber>2</Pnumber><P2para><Text>“
<Term>duck</Term>
” includes a drake
.</Text></P2para></P2></P1para></P1>""")
    doc = read(path)
    assert doc.title == "ukpga 2030 c. 12"
    assert doc.source_url is None
    assert rows(doc) == [
        ("provision", "ukpga 2030 c. 12 s.4", "", "Ducks may not be sold."),
        ("provision", "ukpga 2030 c. 12 s.4(2)", "", "“duck” includes a drake."),
    ]


def test_schedule_paragraph_fragment_cites_the_schedule(tmp_path: Path) -> None:
    path = write(tmp_path, "sch.xml", """<P1
  IdURI="http://www.legislation.gov.uk/id/ukpga/2030/12/schedule/2/paragraph/5">
<Pnumber>5</Pnumber><P1para><Text>Drakes are ducks.</Text></P1para></P1>""")
    doc = read(path, SourceMeta(title="Duck Act 2030 - Schedule 2"))
    assert rows(doc) == [("provision", "Duck Act 2030 Sch. 2 para. 5", "", "Drakes are ducks.")]


# ------------------------------------------------------------------ errors


def test_malformed_xml_is_one_line_ingest_error() -> None:
    path = FIXTURES / "malformed.xml"
    with pytest.raises(IngestError) as info:
        list(LegislationReader().read(path, SourceMeta()))
    message = str(info.value)
    assert message.startswith(f"{path}: malformed XML (line 5: Opening and ending tag mismatch")
    assert message.endswith("; re-download the file from legislation.gov.uk (e.g. .../data.xml) "
                            "or fix the XML")
    assert "\n" not in message


def test_empty_file_is_ingest_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.xml", "  \n")
    with pytest.raises(IngestError, match="the file is empty"):
        list(LegislationReader().read(path, SourceMeta()))


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    path = write(tmp_path, "xxe.xml", f"""<?xml version="1.0"?>
<!DOCTYPE P1 [<!ENTITY x SYSTEM "file://{secret}">]>
<P1 IdURI="http://www.legislation.gov.uk/id/ukpga/2030/12/section/1"><Pnumber>1</Pnumber>
<P1para><Text>Ducks &x; swim.</Text></P1para></P1>""")
    doc = read(path)
    assert "TOP SECRET" not in doc.text


# ------------------------------------------------------------------ the shared corpus


@pytest.mark.shared
def test_shared_corpus_legislation() -> None:
    files = sorted(SHARED_RAW.glob("ukpga-*.xml"))
    if not files:
        pytest.skip("needs ../shared/corpus/raw (the shared corpus)")
    manifest_path = SHARED_RAW / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else []
    entries = {e.get("file"): e for e in manifest if isinstance(e, dict)}
    reader = LegislationReader()
    docs: dict[str, Document] = {}
    for path in files:
        assert reader.sniff(path, path.read_bytes()[:4096])
        entry = entries.get(path.name, {})
        doc = read(path, SourceMeta(id=entry.get("id"), title=entry.get("title")))
        docs[path.name] = doc
        provisions = [b for b in doc.structure if b.kind == "provision"]
        assert provisions, path.name
        for block in provisions:
            assert block.citation, (path.name, doc.text[block.start:block.end])
    gbe = docs["ukpga-2025-16-s1-great-british-energy.xml"]
    cited = {gbe.text[b.start:b.end]: b.citation for b in gbe.structure}
    act = "Great British Energy Act 2025"
    assert cited["The Secretary of State may by notice designate a company as Great British "
                 "Energy."] == f"{act} s.1(1)"
    assert cited["A company may be designated under this section only if—"] == f"{act} s.1(2)"
    assert cited["it is limited by shares, and"] == f"{act} s.1(2)(a)"
    assert cited["must be published by the Secretary of State as soon as reasonably practicable "
                 "after the notice is given."] == f"{act} s.1(5)(b)"
    prices = docs["ukpga-2022-44-crossheading-electricity-price.xml"]
    assert {b.citation for b in prices.structure if b.citation} >= {
        "Energy Prices Act 2022 s.18(1)", "Energy Prices Act 2022 s.18(5)(a)(iii)"}

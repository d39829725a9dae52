from __future__ import annotations

import dataclasses
import json

import pytest

from claimgap.records import Block, Document, Sentence, sentence_id


def make_document() -> Document:
    return Document(
        id="d1", title="Title", text="Heading\n\nThe council must act.", source_url="https://x",
        publisher="Dept", doc_type="press_release", date="2026-01-02", licence="OGL",
        source_file="d1.json",
        structure=(Block(0, 7, "heading", 1, "Heading"),
                   Block(9, 31, "provision", 0, "Heading", "Example Act 2026 s.1(1)")),
    )


def test_document_json_round_trip_is_exact():
    doc = make_document()
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.to_json() == doc.to_json()
    assert isinstance(again.structure, tuple) and isinstance(again.structure[0], Block)


def test_sentence_json_round_trip_and_offsets():
    doc = make_document()
    sent = Sentence(doc_id="d1", sentence_id=sentence_id("d1", 1), index=1,
                    text="The council must act.", start=9, end=31, kind="provision",
                    heading="Heading", citation="Example Act 2026 s.1(1)")
    assert Sentence.from_json(sent.to_json()) == sent
    assert doc.text[sent.start:sent.end] == sent.text
    assert sent.sentence_id == "d1#0001"
    assert json.loads(sent.to_json())["citation"] == "Example Act 2026 s.1(1)"


def test_records_are_frozen():
    doc = make_document()
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "changed"  # type: ignore[misc]

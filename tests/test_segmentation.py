from __future__ import annotations

import json

import pytest

from claimgap.readers.base import TextBuilder
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "tricky_sentences.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_tricky_sentences(segmenter, case):
    text = case["text"]
    assert [text[a:b] for a, b in segmenter.split(text)] == case["sentences"]


def test_blocks_headings_and_items_are_their_own_units(segmenter):
    b = TextBuilder()
    b.heading("Support for pupils", 1)
    b.paragraph("Councils must act. Schools\n  should   help.")
    b.item("the first item, with no full stop")
    b.item("a second item. It has two sentences.")
    b.add("The Secretary of State may act.", "provision", citation="Example Act 2026 s.2(1)")
    doc = b.document(id="doc", title="Support")
    sentences = segmenter(doc)
    assert [(s.kind, s.text) for s in sentences] == [
        ("heading", "Support for pupils"),
        ("sentence", "Councils must act."),
        ("sentence", "Schools should help."),
        ("item", "the first item, with no full stop"),
        ("item", "a second item."),
        ("item", "It has two sentences."),
        ("provision", "The Secretary of State may act."),
    ]
    assert all(doc.text[s.start:s.end] == s.text for s in sentences)
    assert [s.sentence_id for s in sentences][:2] == ["doc#0000", "doc#0001"]
    assert sentences[1].heading == "Support for pupils"
    assert sentences[-1].citation == "Example Act 2026 s.2(1)"


def test_pipe_equals_one_by_one(segmenter):
    docs = []
    for n in range(3):
        b = TextBuilder()
        b.paragraph(f"Document {n} says one thing. And another thing.")
        docs.append(b.document(id=f"d{n}", title="t"))
    assert list(segmenter.pipe(docs)) == [segmenter(d) for d in docs]


def test_document_without_structure_is_one_running_text(segmenter):
    from claimgap.records import Document

    doc = Document(id="plain", title="t", text="First sentence. Second sentence.")
    assert [s.text for s in segmenter(doc)] == ["First sentence.", "Second sentence."]


def test_punctuation_only_units_are_dropped(segmenter):
    assert segmenter.split("— . Real text here.") == [(4, 19)]

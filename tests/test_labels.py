from __future__ import annotations

import json

import pytest

from claimgap.errors import ConfigError, CorpusError
from claimgap.labels import LabelRecord, join_texts, load_labels, split_of, text_sha1
from conftest import ROOT

LABEL_DIR = ROOT / "corpus" / "labels"


def test_record_validation():
    with pytest.raises(ConfigError, match="unknown label 'maybe'"):
        LabelRecord(sentence_id="s", doc_id="d", label="maybe", sha1="x")
    with pytest.raises(ConfigError, match="unknown force 'must'"):
        LabelRecord(sentence_id="s", doc_id="d", label="commitment", sha1="x", force="must")
    with pytest.raises(ConfigError, match="stored without text"):
        LabelRecord(sentence_id="s", doc_id="d", label="other", sha1="x", text="copied text")


def test_split_is_by_document_and_stable():
    assert split_of("doc-a") == split_of("doc-a")
    shares = [split_of(f"doc-{n}") for n in range(2000)]
    assert 0.65 < shares.count("train") / 2000 < 0.75
    assert 0.12 < shares.count("test") / 2000 < 0.18


def test_committed_labels_meet_the_brief():
    records = load_labels(LABEL_DIR)
    real = [r for r in records if not r.authored]
    assert len(real) >= 1500
    assert len({r.doc_id for r in real}) >= 150
    assert all(r.text is None and len(r.sha1) == 40 and r.start is not None for r in real)
    assert {r.label for r in real} == {"promise", "commitment", "other"}
    assert all(r.force for r in real if r.label == "commitment")
    assert {r.split for r in real} == {"train", "dev", "test"}
    authored = [r for r in records if r.authored]
    assert authored and all(r.text and r.sentence_id.startswith("authored-") for r in authored)


def test_join_texts_checks_hashes(tmp_path):
    import pandas as pd

    class FakeCorpus:
        sentences = pd.DataFrame([{"doc_id": "d", "start": 0, "end": 9, "text": "We will act",
                                   "doc_type": "speech"}])

    good = LabelRecord(sentence_id="d#0", doc_id="d", label="promise", sha1=text_sha1("We will act"),
                       start=0, end=9)
    [joined] = join_texts([good], FakeCorpus())
    assert (joined.text, joined.doc_type, joined.label) == ("We will act", "speech", "promise")
    stale = LabelRecord(sentence_id="d#0", doc_id="d", label="promise", sha1=text_sha1("old"),
                        start=0, end=9)
    with pytest.raises(CorpusError, match="whose text changed"):
        join_texts([stale], FakeCorpus())


def test_bad_label_file_names_line(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"sentence_id": "s", "doc_id": "d", "label": "other",
                                "sha1": "x", "colour": "red"}) + "\n")
    with pytest.raises(ConfigError, match=r"labels.jsonl:1: unknown field"):
        load_labels(path)

"""Alignment pairs: authored texts and real corpus sentences (joined by id and checked by sha1)."""

from __future__ import annotations

import json

import pytest

from claimgap.alignment import Aligner
from claimgap.alignment_eval import evaluate_alignment, read_pairs
from claimgap.corpus import Corpus
from claimgap.errors import ConfigError
from claimgap.ingestion import build_corpus
from claimgap.labels import text_sha1
from claimgap.register import load_registers
from conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    build_corpus([ROOT / "examples" / "experts-at-hand.txt"], out, progress=False)
    return Corpus(out)


def _real_pair(row, **changes):
    pair = {"id": "real-1", "sentence_id": row.sentence_id, "doc_id": row.doc_id,
            "start": int(row.start), "end": int(row.end), "sha1": text_sha1(row.text),
            "mechanisms": ["send-cfa-s66"], "verdict": "weak", "split": "test"}
    return {**pair, **changes}


def test_real_pairs_take_their_text_from_the_corpus(corpus, tmp_path):
    row = next(corpus.sentences.itertuples())
    path = tmp_path / "pairs.jsonl"
    lines = [_real_pair(row), {"id": "a-1", "text": "Parents can appeal to the tribunal.",
                               "mechanisms": [], "verdict": "backed", "split": "dev"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    pairs = read_pairs(path, corpus=corpus)
    assert [(p.id, p.text) for p in pairs] == [("real-1", row.text),
                                               ("a-1", "Parents can appeal to the tribunal.")]
    assert [p.id for p in read_pairs(path, "dev", corpus=corpus)] == ["a-1"]


def test_a_changed_sentence_is_refused(corpus, tmp_path):
    row = next(corpus.sentences.itertuples())
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps(_real_pair(row, sha1="0" * 40)) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not in the corpus or its text changed"):
        read_pairs(path, corpus=corpus)


def test_a_pair_without_text_or_ids_is_refused(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"id": "x", "verdict": "weak"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pairs.jsonl:1: each pair needs"):
        read_pairs(path)


def test_metrics_on_the_dev_pairs_hold_their_level(tmp_path):
    """A regression guard on the lexical retrieval over the pairs we wrote (0.943 Recall@5, 0.84
    accuracy when this was written); the figures with MiniLM and real pairs are in the closing
    notes (the real pairs need the shared corpus)."""
    authored = tmp_path / "authored.jsonl"
    authored.write_text("".join(line + "\n" for line in (ROOT / "corpus/labels/alignment.jsonl")
                                .read_text(encoding="utf-8").splitlines() if '"text"' in line),
                        encoding="utf-8")
    pairs = read_pairs(authored, "dev")
    metrics = evaluate_alignment(Aligner(load_registers()), pairs)
    assert metrics.n == 75
    assert sum(sum(row.values()) for row in metrics.confusion.values()) == 75
    assert metrics.recall_at_5 >= 0.9 and metrics.verdict_accuracy >= 0.8
    assert 0.0 < metrics.mrr <= 1.0

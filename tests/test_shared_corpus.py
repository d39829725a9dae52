"""The real thing: build the whole shared corpus (../shared/corpus/raw) once per session."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from claimgap.ingestion import build_corpus

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import NEEDS_SHARED, SHARED_RAW

    if not (SHARED_RAW / "MANIFEST.json").is_file():
        pytest.skip(NEEDS_SHARED)
    out = tmp_path_factory.mktemp("shared") / "corpus"
    summary = build_corpus([SHARED_RAW], out, manifest=SHARED_RAW / "MANIFEST.json",
                           progress=False)
    return SHARED_RAW, out, summary


def test_every_file_is_ingested(built):
    raw, out, summary = built
    manifest = json.loads((raw / "MANIFEST.json").read_text(encoding="utf-8"))
    assert summary.skipped == ()
    assert summary.sources == len(manifest) == 108
    built_manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {s["sha256"] for s in built_manifest["sources"]} == {e["sha256"] for e in manifest}


def test_bulk_files_expand_to_rows(built):
    _, out, summary = built
    docs = pd.read_parquet(out / "documents.parquet", columns=["doc_id", "doc_type"])
    per_file = docs.doc_id.str.split(":").str[0].value_counts()
    assert per_file["lga-esd-powers-and-duties"] == 3156
    assert per_file["bulk-govuk-mainstream-guides-157"] == 157
    assert per_file["bulk-govuk-nhsuk-pages-ukl-rag"] == 373
    assert per_file["bulk-govuk-news-commoncrawl-2025"] > 1000
    assert set(summary.by_doc_type) >= {"legislation", "press_release", "speech", "consultation",
                                        "non_statutory_guidance", "white_paper", "duties_list"}


def test_offsets_and_citations(built):
    _, out, _ = built
    docs = pd.read_parquet(out / "documents.parquet", columns=["doc_id", "text"])
    sents = pd.read_parquet(out / "sentences.parquet")
    text_of = dict(zip(docs.doc_id, docs.text))
    bad = [r.sentence_id for r in sents.itertuples() if text_of[r.doc_id][r.start:r.end] != r.text]
    assert bad == []
    assert not sents.text.str.contains(r"\n|\s{2}|^\s|\s$|<[a-z]+>", regex=True).any()
    legislation = sents[(sents.doc_type == "legislation") & (sents.kind != "heading")]
    assert len(legislation) > 50 and legislation.citation.notna().all()
    cited = dict(zip(legislation.text, legislation.citation))
    assert cited["The Secretary of State may by notice designate a company as Great British "
                 "Energy."] == "Great British Energy Act 2025 s.1(1)"


@pytest.mark.slow
def test_every_document_tokenizes_and_splits_as_spacy_does(built):
    """The pure-Python tokenizer and sentencizer against spaCy itself, on all 5,788 texts."""
    from claimgap.segmentation import _UNIT_EXCEPTIONS
    from claimgap.tokenization import Tokenizer
    from conftest import claimgap_view, spacy_reference, spacy_view

    nlp = spacy_reference(_UNIT_EXCEPTIONS)
    ours = Tokenizer(exclude=_UNIT_EXCEPTIONS)
    texts = pd.read_parquet(built[1] / "documents.parquet", columns=["text"]).text
    differ = [text[:60] for text, doc in zip(texts, nlp.pipe(texts, batch_size=64))
              if claimgap_view(ours(text)) != spacy_view(doc)]
    assert len(texts) > 5000 and differ == []

"""corpus build end to end on our fixtures: outputs, offsets, caching, atomicity, bad files."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from claimgap.corpus import Corpus
from claimgap.errors import CorpusError, IngestError, SourceNotFoundError
from claimgap.ingestion import build_corpus, collect_sources
from conftest import FIXTURES

DOCS = FIXTURES / "docs"
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "index", "text", "start", "end", "kind", "heading",
                    "citation", "doc_type"]


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(DOCS, src)
    shutil.copy(FIXTURES / "legislation" / "act-village-ponds.xml", src / "act.xml")
    return src


def build(folder, out, **kw):
    return build_corpus([folder], out, workers=1, progress=False, **kw)


def test_build_writes_parquet_and_manifest(folder, tmp_path):
    out = tmp_path / "out"
    summary = build(folder, out)
    assert summary.sources == 11 and summary.skipped == ()
    sents = pd.read_parquet(out / "sentences.parquet")
    docs = pd.read_parquet(out / "documents.parquet")
    assert list(sents.columns) == SENTENCE_COLUMNS
    assert len(docs) == summary.documents == 15 and len(sents) == summary.sentences
    assert summary.by_doc_type == {"duties_list": 2, "legislation": 1,
                                   "non_statutory_guidance": 3, "other": 4, "policy_paper": 1,
                                   "press_release": 3, "statutory_guidance": 1}
    text_of = dict(zip(docs.doc_id, docs.text))
    for row in sents.itertuples():
        assert text_of[row.doc_id][row.start:row.end] == row.text
    assert set(sents[sents.doc_type == "legislation"].query("kind == 'provision'").citation
               .str.len() > 0) == {True}
    assert {"notes.md", "notes.txt"} <= set(docs.doc_id)  # same stem: the suffix stays
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["claimgap_version"] and manifest["libraries"]["tokenizer_rules"].startswith("spaCy 3.8")
    assert len(manifest["sources"]) == 11
    assert all(len(s["sha256"]) == 64 for s in manifest["sources"])


def test_rebuild_is_cached_and_byte_identical(folder, tmp_path):
    out = tmp_path / "out"
    build(folder, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    summary = build(folder, out)
    assert summary.cached == summary.sources == 11
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    fresh = tmp_path / "fresh"
    build(folder, fresh, use_cache=False)
    assert {p.name: p.read_bytes() for p in fresh.iterdir() if p.is_file()} == before


def test_parallel_build_equals_serial(folder, tmp_path):
    build(folder, tmp_path / "serial")
    build_corpus([folder], tmp_path / "parallel", workers=2, progress=False)
    for name in ("documents.parquet", "sentences.parquet"):
        assert (tmp_path / "serial" / name).read_bytes() == \
               (tmp_path / "parallel" / name).read_bytes()


def test_changed_file_is_rebuilt(folder, tmp_path):
    out = tmp_path / "out"
    build(folder, out)
    (folder / "notes.txt").write_text("A changed note. It is new.", encoding="utf-8")
    summary = build(folder, out)
    assert summary.cached == 10
    sents = Corpus.load(out).sentences
    assert "A changed note." in set(sents.text)


def test_bad_file_in_folder_is_skipped_and_reported(folder, tmp_path):
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    summary = build(folder, tmp_path / "out")
    assert summary.sources == 11
    reasons = sorted(s.reason for s in summary.skipped)
    assert len(reasons) == 2
    assert "broken.json: malformed JSON" in reasons[0] and "empty.txt: the file is empty" in \
        reasons[1]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert len(manifest["skipped"]) == 2


def test_strict_fails_on_bad_file_and_writes_nothing(folder, tmp_path):
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(IngestError, match="broken.json: malformed JSON"):
        build(folder, out, strict=True)
    assert not out.exists()


def test_explicit_bad_file_fails_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(IngestError, match="the file is empty"):
        build_corpus([FIXTURES / "bad" / "empty.txt"], out, workers=1, progress=False)
    assert not out.exists()


def test_failed_rebuild_keeps_previous_output(folder, tmp_path):
    out = tmp_path / "out"
    build(folder, out)
    before = (out / "sentences.parquet").read_bytes()
    with pytest.raises(IngestError):
        build_corpus([folder, FIXTURES / "bad" / "binary.txt"], out, workers=1, progress=False)
    assert (out / "sentences.parquet").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(SourceNotFoundError):
        build_corpus([tmp_path / "nope"], tmp_path / "out", progress=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IngestError, match="no input files"):
        build_corpus([tmp_path / "empty"], tmp_path / "out", progress=False)


def test_manifest_metadata_is_attached(folder, tmp_path):
    manifest = tmp_path / "MANIFEST.json"
    manifest.write_text(json.dumps([{"id": "fund-news", "file": "news-record.json",
                                     "title": "Fund news", "doc_type": "speech",
                                     "original_url": "https://example.org/n", "licence": "OGL"}]))
    build_corpus([folder], tmp_path / "out", manifest=manifest, workers=1, progress=False)
    docs = Corpus.load(tmp_path / "out").documents.set_index("doc_id")
    assert docs.loc["fund-news", "doc_type"] == "speech"
    assert docs.loc["fund-news", "source_url"] == "https://example.org/n"
    assert docs.loc["fund-news", "licence"] == "OGL"


def test_bad_manifest(tmp_path, folder):
    bad = tmp_path / "MANIFEST.json"
    bad.write_text('{"sources": [{"id": "x"}]}')
    with pytest.raises(IngestError, match="'file' key"):
        build_corpus([folder], tmp_path / "out", manifest=bad, progress=False)


def test_duplicate_ids_are_refused(tmp_path):
    manifest = tmp_path / "MANIFEST.json"
    manifest.write_text(json.dumps([{"id": "same", "file": "notes.txt"},
                                    {"id": "same", "file": "notes.md"}]))
    with pytest.raises(CorpusError, match="document id 'same' comes from both"):
        build_corpus([DOCS], tmp_path / "out", manifest=manifest, workers=1, progress=False)


def test_collect_sources_skips_hidden_and_manifests(tmp_path):
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "MANIFEST.json").write_text("[]")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    assert [(p.name, explicit, i) for p, explicit, i in collect_sources([tmp_path])] == [
        ("a.txt", False, "sub/a")]


def test_corpus_loads_with_pandas_datasets_and_records(folder, tmp_path):
    from datasets import load_dataset

    out = tmp_path / "out"
    build(folder, out)
    corpus = Corpus.load(out)
    dataset = load_dataset("parquet", data_files=str(out / "sentences.parquet"), split="train")
    assert dataset.num_rows == len(corpus.sentences)
    assert dataset.column_names == SENTENCE_COLUMNS
    documents = list(corpus.iter_documents())
    sentences = list(corpus.iter_sentences())
    by_id = {d.id: d for d in documents}
    assert all(by_id[s.doc_id].text[s.start:s.end] == s.text for s in sentences)
    info = corpus.info()
    assert info.documents == 15 and info.by_doc_type["legislation"]["documents"] == 1
    assert info.with_citation == int(corpus.sentences.citation.notna().sum()) > 0


def test_not_a_corpus(tmp_path):
    with pytest.raises(CorpusError, match="not a built corpus"):
        Corpus.load(tmp_path)

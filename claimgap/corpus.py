"""A built corpus directory, loaded for analysis.

>>> corpus = Corpus.load("out/corpus")                    # doctest: +SKIP
>>> corpus.sentences.query("kind == 'provision'").head()  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from claimgap.errors import CorpusError
from claimgap.ingestion import DOCUMENTS, MANIFEST, SENTENCES, build_corpus, document_from_row
from claimgap.records import Document, Sentence


@dataclass(frozen=True)
class CorpusInfo:
    """A summary of a built corpus, as ``claimgap corpus info`` prints it."""

    path: str
    claimgap_version: str
    sources: int
    documents: int
    sentences: int
    words: int
    by_doc_type: dict[str, dict[str, int]]
    by_kind: dict[str, int]
    with_citation: int
    skipped: list[dict[str, str]]


class Corpus:
    """Documents and sentences of a corpus directory written by :func:`build_corpus`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        missing = [n for n in (DOCUMENTS, SENTENCES, MANIFEST) if not (self.path / n).is_file()]
        if missing:
            raise CorpusError(f"{self.path}: not a built corpus (missing {', '.join(missing)}); "
                              "run `claimgap corpus build PATH --out DIR` first")

    @classmethod
    def load(cls, path: str | Path) -> Corpus:
        return cls(path)

    @classmethod
    def build(cls, paths: Sequence[str | Path], out: str | Path, **options: Any) -> Corpus:
        """Build a corpus (see :func:`claimgap.ingestion.build_corpus`) and load it."""
        build_corpus(paths, out, **options)
        return cls(out)

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))

    @cached_property
    def sentences(self) -> Any:
        """All sentences as a pandas DataFrame (one row per sentence)."""
        import pandas as pd

        return pd.read_parquet(self.path / SENTENCES)

    @cached_property
    def documents(self) -> Any:
        """All documents as a pandas DataFrame (one row per document, with full text)."""
        import pandas as pd

        return pd.read_parquet(self.path / DOCUMENTS)

    def dataset(self, which: str = "sentences") -> Any:
        """The sentences (or documents) as a Hugging Face ``datasets.Dataset``."""
        from datasets import Dataset

        name = SENTENCES if which == "sentences" else DOCUMENTS
        return Dataset.from_parquet(str(self.path / name))

    def iter_documents(self) -> Iterator[Document]:
        for row in self.documents.to_dict("records"):
            yield document_from_row(row)

    def iter_sentences(self) -> Iterator[Sentence]:
        for row in self.sentences.to_dict("records"):
            row.pop("doc_type", None)
            yield Sentence.from_dict(row)

    def info(self) -> CorpusInfo:
        docs, sents = self.documents, self.sentences
        per_type: dict[str, dict[str, int]] = {}
        for doc_type in sorted(docs["doc_type"].unique()):
            per_type[doc_type] = {
                "documents": int((docs["doc_type"] == doc_type).sum()),
                "sentences": int((sents["doc_type"] == doc_type).sum()),
            }
        return CorpusInfo(
            path=str(self.path), claimgap_version=self.manifest.get("claimgap_version", "?"),
            sources=len(self.manifest.get("sources", [])), documents=len(docs),
            sentences=len(sents), words=int(docs["text"].str.split().str.len().sum()),
            by_doc_type=per_type,
            by_kind={k: int(v) for k, v in sents["kind"].value_counts().sort_index().items()},
            with_citation=int(sents["citation"].notna().sum()),
            skipped=self.manifest.get("skipped", []))

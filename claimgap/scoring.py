"""``claimgap score``: find the promises of a document and say what, if anything, backs them.

>>> from claimgap.scoring import score                            # doctest: +SKIP
>>> report = score(["examples/announcement.html"])                # doctest: +SKIP
>>> report.documents[0].summary["gap_score"]                      # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from claimgap.errors import IngestError
from claimgap.records import Document
from claimgap.register import Mechanism, Register, load_registers
from claimgap.report import DocumentReport, GapReport, PromiseVerdict

STATUTORY_TYPES = ("legislation", "statutory_guidance", "duties_list")


def text_document(text: str, doc_id: str = "stdin") -> Document:
    """A Document from raw text (HTML, Markdown or plain), e.g. what arrives on stdin."""
    from claimgap.readers.markup import looks_like_html
    from claimgap.readers.text import text_document as lay_out

    if not text.strip():
        raise IngestError(f"{doc_id}: no text given; pipe a document or give a file")
    return lay_out(text, doc_id=doc_id,
                   markup=looks_like_html(text) or text.lstrip().startswith("#"))


def harvest_mechanisms(corpus_dir: str | Path, model: Any) -> list[Mechanism]:
    """Commitments of the statutory documents of a built corpus, as mechanisms."""
    from claimgap.corpus import Corpus

    corpus = Corpus.load(corpus_dir)
    sents = corpus.sentences
    sents = sents[sents.doc_type.isin(STATUTORY_TYPES) & (sents.kind != "heading")]
    if sents.empty:
        return []
    docs = corpus.documents.set_index("doc_id")
    labels = model.predict(sents.text.tolist(), sents.doc_type.tolist())
    out = []
    for row, label in zip(sents.itertuples(), labels):
        if label.label != "commitment" or not label.anatomy:
            continue
        a = label.anatomy
        enforceable = a.get("enforceable") or "unclear"
        title = str(docs.loc[row.doc_id, "title"])
        out.append(Mechanism(
            id=f"corpus:{row.sentence_id}", title=row.heading or title,
            citation=row.citation or title, duty_bearer=a.get("duty_bearer") or "unstated",
            requires=row.text, force=a.get("force") or "intention",
            enforcement=("judicial_review",) if enforceable == "yes" else ("none",),
            enforceable=enforceable, scope="individual" if enforceable == "yes" else "system",
            status=a.get("status") or "in_force", verified="no",
            source_url=str(docs.loc[row.doc_id, "source_url"] or ""),
            register=str(corpus_dir), beneficiary=a.get("beneficiary") or "", origin="corpus"))
    return out


class Analyzer:
    """Loads the classifier, the register and the aligner once; scores many texts.

    >>> analyzer = Analyzer()                                       # doctest: +SKIP
    >>> report = analyzer("We will put specialists in every school.")  # doctest: +SKIP
    >>> [p.verdict for p in report.promises]                        # doctest: +SKIP
    ['weak']

    Args:
        model: classifier directory (default: the shipped model).
        registers: register files or folders (default: corpus/register).
        against: a built corpus whose statutory commitments join the register.
        threshold: match threshold (default: the calibrated one).
        embeddings: add MiniLM similarity to the lexical retrieval.
    """

    def __init__(self, model: str | Path | None = None,
                 registers: Sequence[str | Path] | None = None,
                 against: str | Path | None = None, threshold: float | None = None,
                 embeddings: bool = True) -> None:
        from claimgap.alignment import Aligner
        from claimgap.model import load_model
        from claimgap.segmentation import Segmenter

        self.classifier = load_model(model)
        register: Register = load_registers(registers)
        if against is not None:
            register = register.extend(harvest_mechanisms(against, self.classifier))
        self.aligner = Aligner(register, threshold, embeddings=embeddings)
        self.segmenter = Segmenter()

    def __call__(self, text: str, doc_id: str = "text") -> GapReport:
        """Score one text (HTML, Markdown or plain)."""
        return self.documents([text_document(text, doc_id)])

    def pipe(self, texts: Iterable[str]) -> Iterator[GapReport]:
        """Score many texts, one report each."""
        for n, text in enumerate(texts):
            yield self(text, doc_id=f"text-{n}")

    def files(self, paths: Sequence[str | Path]) -> GapReport:
        """Score documents any reader accepts, one report for all."""
        from claimgap.readers import read_documents

        return self.documents([doc for path in paths for doc in read_documents(path)])

    def documents(self, docs: Sequence[Document]) -> GapReport:
        reports = []
        for doc, sentences in zip(docs, self.segmenter.pipe(docs)):
            labels = self.classifier.predict([s.text for s in sentences],
                                             [doc.doc_type] * len(sentences))
            rows = [{"id": s.sentence_id, "text": s.text, "start": s.start, "end": s.end,
                     "label": lab.label, "probabilities": lab.probabilities}
                    for s, lab in zip(sentences, labels)]
            promised = [s for s, lab in zip(sentences, labels) if lab.label == "promise"]
            verdicts = self.aligner.align_many([s.text for s in promised])
            promises = tuple(PromiseVerdict(s.sentence_id, s.text, v.verdict, v.explanation,
                                            v.evidence) for s, v in zip(promised, verdicts))
            reports.append(DocumentReport(source=doc.source_file or doc.id, title=doc.title,
                                          sentences=tuple(rows), promises=promises))
        return GapReport(tuple(reports))


_WORKER_ANALYZERS: dict[tuple[Any, ...], Analyzer] = {}


def _score_on_worker(doc: Document, options: tuple[Any, ...]) -> DocumentReport:
    """One document on a Dask worker; each worker loads its analyzer once per option set."""
    if options not in _WORKER_ANALYZERS:
        model, registers, against, threshold, embeddings = options
        _WORKER_ANALYZERS[options] = Analyzer(model, registers, against, threshold, embeddings)
    return _WORKER_ANALYZERS[options].documents([doc]).documents[0]


def score(inputs: Sequence[str | Path], *, model: str | Path | None = None,
          registers: Sequence[str | Path] | None = None, against: str | Path | None = None,
          threshold: float | None = None, embeddings: bool = True,
          stdin: str | None = None, dask: str | None = None,
          workers: int | None = None) -> GapReport:
    """Score files (``"-"`` reads ``stdin`` or standard input) against the register.

    The keyword arguments are those of :class:`Analyzer`; ``dask`` ("local" or a scheduler
    address) scores the documents in parallel on a Dask cluster, one task per document, with the
    same result.
    """
    from claimgap.readers import read_documents

    if not inputs:
        raise IngestError("no input given; name a document or '-' for standard input")
    docs: list[Document] = []
    for item in inputs:
        if str(item) == "-":
            docs.append(text_document(stdin if stdin is not None else sys.stdin.read()))
        else:
            docs += read_documents(item)
    if dask is not None:
        from claimgap.distributed import dask_client

        options = (str(model) if model else None,
                   tuple(map(str, registers)) if registers else None,
                   str(against) if against else None, threshold, embeddings)
        with dask_client(dask, workers) as client:
            futures = [client.submit(_score_on_worker, doc, options, pure=False) for doc in docs]
            return GapReport(tuple(future.result() for future in futures))
    analyzer = Analyzer(model, registers, against, threshold, embeddings)
    return analyzer.documents(docs)

"""The annotation loop: export the sentences the model is least sure of to an annotation tool,
and import the tool's export back into ``corpus/labels/`` (ids, offsets, sha1 — no texts).

Formats: Label Studio (JSON tasks with ``data`` and ``predictions``; its JSON export has
``annotations``), Argilla (JSONL records with ``fields``, ``metadata`` and ``suggestions``; its
export adds ``responses``) and Prodigy (JSONL ``choice`` tasks; its export has ``accept`` and
``answer``).

>>> export_uncertain("out/corpus", "tasks.json", n=100, fmt="label-studio")   # doctest: +SKIP
>>> import_annotations("export.json", "out/corpus", "corpus/labels/annotated.jsonl")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgap.errors import ConfigError, CorpusError
from claimgap.files import write_text_atomic
from claimgap.labels import LABELS, LabelRecord, load_labels, text_sha1

FORMATS = ("label-studio", "argilla", "prodigy")
LABEL_DIR = Path(__file__).resolve().parents[1] / "corpus" / "labels"


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote and what it refused, with the reasons."""

    imported: int
    rejected: int
    reasons: tuple[str, ...]
    output: str


def pick_uncertain(corpus_dir: str | Path, n: int, model: str | Path | None = None,
                   exclude: Iterable[str] = (), per_document: int | None = None
                   ) -> list[dict[str, Any]]:
    """The ``n`` least confident sentences (smallest top probability), spread over documents."""
    from claimgap.corpus import Corpus
    from claimgap.model import load_model

    if n <= 0:
        raise ConfigError(f"--uncertain {n}: give a positive number of sentences")
    corpus = Corpus.load(corpus_dir)
    sents = corpus.sentences
    sents = sents[(sents.kind != "heading") & ~sents.sentence_id.isin(set(exclude))]
    if sents.empty:
        raise CorpusError(f"{corpus_dir}: no unlabelled sentences to export")
    labels = load_model(model).predict(sents.text.tolist(), sents.doc_type.tolist())
    files = dict(zip(corpus.documents.doc_id, corpus.documents.source_file))
    rows = []
    for row, label in zip(sents.itertuples(), labels):
        rows.append({"sentence_id": row.sentence_id, "doc_id": row.doc_id, "text": row.text,
                     "start": int(row.start), "end": int(row.end), "sha1": text_sha1(row.text),
                     "source_file": files.get(row.doc_id), "doc_type": row.doc_type,
                     "prediction": max(label.probabilities, key=label.probabilities.get),
                     "confidence": round(label.confidence, 4)})
    rows.sort(key=lambda r: (r["confidence"], r["sentence_id"]))
    cap = per_document or max(1, -(-n // 50))  # at most ceil(n/50) per document by default
    taken: dict[str, int] = defaultdict(int)
    out = []
    for row in rows:
        if taken[row["doc_id"]] < cap:
            taken[row["doc_id"]] += 1
            out.append(row)
            if len(out) == n:
                break
    return out


def to_tasks(rows: list[dict[str, Any]], fmt: str, model_name: str = "claimgap") -> str:
    """Rows from :func:`pick_uncertain` in the import format of an annotation tool."""
    meta_keys = ("sentence_id", "doc_id", "start", "end", "sha1", "source_file", "doc_type")
    if fmt == "label-studio":
        tasks = [{"id": n + 1, "data": {"text": r["text"], **{k: r[k] for k in meta_keys}},
                  "predictions": [{"model_version": model_name, "score": r["confidence"],
                                   "result": [{"from_name": "label", "to_name": "text",
                                               "type": "choices",
                                               "value": {"choices": [r["prediction"]]}}]}]}
                 for n, r in enumerate(rows)]
        return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
    if fmt == "argilla":
        lines = [{"id": r["sentence_id"], "fields": {"text": r["text"]},
                  "metadata": {k: r[k] for k in meta_keys},
                  "suggestions": [{"question_name": "label", "value": r["prediction"],
                                   "score": r["confidence"], "agent": model_name}]}
                 for r in rows]
    elif fmt == "prodigy":
        lines = [{"text": r["text"], "meta": {k: r[k] for k in meta_keys},
                  "options": [{"id": label, "text": label} for label in LABELS],
                  "accept": [r["prediction"]], "_view_id": "choice"} for r in rows]
    else:
        raise ConfigError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def export_uncertain(corpus_dir: str | Path, output: str | Path, *, n: int, fmt: str,
                     model: str | Path | None = None, labels: str | Path = LABEL_DIR) -> int:
    """Write the ``n`` least confident unlabelled sentences as annotation tasks; returns ``n``."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    done = {r.sentence_id for r in load_labels(labels)} if Path(labels).exists() else set()
    rows = pick_uncertain(corpus_dir, n, model, exclude=done)
    write_text_atomic(output, to_tasks(rows, fmt))
    return len(rows)


def read_export(path: str | Path) -> list[tuple[dict[str, Any], str | None]]:
    """(metadata, chosen label) for each record of a Label Studio, Argilla or Prodigy export."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        records = data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}: not JSON or JSONL ({exc.msg}); give the tool's export") \
                from None
    out = []
    for record in records:
        if not isinstance(record, dict):
            out.append(({}, None))
        elif "annotations" in record or "data" in record:  # Label Studio
            chosen = None
            for annotation in record.get("annotations") or []:
                for result in annotation.get("result") or []:
                    choices = (result.get("value") or {}).get("choices") or []
                    chosen = choices[0] if choices else chosen
            out.append((record.get("data") or {}, chosen))
        elif "fields" in record or "responses" in record:  # Argilla
            chosen = None
            responses = record.get("responses") or {}
            if isinstance(responses, dict):
                values = responses.get("label") or []
                chosen = values[0].get("value") if values and isinstance(values[0], dict) else None
            out.append(({**(record.get("metadata") or {}),
                         "text": (record.get("fields") or {}).get("text")}, chosen))
        else:  # Prodigy
            accepted = record.get("accept") or []
            chosen = accepted[0] if record.get("answer") == "accept" and accepted else None
            out.append(({**(record.get("meta") or {}), "text": record.get("text")}, chosen))
    return out


def import_annotations(path: str | Path, corpus_dir: str | Path,
                       output: str | Path = LABEL_DIR / "annotated.jsonl",
                       annotator: str = "annotation-import") -> ImportSummary:
    """Check every record against the corpus (id, offsets, sha1 of the text) and write the good
    ones to ``output`` in one atomic step; bad records are counted with their reasons."""
    from claimgap.corpus import Corpus

    sents = Corpus.load(corpus_dir).sentences.set_index("sentence_id")
    existing = load_labels(output) if Path(output).exists() else []
    seen = {r.sentence_id for r in existing}
    good: list[LabelRecord] = []
    reasons: list[str] = []
    for n, (meta, chosen) in enumerate(read_export(path), start=1):
        sid = meta.get("sentence_id")
        if chosen is None:
            reasons.append(f"record {n}: no label chosen (skipped or unanswered)")
        elif chosen not in LABELS:
            reasons.append(f"record {n}: unknown label {chosen!r}")
        elif sid not in sents.index:
            reasons.append(f"record {n}: sentence {sid!r} is not in the corpus")
        elif text_sha1(sents.loc[sid, "text"]) != meta.get("sha1") or \
                (meta.get("text") is not None and text_sha1(meta["text"]) != meta.get("sha1")):
            reasons.append(f"record {n}: text of {sid!r} no longer matches its hash")
        elif sid in seen:
            reasons.append(f"record {n}: {sid!r} is already labelled")
        else:
            row = sents.loc[sid]
            seen.add(sid)
            good.append(LabelRecord(sentence_id=sid, doc_id=row.doc_id, label=chosen,
                                    sha1=meta["sha1"], source_file=meta.get("source_file"),
                                    start=int(row.start), end=int(row.end), annotator=annotator))
    if not good:
        raise ConfigError(f"{path}: nothing imported; {len(reasons)} record(s) rejected, first: "
                          f"{reasons[0] if reasons else 'the file has no records'}")
    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True)
             for r in [*existing, *good]]
    write_text_atomic(output, "\n".join(lines) + "\n")
    return ImportSummary(len(good), len(reasons), tuple(reasons), str(output))


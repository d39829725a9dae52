"""``claimgap classify``: label every sentence of an input, one JSON line per sentence.

INPUT is a JSONL file of ``{"id": ..., "text": ...}`` or any document the readers accept (its
sentences get their corpus ids). Each output line is
``{"id", "text", "label", "probabilities": {"promise", "commitment", "other"}, "anatomy"}``
in input order; the same input and model always give the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimgap.errors import IngestError, SourceNotFoundError


def read_text_records(path: Path) -> list[dict[str, Any]] | None:
    """``[{"id", "text"}]`` when ``path`` is a JSONL of texts; None when it is something else."""
    from claimgap.errors import ConfigError
    from claimgap.jsonl import iter_jsonl

    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        return None
    records = []
    try:
        for lineno, item in iter_jsonl(path):
            if not records and "text" not in item:
                return None  # a bulk document file: let the readers take it
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                raise IngestError(f"{path}: line {lineno} has no non-empty \"text\"; every line "
                                  "needs {\"id\": ..., \"text\": ...}")
            records.append({"id": item.get("id", lineno), "text": text, "doc_type": None})
    except ConfigError as exc:  # malformed JSON: an input problem here, not a config one
        raise IngestError(str(exc)) from None
    return records


def input_records(path: str | Path) -> list[dict[str, Any]]:
    """The sentences to classify from a JSONL of texts or from a document."""
    from claimgap.readers import read_documents
    from claimgap.segmentation import Segmenter

    path = Path(path)
    if not path.exists():
        raise SourceNotFoundError(f"{path}: no such file; check the path")
    if path.is_file() and path.stat().st_size == 0:
        raise IngestError(f"{path}: the file is empty; give sentences or a document")
    records = read_text_records(path)
    if records is None:
        docs = read_documents(path)
        records = [{"id": s.sentence_id, "text": s.text, "doc_type": doc.doc_type}
                   for doc, sentences in zip(docs, Segmenter().pipe(docs)) for s in sentences]
    if not records:
        raise IngestError(f"{path}: nothing to classify")
    return records


def classify_records(records: list[dict[str, Any]], model: Any) -> Iterator[dict[str, Any]]:
    labels = model.predict([r["text"] for r in records], [r.get("doc_type") for r in records])
    for record, label in zip(records, labels):
        yield {"id": record["id"], "text": record["text"], **label.to_dict()}


def classify(input_path: str | Path, output: str | Path, model: str | Path | None = None,
             abstain_below: float | None = None) -> int:
    """Classify ``input_path`` into the JSONL file ``output``; returns the number of lines.

    ``abstain_below`` overrides the model's threshold for labelling a sentence ``uncertain``.
    """
    from claimgap.errors import ConfigError
    from claimgap.model import load_model

    loaded = load_model(model)
    if abstain_below is not None:
        if not 0.0 <= abstain_below <= 1.0:
            raise ConfigError(f"--abstain-below {abstain_below}: give a probability in [0, 1]")
        loaded.abstain_below = abstain_below
    records = input_records(input_path)
    output = Path(output)
    tmp = output.with_name(f".{output.name}.tmp")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            for line in classify_records(records, loaded):
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return count

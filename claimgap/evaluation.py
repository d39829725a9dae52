"""Evaluate a sentence classifier on labelled data: per-class P/R/F1, macro-F1, confusion matrix,
calibration error (ECE), abstentions, force accuracy, and speed.

>>> from claimgap.evaluation import evaluate     # doctest: +SKIP
>>> metrics = evaluate("models/linear-tfidf-v5", "corpus/labels", split="test")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgap.errors import ConfigError
from claimgap.labels import LABELS, LabelledSentence


@dataclass(frozen=True)
class Metrics:
    """What :func:`evaluate` measured on ``n`` sentences."""

    n: int
    macro_f1: float
    accuracy: float
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]
    ece: float
    abstained: int
    force_accuracy: float | None
    force_n: int
    sentences_per_second: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(model: Any, data: Sequence[LabelledSentence]) -> Metrics:
    """Metrics of a loaded :class:`~claimgap.model.SentenceClassifier` on labelled sentences."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    from claimgap.classify.calibration import expected_calibration_error

    if not data:
        raise ConfigError("no labelled sentences to evaluate on; check the data path and split")
    texts = [d.text for d in data]
    gold = [d.label for d in data]
    start = time.perf_counter()
    labels = model.predict(texts, [d.doc_type for d in data])
    elapsed = time.perf_counter() - start
    probs = np.array([[lab.probabilities[c] for c in LABELS] for lab in labels])
    pred = [LABELS[i] for i in probs.argmax(axis=1)]
    p, r, f, support = precision_recall_fscore_support(gold, pred, labels=list(LABELS),
                                                       zero_division=0)
    matrix = confusion_matrix(gold, pred, labels=list(LABELS))
    forced = [(d, lab) for d, lab in zip(data, labels)
              if d.label == "commitment" and d.force and lab.anatomy]
    force_acc = (sum(d.force == lab.anatomy["force"] for d, lab in forced) / len(forced)
                 if forced else None)
    return Metrics(
        n=len(data), macro_f1=round(float(np.mean(f)), 4),
        accuracy=round(float(np.mean([a == b for a, b in zip(gold, pred)])), 4),
        per_class={c: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                       "f1": round(float(f[i]), 4), "support": int(support[i])}
                   for i, c in enumerate(LABELS)},
        confusion={c: {c2: int(matrix[i][j]) for j, c2 in enumerate(LABELS)}
                   for i, c in enumerate(LABELS)},
        ece=round(expected_calibration_error(probs, [LABELS.index(g) for g in gold]), 4),
        abstained=sum(lab.label == "uncertain" for lab in labels),
        force_accuracy=round(force_acc, 4) if force_acc is not None else None,
        force_n=len(forced),
        sentences_per_second=round(len(data) / elapsed, 1) if elapsed else 0.0)


def read_jsonl_examples(path: Path) -> list[LabelledSentence]:
    """A JSONL of ``{"text", "label"}`` (optionally ``id``, ``force``) as evaluation data."""
    from claimgap.jsonl import iter_jsonl

    out = []
    for lineno, item in iter_jsonl(path):
        if not item.get("text") or item.get("label") not in LABELS:
            raise ConfigError(f"{path}:{lineno}: each line needs a non-empty 'text' and a 'label' "
                              f"in {LABELS}")
        out.append(LabelledSentence(sentence_id=str(item.get("id", lineno)), doc_id=str(lineno),
                                    text=item["text"], label=item["label"], split="test",
                                    force=item.get("force")))
    return out


def evaluate(model: str | Path | Any, data: str | Path, *, split: str | None = None,
             corpus: str | Path | None = None) -> Metrics:
    """Evaluate a model directory (or loaded model) on label files or a JSONL of text+label.

    Label files (``corpus/labels`` records) are joined to the corpus named in the model's training
    config, or to ``corpus`` (a built corpus directory). ``split`` keeps one of train/dev/test.
    """
    from claimgap.model import load_model
    from claimgap.training import labelled_data

    loaded = load_model(model) if isinstance(model, (str, Path)) else model
    path = Path(data)
    if path.is_file() and _is_text_label_file(path):
        examples = read_jsonl_examples(path)
    else:
        examples = labelled_data([path], corpus=corpus, config_meta=loaded.meta)
        if split:
            examples = [e for e in examples if e.split == split and not e.authored]
    return score(loaded, examples)


def _is_text_label_file(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    try:
        item = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(item, dict) and "text" in item and "sha1" not in item


def format_metrics(metrics: Metrics) -> str:
    """A plain-text report (what ``claimgap evaluate`` prints)."""
    lines = [f"n={metrics.n}  macro-F1={metrics.macro_f1:.3f}  accuracy={metrics.accuracy:.3f}  "
             f"ECE={metrics.ece:.3f}  abstained={metrics.abstained}  "
             f"{metrics.sentences_per_second:.0f} sentences/s"]
    lines.append(f"{'':12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label, row in metrics.per_class.items():
        lines.append(f"{label:12}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}"
                     f"{row['support']:>10}")
    lines.append("confusion (rows gold, columns predicted): " + "  ".join(LABELS))
    for label, row in metrics.confusion.items():
        lines.append(f"  {label:12}" + "".join(f"{row[c]:>8}" for c in LABELS))
    if metrics.force_accuracy is not None:
        lines.append(f"force accuracy on {metrics.force_n} commitments: "
                     f"{metrics.force_accuracy:.3f}")
    return "\n".join(lines)

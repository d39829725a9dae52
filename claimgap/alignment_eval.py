"""Measure and calibrate the alignment on labelled pairs (``corpus/labels/alignment.jsonl``).

Each pair is a promise with the register ids that back or relate to it (most relevant first) and
its verdict. A promise we wrote carries its ``text``; a real promise from the shared corpus is
stored, like the sentence labels, by ``sentence_id``, ``doc_id``, ``start``, ``end`` and the ``sha1``
of its text, and :func:`read_pairs` joins the text from a built corpus. Metrics: Recall@5 (a gold
mechanism among the top five), MRR (reciprocal rank of the first gold mechanism) and verdict
accuracy. ``calibrate`` picks the thresholds on the dev split.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgap.alignment import VERDICTS
from claimgap.errors import ConfigError


@dataclass(frozen=True)
class AlignmentPair:
    id: str
    text: str
    mechanisms: tuple[str, ...]
    verdict: str
    split: str = "dev"


@dataclass(frozen=True)
class AlignmentMetrics:
    n: int
    recall_at_5: float
    mrr: float
    verdict_accuracy: float
    confusion: dict[str, dict[str, int]]
    threshold: float
    cover_threshold: float
    floor: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_pairs(path: str | Path, split: str | None = None, corpus: Any = None
               ) -> list[AlignmentPair]:
    """Read pairs, checking verdicts; ``split`` keeps only dev or test. Pairs of real sentences
    take their text from ``corpus`` (a :class:`~claimgap.corpus.Corpus`), checked by sha1."""
    from claimgap.jsonl import iter_jsonl

    items = []
    for lineno, item in iter_jsonl(path):
        if item.get("verdict") not in VERDICTS or not (item.get("text") or item.get("sha1")):
            raise ConfigError(f"{path}:{lineno}: each pair needs a 'verdict' in {VERDICTS} and "
                              "its 'text' (or, for a corpus sentence, its ids and 'sha1')")
        if split in (None, item.get("split", "dev")):
            items.append(item)
    texts = _corpus_texts([item for item in items if not item.get("text")], corpus, path)
    return [AlignmentPair(str(item["id"]), item.get("text") or texts[_span(item)],
                          tuple(item.get("mechanisms") or ()), item["verdict"],
                          item.get("split", "dev")) for item in items]


def _span(item: dict[str, Any]) -> tuple[str, int, int]:
    """Where a real sentence is: document, start and end offsets."""
    return str(item["doc_id"]), int(item["start"]), int(item["end"])


def _corpus_texts(items: list[dict[str, Any]], corpus: Any, path: str | Path
                  ) -> dict[tuple[str, int, int], str]:
    """The texts of real-sentence pairs, from the corpus, each checked against its sha1."""
    if not items:
        return {}
    from claimgap.labels import text_sha1

    if corpus is None:
        from claimgap.training import shared_corpus

        corpus = shared_corpus(f"{path}: {len(items)} pair(s) are corpus sentences; give the "
                               "built corpus they come from (--corpus DIR)")
    sents = corpus.sentences
    rows = sents[sents.doc_id.isin({str(i["doc_id"]) for i in items})]
    found = {(r.doc_id, int(r.start), int(r.end)): r.text for r in rows.itertuples()}
    out = {}
    for item in items:
        key = _span(item)
        text = found.get(key)
        if text is None or text_sha1(text) != item["sha1"]:
            raise ConfigError(f"{path}: pair {item['id']}: sentence {item.get('sentence_id')} is "
                              "not in the corpus or its text changed; rebuild it from the same "
                              "sources")
        out[key] = text
    return out


def evaluate_alignment(aligner: Any, pairs: Sequence[AlignmentPair]) -> AlignmentMetrics:
    """Recall@5, MRR and verdict accuracy of ``aligner`` on ``pairs``."""
    if not pairs:
        raise ConfigError("no alignment pairs to evaluate; check the file and split")
    unknown = {m for p in pairs for m in p.mechanisms} - set(aligner.register.mechanisms)
    if unknown:
        raise ConfigError(f"pairs name mechanism(s) not in the register: {sorted(unknown)[:3]}")
    related, _ = aligner.scores([p.text for p in pairs])
    ids = [m.id for m in aligner.mechanisms]
    recalls, ranks = [], []
    for pair, row in zip(pairs, related):
        if not pair.mechanisms:
            continue
        order = [ids[i] for i in np.argsort(-row, kind="stable")]
        first = min(order.index(m) for m in pair.mechanisms)
        recalls.append(first < 5)
        ranks.append(1.0 / (first + 1))
    verdicts = [v.verdict for v in aligner.align_many([p.text for p in pairs])]
    confusion = {g: {p: 0 for p in VERDICTS} for g in VERDICTS}
    for pair, got in zip(pairs, verdicts):
        confusion[pair.verdict][got] += 1
    return AlignmentMetrics(
        n=len(pairs), recall_at_5=round(float(np.mean(recalls)), 4) if recalls else 0.0,
        mrr=round(float(np.mean(ranks)), 4) if ranks else 0.0,
        verdict_accuracy=round(sum(p.verdict == v for p, v in zip(pairs, verdicts))
                               / len(pairs), 4),
        confusion=confusion, threshold=aligner.threshold,
        cover_threshold=aligner.cover_threshold, floor=aligner.floor)


def calibrate(aligner: Any, pairs: Sequence[AlignmentPair],
              grid: Sequence[float] = tuple(np.round(np.arange(0.10, 0.62, 0.02), 2)),
              margins: Sequence[float] = (0.0, 0.05, 0.1, 0.2, 1.0)
              ) -> tuple[float, float, float, float, float]:
    """The (threshold, cover_threshold, margin) with the best verdict accuracy on ``pairs``, then
    the best floor for backing duties given those; ties go to the smallest values. Returns the
    four with the accuracy."""
    texts = [p.text for p in pairs]
    related, described = aligner.scores(texts)

    def accuracy() -> float:
        verdicts = [v.verdict for v in aligner.decide(texts, related, described)]
        return sum(p.verdict == v for p, v in zip(pairs, verdicts)) / len(pairs)

    best = (-1.0, 0.0, 0.0, 0.0)
    aligner.floor = 0.0
    for match, cover, margin in itertools.product(grid, grid, margins):
        aligner.threshold, aligner.cover_threshold = float(match), float(cover)
        aligner.margin = float(margin)
        score = accuracy()
        if score > best[0]:
            best = (score, float(match), float(cover), float(margin))
    aligner.threshold, aligner.cover_threshold, aligner.margin = best[1], best[2], best[3]
    best_floor = (best[0], 0.0)
    for floor in (float(f) for f in grid if f < best[1]):
        aligner.floor = floor
        score = accuracy()
        if score > best_floor[0]:
            best_floor = (score, floor)
    aligner.floor = best_floor[1]
    return best[1], best[2], best[3], best_floor[1], best_floor[0]

"""Pick real sentences for hand-labelling from a built corpus (issue: labelled data).

The selection spreads over documents and doc_types and over-samples sentences with modal verbs,
"will", money or legal words so that promises and commitments are not drowned by background text.
The keyword pattern only decides which sentences a person reads; it never labels anything.

    python scripts/sample_for_labelling.py CORPUS_DIR OUT_DIR --batches 6 --seed 13
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import pandas as pd

SIGNAL = re.compile(r"\b(will|must|shall|should|may|can|required|duty|entitled|right to|"
                    r"appeal|commit|pledge|promise|ensure|guarantee|fund|invest|£|\d{4})\b|£",
                    re.IGNORECASE)
BULK_DOCS = {"bulk-govuk-news-commoncrawl-2024p2": 35, "bulk-govuk-news-commoncrawl-2025": 35,
             "bulk-govuk-nhsuk-pages-ukl-rag": 18, "bulk-govuk-mainstream-guides-157": 15,
             "lga-esd-powers-and-duties": 30}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--per-doc", type=int, default=9)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sents = pd.read_parquet(args.corpus / "sentences.parquet")
    docs = pd.read_parquet(args.corpus / "documents.parquet")
    titles = dict(zip(docs.doc_id, docs.title))
    files = dict(zip(docs.doc_id, docs.source_file))
    doc_ids = sorted(sents.doc_id.unique())
    chosen = [d for d in doc_ids if ":" not in d]
    for base, n in BULK_DOCS.items():
        rows = [d for d in doc_ids if d.startswith(base + ":")]
        chosen += rng.sample(rows, min(n, len(rows)))
    doc_type = dict(zip(docs.doc_id, docs.doc_type))
    for kind in sorted(set(doc_type.values())):
        have = [d for d in chosen if doc_type[d] == kind]
        if len(have) < 4:
            pool = [d for d in doc_ids if doc_type[d] == kind and d not in have]
            chosen += rng.sample(pool, min(len(pool), 4 - len(have)))
    picked = []
    for doc_id in sorted(chosen):
        group = sents[(sents.doc_id == doc_id) & (sents.text.str.len().between(12, 600))]
        records = group.to_dict("records")
        per_doc = 3 if doc_id.startswith("lga-esd") else args.per_doc
        signal = [r for r in records if SIGNAL.search(r["text"]) and r["kind"] != "heading"]
        other = [r for r in records if r not in signal]
        take = rng.sample(signal, min(len(signal), (per_doc * 2) // 3))
        take += rng.sample(other, min(len(other), per_doc - len(take)))
        by_index = {x["index"]: x["text"] for x in records}
        picked += [shown(r, titles[doc_id], files[doc_id], by_index)
                   for r in sorted(take, key=lambda r: r["index"])]
    rng.shuffle(picked)
    write_batches(picked, args.out, args.batches)
    print(f"{len(picked)} sentences from {len(chosen)} documents in {args.batches} batches")


def shown(row: dict, title: str, source_file: str, texts_by_index: dict[int, str]) -> dict:
    """What an annotator sees of one sentence: the sentence, where it is, and its neighbours."""
    return {
        "sentence_id": row["sentence_id"], "doc_id": row["doc_id"], "doc_type": row["doc_type"],
        "source_file": source_file, "title": title, "heading": row["heading"],
        "kind": row["kind"], "citation": row["citation"],
        "previous": texts_by_index.get(row["index"] - 1, ""), "text": row["text"],
        "next": texts_by_index.get(row["index"] + 1, ""),
    }


def write_batches(picked: list[dict], out: Path, batches: int, first: int = 1) -> None:
    """Deal the sentences into ``batches`` files batch-NN.jsonl (numbered from ``first``)."""
    out.mkdir(parents=True, exist_ok=True)
    for b in range(batches):
        batch = sorted(picked[b::batches], key=lambda r: r["sentence_id"])
        with (out / f"batch-{first + b:02d}.jsonl").open("w", encoding="utf-8") as fh:
            for r in batch:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Pick a further round of real sentences to hand-label, from documents not yet labelled.

Round 1 (``sample_for_labelling.py``) covered every single document and a sample of bulk rows.
This round reads new bulk documents, weighted towards press releases and speeches (where promises
are), and lets the shipped model *suggest* what to read: half of each document's picks are the
sentences the model is least sure about, the rest are random sentences with signal words and
random plain ones. The model and the keyword pattern only choose what a person reads; every
label is a person's decision.

    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 6 --first-batch 11 --seed 29

Round 3 was drawn with the model then shipped, linear-tfidf-v1 (since retired; see git history).
Round 5 read only documents of the train split, so that dev and test stay exactly as they were and
a before/after comparison measures the extra training data alone; it was drawn with the shipped
transformer-top3-minilm-v1:

    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 8 --first-batch 17 --seed 31 --split train --doc-scale 1.4

Rounds 6 and 7 read further train documents the same way (``--first-batch 25 --seed 37
--doc-scale 2.0`` and ``--first-batch 33 --seed 41 --doc-scale 3.0``, each after the previous
round's labels were imported). Round 8 extended dev and test with no model suggesting:

    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 4 --first-batch 41 --seed 43 --split dev --no-model --doc-scale 0.8
    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 4 --first-batch 45 --seed 47 --split test --no-model --doc-scale 0.8

Round 9 read more of the train split's press releases and speeches, aimed at promises, the
weakest class (``--promise-boundary``): unread sentences of documents already partly read count
too, at most three per document. Half are those where the shipped model's promise probability is
nearest one half, a quarter its likeliest promises, a quarter random; drawn with
transformer-top3-minilm-v2:

    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 8 --first-batch 49 --seed 53 --split train --promise-boundary 2400

Round 10 did the same for both weak classes (``--boundary LABEL:N``, repeatable): unread
sentences of any train-split document but legislation, of which a random 15,000 were scored by
transformer-top3-minilm-v3 (``configs/transformer-top3.toml`` trained on the labels up to round 9;
superseded by v4 and not kept); for each LABEL, N sentences where the model's
probability of LABEL is nearest one half, at most three per document in all:

    python scripts/sample_more_for_labelling.py CORPUS_DIR OUT_DIR --exclude corpus/labels \
        --batches 8 --first-batch 57 --seed 59 --split train --model \
        models/transformer-top3-minilm-v3 --boundary promise:1200 --boundary commitment:1200
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sample_for_labelling import shown, write_batches  # the same records and batch files

from claimgap.labels import load_labels, split_of
from claimgap.model import load_model

SIGNAL = (r"\b(?:will|must|shall|should|may|can|required|duty|entitled|right to|appeal|commit|"
          r"pledge|promise|ensure|guarantee|fund|invest|every|all|new|plans?|aims?)\b|£")
DOCS_PER_BASE = {"bulk-govuk-news-commoncrawl-2024p2": 95, "bulk-govuk-news-commoncrawl-2025": 95,
                 "bulk-govuk-nhsuk-pages-ukl-rag": 20, "bulk-govuk-mainstream-guides-157": 20,
                 "lga-esd-powers-and-duties": 20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--exclude", type=Path, required=True, help="folder of existing labels")
    parser.add_argument("--model", default=None, help="model that suggests (default: shipped)")
    parser.add_argument("--no-model", action="store_true",
                        help="no model suggests: random picks replace the least-sure half (for "
                             "evaluation data, so that it is not drawn against one model)")
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--first-batch", type=int, default=11)
    parser.add_argument("--per-doc", type=int, default=6)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--split", choices=("train", "dev", "test"), default=None,
                        help="read only documents of this split (default: any)")
    parser.add_argument("--doc-scale", type=float, default=1.0,
                        help="multiply the number of documents drawn from each bulk source")
    parser.add_argument("--promise-boundary", type=int, default=0, metavar="N",
                        help="instead: N unread sentences of press releases and speeches, aimed "
                             "at the promise boundary (documents already read count too)")
    parser.add_argument("--boundary", action="append", default=[], metavar="LABEL:N",
                        help="instead: N unread sentences nearest the model's LABEL boundary, from "
                             "any document type but legislation (repeatable)")
    parser.add_argument("--score-sample", type=int, default=15000,
                        help="with --boundary: score a random sample of this many unread sentences")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.promise_boundary or args.boundary:
        picked = promise_boundary(args, rng) if args.promise_boundary else boundaries(args, rng)
        write_batches(picked, args.out, args.batches, first=args.first_batch)
        print(f"{len(picked)} sentences from {len(set(r['doc_id'] for r in picked))} documents "
              f"in {args.batches} batches")
        return
    done = {r.doc_id for r in load_labels(args.exclude) if not r.authored}
    sents = pd.read_parquet(args.corpus / "sentences.parquet")
    docs = pd.read_parquet(args.corpus / "documents.parquet")
    titles, files = dict(zip(docs.doc_id, docs.title)), dict(zip(docs.doc_id, docs.source_file))
    fresh = sorted(d for d in set(sents.doc_id) - done
                   if args.split is None or split_of(d) == args.split)
    chosen = []
    for base, n in DOCS_PER_BASE.items():
        rows = [d for d in fresh if d.startswith(base + ":")]
        chosen += rng.sample(rows, min(round(n * args.doc_scale), len(rows)))
    chosen += [d for d in fresh if ":" not in d and d.startswith(("govuk-speech", "govuk-news"))]
    pool = sents[sents.doc_id.isin(set(chosen)) & sents.text.str.len().between(12, 600)].copy()
    if args.no_model:
        pool["margin"] = [rng.random() for _ in range(len(pool))]
    else:
        proba = np.asarray(load_model(args.model).estimator.predict_proba(pool.text.tolist()))
        top2 = np.sort(proba, axis=1)[:, -2:]
        pool["margin"] = top2[:, 1] - top2[:, 0]
    pool["signal"] = pool.text.str.contains(SIGNAL, case=False, regex=True)
    picked = []
    for doc_id, group in pool.groupby("doc_id", sort=True):
        n = 3 if doc_id.startswith("lga-esd") else args.per_doc
        by_margin = group.sort_values(["margin", "index"]).index.tolist()
        take = by_margin[: n // 2]
        rest = [i for i in group.index if i not in take]
        signal = [i for i in rest if group.at[i, "signal"]]
        take += rng.sample(signal, min(len(signal), (n - len(take)) * 2 // 3))
        rest = [i for i in rest if i not in take]
        take += rng.sample(rest, min(len(rest), n - len(take)))
        by_index = {r["index"]: r["text"] for r in sents[sents.doc_id == doc_id].to_dict("records")}
        picked += [shown(group.loc[i].to_dict(), titles[doc_id], files[doc_id], by_index)
                   for i in sorted(take, key=lambda i: group.at[i, "index"])]
    rng.shuffle(picked)
    write_batches(picked, args.out, args.batches, first=args.first_batch)
    print(f"{len(picked)} sentences from {len(set(r['doc_id'] for r in picked))} new documents "
          f"in {args.batches} batches")


def promise_boundary(args: argparse.Namespace, rng: random.Random) -> list[dict]:
    """Unread press-release and speech sentences: half nearest the model's promise boundary
    (P(promise) nearest 0.5), a quarter its likeliest promises, a quarter random; three per
    document at most."""
    read = {r.sentence_id for r in load_labels(args.exclude) if not r.authored}
    sents = pd.read_parquet(args.corpus / "sentences.parquet")
    docs = pd.read_parquet(args.corpus / "documents.parquet")
    pool = sents[sents.doc_type.isin(["press_release", "speech"])
                 & sents.kind.isin(["sentence", "item"])
                 & ~sents.sentence_id.isin(read)
                 & sents.text.str.len().between(12, 600)]
    if args.split:
        pool = pool[pool.doc_id.map(split_of) == args.split]
    pool = pool.drop_duplicates("text").copy()
    model = load_model(args.model)
    proba = np.asarray(model.estimator.predict_proba(pool.text.tolist()))
    promise = proba[:, list(map(str, model.estimator.classes_)).index("promise")]
    pool["near"] = np.abs(promise - 0.5)
    pool["likely"] = -promise
    taken: dict[int, None] = {}
    n = args.promise_boundary
    take(pool, pool.sort_values(["near", "sentence_id"]).index, n // 2, taken)
    take(pool, pool.sort_values(["likely", "sentence_id"]).index, n // 4, taken)
    rest = pool.index.tolist()
    rng.shuffle(rest)
    take(pool, rest, n - len(taken), taken)
    return shown_in_order(pool, list(taken), sents, docs, rng)


def boundaries(args: argparse.Namespace, rng: random.Random) -> list[dict]:
    """For each ``LABEL:N`` of ``--boundary``: N unread sentences (of a random sample of
    ``--score-sample``) where the model's probability of LABEL is nearest 0.5; three per document
    at most, over all labels."""
    wanted = [(spec.split(":")[0], int(spec.split(":")[1])) for spec in args.boundary]
    read = {r.sentence_id for r in load_labels(args.exclude) if not r.authored}
    sents = pd.read_parquet(args.corpus / "sentences.parquet")
    docs = pd.read_parquet(args.corpus / "documents.parquet")
    pool = sents[(sents.doc_type != "legislation") & ~sents.sentence_id.isin(read)
                 & sents.text.str.len().between(12, 600)]
    if args.split:
        pool = pool[pool.doc_id.map(split_of) == args.split]
    pool = pool.drop_duplicates("text")
    rows = sorted(pool.index.tolist())
    pool = pool.loc[sorted(rng.sample(rows, min(args.score_sample, len(rows))))].copy()
    model = load_model(args.model)
    proba = np.asarray(model.estimator.predict_proba(pool.text.tolist()))
    classes = list(map(str, model.estimator.classes_))
    taken: dict[int, None] = {}
    for label, n in wanted:
        pool["near"] = np.abs(proba[:, classes.index(label)] - 0.5)
        take(pool, pool.sort_values(["near", "sentence_id"]).index, n, taken)
    return shown_in_order(pool, list(taken), sents, docs, rng)


def take(pool: pd.DataFrame, order: Iterable[int], n: int, taken: dict[int, None],
         per_doc: int = 3) -> None:
    """Add the first ``n`` rows of ``order`` not yet taken to ``taken`` (kept in order), at most
    ``per_doc`` per document over everything taken."""
    counts = Counter(pool.loc[list(taken), "doc_id"])
    for i in order:
        if n <= 0:
            return
        doc_id = pool.at[i, "doc_id"]
        if i in taken or counts[doc_id] >= per_doc:
            continue
        taken[i] = None
        counts[doc_id] += 1
        n -= 1


def shown_in_order(pool: pd.DataFrame, taken: list[int], sents: pd.DataFrame,
                   docs: pd.DataFrame, rng: random.Random) -> list[dict]:
    """What annotators see of the taken rows (document by document, in reading order), shuffled."""
    titles, files = dict(zip(docs.doc_id, docs.title)), dict(zip(docs.doc_id, docs.source_file))
    picked = []
    for doc_id in sorted({pool.at[i, "doc_id"] for i in taken}):
        by_index = {r["index"]: r["text"] for r in sents[sents.doc_id == doc_id].to_dict("records")}
        picked += [shown(pool.loc[i].to_dict(), titles[doc_id], files[doc_id], by_index)
                   for i in sorted((i for i in taken if pool.at[i, "doc_id"] == doc_id),
                                   key=lambda i: pool.at[i, "index"])]
    rng.shuffle(picked)
    return picked


if __name__ == "__main__":
    main()

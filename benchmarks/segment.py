"""Words per second of the full corpus build against a bare spaCy sentencizer, in one run.

    python benchmarks/segment.py [RAW_DIR] [--workers N]

Both sides see the same documents: the bare side gets each document's clean text (after our
readers), so the ratio isolates what the full build adds — reading and parsing the source files,
layout into blocks, the claimgap boundary rules, records, parquet writing — and what its parallel
workers win back. The build runs without cache, into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from claimgap.ingestion import build_corpus
from claimgap.spacy_support import import_spacy

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="?", type=Path, default=ROOT.parent / "shared/corpus/raw")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    manifest = args.raw / "MANIFEST.json"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus"
        start = time.perf_counter()
        summary = build_corpus([args.raw], out, manifest=manifest if manifest.exists() else None,
                               workers=args.workers, progress=False, use_cache=False)
        full = time.perf_counter() - start
        import pandas as pd

        texts = pd.read_parquet(out / "documents.parquet", columns=["text"]).text.tolist()

    spacy = import_spacy()
    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    list(bare.pipe(texts[:50]))  # warm up the vocabulary like the build's workers do
    start = time.perf_counter()
    bare_sentences = sum(len(list(doc.sents)) for doc in bare.pipe(texts, batch_size=64))
    bare_time = time.perf_counter() - start

    words = summary.words
    result = {
        "documents": summary.documents, "words": words,
        "full_build": {"seconds": round(full, 2), "words_per_s": round(words / full),
                       "sentences": summary.sentences},
        "bare_sentencizer": {"seconds": round(bare_time, 2),
                             "words_per_s": round(words / bare_time),
                             "sentences": bare_sentences},
        "ratio_full_to_bare": round((words / full) / (words / bare_time), 3),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

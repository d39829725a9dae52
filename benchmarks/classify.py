"""Sentences per second of each classifier backend, as a ratio to the bare sentencizer pass over
the same texts, in one run.

    python benchmarks/classify.py [RAW_DIR] [--neural-sample 3000] [--models DIR ...]

The bare pass is spaCy's blank English pipeline with the sentencizer over every document text of
the shared corpus. Each model then labels every sentence of that corpus (linear), or a fixed
random sample of them, the same for every model that runs MiniLM (``--neural-sample``, 0 for
all), and its rate is compared with the bare rate. An ensemble is also timed with its members run
one by one, which shows what sharing the frozen MiniLM layers saves. Models default to every model
directory in models/ (one whose weights are not rebuilt here is reported as skipped), or those
passed with --models.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from claimgap.spacy_support import import_spacy
from claimgap.training import corpus_for

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="?", type=Path, default=ROOT.parent / "shared/corpus/raw")
    parser.add_argument("--neural-sample", type=int, default=3000)
    parser.add_argument("--models", nargs="*", type=Path, default=None)
    args = parser.parse_args()
    from claimgap.classify.encoder import load_encoder
    from claimgap.model import load_model

    corpus = corpus_for([str(args.raw)], str(args.raw / "MANIFEST.json"))
    texts = corpus.documents.text.tolist()
    sentences = corpus.sentences.text.tolist()

    bare = import_spacy().blank("en")
    bare.add_pipe("sentencizer")
    list(bare.pipe(texts[:50]))
    start = time.perf_counter()
    n_bare = sum(len(list(doc.sents)) for doc in bare.pipe(texts, batch_size=64))
    bare_rate = len(sentences) / (time.perf_counter() - start)

    models = args.models or sorted(p for p in (ROOT / "models").iterdir()
                                   if (p / "meta.json").is_file())
    results = {"sentences": len(sentences), "bare_sentencizer_sentences": n_bare,
               "bare_sentences_per_s": round(bare_rate), "backends": {}}
    from claimgap.errors import ModelNotFoundError

    # every model that runs MiniLM labels the same sample
    sampled = sentences
    if args.neural_sample:
        chosen = np.random.default_rng(0).choice(len(sentences), args.neural_sample, replace=False)
        sampled = [sentences[i] for i in chosen]

    for path in models:
        try:
            model = load_model(path)
        except ModelNotFoundError as exc:  # e.g. transformer weights not rebuilt on this machine
            results["backends"][path.name] = {"skipped": str(exc)}
            continue
        neural = (model.meta["backend"] != "linear"
                  or getattr(model.estimator, "embedding_weight", 0.0))  # encodes with MiniLM
        sample = sampled if neural else sentences
        model.predict(sample[:32])  # load lazily-built parts before timing
        if neural:
            load_encoder().forget()  # nor reuse the sentence embeddings of the model before
        start = time.perf_counter()
        for chunk in range(0, len(sample), 4096):
            model.predict(sample[chunk:chunk + 4096])
        rate = len(sample) / (time.perf_counter() - start)
        entry = results["backends"][model.meta["name"]] = {
            "backend": model.meta["backend"], "sentences": len(sample),
            "sentences_per_s": round(rate, 1), "ratio_to_bare": round(rate / bare_rate, 4)}
        if model.meta["backend"] == "ensemble":  # what running the members together saves
            start = time.perf_counter()
            for chunk in range(0, len(sample), 4096):
                for member in model.estimator.estimators_:
                    member.predict_proba(sample[chunk:chunk + 4096])
            entry["members_one_by_one_sentences_per_s"] = round(
                len(sample) / (time.perf_counter() - start), 1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Speed-up of the corpus build on a Dask cluster with 1 vs 2 workers, on the bulk GOV.UK news
corpus (the two CommonCrawl CSVs of the shared corpus), in one run.

    python benchmarks/scale.py [RAW_DIR]

Each build is a fresh LocalCluster (start-up included) with no cache, so the ratio is what a user
would see. To run on a real cluster, pass a scheduler address to ``claimgap corpus build --dask``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from claimgap.ingestion import build_corpus

ROOT = Path(__file__).resolve().parents[1]
FILES = ("bulk-govuk-news-commoncrawl-2024p2.csv", "bulk-govuk-news-commoncrawl-2025.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", nargs="?", type=Path, default=ROOT.parent / "shared/corpus/raw")
    args = parser.parse_args()
    paths = [args.raw / name for name in FILES]
    times, outputs = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            out = Path(tmp) / f"w{workers}"
            start = time.perf_counter()
            summary = build_corpus(paths, out, workers=workers, dask="local", use_cache=False,
                                   progress=False)
            times[workers] = time.perf_counter() - start
            outputs[workers] = (out / "sentences.parquet").read_bytes()
    print(json.dumps({"documents": summary.documents, "sentences": summary.sentences,
                      "seconds_1_worker": round(times[1], 2),
                      "seconds_2_workers": round(times[2], 2),
                      "speed_up": round(times[1] / times[2], 2),
                      "identical_output": outputs[1] == outputs[2]}, indent=1))


if __name__ == "__main__":
    main()

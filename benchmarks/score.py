"""Cold-process wall time of ``claimgap score`` on a one-page announcement (default backend).

    python benchmarks/score.py [FILE] [--runs 5]

Each run is a fresh process (imports, model and register loading included), as a user at the
shell would see it; with the default MiniLM similarity and with ``--no-embeddings``. Reports the
median and the best of the runs, and as the floor this machine sets, a process that only starts
the CLI (``claimgap --help``: the interpreter, NumPy-free imports and Typer), as a ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "examples/announcement.html")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    command = [sys.executable, "-m", "claimgap", "score", str(args.file), "--format", "json"]
    score = timed(command, args.runs)
    lexical = timed([*command, "--no-embeddings"], args.runs)
    floor = timed([sys.executable, "-m", "claimgap", "--help"], args.runs)
    print(json.dumps({
        "file": str(args.file), "runs": args.runs,
        "score_median_s": round(statistics.median(score), 3), "score_best_s": round(min(score), 3),
        "score_no_embeddings_median_s": round(statistics.median(lexical), 3),
        "cli_help_median_s": round(statistics.median(floor), 3),
        "ratio_score_to_cli_help": round(statistics.median(score) / statistics.median(floor), 2),
        "target_s": 1.5,
    }, indent=1))


if __name__ == "__main__":
    main()

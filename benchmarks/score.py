"""Cold-process wall time of ``claimgap score`` on a one-page announcement (default backend).

    python benchmarks/score.py [FILE] [--runs 5] [--models DIR ...]

Each run is a fresh process (imports, model and register loading included), as a user at the
shell would see it; with the default MiniLM similarity and with ``--no-embeddings``. Reports the
median and the best of the runs, and as the floor this machine sets, a process that only starts
the CLI (``claimgap --help``: the interpreter, NumPy-free imports and Typer), as a ratio. The
commands run in turn, run after run, so that a slow spell of the machine slows them all alike.
``--models DIR ...`` also times ``claimgap score --model DIR`` with other models, as ratios to
the default.
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "examples/announcement.html")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", nargs="*", type=Path, default=[],
                        help="also time `claimgap score --model DIR` with these models")
    args = parser.parse_args()
    command = [sys.executable, "-m", "claimgap", "score", str(args.file), "--format", "json"]
    commands = {"score": command, "no_embeddings": [*command, "--no-embeddings"],
                "cli_help": [sys.executable, "-m", "claimgap", "--help"]}
    commands.update({f"model:{m.name}": [*command, "--model", str(m)] for m in args.models})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # round robin: a slow spell of the machine slows every command
        for name, line in commands.items():
            times[name].append(timed(line))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(json.dumps({
        "file": str(args.file), "runs": args.runs,
        "score_median_s": round(median["score"], 3), "score_best_s": round(min(times["score"]), 3),
        "score_no_embeddings_median_s": round(median["no_embeddings"], 3),
        "cli_help_median_s": round(median["cli_help"], 3),
        "ratio_score_to_cli_help": round(median["score"] / median["cli_help"], 2),
        "target_s": 1.5,
        "models": {name.removeprefix("model:"): {
            "median_s": round(median[name], 3), "best_s": round(min(times[name]), 3),
            "ratio_to_default": round(median[name] / median["score"], 2)}
            for name in commands if name.startswith("model:")},
    }, indent=1))


if __name__ == "__main__":
    main()

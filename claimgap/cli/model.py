"""``claimgap train | evaluate | classify``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from claimgap.cli.output import console


def train(
    config: Path = typer.Argument(..., help="Training config (TOML), e.g. configs/linear.toml."),
    set_: list[str] | None = typer.Option(None, "--set", help="Override KEY=VALUE (repeatable)."),
    output: Path | None = typer.Option(None, help="Model directory (default models/<name>)."),
) -> None:
    """Train a classifier and write models/<name>/ with meta.json, config.toml and a model card."""
    from claimgap.training import train as run_train

    out = run_train(config, set_ or [], output)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    for split, m in meta["metrics"].items():
        console().print(f"{split}: macro-F1 {m['macro_f1']:.3f}  ECE {m['ece']:.3f}  n={m['n']}")
    console().print(f"wrote {out}")


def evaluate(
    model: Path = typer.Argument(..., help="A model directory."),
    data: Path = typer.Argument(..., help="Label files/folder, or a JSONL of text+label."),
    split: str | None = typer.Option(None, help="Only this split: train, dev or test."),
    corpus: Path | None = typer.Option(None, help="Built corpus with the labelled sentences."),
    output: Path | None = typer.Option(None, help="Write the metrics as JSON here."),
) -> None:
    """Per-class precision/recall/F1, macro-F1, confusion matrix and calibration error (ECE)."""
    from claimgap.evaluation import evaluate as run_evaluate
    from claimgap.evaluation import format_metrics

    metrics = run_evaluate(model, data, split=split, corpus=corpus)
    typer.echo(format_metrics(metrics))
    if output:
        output.write_text(json.dumps(metrics.to_dict(), indent=1) + "\n", encoding="utf-8")


def classify(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="JSONL of {id, text} or a document."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file to write."),
    model: Path | None = typer.Option(None, help="Model directory (default: the shipped model)."),
    abstain_below: float | None = typer.Option(
        None, help="Label 'uncertain' below this confidence (default: the model's setting)."),
) -> None:
    """Label every sentence promise, commitment or other, with probabilities and anatomy."""
    from claimgap.classification import classify as run_classify

    count = run_classify(input_path, output, model, abstain_below)
    console(stderr=True).print(f"classified {count} sentences → {output}")

"""``claimgap annotate export | import``."""

from __future__ import annotations

from pathlib import Path

import typer

from claimgap.cli.output import console

annotate_app = typer.Typer(no_args_is_help=True, help="Export uncertain sentences; import labels.")


@annotate_app.command("export")
def export(
    corpus: Path = typer.Option(..., help="A built corpus directory."),
    uncertain: int = typer.Option(100, help="How many of the least confident sentences."),
    format_: str = typer.Option("label-studio", "--format", help="label-studio, argilla, prodigy."),
    output: Path = typer.Option(..., "--output", "-o", help="Task file to write."),
    model: Path | None = typer.Option(None, help="Model directory (default: shipped)."),
) -> None:
    """Write the sentences the model is least sure of as tasks for an annotation tool."""
    from claimgap.annotation import export_uncertain

    count = export_uncertain(corpus, output, n=uncertain, fmt=format_, model=model)
    console().print(f"exported {count} sentences → {output}")


@annotate_app.command("import")
def import_(
    export_file: Path = typer.Argument(..., help="The annotation tool's export."),
    corpus: Path = typer.Option(..., help="The built corpus the tasks came from."),
    output: Path | None = typer.Option(None, help="Label file (default corpus/labels/annotated.jsonl)."),
) -> None:
    """Check each labelled record against the corpus and add the good ones to corpus/labels/."""
    from claimgap.annotation import LABEL_DIR, import_annotations

    summary = import_annotations(export_file, corpus, output or LABEL_DIR / "annotated.jsonl")
    out = console()
    out.print(f"imported {summary.imported}, rejected {summary.rejected} → {summary.output}")
    for reason in summary.reasons[:10]:
        out.print(f"  rejected {reason}", markup=False)

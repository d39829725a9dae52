"""``claimgap score`` and ``claimgap register validate | show``."""

from __future__ import annotations

from pathlib import Path

import typer

from claimgap.cli.output import console, table

FORMATS = ("table", "json", "csv", "md", "html")
register_app = typer.Typer(no_args_is_help=True, help="The mechanism register.")


def score(
    files: list[str] = typer.Argument(..., help="Documents to score, or - for standard input."),
    against: Path | None = typer.Option(None, help="Built corpus whose statutory text also counts."),
    format_: str = typer.Option("table", "--format", "-f", help="table, json, csv, md or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    fail_on: str | None = typer.Option(None, help="Exit 3 if any promise is unbacked (or weak)."),
    model: Path | None = typer.Option(None, help="Classifier directory (default: shipped)."),
    register: list[Path] | None = typer.Option(None, help="Register files (default: all)."),
    threshold: float | None = typer.Option(None, help="Match threshold (default: calibrated)."),
    embeddings: bool = typer.Option(True, help="Add MiniLM similarity (--no-embeddings: faster "
                                               "start, lower accuracy)."),
    dask: str | None = typer.Option(None, help="Score on Dask: 'local' or a scheduler address."),
) -> None:
    """Find each promise, match it to mechanisms, and give a verdict: backed, weak or unbacked."""
    from claimgap.errors import ConfigError
    from claimgap.files import write_text_atomic
    from claimgap.scoring import score as run_score

    if format_ not in FORMATS:
        raise ConfigError(f"--format {format_!r}: use one of {', '.join(FORMATS)}")
    if fail_on not in (None, "unbacked", "weak"):
        raise ConfigError(f"--fail-on {fail_on!r}: use unbacked or weak")
    report = run_score(files, model=model, registers=register, against=against,
                       threshold=threshold, embeddings=embeddings, dask=dask)
    if format_ == "table" and output is None:
        for rich_table in report.rich_table():
            console().print(rich_table)
    else:
        text = {"json": lambda: report.to_json() + "\n", "csv": report.to_csv,
                "md": report.to_markdown, "html": report.to_html,
                "table": report.to_markdown}[format_]()
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_text_atomic(output, text)
            console(stderr=True).print(f"wrote {output}")
    failing = {"unbacked": {"unbacked"}, "weak": {"unbacked", "weak"}}.get(fail_on or "", set())
    if failing & set(report.verdicts):
        raise typer.Exit(3)


@register_app.command("validate")
def validate(paths: list[Path] | None = typer.Argument(None, help="Register files (default: all).")
             ) -> None:
    """Check every register entry against the schema (fields, forces, routes, unique ids)."""
    from claimgap.register import load_registers

    reg = load_registers(paths)
    console().print(f"ok: {len(reg)} mechanisms in {len(reg.files)} register file(s)")


@register_app.command("show")
def show(
    mechanism: str | None = typer.Argument(None, help="A mechanism id (default: list all)."),
    paths: list[Path] | None = typer.Option(None, "--register", help="Register files."),
) -> None:
    """List the mechanisms, or show one in full."""
    from claimgap.errors import RegisterError
    from claimgap.register import load_registers

    reg = load_registers(paths)
    if mechanism is None:
        console().print(table(f"{len(reg)} mechanisms", ["id", "citation", "force",
                                                          "enforceable", "status"],
                              [[m.id, m.citation, m.force, m.enforceable, m.status] for m in reg]))
        return
    if mechanism not in reg.mechanisms:
        raise RegisterError(f"no mechanism {mechanism!r}; see `claimgap register show`")
    for key, value in reg[mechanism].to_dict().items():
        if value not in ("", [], None):
            console().print(f"[bold]{key}[/bold]: {value}", markup=True, highlight=False)


@register_app.command("evaluate")
def evaluate_pairs(
    pairs: Path = typer.Argument(..., help="Alignment pairs, e.g. corpus/labels/alignment.jsonl."),
    split: str | None = typer.Option(None, help="Only the dev or the test pairs."),
    embeddings: bool = typer.Option(True, help="Add MiniLM similarity."),
    calibrate: bool = typer.Option(False, help="Pick the thresholds on these pairs first."),
    corpus: Path | None = typer.Option(None, help="Built corpus of the pairs' real sentences "
                                       "(default: the shared corpus, built in the cache)."),
) -> None:
    """Recall@5, MRR and verdict accuracy of the alignment on labelled promise pairs."""
    from claimgap.alignment import VERDICTS, Aligner
    from claimgap.alignment_eval import calibrate as run_calibrate
    from claimgap.alignment_eval import evaluate_alignment, read_pairs
    from claimgap.corpus import Corpus
    from claimgap.register import load_registers

    data = read_pairs(pairs, split, Corpus.load(corpus) if corpus else None)
    aligner = Aligner(load_registers(), embeddings=embeddings)
    if calibrate:
        match, cover, margin, floor, accuracy = run_calibrate(aligner, data)
        console().print(f"calibrated: threshold={match:.2f} cover_threshold={cover:.2f} "
                        f"margin={margin:.2f} floor={floor:.2f} (verdict accuracy {accuracy:.3f})")
    m = evaluate_alignment(aligner, data)
    console().print(f"n={m.n}  Recall@5={m.recall_at_5:.3f}  MRR={m.mrr:.3f}  "
                    f"verdict accuracy={m.verdict_accuracy:.3f}  (threshold {m.threshold:.2f}, "
                    f"cover {m.cover_threshold:.2f}, floor {m.floor:.2f})")
    console().print(table("verdicts (rows gold)", ["gold", *VERDICTS],
                          [[g, *row.values()] for g, row in m.confusion.items()]))

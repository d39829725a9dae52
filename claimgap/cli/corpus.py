"""``claimgap corpus build | info | fetch``."""

from __future__ import annotations

from pathlib import Path

import typer

from claimgap.cli.output import console, table

corpus_app = typer.Typer(no_args_is_help=True, help="Ingest documents into a corpus of sentences.")


@corpus_app.command("build")
def build(
    paths: list[Path] = typer.Argument(..., help="Files and folders to ingest."),
    out: Path = typer.Option(..., "--out", "-o", help="Corpus directory to write."),
    manifest: Path | None = typer.Option(None, help="MANIFEST.json with ids and provenance."),
    columns: str | None = typer.Option(None, help="CSV/JSONL mapping, e.g. text=body,title=head."),
    strict: bool = typer.Option(False, help="Fail on a bad file inside a folder."),
    workers: int | None = typer.Option(None, help="Processes to use (default: all CPUs)."),
    cache: bool = typer.Option(True, help="Reuse results for unchanged files."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    dask: str | None = typer.Option(None, help="Run on Dask: 'local' or a scheduler address."),
) -> None:
    """Read documents, split them into sentences, write parquet files and a manifest."""
    from claimgap.ingestion import build_corpus
    from claimgap.readers import ColumnMap

    summary = build_corpus(paths, out, manifest=manifest, strict=strict, workers=workers,
                           columns=ColumnMap.parse(columns) if columns else None,
                           use_cache=cache, progress=progress, dask=dask)
    rows = [[t, n] for t, n in summary.by_doc_type.items()]
    out_console = console()
    out_console.print(table(f"{summary.documents} documents, {summary.sentences} sentences from "
                            f"{summary.sources} files ({summary.cached} cached) → {out}",
                            ["doc_type", "documents"], rows))
    if summary.skipped:
        out_console.print(f"[yellow]skipped {len(summary.skipped)} file(s):[/yellow]")
        for item in summary.skipped:
            out_console.print(f"  {item.reason}", markup=False)


@corpus_app.command("info")
def info(path: Path = typer.Argument(..., help="A corpus directory.")) -> None:
    """Summarise a built corpus: counts per doc_type, sentence kinds, citations, skipped files."""
    from claimgap.corpus import Corpus

    summary = Corpus.load(path).info()
    out = console()
    out.print(f"{summary.path}: {summary.documents} documents, {summary.sentences} sentences, "
              f"{summary.words} words from {summary.sources} files "
              f"(claimgap {summary.claimgap_version})")
    out.print(table("per doc_type", ["doc_type", "documents", "sentences"],
                    [[t, c["documents"], c["sentences"]] for t, c in summary.by_doc_type.items()]))
    out.print(table("per kind", ["kind", "sentences"], [[k, n] for k, n in summary.by_kind.items()]))
    out.print(f"sentences with a legal citation: {summary.with_citation}")
    for item in summary.skipped:
        out.print(f"skipped: {item['reason']}", markup=False)


@corpus_app.command("fetch")
def fetch(
    dest: Path = typer.Option(..., "--dest", "-d", help="Folder to write the documents into."),
    sources: Path | None = typer.Option(None, help="Sources list (default corpus/sources.json)."),
    mirror: Path | None = typer.Option(None, help="Copy from this local folder, not the web."),
    only: list[str] | None = typer.Option(None, help="Only these source ids (repeatable)."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
) -> None:
    """Download the listed real documents from their original URLs (or copy from a mirror)."""
    from claimgap.errors import FetchError
    from claimgap.fetch import DEFAULT_SOURCES, fetch_sources, load_sources

    report = fetch_sources(load_sources(sources or DEFAULT_SOURCES), dest, mirror=mirror,
                           only=only or None, progress=progress)
    console().print(f"fetched {len(report.fetched)}, copied {len(report.copied)}, "
                    f"already present {len(report.skipped)}, failed {len(report.failed)} → {dest}")
    for _, reason in report.unavailable:
        console().print(f"[yellow]not fetched:[/yellow] {reason}")
    if report.failed:
        _, reason = report.failed[0]
        raise FetchError(f"{len(report.failed)} source(s) failed; first: {reason}")

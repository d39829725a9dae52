"""Build a corpus: source files → documents.parquet, sentences.parquet and manifest.json.

>>> from claimgap.corpus import build_corpus                          # doctest: +SKIP
>>> summary = build_corpus(["../shared/corpus/raw"], "out/corpus",
...                        manifest="../shared/corpus/raw/MANIFEST.json")  # doctest: +SKIP

Files are read and split in parallel (one task per source file, largest first); results are
cached in ``OUT/.cache`` by the sha256 of each file, the claimgap version and the settings, so a
re-run on unchanged input only reassembles. Every output file is written to a temporary name and
renamed into place, and nothing is written at all when the build fails.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimgap.errors import ClaimgapError, CorpusError, IngestError, SourceNotFoundError
from claimgap.files import write_text_atomic
from claimgap.readers import ColumnMap, detect_reader, read_documents
from claimgap.records import Document, Sentence, SourceMeta
from claimgap.version import __version__

log = logging.getLogger(__name__)

#: Bump when readers or segmentation change what they produce, so caches are rebuilt.
PIPELINE_VERSION = "1"
DOCUMENTS = "documents.parquet"
SENTENCES = "sentences.parquet"
MANIFEST = "manifest.json"
_CACHE = ".cache"
_SKIP_NAMES = {"MANIFEST.json", "manifest.json", ".DS_Store"}


@dataclass(frozen=True)
class Skipped:
    """A source file left out of a folder build, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced: counts, per doc_type, cache hits and skipped files."""

    out: str
    sources: int
    documents: int
    sentences: int
    words: int
    by_doc_type: dict[str, int]
    cached: int = 0
    skipped: tuple[Skipped, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Source:
    path: Path
    name: str
    explicit: bool
    meta: SourceMeta = field(default_factory=SourceMeta)
    sha256: str = ""
    size: int = 0


def load_manifest(path: str | Path) -> dict[str, SourceMeta]:
    """Read a MANIFEST.json (a list of entries with ``file``) into metadata keyed by file name."""
    path = Path(path)
    if not path.is_file():
        raise SourceNotFoundError(f"{path}: manifest not found; check the --manifest path")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: manifest is not valid JSON ({exc}); fix the file") from None
    if isinstance(entries, dict):
        entries = entries.get("sources", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e
                                                for e in entries):
        raise IngestError(f"{path}: manifest must be a list of objects each with a 'file' key")
    return {
        Path(e["file"]).name: SourceMeta(
            id=e.get("id"), title=e.get("title"),
            source_url=e.get("original_url") or e.get("source_url"),
            publisher=e.get("publisher"), doc_type=e.get("doc_type"), date=e.get("date") or None,
            licence=e.get("licence"))
        for e in entries
    }


def collect_sources(paths: Iterable[str | Path]) -> list[tuple[Path, bool, str]]:
    """Files named directly (explicit) or found under folders, sorted, each with a default id.

    The default id is the path below the folder given, without suffix ("reports/2024"); where
    two files would share one ("notes.txt", "notes.md"), the suffix stays ("notes.md").
    """
    found: dict[Path, tuple[bool, str]] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise SourceNotFoundError(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and child.name not in _SKIP_NAMES \
                        and not any(part.startswith(".") for part in rel.parts):
                    found.setdefault(child, (False, rel.as_posix()))
        else:
            found[path] = (True, path.name)
    stems = Counter(_strip_suffix(name) for _, name in found.values())
    return [(path, explicit, name if stems[_strip_suffix(name)] > 1 else _strip_suffix(name))
            for path, (explicit, name) in found.items()]


def _strip_suffix(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name


def build_corpus(paths: Sequence[str | Path], out: str | Path, *,
                 manifest: str | Path | None = None, columns: ColumnMap | None = None,
                 strict: bool = False, workers: int | None = None,
                 progress: bool = True, use_cache: bool = True,
                 dask: str | None = None) -> BuildSummary:
    """Ingest files and folders into a corpus directory; see the module docstring.

    Args:
        paths: files and folders; folders are searched recursively (hidden files skipped).
        out: the corpus directory to write.
        manifest: a MANIFEST.json whose entries (by file name) give ids, titles and provenance.
        columns: column mapping for CSV/JSONL files that are not of a known shape.
        strict: fail on the first bad file found inside a folder instead of skipping it.
        workers: processes to use (default: the number of CPUs).
        progress: show progress bars.
        use_cache: reuse per-file results from an earlier build into the same ``out``.
        dask: run the per-file work on a Dask cluster: "local" or a scheduler address
            (``workers`` then sizes the local cluster). The output is the same bytes.
    """
    out = Path(out)
    metas = load_manifest(manifest) if manifest else {}
    manifest_path = Path(manifest).resolve() if manifest else None
    sources = [
        _Source(path=p, name=p.name, explicit=explicit,
                meta=metas.get(p.name) or SourceMeta(id=default_id))
        for p, explicit, default_id in collect_sources(paths) if p.resolve() != manifest_path
    ]
    if not sources:
        raise IngestError(f"no input files found in {', '.join(map(str, paths))}")
    for source in sources:
        data = source.path.read_bytes()
        source.sha256, source.size = hashlib.sha256(data).hexdigest(), len(data)

    results: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    skipped: list[Skipped] = []
    keys = {n: _cache_key(s, columns) for n, s in enumerate(sources)}
    cache_dir = out / _CACHE
    if use_cache:
        for n, key in keys.items():
            cached = _cache_read(cache_dir / f"{key}.json")
            if cached is not None:
                results[n] = cached
    cached_count = len(results)
    todo = [n for n in range(len(sources)) if n not in results]
    todo.sort(key=lambda n: -sources[n].size)
    for n, outcome in _run(todo, sources, columns, workers, progress, dask):
        if isinstance(outcome, ClaimgapError):
            if sources[n].explicit or strict:
                raise outcome
            log.warning("skipped %s", outcome)
            skipped.append(Skipped(str(sources[n].path), str(outcome)))
        else:
            results[n] = outcome

    doc_rows = [row for n in sorted(results) for row in results[n][0]]
    sent_rows = [row for n in sorted(results) for row in results[n][1]]
    if not doc_rows:
        raise IngestError("no documents could be read; " +
                          "; ".join(s.reason for s in skipped[:3]))
    _check_unique(doc_rows)
    summary = BuildSummary(
        out=str(out), sources=len(results), documents=len(doc_rows), sentences=len(sent_rows),
        words=sum(len(r["text"].split()) for r in doc_rows),
        by_doc_type=dict(sorted(Counter(r["doc_type"] for r in doc_rows).items())),
        cached=cached_count, skipped=tuple(skipped))
    _write_outputs(out, doc_rows, sent_rows, sources, results, summary)
    if dask is not None:
        _write_partitions(out, [results[n] for n in sorted(results)])
    if use_cache:
        _write_cache(cache_dir, {keys[n]: results[n] for n in results}, keep=set(keys.values()))
    return summary


def _run(todo: list[int], sources: list[_Source], columns: ColumnMap | None,
         workers: int | None, progress: bool, dask: str | None = None
         ) -> Iterable[tuple[int, Any]]:
    from tqdm.auto import tqdm

    bar = tqdm(total=len(todo), desc="corpus build", unit="file", disable=not progress)
    try:
        if dask is not None and todo:
            from claimgap.distributed import dask_client

            with dask_client(dask, workers) as client:
                futures = {n: client.submit(_process, sources[n].path, sources[n].meta, columns,
                                            pure=False) for n in todo}
                for n in todo:
                    yield n, futures[n].result()
                    bar.update()
            return
        workers = min(workers or os.cpu_count() or 1, len(todo))
        if workers <= 1:
            for n in todo:
                yield n, _process(sources[n].path, sources[n].meta, columns)
                bar.update()
            return
        from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when used

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {n: pool.submit(_process, sources[n].path, sources[n].meta, columns)
                       for n in todo}
            for n in todo:
                yield n, futures[n].result()
                bar.update()
    finally:
        bar.close()


_SEGMENTER: Any = None


def _process(path: Path, meta: SourceMeta, columns: ColumnMap | None
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | ClaimgapError:
    """Read and split one file (runs in a worker process); errors are returned, not raised."""
    global _SEGMENTER
    from claimgap.segmentation import Segmenter

    try:
        docs = read_documents(path, meta, columns=columns)
    except ClaimgapError as exc:
        return exc
    _SEGMENTER = _SEGMENTER or Segmenter()
    doc_rows, sent_rows = [], []
    for doc, sentences in zip(docs, _SEGMENTER.pipe(docs)):
        doc_rows.append(document_row(doc))
        sent_rows.extend(sentence_row(s, doc.doc_type) for s in sentences)
    return doc_rows, sent_rows


def document_row(doc: Document) -> dict[str, Any]:
    """A Document as a flat parquet row (structure as JSON)."""
    data = doc.to_dict()
    data["doc_id"] = data.pop("id")
    data["structure"] = json.dumps(data["structure"], separators=(",", ":"))
    return data


def document_from_row(row: dict[str, Any]) -> Document:
    """Inverse of :func:`document_row`."""
    data = dict(row)
    data["id"] = data.pop("doc_id")
    data["structure"] = json.loads(data["structure"] or "[]")
    return Document.from_dict(data)


def sentence_row(sentence: Sentence, doc_type: str) -> dict[str, Any]:
    row = sentence.to_dict()
    row["doc_type"] = doc_type
    return row


def _check_unique(doc_rows: list[dict[str, Any]]) -> None:
    seen: dict[str, str | None] = {}
    for row in doc_rows:
        if row["doc_id"] in seen:
            raise CorpusError(f"document id {row['doc_id']!r} comes from both "
                              f"{seen[row['doc_id']]} and {row['source_file']}; give the files "
                              "distinct names or distinct ids in the manifest")
        seen[row["doc_id"]] = row["source_file"]


def _cache_key(source: _Source, columns: ColumnMap | None) -> str:
    settings = json.dumps([source.sha256, __version__, PIPELINE_VERSION, asdict(source.meta),
                           asdict(columns) if columns else None, source.name], sort_keys=True)
    return hashlib.sha256(settings.encode()).hexdigest()[:32]


def _cache_read(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["documents"], data["sentences"]
    except (OSError, ValueError, KeyError):
        return None


def _write_cache(cache_dir: Path, entries: dict[str, Any], keep: set[str]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    for key, (docs, sents) in entries.items():
        target = cache_dir / f"{key}.json"
        if not target.exists():
            write_text_atomic(target, json.dumps({"documents": docs, "sentences": sents},
                                                  ensure_ascii=False))
    for stale in cache_dir.glob("*.json"):
        if stale.stem not in keep:
            stale.unlink(missing_ok=True)


def _write_outputs(out: Path, doc_rows: list[dict[str, Any]], sent_rows: list[dict[str, Any]],
                   sources: list[_Source], results: dict[int, Any],
                   summary: BuildSummary) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for name, rows, schema in ((DOCUMENTS, doc_rows, DOCUMENT_SCHEMA),
                               (SENTENCES, sent_rows, SENTENCE_SCHEMA)):
        table = pa.Table.from_pylist(rows, schema=schema())
        tmp = out / f".{name}.{os.getpid()}.tmp"
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, out / name)
    manifest = {
        "claimgap_version": __version__,
        "pipeline_version": PIPELINE_VERSION,
        "libraries": _library_versions(),
        "summary": {k: v for k, v in summary.to_dict().items() if k not in ("out", "skipped", "cached")},
        "sources": [
            {"file": s.name, "path": str(s.path), "sha256": s.sha256, "bytes": s.size,
             "reader": detect_reader(s.path).name,
             "documents": len(results[n][0]), "sentences": len(results[n][1])}
            for n, s in enumerate(sources) if n in results
        ],
        "skipped": [asdict(s) for s in summary.skipped],
    }
    write_text_atomic(out / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


PARTITIONS = "partitions"


def _write_partitions(out: Path, parts: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]
                      ) -> None:
    """The Dask build's results also as partitioned parquet datasets, one part per source file:
    ``OUT/partitions/documents/part-00000.parquet`` ... (``pd.read_parquet`` reads a folder)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = out / PARTITIONS
    staging = out / f".{PARTITIONS}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    for n, (docs, sents) in enumerate(parts):
        for name, rows, schema in (("documents", docs, DOCUMENT_SCHEMA),
                                   ("sentences", sents, SENTENCE_SCHEMA)):
            (staging / name).mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=schema()),
                           staging / name / f"part-{n:05d}.parquet", compression="zstd")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)


def DOCUMENT_SCHEMA() -> Any:
    import pyarrow as pa

    s = pa.string()
    return pa.schema([("doc_id", s), ("title", s), ("text", s), ("source_url", s),
                      ("publisher", s), ("doc_type", s), ("date", s), ("licence", s),
                      ("source_file", s), ("structure", s)])


def SENTENCE_SCHEMA() -> Any:
    import pyarrow as pa

    s, i = pa.string(), pa.int32()
    return pa.schema([("doc_id", s), ("sentence_id", s), ("index", i), ("text", s),
                      ("start", i), ("end", i), ("kind", s), ("heading", s), ("citation", s),
                      ("doc_type", s)])


def _library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from claimgap.tokenization import rules_version

    versions = {"python": platform.python_version(), "tokenizer_rules": rules_version()}
    for name in ("lxml", "pyarrow", "markdown-it-py", "pypdf"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions



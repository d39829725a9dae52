"""Download (or copy from a mirror) the real documents listed in ``corpus/sources.json``.

>>> from claimgap.fetch import fetch_sources, load_sources         # doctest: +SKIP
>>> report = fetch_sources(load_sources(), "data/raw",             # doctest: +SKIP
...                        mirror="../shared/corpus/raw")
>>> report.failed                                                  # doctest: +SKIP
[]

Each file is written atomically into ``dest``; files already present with the listed sha256
are skipped, and ``dest/MANIFEST.json`` is written so that
``claimgap corpus build dest --manifest dest/MANIFEST.json`` works. The library never prints;
it logs to ``logging.getLogger("claimgap.fetch")``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from tqdm.auto import tqdm

from claimgap.errors import FetchError

__all__ = ["DEFAULT_SOURCES", "FetchReport", "Source", "fetch_sources", "load_sources"]

log = logging.getLogger(__name__)

DEFAULT_SOURCES = Path(__file__).resolve().parents[1] / "corpus" / "sources.json"
MANIFEST_NAME = "MANIFEST.json"
_CHUNK = 1 << 16
_MANIFEST_KEYS = ("id", "file", "title", "publisher", "doc_type", "date", "original_url",
                  "licence", "format")

try:
    _VERSION = metadata.version("claimgap")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    _VERSION = "0"
USER_AGENT = f"claimgap/{_VERSION}"


@dataclass(frozen=True)
class Source:
    """One document of the corpus: provenance, licence and where to get its bytes."""

    id: str
    file: str
    fetch_url: str
    title: str = ""
    publisher: str = ""
    doc_type: str = ""
    date: str = ""
    licence: str = ""
    original_url: str = ""
    sha256: str = ""
    bytes: int | None = None
    format: str = ""
    verify_sha256: bool = False
    mirror_only: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        name = self.file
        if not name or name in (".", "..") or "/" in name or "\\" in name or name == MANIFEST_NAME:
            raise FetchError(f"source {self.id!r}: bad file name {name!r}; give a plain file "
                             "name (no folders) in sources.json")

    def manifest_entry(self, sha256: str, size: int) -> dict[str, Any]:
        """The MANIFEST.json entry for this source, with the digest and size actually written."""
        entry = {key: getattr(self, key) for key in _MANIFEST_KEYS}
        entry.update(sha256=sha256, bytes=size, fetch_url=self.fetch_url)
        return entry


@dataclass(frozen=True)
class FetchReport:
    """What :func:`fetch_sources` did: ids downloaded, copied from the mirror, already present,
    ``(id, reason)`` for each download that failed, and for each source that only a mirror has."""

    fetched: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        """True when no source failed."""
        return not self.failed


def load_sources(path: str | Path = DEFAULT_SOURCES) -> list[Source]:
    """Read a sources.json file (``{"version": 1, "sources": [...]}`` or a bare list).

    Args:
        path: the sources file; the repository's ``corpus/sources.json`` by default.

    Returns:
        The sources in file order.

    Raises:
        FetchError: the file is missing or malformed, an entry lacks ``id``/``file``/
            ``fetch_url``, or two entries share an id.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FetchError(f"{path}: no such sources file; give the path of a sources.json") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"{path}: cannot read sources file ({exc}); fix the JSON") from None
    items = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise FetchError(f"{path}: expected a 'sources' list; see corpus/sources.json")
    known = {f.name for f in fields(Source)}
    sources: list[Source] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise FetchError(f"{path}: entry {index} is not an object; fix sources.json")
        missing = [key for key in ("id", "file", "fetch_url") if not item.get(key)]
        if missing:
            raise FetchError(f"{path}: entry {index} lacks {', '.join(missing)}; "
                             "every source needs id, file and fetch_url")
        sources.append(Source(**{k: v for k, v in item.items() if k in known}))
    ids = [s.id for s in sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise FetchError(f"{path}: duplicate source ids {dupes}; make every id unique")
    return sources


def fetch_sources(sources: Sequence[Source], dest: str | Path, *,
                  mirror: str | Path | None = None, hosts: Mapping[str, str] | None = None,
                  only: Sequence[str] | None = None, timeout: float = 30.0,
                  progress: bool = True) -> FetchReport:
    """Put every source's file into ``dest`` and write ``dest/MANIFEST.json``.

    Args:
        sources: what to get, usually ``load_sources()``.
        dest: output folder, created if needed.
        mirror: a folder holding the files under their ``file`` names; copy from it instead of
            downloading (the listed sha256 is always checked).
        hosts: replace an original host by a base URL, e.g.
            ``{"www.gov.uk": "http://127.0.0.1:8123"}``.
        only: restrict to these ids.
        timeout: seconds per download.
        progress: show a tqdm progress bar.

    Returns:
        A :class:`FetchReport`; download failures are listed in ``failed``, not raised.

    Raises:
        FetchError: an id in ``only`` is unknown, the mirror folder or a file in it is missing,
            or a mirror file's sha256 differs from the listed one.
    """
    dest = Path(dest)
    selected = _select(sources, only)
    mirror_dir = Path(mirror) if mirror is not None else None
    if mirror_dir is not None and not mirror_dir.is_dir():
        raise FetchError(f"mirror {mirror_dir}: no such folder; give the folder that holds the "
                         "corpus files (e.g. ../shared/corpus/raw)")
    dest.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(dest / MANIFEST_NAME)
    report = FetchReport(manifest=dest / MANIFEST_NAME)
    written: dict[str, dict[str, Any]] = {}
    try:
        for src in tqdm(selected, desc="fetch", unit="file", disable=not progress):
            target = dest / src.file
            if target.is_file():
                digest, size = _digest_file(target)
                earlier = previous.get(src.id, {})
                if digest == src.sha256 or (
                        mirror_dir is None and not src.verify_sha256
                        and earlier.get("sha256") == digest
                        and earlier.get("fetch_url", src.fetch_url) == src.fetch_url):
                    log.info("%s: already present in %s", src.id, dest)
                    report.skipped.append(src.id)
                    written[src.id] = src.manifest_entry(digest, size)
                    continue
            if mirror_dir is not None:
                written[src.id] = _copy(src, mirror_dir, target)
                report.copied.append(src.id)
                continue
            if src.mirror_only:
                report.unavailable.append((src.id, f"{src.id}: derived from {src.fetch_url}; "
                                           "only a mirror has this file (use --mirror)"))
                continue
            try:
                written[src.id] = _download(src, target, hosts or {}, timeout)
            except FetchError as exc:
                log.warning("%s", exc)
                report.failed.append((src.id, str(exc)))
            else:
                report.fetched.append(src.id)
    finally:
        _write_manifest(dest, sources, written, previous)
    return report


def _select(sources: Sequence[Source], only: Sequence[str] | None) -> list[Source]:
    if only is None:
        return list(sources)
    by_id = {s.id: s for s in sources}
    unknown = [i for i in only if i not in by_id]
    if unknown:
        raise FetchError(f"unknown source id(s) {unknown}; see the ids in corpus/sources.json")
    return [by_id[i] for i in dict.fromkeys(only)]


def _resolve(url: str, hosts: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    base = hosts.get(parts.netloc)
    if base is None:
        return url
    return base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def _digest_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_atomic(target: Path, chunks: Iterable[bytes],
                  check: Callable[[str], None] | None = None) -> tuple[str, int]:
    """Stream ``chunks`` into a temp file next to ``target``, call ``check(sha256)`` (which may
    raise), then rename over ``target``; the temp file never survives an error."""
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if check is not None:
            check(digest.hexdigest())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def _read_chunks(handle: IO[bytes]) -> Iterable[bytes]:
    while chunk := handle.read(_CHUNK):
        yield chunk


def _copy(src: Source, mirror: Path, target: Path) -> dict[str, Any]:
    origin = mirror / src.file
    if not origin.is_file():
        raise FetchError(f"{src.id}: {origin} is missing from the mirror; restore it or fetch "
                         f"{src.fetch_url} without --mirror")

    def check(digest: str) -> None:
        if src.sha256 and digest != src.sha256:
            raise FetchError(f"{src.id}: sha256 of {origin} is {digest}, expected {src.sha256} "
                             f"(source {src.fetch_url}); the mirror copy differs, replace it")

    with origin.open("rb") as handle:
        digest, size = _write_atomic(target, _read_chunks(handle), check)
    log.info("%s: copied from %s", src.id, origin)
    return src.manifest_entry(digest, size)


def _download(src: Source, target: Path, hosts: Mapping[str, str],
              timeout: float) -> dict[str, Any]:
    url = _resolve(src.fetch_url, hosts)

    def check(digest: str) -> None:
        if src.verify_sha256 and src.sha256 and digest != src.sha256:
            raise FetchError(f"{src.id}: sha256 of {url} is {digest}, expected {src.sha256}; "
                             "the upstream file changed: update sources.json or use --mirror")

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            digest, size = _write_atomic(target, _read_chunks(response), check)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{src.id}: HTTP {exc.code} {exc.reason} for {url}; check the URL in "
                         "sources.json, retry later, or use --mirror") from None
    except FetchError:
        raise
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{src.id}: cannot download {url} ({reason}); check the network or "
                         "raise --timeout, or use --mirror") from None
    log.info("%s: downloaded %s (%d bytes)", src.id, url, size)
    return src.manifest_entry(digest, size)


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, list):
        return {}
    return {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _write_manifest(dest: Path, sources: Sequence[Source], written: Mapping[str, dict[str, Any]],
                    previous: Mapping[str, dict[str, Any]]) -> None:
    """Entries of this run, plus earlier entries whose file is still there, in sources order."""
    merged = {k: v for k, v in previous.items()
              if isinstance(v.get("file"), str) and (dest / v["file"]).is_file()}
    merged.update(written)
    order = {s.id: n for n, s in enumerate(sources)}
    entries = sorted(merged.values(), key=lambda e: (order.get(e["id"], len(order)), e["id"]))
    text = json.dumps(entries, indent=1, ensure_ascii=False) + "\n"
    _write_atomic(dest / MANIFEST_NAME, [text.encode("utf-8")])

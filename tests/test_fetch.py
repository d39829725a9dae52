"""Tests of claimgap.fetch: mirror copies, downloads from a local HTTP server, failures."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from claimgap.errors import FetchError
from claimgap.fetch import DEFAULT_SOURCES, FetchReport, Source, fetch_sources, load_sources

SHARED_RAW = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "raw"

# Made-up files, served and mirrored from tmp_path only.
FILES: dict[str, tuple[str, bytes]] = {
    "govuk-page-a": ("https://www.gov.uk/government/news/made-up-a",
                     b'{"title": "Made-up page A", "details": {"body": "<p>We will act.</p>"}}'),
    "govuk-page-b": ("https://www.gov.uk/guidance/made-up-b",
                     b'{"title": "Made-up page B", "details": {"body": "<p>Guidance.</p>"}}'),
    "leg-act-s1": ("https://www.legislation.gov.uk/ukpga/2099/1/section/1/",
                   b"<P1group><Text>The Minister must act.</Text></P1group>"),
}
HOSTS_KEYS = ("www.gov.uk", "www.legislation.gov.uk")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch_url(original: str) -> str:
    parts = urlsplit(original)
    path = parts.path.rstrip("/")
    if parts.netloc == "www.gov.uk":
        return f"https://www.gov.uk/api/content{path}"
    return f"https://www.legislation.gov.uk{path}/data.xml"


def _entry(sid: str, original: str, data: bytes, **over: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": sid, "file": f"{sid}.{'xml' if 'legislation' in original else 'json'}",
        "title": sid.replace("-", " "), "publisher": "Nobody", "doc_type": "other",
        "date": "2099-01-01", "licence": "Made up for tests", "original_url": original,
        "fetch_url": _fetch_url(original), "sha256": _sha(data), "bytes": len(data),
        "format": "test", "verify_sha256": True,
    }
    entry.update(over)
    return entry


@pytest.fixture()
def mirror(tmp_path: Path) -> Path:
    """A mirror folder with made-up files and the sources.json that lists them."""
    root = tmp_path / "mirror"
    root.mkdir()
    entries = [_entry(sid, url, data) for sid, (url, data) in FILES.items()]
    for entry, (_, data) in zip(entries, FILES.values()):
        (root / str(entry["file"])).write_bytes(data)
    doc = {"version": 1, "description": "test", "sources": entries}
    (tmp_path / "sources.json").write_text(json.dumps(doc), encoding="utf-8")
    return root


@pytest.fixture()
def sources(mirror: Path) -> list[Source]:
    return load_sources(mirror.parent / "sources.json")


@pytest.fixture()
def server(mirror: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Serve the mirror as GOV.UK Content API and legislation data.xml; yields ``hosts``."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    by_path = {urlsplit(_fetch_url(url)).path: data for url, data in FILES.values()}
    by_path["/api/content/changed"] = b"upstream changed"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = by_path.get(self.path)
            if data is None or not self.headers.get("User-Agent", "").startswith("claimgap/"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield {host: base for host in HOSTS_KEYS}
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir() if p.name.endswith(".part"))


def test_copy_from_mirror(tmp_path: Path, mirror: Path, sources: list[Source]) -> None:
    dest = tmp_path / "out"
    report = fetch_sources(sources, dest, mirror=mirror, progress=False)
    assert report == FetchReport(copied=[s.id for s in sources], manifest=dest / "MANIFEST.json")
    for src in sources:
        assert (dest / src.file).read_bytes() == (mirror / src.file).read_bytes()
    again = fetch_sources(sources, dest, mirror=mirror, progress=False)
    assert again.skipped == [s.id for s in sources] and not again.copied


def test_mirror_errors(tmp_path: Path, mirror: Path, sources: list[Source]) -> None:
    with pytest.raises(FetchError, match="no such folder"):
        fetch_sources(sources, tmp_path / "out", mirror=tmp_path / "nowhere", progress=False)
    with pytest.raises(FetchError, match="unknown source id"):
        fetch_sources(sources, tmp_path / "out", mirror=mirror, only=["nope"], progress=False)
    (mirror / sources[0].file).write_bytes(b"tampered")
    with pytest.raises(FetchError, match=f"{sources[0].id}: sha256 .*replace it"):
        fetch_sources(sources, tmp_path / "out", mirror=mirror, progress=False)
    assert not (tmp_path / "out" / sources[0].file).exists()
    (mirror / sources[0].file).unlink()
    with pytest.raises(FetchError, match="missing from the mirror"):
        fetch_sources(sources, tmp_path / "out2", mirror=mirror, progress=False)


def test_download_via_local_server(tmp_path: Path, sources: list[Source],
                                   server: dict[str, str]) -> None:
    dest = tmp_path / "out"
    report = fetch_sources(sources, dest, hosts=server, timeout=5, progress=False)
    assert report.fetched == [s.id for s in sources] and report.ok
    for src, (_, data) in zip(sources, FILES.values()):
        assert (dest / src.file).read_bytes() == data
    manifest = json.loads((dest / "MANIFEST.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest] == [s.id for s in sources]
    for entry, src in zip(manifest, sources):
        assert entry["sha256"] == src.sha256 and entry["bytes"] == src.bytes
        assert entry["licence"] and entry["original_url"] == src.original_url
    again = fetch_sources(sources, dest, hosts=server, timeout=5, progress=False)
    assert again.skipped == [s.id for s in sources] and not again.fetched
    assert _leftovers(dest) == []


def test_unverified_download_is_skipped_by_manifest(tmp_path: Path, sources: list[Source],
                                                     server: dict[str, str]) -> None:
    src = Source(id="changed", file="changed.json", fetch_url="https://www.gov.uk/api/content/"
                 "changed", sha256="0" * 64, verify_sha256=False)
    dest = tmp_path / "out"
    assert fetch_sources([src], dest, hosts=server, progress=False).fetched == ["changed"]
    assert (dest / "changed.json").read_bytes() == b"upstream changed"
    assert fetch_sources([src], dest, hosts=server, progress=False).skipped == ["changed"]


def test_http_404_is_reported(tmp_path: Path, sources: list[Source],
                              server: dict[str, str]) -> None:
    missing = Source(id="gone", file="gone.json", fetch_url="https://www.gov.uk/api/content/gone")
    dest = tmp_path / "out"
    report = fetch_sources([missing, sources[0]], dest, hosts=server, progress=False)
    assert report.fetched == [sources[0].id]
    [(sid, reason)] = report.failed
    assert sid == "gone" and "404" in reason and "/api/content/gone" in reason
    assert not (dest / "gone.json").exists() and _leftovers(dest) == []
    manifest = json.loads((dest / "MANIFEST.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest] == [sources[0].id]


def test_sha_mismatch_with_verify(tmp_path: Path, sources: list[Source],
                                  server: dict[str, str]) -> None:
    bad = Source(id="changed", file="changed.json", sha256="0" * 64, verify_sha256=True,
                 fetch_url="https://www.gov.uk/api/content/changed")
    dest = tmp_path / "out"
    report = fetch_sources([bad], dest, hosts=server, progress=False)
    [(sid, reason)] = report.failed
    assert sid == "changed" and "sha256" in reason and "/api/content/changed" in reason
    assert not (dest / "changed.json").exists() and _leftovers(dest) == []


def test_unreachable_host_is_reported(tmp_path: Path, sources: list[Source],
                                      server: dict[str, str]) -> None:
    hosts = {"www.gov.uk": "http://127.0.0.1:9"}  # discard port: connection refused
    report = fetch_sources(sources[:1], tmp_path / "out", hosts=hosts, timeout=2, progress=False)
    [(sid, reason)] = report.failed
    assert sid == sources[0].id and "127.0.0.1:9" in reason


def test_load_sources_rejects_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    with pytest.raises(FetchError, match="no such sources file"):
        load_sources(path)
    path.write_text(json.dumps([{"id": "a", "file": "../evil", "fetch_url": "https://x/"}]))
    with pytest.raises(FetchError, match="bad file name"):
        load_sources(path)
    path.write_text(json.dumps({"sources": [{"id": "a", "file": "a"}]}))
    with pytest.raises(FetchError, match="fetch_url"):
        load_sources(path)
    entry = {"id": "a", "file": "a", "fetch_url": "https://x/"}
    path.write_text(json.dumps({"sources": [entry, entry]}))
    with pytest.raises(FetchError, match="duplicate"):
        load_sources(path)


def test_committed_sources_json() -> None:
    doc = json.loads(DEFAULT_SOURCES.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["description"]
    sources = load_sources()
    assert len(sources) == 108
    assert len({s.id for s in sources}) == 108 and len({s.file for s in sources}) == 108
    for src in sources:
        assert src.fetch_url.startswith("https://"), src.id
        assert src.licence and src.original_url, src.id
        assert len(src.sha256) == 64 and src.bytes, src.id
        if src.verify_sha256:
            assert src.fetch_url.startswith("https://raw.githubusercontent.com/"), src.id
    assert not any("details" in entry or "body" in entry for entry in doc["sources"])


@pytest.mark.shared
def test_fetch_from_shared_mirror(tmp_path: Path) -> None:
    if not (SHARED_RAW / "MANIFEST.json").is_file():
        pytest.skip("needs ../shared/corpus/raw (the shared corpus)")
    manifest = {e["id"]: e for e in json.loads((SHARED_RAW / "MANIFEST.json").read_text())}
    ids = ["ukpga-2025-16-s10", "govuk-guide-council-housing", "lga-esd-powers-and-duties"]
    report = fetch_sources(load_sources(), tmp_path, mirror=SHARED_RAW, only=ids, progress=False)
    assert report.copied == ids
    written = {e["id"]: e for e in json.loads((tmp_path / "MANIFEST.json").read_text())}
    for sid in ids:
        data = (tmp_path / manifest[sid]["file"]).read_bytes()
        assert _sha(data) == manifest[sid]["sha256"] == written[sid]["sha256"]


def test_mirror_only_sources_are_reported_not_downloaded(tmp_path):
    from claimgap.fetch import Source, fetch_sources

    src = Source(id="derived", file="derived.jsonl", fetch_url="https://127.0.0.1:9/x.tar.gz",
                 mirror_only=True)
    report = fetch_sources([src], tmp_path / "dest", progress=False)
    assert report.fetched == [] and report.failed == []
    assert report.unavailable[0][0] == "derived" and "use --mirror" in report.unavailable[0][1]
    assert not (tmp_path / "dest" / "derived.jsonl").exists()

"""The Dask engine: same bytes as the single-process build; a clear error when unreachable."""

from __future__ import annotations

import time

import pytest

from claimgap.cli import main
from claimgap.ingestion import build_corpus
from conftest import FIXTURES

pytest.importorskip("distributed")


def test_local_cluster_build_equals_single_process(tmp_path):
    build_corpus([FIXTURES / "docs"], tmp_path / "single", workers=1, progress=False)
    build_corpus([FIXTURES / "docs"], tmp_path / "dask", workers=2, progress=False,
                 dask="local", use_cache=False)
    for name in ("documents.parquet", "sentences.parquet", "manifest.json"):
        assert (tmp_path / "single" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    import pandas as pd

    parts = sorted((tmp_path / "dask" / "partitions" / "sentences").glob("part-*.parquet"))
    assert len(parts) == 10  # one per source file
    combined = pd.read_parquet(tmp_path / "dask" / "partitions" / "sentences")
    single = pd.read_parquet(tmp_path / "single" / "sentences.parquet")
    assert sorted(combined.sentence_id) == sorted(single.sentence_id)


def test_unreachable_scheduler_fails_fast_with_one_line(tmp_path, capsys):
    start = time.perf_counter()
    code = main(["corpus", "build", str(FIXTURES / "docs"), "--out", str(tmp_path / "o"),
                 "--dask", "tcp://127.0.0.1:9", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1 and time.perf_counter() - start < 20
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_score_on_a_local_cluster_equals_single_process():
    from claimgap.scoring import score
    from conftest import ROOT

    files = [ROOT / "examples" / "announcement.html", ROOT / "examples" / "experts-at-hand.txt"]
    single = score(files, embeddings=False)
    spread = score(files, embeddings=False, dask="local", workers=2)
    assert spread.to_json() == single.to_json()

"""Shared fixtures. Tests are offline; the few that need ../shared say so when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_RAW = ROOT.parent / "shared" / "corpus" / "raw"
NEEDS_SHARED = "needs ../shared/corpus/raw (the shared corpus): run from a checkout beside shared/"


@pytest.fixture(scope="session")
def segmenter():
    from claimgap.segmentation import Segmenter

    return Segmenter()


@pytest.fixture()
def shared_raw() -> Path:
    if not (SHARED_RAW / "MANIFEST.json").is_file():
        pytest.skip(NEEDS_SHARED)
    return SHARED_RAW

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


def spacy_reference(exclude: frozenset[str] = frozenset()):
    """spaCy's blank English pipeline with its sentencizer, less the special cases ``exclude``:
    the reference :mod:`claimgap.tokenization` is held to (skips where spaCy is not installed)."""
    pytest.importorskip("spacy")
    from claimgap.spacy_support import import_spacy

    nlp = import_spacy().blank("en")
    if exclude:
        nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in exclude}
    nlp.add_pipe("sentencizer")
    return nlp


def spacy_view(doc) -> tuple[list[tuple[str, int, bool]], list[bool]]:
    """A spaCy doc's tokens (text, offset, space after) and sentence starts."""
    return ([(t.text, t.idx, bool(t.whitespace_)) for t in doc],
            [bool(t.is_sent_start) for t in doc])


def claimgap_view(tokens) -> tuple[list[tuple[str, int, bool]], list[bool]]:
    """The same for claimgap's tokens and its port of the sentencizer."""
    from claimgap.segmentation import _sentencize

    return [(t.text, t.idx, t.space) for t in tokens], _sentencize(tokens)

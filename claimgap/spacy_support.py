"""The one place claimgap imports spaCy.

thinc (spaCy's ML library) imports torch at import time whenever torch is installed, which costs
about three seconds of every cold start although claimgap's spaCy pipelines never use torch. If
torch is not loaded yet, we hide it while spaCy imports and restore it at once, so a later
``import torch`` (the embedding backends) works as usual.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy() -> ModuleType:
    """Import spaCy without dragging torch in; returns the spacy module."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail fast
    try:
        import spacy
    finally:
        if hide:
            del sys.modules["torch"]
    return spacy

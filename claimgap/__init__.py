"""claimgap: the gap between what governments promise in public and what they bind in law.

>>> import claimgap
>>> claimgap.__version__
'0.1.0'

Notebook use::

    report = claimgap.analyze(text)              # GapReport: .promises, .to_frame(), HTML display
    analyzer = claimgap.load("models/linear-tfidf-v5"); analyzer.pipe(texts)
    corpus = claimgap.Corpus.build(paths, "out/corpus"); corpus.sentences
    claimgap.train("configs/linear.toml"); claimgap.evaluate("models/linear-tfidf-v5", "corpus/labels")
"""

from __future__ import annotations

from claimgap.api import analyze, evaluate, load, train
from claimgap.corpus import Corpus
from claimgap.errors import ClaimgapError
from claimgap.records import Block, Document, Label, Sentence
from claimgap.version import __version__

__all__ = [
    "Block", "ClaimgapError", "Corpus", "Document", "Label", "Sentence", "__version__",
    "analyze", "evaluate", "load", "train",
]

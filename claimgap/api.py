"""The notebook API: analyse a text in one call, or load an analyzer once and reuse it.

>>> import claimgap
>>> report = claimgap.analyze("Families will get support without needing an EHC plan.",
...                           embeddings=False)
>>> [(p.verdict, p.evidence[0].citation) for p in report.promises]
[('weak', 'Children and Families Act 2014 s.66')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_DEFAULT: dict[str, Any] = {}


def load(model: str | Path | None = None, **options: Any) -> Any:
    """An :class:`~claimgap.scoring.Analyzer` for ``model`` (default: the shipped model).

    Call it on a text (``analyzer(text)``) or many (``analyzer.pipe(texts)``); options are those of
    ``Analyzer`` (registers, against, threshold, embeddings).
    """
    from claimgap.scoring import Analyzer

    return Analyzer(model, **options)


def analyze(text: str, **options: Any) -> Any:
    """Score one text with the default model and register; returns a :class:`GapReport`.

    The default analyzer is loaded on the first call and reused; options build a new one.
    """
    if options:
        return load(**options)(text)
    if "analyzer" not in _DEFAULT:
        _DEFAULT["analyzer"] = load()
    return _DEFAULT["analyzer"](text)


def train(config: str | Path, overrides: list[str] | None = None,
          output: str | Path | None = None) -> Path:
    """Train a classifier from a TOML config; returns the model directory (see ``claimgap train``)."""
    from claimgap.training import train as run_train

    return run_train(config, overrides or [], output)


def evaluate(model: str | Path | Any, data: str | Path, **options: Any) -> Any:
    """Evaluate a model on label files or a JSONL of text+label (see ``claimgap evaluate``)."""
    from claimgap.evaluation import evaluate as run_evaluate

    return run_evaluate(model, data, **options)

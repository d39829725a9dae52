"""Sentence classifiers behind one contract (scikit-learn estimators) and the commitment anatomy.

Backends, by registered name:

* ``linear`` — TF-IDF word/char n-grams + linguistic features → logistic regression (default);
* ``embedding`` — frozen MiniLM sentence embeddings → logistic regression;
* ``transformer`` — MiniLM fine-tuned end to end (rebuilt by ``claimgap train``, not committed).
"""

from __future__ import annotations

from typing import Any

BACKENDS = {
    "linear": "claimgap.classify.linear:LinearSentenceClassifier",
    "embedding": "claimgap.classify.embedding:EmbeddingSentenceClassifier",
    "transformer": "claimgap.classify.transformer:TransformerSentenceClassifier",
}


def backend_class(name: str) -> Any:
    """The estimator class registered under ``name``."""
    from importlib import import_module

    from claimgap.errors import ConfigError

    if name not in BACKENDS:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, attr = BACKENDS[name].split(":")
    return getattr(import_module(module), attr)

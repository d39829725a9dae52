"""Sentence classifiers behind one contract (scikit-learn estimators) and the commitment anatomy.

Backends, by registered name:

* ``linear`` — TF-IDF word/char n-grams + linguistic features → logistic regression (default);
* ``embedding`` — frozen MiniLM sentence embeddings → logistic regression;
* ``transformer`` — MiniLM fine-tuned, end to end or only its top layers (``train_layers``);
* ``ensemble`` — voting (geometric or arithmetic mean of probabilities) over members of the
  backends above, or over trained models.

A backend's estimator class fits; :func:`backend_loader` gives what loads a saved one for
inference (for ``linear`` and ``transformer``, models that need no scikit-learn or PyTorch).
"""

from __future__ import annotations

from typing import Any

BACKENDS = {
    "linear": "claimgap.classify.linear:LinearSentenceClassifier",
    "embedding": "claimgap.classify.embedding:EmbeddingSentenceClassifier",
    "transformer": "claimgap.classify.transformer:TransformerSentenceClassifier",
    "ensemble": "claimgap.classify.ensemble:EnsembleSentenceClassifier",
}

LOADERS = {"linear": "claimgap.classify.fitted_linear:FittedLinear",
           "transformer": "claimgap.classify.fitted_transformer:FittedTransformer"}


def backend_class(name: str) -> Any:
    """The estimator class registered under ``name``."""
    return _resolve(name, BACKENDS[name] if name in BACKENDS else "")


def unknown_params(name: str, params: dict[str, Any]) -> list[str]:
    """The keys of ``params`` that backend ``name``'s estimator does not take, sorted."""
    return sorted(set(params) - set(backend_class(name)().get_params()))


def backend_loader(name: str) -> Any:
    """The class whose ``load(directory)`` reads a saved model of backend ``name``."""
    return _resolve(name, LOADERS.get(name) or BACKENDS.get(name, ""))


def _resolve(name: str, target: str) -> Any:
    from importlib import import_module

    from claimgap.errors import ConfigError

    if not target:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, attr = target.split(":")
    return getattr(import_module(module), attr)

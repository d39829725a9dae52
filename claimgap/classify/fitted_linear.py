"""A fitted linear sentence classifier, applied without scikit-learn.

:class:`~claimgap.classify.linear.LinearSentenceClassifier` fits with scikit-learn; what it learns
is a vocabulary and idf per n-gram vectoriser, a weight matrix, an intercept and a temperature.
:class:`FittedLinear` holds exactly that and computes probabilities with NumPy, so loading the
shipped model for ``claimgap score`` or ``classify`` does not import scikit-learn or SciPy (over a
second of every cold start). The fitted estimator predicts through this class too: one code path.

Files: ``weights.npz`` (arrays, loaded with ``allow_pickle=False``) and ``vocab.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimgap.classify.calibration import softmax
from claimgap.classify.features import feature_matrix
from claimgap.classify.tfidf import Tfidf

WEIGHTS = "weights.npz"
VOCAB = "vocab.json"


class FittedLinear:
    """Word and character TF-IDF plus 0/1 features → linear scores → tempered softmax.

    Args:
        word, char: the fitted vectorisers (vocabulary and idf).
        feature_names: the linguistic features, in column order.
        coef: weights, one row per class, columns: word terms, char terms, features, and the
            MiniLM embedding when ``embedding_weight`` is not 0.
        intercept: one per class.
        classes: the class labels.
        temperature: the calibration temperature.
        params: the hyper-parameters the model was trained with (kept in ``vocab.json``); the
            scales of the 0/1 features (``feature_weight``) and of the appended MiniLM embedding
            (``embedding_weight``, 0 or absent: none) are read from them.
    """

    def __init__(self, word: Tfidf, char: Tfidf, feature_names: Sequence[str],
                 coef: np.ndarray, intercept: np.ndarray, classes: Sequence[str],
                 temperature: float, params: dict[str, Any]) -> None:
        self.word, self.char = word, char
        self.feature_names = tuple(feature_names)
        self.params = dict(params)
        self.feature_weight = float(self.params["feature_weight"])
        self.embedding_weight = float(self.params.get("embedding_weight", 0.0))
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes_ = np.array([str(c) for c in classes])
        self.temperature = float(temperature)
        n_word, n_char, n_feat = len(word.terms), len(char.terms), len(self.feature_names)
        self._word_coef = self.coef[:, :n_word]
        self._char_coef = self.coef[:, n_word:n_word + n_char]
        self._feature_coef = self.coef[:, n_word + n_char:n_word + n_char + n_feat]
        self._embedding_coef = self.coef[:, n_word + n_char + n_feat:]

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        texts = list(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        # float32 TF-IDF values, as the scikit-learn vectorisers give them at fit time
        word = self.word.transform(texts).astype(np.float32)
        char = self.char.transform(texts).astype(np.float32)
        scores = word.dot(self._word_coef) + char.dot(self._char_coef)
        flags = np.asarray(feature_matrix(texts, self.feature_names), dtype=np.float32)
        scores += (flags * np.float32(self.feature_weight)) @ self._feature_coef.T
        if self.embedding_weight:
            from claimgap.classify.encoder import encode

            scores += (encode(texts) * np.float32(self.embedding_weight)) @ self._embedding_coef.T
        return scores + self.intercept

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return softmax(self.decision_function(X), self.temperature)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def save(self, directory: str | Path) -> list[str]:
        """Write ``weights.npz`` and ``vocab.json``; returns the file names written."""
        directory = Path(directory)
        np.savez(directory / WEIGHTS, coef=self.coef, intercept=self.intercept,
                 word_idf=self.word.idf, char_idf=self.char.idf,
                 temperature=np.array([self.temperature]))
        vocab = {"classes": [str(c) for c in self.classes_], "features": list(self.feature_names),
                 "params": self.params, "word": self.word.terms, "char": self.char.terms}
        (directory / VOCAB).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        return [WEIGHTS, VOCAB]

    @classmethod
    def load(cls, directory: str | Path) -> FittedLinear:
        """Read :meth:`save` output (arrays and JSON only; nothing is unpickled)."""
        directory = Path(directory)
        vocab = json.loads((directory / VOCAB).read_text(encoding="utf-8"))
        params = vocab["params"]
        with np.load(directory / WEIGHTS, allow_pickle=False) as arrays:
            word = Tfidf("word", (1, int(params["word_ngrams"])), vocabulary=vocab["word"],
                         idf=arrays["word_idf"])
            char = Tfidf("char_wb", tuple(params["char_ngrams"]), vocabulary=vocab["char"],
                         idf=arrays["char_idf"])
            return cls(word, char, vocab["features"], arrays["coef"], arrays["intercept"],
                       vocab["classes"], float(arrays["temperature"][0]), params)


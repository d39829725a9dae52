"""The default backend: TF-IDF word and character n-grams + linguistic features → logistic
regression, with temperature-calibrated probabilities. Fast (tens of thousands of sentences a
second) and stored as plain arrays (``weights.npz`` + ``vocab.json``): no pickle.

>>> clf = LinearSentenceClassifier(min_df=1).fit(
...     ["We will improve services.", "The council must act.", "It rained."] * 4,
...     ["promise", "commitment", "other"] * 4)
>>> str(clf.predict(["The council must act."])[0])
'commitment'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from claimgap.classify.calibration import fit_temperature
from claimgap.classify.features import FEATURE_NAMES, feature_matrix
from claimgap.classify.fitted_linear import FittedLinear
from claimgap.classify.tfidf import Tfidf


class LinearSentenceClassifier(ClassifierMixin, BaseEstimator):
    """Word (1–2) and char_wb n-gram TF-IDF plus regex features, multinomial logistic regression.

    Args:
        C: inverse regularisation strength.
        word_ngrams: largest word n-gram.
        char_ngrams: (smallest, largest) character n-gram (within word boundaries).
        min_df: minimum document frequency of an n-gram.
        max_char_features: cap on the character vocabulary.
        feature_weight: scale of the 0/1 linguistic features relative to TF-IDF.
        embedding_weight: scale of the MiniLM sentence embedding appended to the features (0: none,
            the fast default; 1: the "hybrid" model, which needs the ml extra and encodes every
            sentence, see :mod:`claimgap.classify.encoder`).
        class_weight: passed to LogisticRegression ("balanced" helps the rare promise class).
        calibrate: fit a temperature on cross-validated scores.
        random_state: seed of the cross-validation split.
    """

    def __init__(self, C: float = 4.0, word_ngrams: int = 2, char_ngrams: tuple[int, int] = (2, 5),
                 min_df: int = 2, max_char_features: int = 60000, feature_weight: float = 0.5,
                 embedding_weight: float = 0.0, class_weight: str | None = "balanced",
                 calibrate: bool = True, random_state: int = 13) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.feature_weight = feature_weight
        self.embedding_weight = embedding_weight
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.random_state = random_state

    # -- the scikit-learn contract

    def fit(self, X: list[str], y: list[str]) -> LinearSentenceClassifier:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        X, y = list(X), list(y)
        self.feature_names_ = FEATURE_NAMES
        self.word_vectorizer_, self.char_vectorizer_ = self._vectorizers()
        matrix = self._fit_matrix(X)
        self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        self.model_.fit(matrix, y)
        self.classes_ = self.model_.classes_
        self.temperature_ = 1.0
        if self.calibrate and min(np.unique(y, return_counts=True)[1]) >= 5:
            folds = StratifiedKFold(5, shuffle=True, random_state=self.random_state)
            held_out = cross_val_predict(
                LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000),
                matrix, y, cv=folds, method="decision_function")
            index = {label: n for n, label in enumerate(self.classes_)}
            self.temperature_ = fit_temperature(held_out, [index[v] for v in y])
        self.fitted_ = self._fitted()
        return self

    def decision_function(self, X: list[str]) -> np.ndarray:
        return self.fitted_.decision_function(X)

    def predict_proba(self, X: list[str]) -> np.ndarray:
        return self.fitted_.predict_proba(X)

    def predict(self, X: list[str]) -> np.ndarray:
        return self.fitted_.predict(X)

    # -- features

    def _vectorizers(self) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        word = TfidfVectorizer(ngram_range=(1, self.word_ngrams), min_df=self.min_df,
                               sublinear_tf=True, lowercase=True, dtype=np.float32)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                               min_df=self.min_df, sublinear_tf=True,
                               max_features=self.max_char_features, dtype=np.float32)
        return word, char

    def _fit_matrix(self, X: list[str]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        word = self.word_vectorizer_.fit_transform(X)
        char = self.char_vectorizer_.fit_transform(X)
        feats = csr_matrix(np.asarray(feature_matrix(X, self.feature_names_), dtype=np.float32)
                           * self.feature_weight)
        blocks = [word, char, feats]
        if self.embedding_weight:
            from claimgap.classify.encoder import encode

            blocks.append(csr_matrix(encode(X) * np.float32(self.embedding_weight)))
        return hstack(blocks).tocsr()

    def _fitted(self) -> FittedLinear:
        """What was learned, as the scikit-learn-free model that predicts and is saved."""
        word = Tfidf("word", (1, self.word_ngrams), vocabulary=_terms(self.word_vectorizer_),
                     idf=self.word_vectorizer_.idf_)
        char = Tfidf("char_wb", tuple(self.char_ngrams), vocabulary=_terms(self.char_vectorizer_),
                     idf=self.char_vectorizer_.idf_)
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.get_params().items()}
        return FittedLinear(word, char, self.feature_names_, self.model_.coef_,
                            self.model_.intercept_, self.classes_, self.temperature_, params)

    # -- safe persistence: arrays and JSON only

    def save(self, directory: str | Path) -> list[str]:
        """Write ``weights.npz`` and ``vocab.json``; returns the file names written."""
        return self.fitted_.save(directory)

    @classmethod
    def load(cls, directory: str | Path) -> LinearSentenceClassifier:
        """A fitted classifier from :meth:`save` output (no code is unpickled). Inference alone
        is lighter with :meth:`FittedLinear.load`, which does not import scikit-learn."""
        fitted = FittedLinear.load(directory)
        params = dict(fitted.params)
        params["char_ngrams"] = tuple(params["char_ngrams"])
        clf = cls(**params)
        clf.fitted_ = fitted
        clf.classes_ = fitted.classes_
        clf.feature_names_ = fitted.feature_names
        clf.temperature_ = fitted.temperature
        return clf


def _terms(vectorizer: Any) -> list[str]:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, n in vectorizer.vocabulary_.items():
        terms[n] = term
    return terms

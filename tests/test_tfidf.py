"""The NumPy TF-IDF gives scikit-learn's vectors (so inference needs no scikit-learn)."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.feature_extraction.text import TfidfVectorizer

from claimgap.classify.tfidf import ENGLISH_STOP_WORDS, Rows, Tfidf

TEXTS = [
    "The local authority must secure the special educational provision in the plan.",
    "We will put specialists at the heart of every school — faster help, no waiting.",
    "£200 million will be given to councils over three years (2026–2029).",
    "  Parents can   appeal to the Tribunal   if the council refuses.  ",
    "a",
    "",
    "Ünïcode wörds, naïve café and ‘curly quotes’ stay words.",
    "x y z",
]
NEW = ["The council must act within 20 weeks.", "Nothing here matches zzqx.", "",
       "Specialists in every school will help children with SEND."]


def test_stop_words_are_scikit_learns():
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS


@pytest.mark.parametrize("kwargs", [
    {"ngram_range": (1, 2)},
    {"ngram_range": (1, 2), "stop_words": "english"},
    {"ngram_range": (2, 3)},
    {"analyzer": "char_wb", "ngram_range": (2, 5)},
    {"analyzer": "char_wb", "ngram_range": (3, 5)},
])
def test_fit_and_transform_match_scikit_learn(kwargs):
    reference = TfidfVectorizer(sublinear_tf=True, **kwargs).fit(TEXTS)
    ours = Tfidf(**kwargs).fit(TEXTS)
    assert ours.terms == list(reference.get_feature_names_out())
    np.testing.assert_allclose(ours.idf, reference.idf_)
    for texts in (TEXTS, NEW):
        n = len(ours.terms)
        np.testing.assert_allclose(ours.transform(texts).dense(n),
                                   reference.transform(texts).toarray(), rtol=1e-6, atol=1e-7)


def test_a_fitted_vocabulary_from_scikit_learn_gives_its_vectors():
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                max_features=50, sublinear_tf=True).fit(TEXTS)
    ours = Tfidf("char_wb", (2, 5), vocabulary=list(reference.get_feature_names_out()),
                 idf=reference.idf_)
    np.testing.assert_allclose(ours.transform(NEW).dense(len(ours.terms)),
                               reference.transform(NEW).toarray(), rtol=1e-6, atol=1e-7)


def test_rows_products():
    index = Tfidf("word", (1, 1)).fit(TEXTS)
    a, b = index.transform(NEW), index.transform(TEXTS)
    n = len(index.terms)
    np.testing.assert_allclose(a.cosine(b, n, batch=2), a.dense(n) @ b.dense(n).T, atol=1e-6)
    weights = np.arange(3 * n, dtype=float).reshape(3, n)
    np.testing.assert_allclose(a.dot(weights), a.dense(n) @ weights.T, rtol=1e-6)
    empty = Rows(np.zeros(3, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    assert empty.dot(weights).tolist() == [[0.0] * 3] * 2
    assert a.cosine(empty, n).shape == (len(NEW), 2)

"""Backends honour the scikit-learn contract and save/load exactly; anatomy rules."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from claimgap.classify import backend_class, backend_loader
from claimgap.classify.anatomy import classify_force, extract_anatomy, legal_citations
from claimgap.classify.linear import LinearSentenceClassifier
from claimgap.errors import ConfigError

TEXTS = ["We will improve services for every family.", "Every child will get the right support.",
         "The local authority must secure the provision.", "The council must publish a report.",
         "Last year 400 schools opened.", "The weather was fine."] * 4
LABELS = ["promise", "promise", "commitment", "commitment", "other", "other"] * 4


@pytest.fixture(scope="module")
def fitted():
    return LinearSentenceClassifier(min_df=1).fit(TEXTS, LABELS)


def test_linear_contract(fitted):
    assert list(fitted.classes_) == ["commitment", "other", "promise"]
    probs = fitted.predict_proba(TEXTS[:6])
    assert probs.shape == (6, 3) and np.allclose(probs.sum(axis=1), 1.0)
    assert list(fitted.predict(TEXTS[:6])) == LABELS[:6]
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params() and not hasattr(copy, "model_")
    assert fitted.temperature_ > 0


def test_linear_save_load_is_exact(fitted, tmp_path):
    files = fitted.save(tmp_path)
    assert sorted(files) == ["vocab.json", "weights.npz"]
    again = LinearSentenceClassifier.load(tmp_path)
    np.testing.assert_array_equal(again.predict_proba(TEXTS), fitted.predict_proba(TEXTS))
    assert again.get_params() == fitted.get_params()


@pytest.mark.parametrize("embedding_weight", [0.0, 1.0])
def test_numpy_inference_equals_scikit_learns(embedding_weight, tmp_path):
    """FittedLinear (no scikit-learn) scores exactly as the fitted LogisticRegression does, with
    and without the MiniLM embedding block (the hybrid model)."""
    from scipy.sparse import csr_matrix, hstack

    from claimgap.classify.encoder import encode
    from claimgap.classify.features import feature_matrix

    clf = LinearSentenceClassifier(min_df=1, embedding_weight=embedding_weight).fit(TEXTS, LABELS)
    new = ["The council must act within 20 weeks.", "We will help families.", "", "Ünïcode £5m."]
    blocks = [clf.word_vectorizer_.transform(new), clf.char_vectorizer_.transform(new),
              csr_matrix(np.asarray(feature_matrix(new), dtype=np.float32) * clf.feature_weight)]
    if embedding_weight:
        blocks.append(csr_matrix(encode(new) * np.float32(embedding_weight)))
    expected = clf.model_.decision_function(hstack(blocks).tocsr())
    np.testing.assert_allclose(clf.decision_function(new), expected, rtol=1e-5, atol=1e-5)
    clf.save(tmp_path)
    loaded = backend_loader("linear").load(tmp_path)
    assert type(loaded).__name__ == "FittedLinear" and loaded.embedding_weight == embedding_weight
    np.testing.assert_array_equal(loaded.predict_proba(new), clf.predict_proba(new))


def test_ensemble_contract_and_save_load(tmp_path):
    from claimgap.classify.ensemble import EnsembleSentenceClassifier

    members = [{"backend": "linear", "params": {"min_df": 1}},
               {"backend": "linear", "params": {"min_df": 1, "C": 0.05, "calibrate": False}}]
    ensemble = EnsembleSentenceClassifier(members, weights=[2, 1])
    copy = clone(ensemble)
    assert copy.get_params() == ensemble.get_params() and not hasattr(copy, "estimators_")
    ensemble.fit(TEXTS, LABELS)
    probs = ensemble.predict_proba(TEXTS[:6])
    a, b = (e.predict_proba(TEXTS[:6]) for e in ensemble.estimators_)
    geometric = (a ** 2 * b) ** (1 / 3)
    np.testing.assert_allclose(probs, geometric / geometric.sum(axis=1, keepdims=True), atol=1e-7)
    assert list(ensemble.predict(TEXTS[:6])) == LABELS[:6]
    soft = clone(ensemble).set_params(voting="soft").fit(TEXTS, LABELS)
    np.testing.assert_allclose(soft.predict_proba(TEXTS[:6]), (2 * a + b) / 3)
    assert sorted(ensemble.save(tmp_path)) == [
        "ensemble.json", "member-0/vocab.json", "member-0/weights.npz", "member-1/vocab.json",
        "member-1/weights.npz"]
    loaded = backend_loader("ensemble").load(tmp_path)
    assert {type(e).__name__ for e in loaded.estimators_} == {"FittedLinear"}
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), ensemble.predict_proba(TEXTS))
    assert loaded.voting == "geometric" and loaded.weights == [2.0, 1.0]


def test_backend_registry():
    assert backend_class("linear") is LinearSentenceClassifier
    assert backend_loader("transformer").__name__ == "FittedTransformer"  # no PyTorch to apply it
    with pytest.raises(ConfigError, match="unknown backend 'svm'"):
        backend_class("svm")


@pytest.mark.parametrize("text, force", [
    ("The local authority must secure the provision.", "duty"),
    ("Schools must use their best endeavours to secure the provision.", "qualified_duty"),
    ("The Secretary of State may make regulations about mediation.", "power"),
    ("Parents can appeal to the tribunal if the council refuses an assessment.", "right"),
    ("Schools should involve parents in planning support.", "guidance"),
    ("£200 million will be given to local authorities over three years.", "allocation"),
    ("The government will introduce a minimum excise tax.", "intention"),
])
def test_force_rules(text, force):
    assert classify_force(text) == force


def test_anatomy_fields():
    a = extract_anatomy("The department will give £1.8bn to local authorities over three years "
                        "from April 2027.")
    assert (a.force, a.duty_bearer, a.amount, a.deadline, a.enforceable, a.status) == (
        "allocation", "department", "£1.8bn", "over three years", "no", "proposed")
    assert a.beneficiary == "local authorities"
    b = extract_anatomy("Under reg. 13 the council must issue the final EHC plan within 20 weeks.")
    assert b.legal_basis == ("reg. 13",) and b.deadline == "within 20 weeks"
    assert b.enforceable == "yes" and b.status == "in_force"


def test_legal_citations():
    text = ("Section 42 of the Children and Families Act 2014 and s.66 apply, as does the "
            "Equality Act 2010.")
    assert legal_citations(text) == ("Section 42 of the Children and Families Act 2014", "s.66",
                                     "Equality Act 2010")

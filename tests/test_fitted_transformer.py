"""A fine-tuned MiniLM classifier saved by the PyTorch backend gives the same scores in NumPy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimgap.classify.fitted_transformer import FittedTransformer
from claimgap.classify.transformer import TransformerSentenceClassifier

TEXTS = [
    "The local authority must secure the special educational provision in the plan.",
    "We will put specialists at the heart of every school.",
    "Schools received £1 billion last year.",
    "word " * 200,  # longer than max_length: cut the same way as the Hugging Face tokenizer
]


@pytest.fixture(scope="module")
def torch_classifier():
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from claimgap.classify.encoder import model_path

    torch.manual_seed(0)
    path = str(model_path())
    clf = TransformerSentenceClassifier(train_layers=2, max_length=32)
    clf.tokenizer_ = transformers.AutoTokenizer.from_pretrained(path)
    clf.model_ = transformers.AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=3).eval()
    # stand-in for training: freeze as fit() does, then move the trainable weights
    frozen = len(clf.model_.bert.encoder.layer) - clf.train_layers
    for module in [clf.model_.bert.embeddings, *clf.model_.bert.encoder.layer[:frozen]]:
        module.requires_grad_(False)
    with torch.no_grad():
        for parameter in clf.model_.parameters():
            if parameter.requires_grad:  # rounded to float16, as a compact model is stored
                parameter.add_(0.02 * torch.randn_like(parameter))
                parameter.copy_(parameter.half().float())
    clf.classes_ = np.array(["commitment", "other", "promise"])
    clf.temperature_ = 1.3
    return clf


def test_compact_save_holds_only_the_trained_tensors(torch_classifier, tmp_path):
    from claimgap.classify.encoder import read_safetensors

    files = torch_classifier.save(tmp_path)
    assert files == ["transformer/model.safetensors", "transformer/claimgap.json"]
    tensors = read_safetensors(tmp_path / "transformer" / "model.safetensors")
    assert {str(t.dtype) for t in tensors.values()} == {"float16"}
    names = set(tensors)
    assert names == {n for n, p in torch_classifier.model_.named_parameters() if p.requires_grad}
    assert {n.split(".")[3] for n in names if ".layer." in n} == {"4", "5"}
    assert {"bert.pooler.dense.weight", "classifier.weight"} <= names
    info = json.loads((tmp_path / "transformer" / "claimgap.json").read_text(encoding="utf-8"))
    assert info["params"]["train_layers"] == 2 and info["temperature"] == 1.3


def test_numpy_scores_equal_pytorchs(torch_classifier, tmp_path):
    torch_classifier.save(tmp_path)
    fitted = FittedTransformer.load(tmp_path)
    np.testing.assert_allclose(fitted.decision_function(TEXTS),
                               torch_classifier._scores(TEXTS), atol=2e-4)
    np.testing.assert_allclose(fitted.predict_proba(TEXTS),
                               torch_classifier.predict_proba(TEXTS), atol=1e-4)
    assert list(fitted.predict(TEXTS)) == list(torch_classifier.predict(TEXTS))


def test_a_full_fine_tune_loads_too(torch_classifier, tmp_path):
    full = TransformerSentenceClassifier(max_length=32)
    full.model_, full.tokenizer_ = torch_classifier.model_, torch_classifier.tokenizer_
    full.classes_, full.temperature_ = torch_classifier.classes_, 1.0
    full.save(tmp_path)
    fitted = FittedTransformer.load(tmp_path)
    np.testing.assert_allclose(fitted.decision_function(TEXTS), full._scores(TEXTS), atol=2e-4)


def test_balanced_class_weight_trains_and_gives_probabilities(caplog):
    pytest.importorskip("torch")
    texts = ["The council must secure the provision.", "We will help every child.",
             "Schools received funding last year.", "The authority must review the plan.",
             "Every family will get support.", "The report was published in 2020."]
    labels = ["commitment", "promise", "other", "commitment", "promise", "other"]
    clf = TransformerSentenceClassifier(epochs=1, train_layers=1, max_length=16,
                                        calibration_share=0.0, class_weight="balanced")
    with caplog.at_level("INFO", logger="claimgap.classify.transformer"):
        proba = clf.fit(texts, labels).predict_proba(texts)
    # a long fine-tune reports each epoch (shown by `claimgap --verbose train`)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["epoch 1/1"]
    assert list(clf.classes_) == ["commitment", "other", "promise"]
    assert proba.shape == (6, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)


def test_an_unknown_class_weight_is_a_config_error():
    from claimgap.errors import ConfigError

    with pytest.raises(ConfigError, match="class_weight must be 'balanced'"):
        TransformerSentenceClassifier(class_weight="inverse").fit(["a", "b"], ["x", "y"])


def test_an_ensemble_with_a_transformer_member_saves_and_loads(tmp_path):
    """Member folders keep each backend's own layout (member-0/transformer/...) and load with
    the NumPy loaders."""
    pytest.importorskip("torch")
    from claimgap.classify import backend_loader
    from claimgap.classify.ensemble import EnsembleSentenceClassifier

    texts = ["The council must secure the provision.", "We will help every child.",
             "Schools received funding last year.", "The authority must review the plan.",
             "Every family will get support.", "The report was published in 2020."] * 2
    labels = ["commitment", "promise", "other"] * 4
    ensemble = EnsembleSentenceClassifier([
        {"backend": "transformer", "params": {"epochs": 1, "train_layers": 1, "max_length": 16,
                                              "calibration_share": 0.0}},
        {"backend": "linear", "params": {"min_df": 1}}]).fit(texts, labels)
    files = ensemble.save(tmp_path)
    assert {"member-0/transformer/model.safetensors", "member-1/weights.npz",
            "ensemble.json"} <= set(files)
    loaded = backend_loader("ensemble").load(tmp_path)
    assert [type(e).__name__ for e in loaded.estimators_] == ["FittedTransformer", "FittedLinear"]
    np.testing.assert_allclose(loaded.predict_proba(texts), ensemble.predict_proba(texts),
                               atol=1e-4)


def test_an_ensembles_compact_members_run_together_with_the_same_numbers(monkeypatch):
    """Two compact fine-tunes in an ensemble share the encoder layers both left frozen; the vote
    is the geometric mean of exactly what each gives alone."""
    from claimgap.classify.encoder import MiniLM
    from claimgap.classify.ensemble import EnsembleSentenceClassifier
    from claimgap.classify.fitted_transformer import joint_predict_proba
    compact = Path(__file__).parents[1] / "models" / "transformer-top3-minilm-v4" / "label"
    first, second = FittedTransformer.load(compact), FittedTransformer.load(compact)
    second.head = (second.head[0][::-1].copy(), second.head[1][::-1].copy())  # other scores
    alone = [first.predict_proba(TEXTS), second.predict_proba(TEXTS)]
    assert all(np.array_equal(j, a) for j, a in zip(joint_predict_proba([first, second], TEXTS),
                                                    alone))
    ensemble = EnsembleSentenceClassifier([{"backend": "transformer"}] * 2)
    ensemble.estimators_, ensemble.classes_ = [first, second], first.classes_
    runs = []
    real = MiniLM._hidden
    monkeypatch.setattr(MiniLM, "_hidden", lambda self, ids, start=0, stop=None, x=None: (
        runs.append(len(self.layers[start:stop])) or real(self, ids, start, stop, x)))
    vote = np.exp((np.log(alone[0]) + np.log(alone[1])) / 2)
    np.testing.assert_allclose(ensemble.predict_proba(TEXTS), vote / vote.sum(axis=1)[:, None])
    layers = first.encoder.shipped_layers
    assert runs == [layers, 6 - layers, 6 - layers]  # one batch: the frozen layers run once

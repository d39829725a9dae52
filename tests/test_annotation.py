"""Annotation loop: export uncertain sentences, label them in a tool's format, import them back."""

from __future__ import annotations

import json

import pytest

from claimgap.annotation import export_uncertain, import_annotations, read_export
from claimgap.cli import main
from claimgap.errors import ConfigError
from claimgap.ingestion import build_corpus
from claimgap.labels import load_labels
from conftest import FIXTURES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("ann") / "corpus"
    build_corpus([FIXTURES / "docs"], out, workers=1, progress=False)
    return out


def label_export(tasks_path, fmt, label="promise"):
    """What a person does in the tool: choose a label for every task; returns the export."""
    text = tasks_path.read_text()
    if fmt == "label-studio":
        tasks = json.loads(text)
        for task in tasks:
            task["annotations"] = [{"result": [{"from_name": "label", "to_name": "text",
                                                "type": "choices",
                                                "value": {"choices": [label]}}]}]
        return json.dumps(tasks)
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        if fmt == "argilla":
            record["responses"] = {"label": [{"user_id": "u1", "value": label}]}
        else:
            record["accept"], record["answer"] = [label], "accept"
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.mark.parametrize("fmt", ["label-studio", "argilla", "prodigy"])
def test_round_trip(corpus, tmp_path, fmt):
    tasks = tmp_path / "tasks.json"
    assert export_uncertain(corpus, tasks, n=5, fmt=fmt, labels=tmp_path / "none") == 5
    exported = tmp_path / "export.json"
    exported.write_text(label_export(tasks, fmt))
    assert len(read_export(exported)) == 5
    out = tmp_path / "labels" / "annotated.jsonl"
    summary = import_annotations(exported, corpus, out)
    assert (summary.imported, summary.rejected) == (5, 0)
    records = load_labels(out)
    assert len(records) == 5 and all(r.label == "promise" and r.text is None for r in records)


def test_uncertain_are_the_least_confident_and_spread(corpus, tmp_path):
    tasks = tmp_path / "tasks.json"
    export_uncertain(corpus, tasks, n=6, fmt="label-studio", labels=tmp_path / "none")
    data = json.loads(tasks.read_text())
    scores = [t["predictions"][0]["score"] for t in data]
    assert scores == sorted(scores)
    docs = [t["data"]["doc_id"] for t in data]
    assert max(docs.count(d) for d in docs) == 1  # ceil(6/50) = 1 per document


def test_mismatched_records_are_rejected_one_by_one(corpus, tmp_path):
    tasks = tmp_path / "tasks.json"
    export_uncertain(corpus, tasks, n=3, fmt="prodigy", labels=tmp_path / "none")
    records = [json.loads(line) for line in label_export(tasks, "prodigy").splitlines()]
    records[0]["meta"]["sha1"] = "0" * 40
    records[1]["meta"]["sentence_id"] = "nowhere#0001"
    exported = tmp_path / "export.jsonl"
    exported.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "annotated.jsonl"
    summary = import_annotations(exported, corpus, out)
    assert (summary.imported, summary.rejected) == (1, 2)
    assert "no longer matches its hash" in summary.reasons[0]
    assert "not in the corpus" in summary.reasons[1]
    with pytest.raises(ConfigError, match="nothing imported"):
        import_annotations(exported, corpus, out)  # the good one is already labelled now


def test_cli(corpus, tmp_path, capsys):
    tasks = tmp_path / "t.json"
    assert main(["annotate", "export", "--corpus", str(corpus), "--uncertain", "2",
                 "--format", "argilla", "-o", str(tasks)]) == 0
    exported = tmp_path / "e.jsonl"
    exported.write_text(label_export(tasks, "argilla", "other"))
    out = tmp_path / "a.jsonl"
    assert main(["annotate", "import", str(exported), "--corpus", str(corpus), "--output",
                 str(out)]) == 0
    assert "imported 2, rejected 0" in capsys.readouterr().out
    assert main(["annotate", "export", "--corpus", str(corpus), "--format", "doccano",
                 "-o", str(tasks)]) == 1

"""Alignment verdicts, the score command and its report formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from claimgap.alignment import Aligner, covers
from claimgap.cli import main
from claimgap.register import load_registers
from claimgap.scoring import score
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "announcement.html"
SEED = ROOT / "examples" / "experts-at-hand.txt"


@pytest.fixture(scope="module")
def aligner():
    return Aligner(load_registers(), embeddings=True)  # the default of `claimgap score`


@pytest.fixture(scope="module")
def seed_report():
    return score([SEED])


def test_seed_announcement_has_no_backed_promise(seed_report):
    [doc] = seed_report.documents
    assert doc.summary["promises"] >= 4
    assert doc.summary["backed"] == 0 and doc.summary["gap_score"] == 1.0
    explanations = " ".join(p.explanation for p in doc.promises)
    assert "CFA 2014 s.42" in explanations
    without_plan = next(p for p in doc.promises if "without" in p.text and "plan" in p.text)
    assert without_plan.evidence[0].mechanism_id == "send-cfa-s66"
    assert "s.66" in without_plan.explanation


def test_promise_restating_s42_is_backed(aligner):
    verdict = aligner.align("The council will make sure every bit of support written into a "
                            "child's EHC plan is actually delivered.")
    assert verdict.verdict == "backed"
    assert verdict.evidence[0].mechanism_id == "send-cfa-s42"


def test_unrelated_promise_is_unbacked(aligner):
    verdict = aligner.align("We will put more police officers on the streets of every town.")
    assert verdict.verdict == "unbacked" and verdict.evidence == ()


def test_coverage_of_plan_duties():
    reg = load_registers()
    s42 = reg["send-cfa-s42"]
    assert not covers("Support will be available without an EHC plan.", s42)
    assert covers("Provision in the EHC plan will be delivered.", s42)


def test_json_contract(seed_report):
    data = json.loads(seed_report.to_json())
    [doc] = data["documents"]
    assert set(doc) == {"source", "sentences", "promises", "summary"}
    assert set(doc["sentences"][0]) == {"id", "text", "start", "end", "label", "probabilities"}
    promise = doc["promises"][0]
    assert set(promise) == {"sentence_id", "text", "verdict", "explanation", "evidence"}
    assert set(promise["evidence"][0]) == {"mechanism_id", "citation", "force", "enforceable",
                                           "status", "score"}
    assert set(doc["summary"]) == {"promises", "backed", "weak", "unbacked", "gap_score"}


def test_formats_and_fail_on(tmp_path, capsys):
    for fmt in ("json", "csv", "md", "html"):
        out = tmp_path / f"report.{fmt}"
        assert main(["score", str(SEED), "--format", fmt, "--output", str(out)]) == 0
        assert out.stat().st_size > 200
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text())))
    assert rows and set(rows[0]) >= {"sentence_id", "verdict", "citation", "explanation"}
    assert "| verdict |" in (tmp_path / "report.md").read_text()
    assert main(["score", str(SEED), "--fail-on", "weak", "-f", "json"]) == 3
    capsys.readouterr()
    assert main(["score", str(SEED), "--format", "pdf"]) == 1
    assert "--format 'pdf'" in capsys.readouterr().err


def test_stdin_and_html_escaping(tmp_path, monkeypatch):
    import sys

    hostile = "We will <script>alert(1)</script> help every family & child."
    monkeypatch.setattr(sys, "stdin", io.StringIO(hostile))
    out = tmp_path / "r.html"
    assert main(["score", "-", "--format", "html", "--output", str(out)]) == 0
    html = out.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html and "http" not in html.split("<body>")[1]


def test_bad_inputs(tmp_path, capsys):
    assert main(["score", str(tmp_path / "missing.html")]) == 1
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["score", str(empty), "-o", str(tmp_path / "o.json"), "-f", "json"]) == 1
    assert not (tmp_path / "o.json").exists()


def test_report_in_notebooks(seed_report):
    frame = seed_report.to_frame()
    assert len(frame) == seed_report.documents[0].summary["promises"]
    assert "<div class=\"claimgap-report\">" in seed_report._repr_html_()


def test_against_a_built_corpus_adds_statutory_mechanisms(tmp_path):
    from claimgap.ingestion import build_corpus
    from claimgap.model import load_model
    from claimgap.scoring import harvest_mechanisms
    from conftest import FIXTURES

    build_corpus([FIXTURES / "legislation" / "act-village-ponds.xml"], tmp_path / "c",
                 workers=1, progress=False)
    mechanisms = harvest_mechanisms(tmp_path / "c", load_model())
    assert mechanisms and all(m.origin == "corpus" and m.id.startswith("corpus:")
                              for m in mechanisms)
    assert all(m.citation for m in mechanisms)
    aligner = Aligner(load_registers().extend(mechanisms))
    verdict = aligner.align("Every village pond will have its own pond warden.")
    # the duty to appoint a warden for every pond is among the two best matches (the default
    # model since transformer-top3-minilm-v4 also harvests the s.2 power "A pond warden may remove
    # litter from a village pond", which MiniLM ranks a little closer: 0.58 against 0.56)
    assert "Village Ponds Act 2031 s.1(1)" in [e.citation for e in verdict.evidence[:2]]
    assert verdict.verdict == "weak"  # a duty owed to the area, not to a person who can enforce it


def test_scoring_imports_none_of_scikit_learn_torch_scipy_or_spacy():
    """The cold start of `claimgap score` stays light: inference runs on NumPy (see
    benchmarks/score.py for the time)."""
    import subprocess
    import sys

    code = ("import sys; from claimgap.scoring import score; "
            "r = score(['examples/experts-at-hand.txt']); assert r.documents; "
            "print(*(m in sys.modules for m in ('sklearn', 'torch', 'scipy', 'spacy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.split() == ["False"] * 4


def test_the_register_vectorisers_are_cached_with_the_same_numbers(tmp_path, monkeypatch):
    """Cold starts read the register's fitted TF-IDF from the cache folder: the same vocabulary,
    idf and rows as fitting; a cache file that cannot be read is refitted, and a folder that
    cannot be written only costs the fit."""
    import numpy as np

    import claimgap.training
    from claimgap.classify.tfidf import Tfidf

    monkeypatch.setattr(claimgap.training, "CACHE", tmp_path / "cache")
    fits = []
    real = Tfidf.fit_transform
    monkeypatch.setattr(Tfidf, "fit_transform",
                        lambda self, texts: fits.append(self.analyzer) or real(self, texts))
    register = load_registers()
    fitted = Aligner(register)
    assert fits == ["word", "char_wb"] and len(list((tmp_path / "cache").glob("*.npz"))) == 2
    cached = Aligner(register)
    assert fits == ["word", "char_wb"]  # nothing fitted again
    for name in ("_word", "_char"):
        a, b = getattr(fitted, name), getattr(cached, name)
        assert a.terms == b.terms and a.vocabulary == b.vocabulary
        assert np.array_equal(a.idf, b.idf)
    for name in ("_word_m", "_char_m"):
        a, b = getattr(fitted, name), getattr(cached, name)
        assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("indptr", "indices",
                                                                            "data"))
    promises = ["Every child will get a specialist.", "The council must secure the provision."]
    assert np.array_equal(fitted.scores(promises)[0], cached.scores(promises)[0])
    for path in (tmp_path / "cache").glob("*.npz"):
        path.write_bytes(b"not an npz")
    Aligner(register)
    assert fits == ["word", "char_wb"] * 2
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # no folder can be made under it
    monkeypatch.setattr(claimgap.training, "CACHE", tmp_path / "a-file" / "cache")
    assert np.array_equal(Aligner(register).scores(promises)[0], fitted.scores(promises)[0])
    assert fits == ["word", "char_wb"] * 3

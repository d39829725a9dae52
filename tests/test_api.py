from __future__ import annotations

import claimgap


def test_public_names_are_pinned():
    assert claimgap.__all__ == [
        "Block", "ClaimgapError", "Corpus", "Document", "Label", "Sentence", "__version__",
        "analyze", "evaluate", "load", "train",
    ]
    assert all(hasattr(claimgap, name) for name in claimgap.__all__)


def test_analyze_and_load_pipe():
    report = claimgap.analyze("Families will get support without needing an EHC plan.",
                              embeddings=False)
    [promise] = report.promises
    assert promise.verdict == "weak" and promise.evidence[0].mechanism_id == "send-cfa-s66"
    analyzer = claimgap.load(embeddings=False)
    reports = list(analyzer.pipe(["We will put more police on the streets.",
                                  "Councils must publish a local offer."]))
    assert len(reports) == 2 and reports[0].verdicts == ["unbacked"]
    assert "<div class=\"claimgap-report\">" in reports[0]._repr_html_()


def test_api_errors_are_claimgap_errors():
    import pytest

    with pytest.raises(claimgap.ClaimgapError, match="no text given"):
        claimgap.analyze("   ", embeddings=False)
    with pytest.raises(claimgap.ClaimgapError, match="not a model directory"):
        claimgap.load("nowhere")

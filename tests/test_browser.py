"""The HTML report as a person sees it, in headless Chromium (Debian's `chromium`; .ci/run
installs it). Saves screenshots to tests/artifacts/."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from claimgap.cli import main
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium "
                                "(apt-get install chromium; .ci/run does it)")
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium(tmp_path, *args):
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                            capture_output=True, text=True, timeout=120, check=False)
    return result.stdout


def test_report_renders_badges_and_highlights(tmp_path):
    report = tmp_path / "report.html"
    assert main(["score", str(ROOT / "examples" / "announcement.html"), "--format", "html",
                 "--output", str(report)]) == 0
    dom = chromium(tmp_path, "--dump-dom", report.as_uri())
    badges = re.findall(r'<span class="badge (backed|weak|unbacked)">', dom)
    assert badges and set(badges) <= {"backed", "weak", "unbacked"}
    assert 'class="s s-promise"' in dom and 'class="s s-commitment"' in dom
    assert "CFA 2014 s.42" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "announcement-report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,1600", report.as_uri())
    assert shot.is_file() and shot.stat().st_size > 20_000


def test_input_text_cannot_run_scripts(tmp_path, monkeypatch):
    import io
    import sys

    hostile = ("We will help every family. <img src=x onerror=\"document.title='pwned'\"> "
               "<script>document.title='pwned'</script> We promise better schools.")
    monkeypatch.setattr(sys, "stdin", io.StringIO(hostile))
    report = tmp_path / "hostile.html"
    assert main(["score", "-", "--format", "html", "--output", str(report),
                 "--no-embeddings"]) == 0
    dom = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert "<title>claimgap report</title>" in dom and "pwned</title>" not in dom
    body = dom.split("<body>", 1)[1]
    assert "<img" not in body and "<script" not in body
    assert "&lt;script&gt;" in body

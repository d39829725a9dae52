"""The command line: help for every command, exit codes, one-line errors, no partial output."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from claimgap.cli import app, main
from conftest import FIXTURES, ROOT

COMMANDS = [["corpus"], ["corpus", "build"], ["corpus", "info"], ["corpus", "fetch"], ["train"],
            ["score"], ["register"], ["register", "validate"], ["register", "show"],
            ["register", "evaluate"], ["annotate"], ["annotate", "export"], ["annotate", "import"],
            ["evaluate"], ["classify"]]


def command_paths():
    import typer.main

    root = typer.main.get_command(app)
    stack, found = [([], root)], []
    while stack:
        path, cmd = stack.pop()
        found.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append((path + [name], sub))
    return sorted(p for p in found if p)


def test_every_command_is_tested_here_and_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in command_paths():
        assert path in COMMANDS, f"add {path} to COMMANDS"
        assert f"claimgap {' '.join(path)}" in readme, f"document `claimgap {' '.join(path)}`"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(path, capsys):
    assert main([*path, "--help"]) == 0
    assert "Usage" in capsys.readouterr().out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("claimgap ")


def test_build_and_info(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["corpus", "build", str(FIXTURES / "docs" / "news.csv"), "--out", str(out),
                 "--no-progress", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "2 documents" in printed and "press_release" in printed
    assert main(["corpus", "info", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 documents" in printed and "press_release" in printed


def test_build_reports_skipped_files(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(FIXTURES / "docs", src)
    (src / "bad.json").write_text("{", encoding="utf-8")
    assert main(["corpus", "build", str(src), "--out", str(tmp_path / "o"), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "skipped 1 file(s)" in printed and "bad.json: malformed JSON" in printed


@pytest.mark.parametrize("bad", ["empty.txt", "binary.txt", "latin1.txt", "malformed.json",
                                 "malformed.xml", "data.xyz", "missing.json"])
def test_bad_input_one_line_exit_1_nothing_written(bad, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["corpus", "build", str(FIXTURES / "bad" / bad), "--out", str(out),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and bad in err
    assert "Traceback" not in err
    assert not out.exists()


def test_bad_column_mapping_and_usage_errors(tmp_path, capsys):
    code = main(["corpus", "build", str(FIXTURES / "docs"), "--out", str(tmp_path / "o"),
                 "--columns", "oops"])
    assert code == 1 and "bad column mapping" in capsys.readouterr().err
    assert main(["corpus", "build"]) == 2
    assert main(["corpus", "info", str(tmp_path)]) == 1
    assert "not a built corpus" in capsys.readouterr().err


def test_console_script_runs_as_a_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "claimgap", "corpus", "info", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_fetch_from_mirror_then_build(tmp_path, capsys):
    import hashlib
    import json

    mirror = tmp_path / "mirror"
    mirror.mkdir()
    data = (FIXTURES / "docs" / "news-record.json").read_bytes()
    (mirror / "fund.json").write_bytes(data)
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps({"version": 1, "sources": [{
        "id": "fund", "file": "fund.json", "fetch_url": "https://www.gov.uk/api/content/fund",
        "title": "Fund", "doc_type": "press_release", "licence": "OGL",
        "sha256": hashlib.sha256(data).hexdigest(), "verify_sha256": True}]}))
    dest = tmp_path / "raw"
    assert main(["corpus", "fetch", "--dest", str(dest), "--sources", str(sources),
                 "--mirror", str(mirror), "--no-progress"]) == 0
    assert "copied 1" in capsys.readouterr().out
    assert main(["corpus", "build", str(dest), "--manifest", str(dest / "MANIFEST.json"),
                 "--out", str(tmp_path / "c"), "--no-progress", "--workers", "1"]) == 0
    assert "1 documents" in capsys.readouterr().out
    assert main(["corpus", "fetch", "--dest", str(dest), "--sources", str(sources),
                 "--mirror", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err

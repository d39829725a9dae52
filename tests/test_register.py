from __future__ import annotations

import re

import pytest
import yaml

from claimgap.cli import main
from claimgap.errors import RegisterError
from claimgap.register import load_registers, read_register
from conftest import ROOT

SEND = ROOT / "corpus" / "register" / "send-england.yaml"

ENTRY = """register: test
primary_route: t-duty
mechanisms:
  - id: t-duty
    title: A duty
    citation: Example Act 2026 s.1
    duty_bearer: council
    requires: The council must do the thing for the child.
    force: duty
    beneficiary: child
    enforcement: [tribunal]
    enforceable: "yes"
    scope: individual
    status: in_force
    verified: "yes"
    source_url: https://example.org/s1
    paraphrases: [the thing will be done]
"""


def test_committed_registers_validate():
    reg = load_registers()
    assert len(reg) >= 70
    assert reg.primary_routes["send-england"] == "send-cfa-s42"
    assert reg["send-cfa-s42"].backs and not reg["send-cfa-s66"].backs
    assert reg["send-cfa-s66"].force == "qualified_duty"
    assert any(m.register == "energy-bills" for m in reg)


def test_every_fact_sheet_row_is_in_the_register():
    facts = ROOT.parent / "shared" / "docs" / "send-law-facts.md"
    if not facts.is_file():
        pytest.skip("needs ../shared/docs/send-law-facts.md")
    rows = set(re.findall(r"^\| ([AB]\d\d) \|", facts.read_text(encoding="utf-8"), re.M))
    data = yaml.safe_load(SEND.read_text(encoding="utf-8"))
    assert rows and rows == {m["source_row"] for m in data["mechanisms"]}


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.replace("    force: duty\n", ""), "entry 1 (t-duty): missing required field 'force'"),
    (lambda s: s.replace("force: duty", "force: obligation"),
     "field 'force' has unknown value 'obligation'"),
    (lambda s: s.replace("[tribunal]", "[court]"), "unknown route 'court'"),
    (lambda s: s.replace("    paraphrases", "    colour: red\n    paraphrases"),
     "unknown field 'colour'"),
    (lambda s: s.replace("primary_route: t-duty", "primary_route: nope"), "primary_route 'nope'"),
    (lambda s: s + s[s.index("  - id"):], "duplicate id 't-duty'"),
    (lambda s: s.replace("mechanisms:", "mechanisms: [\n"), "invalid YAML"),
    (lambda s: "register: test\nmechanisms: []\n", "non-empty top-level 'mechanisms' list"),
])
def test_bad_entries_name_file_entry_and_field(tmp_path, edit, message):
    path = tmp_path / "bad.yaml"
    path.write_text(edit(ENTRY), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        read_register(path)
    assert message in str(info.value) and "bad.yaml" in str(info.value)


def test_register_commands(tmp_path, capsys):
    assert main(["register", "validate"]) == 0
    assert "mechanisms in 2 register file(s)" in capsys.readouterr().out
    assert main(["register", "show", "send-cfa-s42"]) == 0
    assert "Children and Families Act 2014 s.42" in capsys.readouterr().out
    assert main(["register", "show", "nope"]) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(ENTRY.replace("force: duty", "force: maybe"), encoding="utf-8")
    assert main(["register", "validate", str(bad)]) == 1
    assert "unknown value 'maybe'" in capsys.readouterr().err

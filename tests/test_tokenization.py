"""The pure-Python tokenizer and sentencizer give spaCy's tokens and boundaries."""

from __future__ import annotations

import json
import random

import pytest

from claimgap.segmentation import PUNCT_CHARS
from claimgap.tokenization import RULES, Tokenizer, is_punct
from conftest import claimgap_view, spacy_reference, spacy_view


def tokens(text: str, tokenizer: Tokenizer | None = None) -> list[tuple[str, int, bool]]:
    return claimgap_view((tokenizer or Tokenizer())(text))[0]


def test_prefixes_suffixes_infixes_and_special_cases():
    assert [t for t, _, _ in tokens("Mr. Smith's £5m (2024–25) isn't gov.uk's.")] == [
        "Mr.", "Smith", "'s", "£", "5", "m", "(", "2024–25", ")", "is", "n't", "gov.uk", "'s", "."]


def test_offsets_and_whitespace_reconstruct_the_text():
    text = "  Two  spaces,\na newline\t\tand a tab. "
    toks = Tokenizer()(text)
    assert "".join(t.text + " " * t.space for t in toks) == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in toks)
    assert [t.text for t in toks if t.text.isspace()] == ["  ", " ", "\n", "\t\t"]


def test_urls_stay_whole_and_excluded_special_cases_split():
    assert [t for t, _, _ in tokens("See https://www.gov.uk/guidance?x=1.")] == [
        "See", "https://www.gov.uk/guidance?x=1", "."]
    assert [t for t, _, _ in tokens("It costs £5m.")][-2:] == ["5", "m."]
    assert [t for t, _, _ in tokens("It costs £5m.", Tokenizer(exclude={"m."}))][-3:] == [
        "5", "m", "."]


def test_special_cases_broken_by_affixes_are_put_back():
    # ":)" is a special case; affix splitting alone would give ":" and ")"
    assert [t for t, _, _ in tokens("He said:)")] == ["He", "said", ":)"]


def test_is_punct():
    assert is_punct("”.") and is_punct("—") and not is_punct("£") and not is_punct("a.")


@pytest.fixture(scope="module")
def spacy_nlp():
    return spacy_reference()


def test_rules_file_is_a_fresh_export_of_installed_spacy(spacy_nlp):
    import runpy

    from conftest import ROOT

    export = runpy.run_path(str(ROOT / "scripts" / "export_tokenizer_rules.py"))["export"]
    assert json.loads(RULES.read_text(encoding="utf-8")) == export()


def test_punct_chars_are_the_sentencizers(spacy_nlp):
    assert PUNCT_CHARS == set(spacy_nlp.get_pipe("sentencizer").punct_chars)


def test_random_text_tokenizes_and_splits_as_spacy_does(spacy_nlp):
    rules = list(json.loads(RULES.read_text(encoding="utf-8"))["special_cases"])
    atoms = rules + [
        "a", "B", "1", "2.5", "£", "%", "(", ")", "[", '"', "'", "“", "”", "’", ".", ",", ";",
        ":", "!", "?", "-", "—", "/", "...", "…", " ", " ", "  ", "\n", "\t", "\u00a0",
        "http://x.gov.uk/a?b=1", "www.gov.uk", "e-mail@x.com", "s.42", "U.K.", "No.", "m", "p",
        "a.m.", ":)", "n't", "2024-25", "10am", "£1.8bn", "#", "&", "*", "+", "=", "<", ">", "_"]
    rng = random.Random(7)
    ours = Tokenizer()
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 12)))
        assert claimgap_view(ours(text)) == spacy_view(spacy_nlp(text)), text

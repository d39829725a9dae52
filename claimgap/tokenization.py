"""spaCy's English tokenizer, in pure Python, so segmentation needs no spaCy import.

Importing spaCy and building its blank English pipeline costs about 1.2 s, half of a cold
``claimgap score``; the tokenizer it would run is a few regular expressions and a table of special
cases. :class:`Tokenizer` runs spaCy's algorithm (``spacy/tokenizer.pyx``: whitespace chunks,
prefix/suffix stripping, special cases, URL match, infixes, then the special-case matcher) over
spaCy's own English rules, exported to ``claimgap/data/tokenizer-en.json`` by
``scripts/export_tokenizer_rules.py``. Its tokens are spaCy's, which ``tests/test_tokenization.py``
checks on tricky text and, against spaCy itself, on every document of the shared corpus.

>>> [t.text for t in Tokenizer()("Mr. Smith paid £5m (in 2024).")]
['Mr.', 'Smith', 'paid', '£', '5', 'm', '(', 'in', '2024', ')', '.']
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

RULES = Path(__file__).resolve().parent / "data" / "tokenizer-en.json"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text, character offset and whether one space follows it."""

    text: str
    idx: int
    space: bool


@cache
def _rules() -> dict[str, Any]:
    return json.loads(RULES.read_text(encoding="utf-8"))


def rules_version() -> str:
    """Where the tokenizer rules come from, e.g. "spaCy 3.8.18 English"."""
    return f"spaCy {_rules()['spacy_version']} English"


class Tokenizer:
    """spaCy's English tokenizer (see the module docstring); ``exclude`` drops special cases.

    Args:
        exclude: special-case strings to drop, e.g. ``{"m."}`` so that "£5m." splits its full stop.
    """

    def __init__(self, exclude: Collection[str] = ()) -> None:
        rules = _rules()
        self._prefix = re.compile(rules["prefix"]).search
        self._suffix = re.compile(rules["suffix"]).search
        self._infix = re.compile(rules["infix"]).finditer
        self._url = re.compile(rules["url"]).match
        self._specials: dict[str, tuple[str, ...]] = {
            text: tuple(orths) for text, orths in rules["special_cases"].items()
            if text not in exclude}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._matcher: dict[str, list[tuple[str, ...]]] | None = None

    def __call__(self, text: str) -> list[Token]:
        words, spaces = self._apply_matcher(*self._split(text, specials=True))
        tokens, idx = [], 0
        for word, space in zip(words, spaces):
            tokens.append(Token(word, idx, space))
            idx += len(word) + space
        return tokens

    def _split(self, text: str, specials: bool) -> tuple[list[str], list[bool]]:
        """Whitespace chunks, each tokenized; one space after a token is its ``space`` flag, any
        other whitespace run is a token of its own (``Tokenizer._tokenize_affixes``)."""
        words: list[str] = []
        spaces: list[bool] = []
        start, in_ws = 0, bool(text) and text[0].isspace()
        for i, char in enumerate(text):
            if char.isspace() != in_ws:
                if start < i:
                    self._chunk(text[start:i], words, spaces, specials)
                if char == " ":
                    spaces[-1] = True
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(text):
            self._chunk(text[start:], words, spaces, specials)
            spaces[-1] = text[-1] == " " and not in_ws
        return words, spaces

    def _chunk(self, chunk: str, words: list[str], spaces: list[bool], specials: bool) -> None:
        if not specials:  # the special-case patterns: computed once, never cached
            pieces = self._tokenize(chunk, specials)
        elif (pieces := self._specials.get(chunk) or self._cache.get(chunk)) is None:
            pieces = self._cache[chunk] = self._tokenize(chunk, specials)
        words += pieces
        spaces += [False] * len(pieces)

    def _prefix_len(self, string: str) -> int:
        match = self._prefix(string)
        return match.end() - match.start() if match else 0

    def _suffix_len(self, string: str) -> int:
        match = self._suffix(string)
        return match.end() - match.start() if match else 0

    def _tokenize(self, string: str, specials: bool) -> tuple[str, ...]:
        """One whitespace-free chunk (``Tokenizer._split_affixes`` and ``_attach_tokens``)."""
        special = self._specials if specials else {}
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = -1
        while string and len(string) != last_size:
            if string in special:
                break
            last_size = len(string)
            pre_len = self._prefix_len(string)
            if pre_len and string[pre_len:] in special:
                prefixes.append(string[:pre_len])
                string = string[pre_len:]
                break
            suf_len = self._suffix_len(string[pre_len:])
            if suf_len and string[:-suf_len] in special:
                suffixes.append(string[-suf_len:])
                string = string[:-suf_len]
                break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                prefixes.append(string[:pre_len])
                suffixes.append(string[-suf_len:])
                string = string[pre_len:-suf_len]
            elif pre_len:
                prefixes.append(string[:pre_len])
                string = string[pre_len:]
            elif suf_len:
                suffixes.append(string[-suf_len:])
                string = string[:-suf_len]
        middle: Sequence[str] = ()
        if string:
            if string in special:
                middle = special[string]
            elif specials and string in self._cache:
                middle = self._cache[string]
            elif self._url(string):
                middle = (string,)
            else:
                middle = self._split_infixes(string)
        return (*prefixes, *middle, *reversed(suffixes))

    def _split_infixes(self, string: str) -> list[str]:
        pieces, start = [], 0
        for match in self._infix(string):
            infix_start, infix_end = match.span()
            if infix_start == 0:
                continue
            if infix_start != start:
                pieces.append(string[start:infix_start])
            if infix_start != infix_end:
                pieces.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            pieces.append(string[start:])
        return pieces

    def _apply_matcher(self, words: list[str], spaces: list[bool]) -> tuple[list[str], list[bool]]:
        """Special cases that affix splitting broke apart are put back together, as spaCy's
        ``_special_matcher`` does: longest match first, then leftmost."""
        matcher = self._special_matcher()
        found = {(i, i + len(pattern)) for i, word in enumerate(words)
                 for pattern in matcher.get(word, ()) if tuple(words[i:i + len(pattern)]) == pattern}
        if not found:
            return words, spaces
        seen: set[int] = set()
        kept = []
        for start, end in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if start not in seen and end - 1 not in seen:
                kept.append((start, end))
            seen.update(range(start, end))
        out_words: list[str] = []
        out_spaces: list[bool] = []
        at = 0
        for start, end in sorted(kept):
            out_words += words[at:start]
            out_spaces += spaces[at:start]
            text = "".join(w + " " * s for w, s in zip(words[start:end], spaces[start:end]))
            text = text[:-1] if spaces[end - 1] else text
            pieces = self._specials.get(text)
            if pieces is None:  # the tokens match, but whitespace the rule lacks lies between them
                out_words += words[start:end]
                out_spaces += spaces[start:end]
            else:
                out_words += pieces
                out_spaces += [False] * (len(pieces) - 1) + [spaces[end - 1]]
            at = end
        return out_words + words[at:], out_spaces + spaces[at:]

    def _special_matcher(self) -> dict[str, list[tuple[str, ...]]]:
        """Token sequences of the special cases that affixes would split, by first token."""
        if self._matcher is None:
            self._matcher = {}
            for special in sorted(self._specials):
                if (self._prefix_len(special) or self._suffix_len(special)
                        or any(True for _ in self._infix(special)) or " " in special):
                    pattern = tuple(self._split(special, specials=False)[0])
                    self._matcher.setdefault(pattern[0], []).append(pattern)
        return self._matcher


def is_punct(text: str) -> bool:
    """spaCy's ``is_punct``: every character is Unicode punctuation (category P*)."""
    return all(unicodedata.category(ch).startswith("P") for ch in text)

"""Write spaCy's English tokenizer rules to ``claimgap/data/tokenizer-en.json``.

    python scripts/export_tokenizer_rules.py

claimgap tokenizes with :mod:`claimgap.tokenization`, a pure-Python port of spaCy's tokenizer
algorithm, so that scoring one announcement does not pay spaCy's one-second import. The rules it
runs are spaCy's own (MIT licence), exported here from the installed spaCy: the prefix, suffix and
infix patterns, the URL pattern and the special cases. ``tests/test_tokenization.py`` checks that
the file equals a fresh export and that both tokenizers agree on the shared corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "claimgap/data/tokenizer-en.json"


def export() -> dict[str, Any]:
    """The rules of ``spacy.blank("en")``'s tokenizer, as JSON-ready data."""
    from spacy.attrs import ORTH

    from claimgap.spacy_support import import_spacy

    spacy = import_spacy()
    tokenizer = spacy.blank("en").tokenizer
    if tokenizer.token_match is not None or not tokenizer.faster_heuristics:
        raise SystemExit("this spaCy's English tokenizer differs from the one the port follows")
    pattern = {name: getattr(tokenizer, attr).__self__.pattern
               for name, attr in [("prefix", "prefix_search"), ("suffix", "suffix_search"),
                                  ("infix", "infix_finditer"), ("url", "url_match")]}
    return {
        "spacy_version": spacy.__version__,
        "licence": "MIT, (c) ExplosionAI GmbH: spaCy's English tokenizer rules",
        **pattern,
        "special_cases": {text: [t[ORTH] for t in tokens]
                          for text, tokens in sorted(tokenizer.rules.items())},
    }


def main() -> None:
    OUT.write_text(json.dumps(export(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

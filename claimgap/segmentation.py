"""Documents → sentences that survive government and legal text.

spaCy's rule-based ``sentencizer`` on a blank English pipeline does the splitting (fast: no model);
the ``claimgap_sentence_rules`` component then repairs what it gets wrong in this domain: no split
after legal and honorific abbreviations ("s. 42", "para. 3", "reg. 13", "No. 1530", "Sch. 2",
"Rt. Hon."), none before a lowercase word, and opening brackets and quotes go with the sentence
they open. Headings, list items and legal provisions come from the readers as blocks: a heading is
one unit, and no sentence crosses a block.

>>> from claimgap.readers.base import TextBuilder
>>> b = TextBuilder(); b.paragraph("The duty is in s. 42 of the Act. It applies now.")
>>> [s.text for s in Segmenter()(b.document(id="d", title="t"))]
['The duty is in s. 42 of the Act.', 'It applies now.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from claimgap.records import Block, Document, Sentence, SentenceKind, sentence_id

#: Abbreviations (lowercase, no final dot) after which a full stop never ends a sentence.
ABBREVIATIONS = frozenset({
    "s", "ss", "sec", "secs", "subs", "para", "paras", "reg", "regs", "r", "rr", "art", "arts",
    "sch", "schs", "pt", "pts", "ch", "chs", "cl", "cls", "no", "nos", "c", "p", "pp", "vol",
    "vols", "fig", "figs", "eg", "ie", "cf", "viz", "vs", "v", "approx", "est", "incl", "ibid",
    "op", "cit", "al", "mr", "mrs", "ms", "mx", "dr", "prof", "st", "rt", "hon", "cllr", "sr",
    "jr", "rev", "gen", "col", "capt", "lt", "sgt", "sir", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_UNIT_EXCEPTIONS = frozenset({"m.", "k.", "p."})
_OPENERS = frozenset("([{“‘\"'«")
_BLOCK_KIND: dict[str, SentenceKind] = {
    "heading": "heading", "item": "item", "provision": "provision", "paragraph": "sentence",
}
COMPONENT = "claimgap_sentence_rules"
_ENUMERATOR = re.compile(r"^\(?(\d{1,3}|[a-z]|[ivx]{1,4})[.)]$", re.IGNORECASE)


def _register_component() -> None:
    from claimgap.spacy_support import import_spacy

    Language = import_spacy().language.Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_repair_boundaries)


def _repair_boundaries(doc: Any) -> Any:
    """Fix the sentencizer's boundaries for government and legal text (see module docstring)."""
    current = 0
    for i in _sentence_starts(doc)[1:]:
        token, prev = doc[i], doc[i - 1]
        if prev.text in _OPENERS and i - 1 > current:
            prev.is_sent_start = True
            token.is_sent_start = False
            current = i - 1
        elif _continues(doc, token, prev) or _ENUMERATOR.match(doc[current:i].text):
            token.is_sent_start = False
        else:
            current = i
    return doc


def _continues(doc: Any, token: Any, prev: Any) -> bool:
    """A boundary before a lowercase word or after a free-standing abbreviation is not one."""
    first = token.text[0]
    if first.islower() or first in ",;:)]}%":
        return True
    word = prev
    if prev.text == "." and prev.i >= 1 and not doc[prev.i - 1].whitespace_:
        word = doc[prev.i - 1]
    elif not prev.text.endswith("."):
        return False
    if word.i > 0 and not doc[word.i - 1].whitespace_:
        return False  # "£5m." or "50p.": a unit glued to a number, not an abbreviation
    return word.text.lower().rstrip(".").replace(".", "") in ABBREVIATIONS


class Segmenter:
    """Splits documents into :class:`~claimgap.records.Sentence` objects with exact offsets.

    Args:
        batch_size: blocks per spaCy batch.
    """

    def __init__(self, batch_size: int = 512) -> None:
        self.batch_size = batch_size
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from claimgap.spacy_support import import_spacy

            spacy = import_spacy()
            _register_component()
            nlp = spacy.blank("en")
            # "£5m." and "50p." must end sentences: drop the exceptions that keep "m."/"p." whole.
            nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items()
                                   if k not in _UNIT_EXCEPTIONS}
            nlp.add_pipe("sentencizer")
            nlp.add_pipe(COMPONENT)
            self._nlp = nlp
        return self._nlp

    def split(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the sentences of one piece of running text."""
        return list(_spans(self.nlp(text)))

    def __call__(self, document: Document) -> list[Sentence]:
        return next(iter(self.pipe([document])))

    def pipe(self, documents: Iterable[Document]) -> Iterator[list[Sentence]]:
        """Sentences of each document, in order; documents are batched through spaCy together."""
        docs = list(documents)
        blocks = [_blocks(doc) for doc in docs]
        jobs = [(n, block) for n, doc_blocks in enumerate(blocks) for block in doc_blocks
                if block.kind != "heading"]
        texts = (docs[n].text[block.start:block.end] for n, block in jobs)
        parsed = self.nlp.pipe(texts, batch_size=self.batch_size)
        spans_of = {(n, block.start): list(_spans(p)) for (n, block), p in zip(jobs, parsed)}
        for n, doc in enumerate(docs):
            sentences: list[Sentence] = []
            for block in blocks[n]:
                spans = [(0, block.end - block.start)] if block.kind == "heading" \
                    else spans_of[(n, block.start)]
                for start, end in spans:
                    start, end = block.start + start, block.start + end
                    sentences.append(Sentence(
                        doc_id=doc.id, sentence_id=sentence_id(doc.id, len(sentences)),
                        index=len(sentences), text=doc.text[start:end], start=start, end=end,
                        kind=_BLOCK_KIND[block.kind], heading=block.heading,
                        citation=block.citation))
            yield sentences


def _blocks(doc: Document) -> tuple[Block, ...]:
    return doc.structure or ((Block(0, len(doc.text)),) if doc.text.strip() else ())


def _sentence_starts(doc: Any) -> list[int]:
    """Token indices where sentences start (reading the array is far cheaper than doc.sents)."""
    import numpy as np

    if not len(doc):
        return []
    flags = doc.to_array("SENT_START")
    flags[0] = 1
    return np.flatnonzero(flags == 1).tolist()


def _spans(parsed: Any) -> Iterator[tuple[int, int]]:
    text = parsed.text
    starts = _sentence_starts(parsed)
    for first, stop in zip(starts, [*starts[1:], len(parsed)]):
        last = parsed[stop - 1]
        start, end = parsed[first].idx, last.idx + len(last.text)
        if any(ch.isalnum() for ch in text[start:end]):
            yield start, end

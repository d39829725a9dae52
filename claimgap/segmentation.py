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
ABBREVIATIONS = frozenset("""
s ss sec secs subs para paras reg regs r rr art arts sch schs pt pts ch chs cl cls no nos c
p pp vol vols fig figs eg ie cf viz vs v approx est incl ibid op cit al
mr mrs ms mx dr prof st rt hon cllr sr jr rev gen col capt lt sgt sir
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_OPENERS = frozenset("([{“‘\"'«")
_BLOCK_KIND: dict[str, SentenceKind] = {
    "heading": "heading", "item": "item", "provision": "provision", "paragraph": "sentence",
}
COMPONENT = "claimgap_sentence_rules"
_ENUMERATOR = re.compile(r"^\(?(\d{1,3}|[a-z]|[ivx]{1,4})[.)]$", re.I)


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_repair_boundaries)


def _repair_boundaries(doc: Any) -> Any:
    """Fix the sentencizer's boundaries for government and legal text (see module docstring)."""
    sentence_start = 0
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if not token.is_sent_start:
            if _ends_with_unit(doc, prev) and _starts_sentence(token):
                token.is_sent_start = True
            else:
                continue
        if prev.text in _OPENERS and token.i >= 2:
            prev.is_sent_start = True
            token.is_sent_start = False
            sentence_start = prev.i
        elif _continues(doc, token, prev) or _ENUMERATOR.match(doc[sentence_start:token.i].text):
            token.is_sent_start = False
        else:
            sentence_start = token.i
    return doc


def _ends_with_unit(doc: Any, token: Any) -> bool:
    """"£5m." and "10 p.m." end sentences although spaCy keeps the dot in the token."""
    text = token.text
    if len(text) < 2 or not text.endswith(".") or not token.whitespace_:
        return False
    if text.lower() in ("a.m.", "p.m."):
        return True
    return (len(text) <= 3 and token.i > 0 and not doc[token.i - 1].whitespace_
            and doc[token.i - 1].text[-1].isdigit())


def _starts_sentence(token: Any) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _continues(doc: Any, token: Any, prev: Any) -> bool:
    """A boundary before a lowercase word or after an abbreviation is not one."""
    first = token.text[0]
    if first.islower() or first in ",;:)]}%":
        return True
    word = prev.text
    if word == "." and token.i >= 2 and not doc[token.i - 2].whitespace_:
        word = doc[token.i - 2].text
    elif word.endswith(".") and not _ends_with_unit(doc, prev):
        word = word[:-1]
    else:
        return False
    return word.lower().replace(".", "") in ABBREVIATIONS


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
            import spacy

            _register_component()
            nlp = spacy.blank("en")
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
        jobs: list[tuple[int, Block]] = []
        for n, doc in enumerate(docs):
            for block in _blocks(doc):
                if block.kind != "heading":
                    jobs.append((n, block))
        texts = (docs[n].text[block.start:block.end] for n, block in jobs)
        spans_of = {id(block): list(_spans(parsed)) for (_, block), parsed
                    in zip(jobs, self.nlp.pipe(texts, batch_size=self.batch_size))}
        for doc in docs:
            sentences: list[Sentence] = []
            for block in _blocks(doc):
                spans = [(0, block.end - block.start)] if block.kind == "heading" \
                    else spans_of[id(block)]
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


def _spans(parsed: Any) -> Iterator[tuple[int, int]]:
    text = parsed.text
    for sent in parsed.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            yield start, end

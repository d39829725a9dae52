"""Documents → sentences that survive government and legal text.

The splitting is spaCy's rule-based ``sentencizer`` over spaCy's English tokens, both run by
claimgap in pure Python (:mod:`claimgap.tokenization`) so that no spaCy import is paid; the
boundary rules then repair what the sentencizer gets wrong in this domain: no split after legal and
honorific abbreviations ("s. 42", "para. 3", "reg. 13", "No. 1530", "Sch. 2", "Rt. Hon."), none
before a lowercase word, and opening brackets and quotes go with the sentence they open. Headings,
list items and legal provisions come from the readers as blocks: a heading is one unit, and no
sentence crosses a block.

>>> from claimgap.readers.base import TextBuilder
>>> b = TextBuilder(); b.paragraph("The duty is in s. 42 of the Act. It applies now.")
>>> [s.text for s in Segmenter()(b.document(id="d", title="t"))]
['The duty is in s. 42 of the Act.', 'It applies now.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from claimgap.records import Block, Document, Sentence, SentenceKind, sentence_id
from claimgap.tokenization import Token, Tokenizer, is_punct

#: Abbreviations (lowercase, no final dot) after which a full stop never ends a sentence.
ABBREVIATIONS = frozenset({
    "s", "ss", "sec", "secs", "subs", "para", "paras", "reg", "regs", "r", "rr", "art", "arts",
    "sch", "schs", "pt", "pts", "ch", "chs", "cl", "cls", "no", "nos", "c", "p", "pp", "vol",
    "vols", "fig", "figs", "eg", "ie", "cf", "viz", "vs", "v", "approx", "est", "incl", "ibid",
    "op", "cit", "al", "mr", "mrs", "ms", "mx", "dr", "prof", "st", "rt", "hon", "cllr", "sr",
    "jr", "rev", "gen", "col", "capt", "lt", "sgt", "sir", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
#: spaCy keeps "m." and "p." whole ("a.m."-style special cases); "£5m." and "50p." must end sentences.
_UNIT_EXCEPTIONS = frozenset({"m.", "k.", "p."})
#: spaCy's sentencizer ends a sentence at a token that is one of these characters.
PUNCT_CHARS = frozenset(
    "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？"
    "𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。")
_OPENERS = frozenset("([{“‘\"'«")
_BLOCK_KIND: dict[str, SentenceKind] = {
    "heading": "heading", "item": "item", "provision": "provision", "paragraph": "sentence",
}
_ENUMERATOR = re.compile(r"^\(?(\d{1,3}|[a-z]|[ivx]{1,4})[.)]$", re.IGNORECASE)


def _sentencize(tokens: Sequence[Token]) -> list[bool]:
    """spaCy's ``sentencizer``: a sentence starts at the first token that is not punctuation
    after one of :data:`PUNCT_CHARS`. Returns the start flags."""
    starts = [False] * len(tokens)
    if tokens:
        starts[0] = True
    seen_period = False
    for i, token in enumerate(tokens):
        in_punct_chars = token.text in PUNCT_CHARS
        if seen_period and not in_punct_chars and not is_punct(token.text):
            starts[i] = True
            seen_period = False
        elif in_punct_chars:
            seen_period = True
    return starts


def _repair(tokens: Sequence[Token], starts: list[bool]) -> list[bool]:
    """Fix the sentencizer's boundaries for government and legal text (see module docstring)."""
    current = 0
    for i in [i for i, start in enumerate(starts) if start][1:]:
        prev = tokens[i - 1]
        if prev.text in _OPENERS and i - 1 > current:
            starts[i - 1], starts[i] = True, False
            current = i - 1
        elif _continues(tokens, i) or _ENUMERATOR.match(_text(tokens[current:i])):
            starts[i] = False
        else:
            current = i
    return starts


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.text + " " * t.space for t in tokens[:-1]) + tokens[-1].text


def _continues(tokens: Sequence[Token], i: int) -> bool:
    """A boundary before a lowercase word or after a free-standing abbreviation is not one."""
    first = tokens[i].text[0]
    if first.islower() or first in ",;:)]}%":
        return True
    prev = i - 1
    word = prev
    if tokens[prev].text == "." and prev >= 1 and not tokens[prev - 1].space:
        word = prev - 1
    elif not tokens[prev].text.endswith("."):
        return False
    if word > 0 and not tokens[word - 1].space:
        return False  # "£5m." or "50p.": a unit glued to a number, not an abbreviation
    return tokens[word].text.lower().rstrip(".").replace(".", "") in ABBREVIATIONS


class Segmenter:
    """Splits documents into :class:`~claimgap.records.Sentence` objects with exact offsets."""

    def __init__(self) -> None:
        self._tokenizer: Tokenizer | None = None

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(exclude=_UNIT_EXCEPTIONS)
        return self._tokenizer

    def split(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the sentences of one piece of running text."""
        tokens = self.tokenizer(text)
        starts = _repair(tokens, _sentencize(tokens))
        firsts = [i for i, start in enumerate(starts) if start]
        spans = []
        for first, stop in zip(firsts, [*firsts[1:], len(tokens)]):
            last = tokens[stop - 1]
            start, end = tokens[first].idx, last.idx + len(last.text)
            if any(ch.isalnum() for ch in text[start:end]):
                spans.append((start, end))
        return spans

    def __call__(self, document: Document) -> list[Sentence]:
        return next(iter(self.pipe([document])))

    def pipe(self, documents: Iterable[Document]) -> Iterator[list[Sentence]]:
        """Sentences of each document, in order."""
        for doc in documents:
            sentences: list[Sentence] = []
            for block in _blocks(doc):
                spans = [(0, block.end - block.start)] if block.kind == "heading" \
                    else self.split(doc.text[block.start:block.end])
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

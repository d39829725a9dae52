"""Frozen, typed records that flow between the stages of claimgap.

Records hold data and nothing else: no I/O and no logic beyond small derived properties. Each one
round-trips exactly through ``to_dict`` / ``from_dict`` (and so through JSON).

>>> doc = Document(id="d1", title="Example", text="Councils must act.")
>>> Document.from_dict(doc.to_dict()) == doc
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "provision"]
SentenceKind = Literal["heading", "sentence", "item", "provision"]


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of a document's text: a heading, paragraph, list item or legal provision.

    ``start``/``end`` are character offsets into :attr:`Document.text`. ``heading`` is the path of
    headings the block sits under, joined with " > ". ``citation`` is set for legal provisions,
    e.g. ``"Energy Prices Act 2022 s.4(2)(a)"``.
    """

    start: int
    end: int
    kind: BlockKind = "paragraph"
    level: int = 0
    heading: str = ""
    citation: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One source document: clean text plus provenance and structure.

    ``text`` holds the blocks joined by blank lines; markup and layout whitespace are gone.
    """

    id: str
    title: str
    text: str
    source_url: str | None = None
    publisher: str | None = None
    doc_type: str = "other"
    date: str | None = None
    licence: str | None = None
    source_file: str | None = None
    structure: tuple[Block, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["structure"] = [asdict(block) for block in self.structure]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        values = dict(data)
        values["structure"] = tuple(Block(**block) for block in values.get("structure") or ())
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading, list item or provision) with exact provenance.

    Invariant: ``document.text[sentence.start:sentence.end] == sentence.text``.
    """

    doc_id: str
    sentence_id: str
    index: int
    text: str
    start: int
    end: int
    kind: SentenceKind = "sentence"
    heading: str = ""
    citation: str | None = None

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(**data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Sentence:
        return cls.from_dict(json.loads(text))


def sentence_id(doc_id: str, index: int) -> str:
    """The stable id of the ``index``-th sentence of a document: ``"<doc_id>#<index:04d>"``."""
    return f"{doc_id}#{index:04d}"


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Metadata about a source file, usually from a MANIFEST.json entry; any field may be empty."""

    id: str | None = None
    title: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    doc_type: str | None = None
    date: str | None = None
    licence: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Label:
    """A classifier's decision on one sentence.

    ``label`` is ``promise``, ``commitment``, ``other`` or ``uncertain`` (confidence below the
    model's abstention threshold); ``probabilities`` always holds the three classes.
    ``anatomy`` is set for commitments (see :mod:`claimgap.classify.anatomy`).
    """

    label: str
    probabilities: dict[str, float]
    anatomy: dict[str, Any] | None = None

    @property
    def confidence(self) -> float:
        return max(self.probabilities.values())

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probabilities": dict(self.probabilities),
                "anatomy": self.anatomy}

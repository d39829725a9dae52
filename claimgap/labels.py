"""Hand-made sentence labels: records without texts, joined to a built corpus when used.

Real sentences are stored by id and offsets with the sha1 of their exact text — never the text —
so the corpus stays outside the repository and a label whose sentence changed is caught. Sentences
written by us for rare patterns are stored with their text and ``authored: true``.

>>> split_of("govuk-guide-appeal-ehc-plan-decision")
'train'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from claimgap.errors import ConfigError, CorpusError

LABELS = ("promise", "commitment", "other")
FORCES = ("duty", "qualified_duty", "power", "right", "guidance", "allocation", "intention")
ENFORCEABLE = ("yes", "no", "unclear")
STATUSES = ("in_force", "proposed")
SPLITS = ("train", "dev", "test")


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_of(doc_id: str) -> str:
    """Train/dev/test by document (70/15/15), stable across runs and machines."""
    bucket = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


@dataclass(frozen=True)
class LabelRecord:
    """One labelled sentence as stored in ``corpus/labels/*.jsonl``."""

    sentence_id: str
    doc_id: str
    label: str
    sha1: str
    source_file: str | None = None
    start: int | None = None
    end: int | None = None
    force: str | None = None
    enforceable: str | None = None
    status: str | None = None
    duty_bearer: str | None = None
    annotator: str | None = None
    authored: bool = False
    text: str | None = None  # only for authored sentences

    def __post_init__(self) -> None:
        where = f"label {self.sentence_id!r}"
        if self.label not in LABELS:
            raise ConfigError(f"{where}: unknown label {self.label!r}; use one of {LABELS}")
        for name, allowed in (("force", FORCES), ("enforceable", ENFORCEABLE),
                              ("status", STATUSES)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise ConfigError(f"{where}: unknown {name} {value!r}; use one of {allowed}")
        if self.text is not None and not self.authored:
            raise ConfigError(f"{where}: real corpus sentences are stored without text")

    @property
    def split(self) -> str:
        return split_of(self.doc_id)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items()
                if v is not None and not (k == "authored" and not v)}


@dataclass(frozen=True)
class LabelledSentence:
    """A label joined with its sentence text, ready for training or evaluation."""

    sentence_id: str
    doc_id: str
    text: str
    label: str
    split: str
    doc_type: str = "authored"
    force: str | None = None
    enforceable: str | None = None
    status: str | None = None
    duty_bearer: str | None = None
    authored: bool = False


def read_label_file(path: str | Path) -> list[LabelRecord]:
    """Read one JSONL file of :class:`LabelRecord` lines; errors name the file and line."""
    from claimgap.jsonl import iter_jsonl

    path = Path(path)
    known = {f.name for f in fields(LabelRecord)}
    records = []
    for lineno, data in iter_jsonl(path):
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"{path}:{lineno}: unknown field(s) {sorted(unknown)}")
        try:
            records.append(LabelRecord(**data))
        except TypeError as exc:
            raise ConfigError(f"{path}:{lineno}: {exc}") from None
    return records


def load_labels(paths: str | Path | Sequence[str | Path]) -> list[LabelRecord]:
    """Label records from files or folders (every ``*.jsonl`` of sentence labels in a folder; the
    second-annotator sample ``consistency.jsonl`` and the ``alignment.jsonl`` pairs are not)."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.glob("*.jsonl")
                            if not p.name.startswith(("consistency", "alignment")))
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError(f"{path}: no such label file or folder")
    return [record for file in files for record in read_label_file(file)]


def join_texts(records: Iterable[LabelRecord], corpus: Any) -> list[LabelledSentence]:
    """Attach texts from a built :class:`~claimgap.corpus.Corpus`, checking every sha1.

    Raises:
        CorpusError: a labelled sentence is missing from the corpus or its text changed.
    """
    records = list(records)
    wanted = {r.doc_id for r in records if not r.authored}
    by_span: dict[tuple[str, int | None, int | None], tuple[str, str]] = {}
    if wanted:
        sents = corpus.sentences
        rows = sents[sents.doc_id.isin(wanted)]
        by_span = {(r.doc_id, r.start, r.end): (r.text, r.doc_type) for r in rows.itertuples()}
    out, missing, changed = [], [], []
    for rec in records:
        if rec.authored:
            text, doc_type = rec.text or "", "authored"
        else:
            found = by_span.get((rec.doc_id, rec.start, rec.end))
            if found is None:
                missing.append(rec.sentence_id)
                continue
            text, doc_type = found
            if text_sha1(text) != rec.sha1:
                changed.append(rec.sentence_id)
                continue
        out.append(LabelledSentence(
            sentence_id=rec.sentence_id, doc_id=rec.doc_id, text=text, label=rec.label,
            split=rec.split, doc_type=doc_type, force=rec.force, enforceable=rec.enforceable,
            status=rec.status, duty_bearer=rec.duty_bearer, authored=rec.authored))
    if missing or changed:
        raise CorpusError(
            f"{len(missing)} labelled sentence(s) not in the corpus and {len(changed)} whose text "
            f"changed (first: {(missing + changed)[0]}); rebuild the corpus from the same sources")
    return out

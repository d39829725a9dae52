"""Promise → mechanism alignment and the verdict (labels.md: backed, weak, unbacked).

For each promise: retrieve candidate mechanisms by lexical similarity (word and character TF-IDF
over each mechanism's title, requirement, beneficiary and the paraphrases announcements use), and
optionally MiniLM embeddings; re-rank; keep those scoring above a threshold calibrated on labelled
dev pairs; decide the verdict:

* **backed** — a matched in-force, enforceable duty covers what was promised;
* **weak** — matched only by funding, programmes, guidance, powers, qualified duties or proposals
  (or by a duty whose beneficiaries do not include those promised);
* **unbacked** — nothing matches.

>>> aligner = Aligner(load_registers())                                    # doctest: +SKIP
>>> aligner.align("Support set out in EHC plans will be delivered.").verdict  # doctest: +SKIP
'backed'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from claimgap.register import Mechanism, Register

if TYPE_CHECKING:
    from claimgap.classify.tfidf import Rows, Tfidf

#: Calibrated on the dev pairs of corpus/labels/alignment.jsonl (75 written by us, 109 real promises;
#: see ``calibrate``):
#: a mechanism *matches* a promise at this similarity to any of its texts (its description or
#: the paraphrases announcements use) ...
DEFAULT_THRESHOLD = 0.38
#: ... and *covers* it (so that an enforceable duty backs it) only when the promise restates the
#: mechanism's own description this closely: press-office wording alone never backs a promise.
DEFAULT_COVER_THRESHOLD = 0.18
#: A duty backs a promise only if it is (nearly) the promise's best match: when a funding line
#: or a proposal matches the promise better than a duty does by more than this margin, the
#: promise is about that, not about the duty.
DEFAULT_MARGIN = 0.05
#: A duty that covers a promise backs it below the match threshold only if it is at least this
#: similar to the promise: restating a duty's words in passing ("children", "school") is not enough.
DEFAULT_FLOOR = 0.20
#: The same thresholds (match, cover, floor) when MiniLM similarity is mixed in
#: (``embeddings=True``).
EMBEDDING_THRESHOLDS = (0.44, 0.28, 0.30)
TOP_K = 5
VERDICTS = ("backed", "weak", "unbacked")

_FORCE_WORDS = {
    "duty": "a duty", "qualified_duty": "a qualified duty", "power": "a power",
    "right": "a right of appeal or request", "guidance": "guidance", "allocation": "funding",
    "intention": "a stated intention", "definition": "a definition", "case_law": "case law",
    "historical": "an expired measure",
}
_WITHOUT_PLAN = re.compile(r"\b(without|no need for|not need(ing)?|no longer need)\b[^.]{0,60}?"
                           r"\b(ehc ?plans?|ehcps?|education, health and care plans?|plans?)\b",
                           re.I)
_PLAN_PROCESS = re.compile(r"\b(ehc ?p|ehcp|ehc|education, health and care|plans?|"
                           r"needs assessments?|assessments?|re-?assess\w*|annual reviews?|"
                           r"tribunal|appeals?|mediation)\b", re.I)


@dataclass(frozen=True)
class Evidence:
    """A mechanism matched to a promise, with its retrieval score."""

    mechanism_id: str
    citation: str
    force: str
    enforceable: str
    status: str
    score: float
    title: str = ""
    covers: bool = True
    cover_score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"mechanism_id": self.mechanism_id, "citation": self.citation, "force": self.force,
                "enforceable": self.enforceable, "status": self.status,
                "score": round(self.score, 4)}


@dataclass(frozen=True)
class Verdict:
    """The verdict on one promise, its evidence (best first) and a one-sentence explanation."""

    verdict: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[Evidence, ...] = field(default=(), compare=False)


class Aligner:
    """Matches promises to the mechanisms of a register (and of harvested statutory text).

    Args:
        register: the mechanisms to match against.
        threshold: minimum similarity for a match.
        top_k: evidence kept per promise.
        embeddings: also use MiniLM sentence embeddings (needs the ml extra).
        cover_threshold: how closely a promise must restate a duty for the duty to cover it.
        margin: how far below the best match a covering duty may be and still back a promise.
        floor: the least similarity at which a covering duty backs a promise.

    The thresholds default to those calibrated on the dev pairs (see
    :func:`claimgap.alignment_eval.calibrate`), with or without embeddings.
    """

    def __init__(self, register: Register, threshold: float | None = None,
                 top_k: int = TOP_K, embeddings: bool = False,
                 cover_threshold: float | None = None, margin: float | None = None,
                 floor: float | None = None) -> None:
        from claimgap.classify.tfidf import Tfidf

        self.register = register
        defaults = EMBEDDING_THRESHOLDS if embeddings else (DEFAULT_THRESHOLD,
                                                            DEFAULT_COVER_THRESHOLD, DEFAULT_FLOOR)
        self.threshold = defaults[0] if threshold is None else threshold
        self.cover_threshold = defaults[1] if cover_threshold is None else cover_threshold
        self.margin = DEFAULT_MARGIN if margin is None else margin
        self.floor = defaults[2] if floor is None else floor
        self.top_k = top_k
        self.embeddings = embeddings
        self.mechanisms: list[Mechanism] = list(register)
        texts, described = [], []
        for m in self.mechanisms:
            for k, text in enumerate((f"{m.title}. {m.requires}", *m.paraphrases)):
                texts.append(text)
                described.append(k == 0)
        self._described = np.array(described)
        self._word = Tfidf("word", (1, 2), stop_words="english")
        self._char = Tfidf("char_wb", (3, 5))
        self._word_m = fit_transform_cached(self._word, texts)
        self._char_m = fit_transform_cached(self._char, texts)
        self._emb_m = encode_cached(texts) if embeddings else None

    def scores(self, promises: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per promise and mechanism: similarity to any of its texts, and to its description."""
        word = self._word.transform(promises).cosine(self._word_m, len(self._word.terms))
        char = self._char.transform(promises).cosine(self._char_m, len(self._char.terms))
        per_text = 0.6 * word + 0.4 * char
        if self._emb_m is not None:
            from claimgap.classify.encoder import encode

            per_text = 0.5 * per_text + 0.5 * (encode(list(promises)) @ self._emb_m.T)
        # each mechanism's texts are contiguous and start with its description
        related = np.maximum.reduceat(per_text, np.flatnonzero(self._described), axis=1)
        described = per_text[:, self._described]
        recall = np.array([[title_recall(p, m.title) for m in self.mechanisms] for p in promises])
        return related, 0.5 * described + 0.5 * recall

    def align(self, promise: str) -> Verdict:
        return self.align_many([promise])[0]

    def align_many(self, promises: Sequence[str]) -> list[Verdict]:
        if not promises:
            return []
        related, described = self.scores(list(promises))
        return self.decide(promises, related, described)

    def decide(self, promises: Sequence[str], related: np.ndarray, described: np.ndarray
               ) -> list[Verdict]:
        """Verdicts from precomputed :meth:`scores` (lets calibration try many thresholds)."""
        return [self._verdict(text, row, cover) for text, row, cover
                in zip(promises, related, described)]

    def _verdict(self, promise: str, row: np.ndarray, cover: np.ndarray) -> Verdict:
        order = np.argsort(-row, kind="stable")[: self.top_k]
        candidates = tuple(self._evidence(promise, self.mechanisms[i], float(row[i]),
                                          float(cover[i])) for i in order)
        matched = tuple(sorted((e for e in candidates if e.score >= self.threshold
                                or (e.covers and self.register[e.mechanism_id].backs
                                    and e.score >= self.floor)),
                               key=lambda e: -e.score))
        if not matched:
            return Verdict("unbacked", "No mechanism in the register or the statutory text "
                           "matches this promise: nothing binds anyone to deliver it.", (),
                           candidates)
        top = candidates[0].score
        backing = sorted((e for e in matched if self.register[e.mechanism_id].backs and e.covers
                          and e.score >= top - self.margin),
                         key=lambda e: -e.cover_score)
        if backing:
            best = self.register[backing[0].mechanism_id]
            return Verdict("backed", _backed_text(best), tuple(backing + [e for e in matched
                                                                          if e not in backing]),
                           candidates)
        return Verdict("weak", self._weak_text(promise, matched), matched, candidates)

    def _evidence(self, promise: str, m: Mechanism, score: float, cover: float) -> Evidence:
        return Evidence(mechanism_id=m.id, citation=m.citation, force=m.force,
                        enforceable=m.enforceable, status=m.status, score=score, title=m.title,
                        covers=cover >= self.cover_threshold and covers(promise, m),
                        cover_score=cover)

    def _weak_text(self, promise: str, matched: Sequence[Evidence]) -> str:
        best = self.register[matched[0].mechanism_id]
        text = f"Weak: the closest mechanism is {_cite(best)} ({_reason(best)})"
        route = self.register.primary_route(best)
        if route is not None and route.id != best.id:
            text += (f"; the enforceable route to provision, {_cite(route)}, applies only to "
                     f"{route.beneficiary or 'those it names'}")
            general = self.register.general_route(best)
            if general is not None and not covers(promise, route) and general.id != best.id:
                text += f", and support outside it rests on {_cite(general)} ({_reason(general)})"
        return text + "."


_STOP = frozenset("""a an and the of for to in on at by with from or as is are be will would
should must may can our we their its it this that these those who which what when where how
into onto than then so not no all any each every""".split())
_WORD = re.compile(r"[a-z0-9]+")


def _stems(text: str) -> set[str]:
    """Content words cut to four letters: crude, but "decide"/"decision" and "deliver"/
    "delivery" meet, and it needs no model."""
    return {w[:4] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def title_recall(promise: str, title: str) -> float:
    """Share of a mechanism title's content words that the promise restates."""
    wanted = _stems(title)
    return len(wanted & _stems(promise)) / len(wanted) if wanted else 0.0


def encode_cached(texts: list[str]) -> np.ndarray:
    """MiniLM embeddings of the register's texts, cached on disk by their content: the register
    changes rarely, and encoding it is most of the start-up time of ``claimgap score``."""
    from claimgap.classify.encoder import encode

    return _disk_cached("embeddings", texts, lambda: {"matrix": encode(texts)})["matrix"]


def fit_transform_cached(vectoriser: Tfidf, texts: list[str]) -> Rows:
    """``vectoriser.fit_transform(texts)``, the fitted vocabulary, idf and rows cached on disk by
    the texts and the vectoriser's settings (fitting the character n-grams of the register is a
    tenth of a second of every cold ``claimgap score``)."""
    from claimgap.classify.tfidf import Rows

    def fit() -> dict[str, np.ndarray]:
        rows = vectoriser.fit_transform(texts)
        return {"terms": np.array(vectoriser.terms, dtype=str), "idf": vectoriser.idf,
                "indptr": rows.indptr, "indices": rows.indices, "data": rows.data}

    settings = f"tfidf {vectoriser.analyzer} {vectoriser.ngram_range} {vectoriser.stop_words is None}"
    arrays = _disk_cached(settings, texts, fit)
    vectoriser.set_fitted(arrays["terms"].tolist(), arrays["idf"])
    return Rows(arrays["indptr"], arrays["indices"], arrays["data"])


def _disk_cached(kind: str, texts: list[str], compute: Callable[[], dict[str, np.ndarray]]
                 ) -> dict[str, np.ndarray]:
    """``compute()``, or the arrays it gave before for the same ``kind`` and ``texts``, from a
    ``.npz`` file in the cache folder (no pickle). A cache that cannot be read is recomputed;
    one that cannot be written (a read-only checkout) is skipped."""
    import hashlib

    from claimgap.files import write_arrays_atomic
    from claimgap.training import CACHE

    key = hashlib.sha256("\x1e".join([kind, *texts]).encode("utf-8")).hexdigest()[:24]
    path = CACHE / f"register-{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as cached:
            return {name: cached[name] for name in cached.files}
    except (OSError, ValueError, KeyError, EOFError):
        pass
    arrays = compute()
    try:
        write_arrays_atomic(path, arrays)
    except OSError:
        pass
    return arrays


def covers(promise: str, mechanism: Mechanism) -> bool:
    """Does a mechanism cover what was promised, for those it was promised to?

    A duty tied to the EHC process (plans, assessments, reviews, appeals) covers a promise only
    when the promise is about that process, and never one made "without an EHC plan".
    """
    scope = f"{mechanism.title} {mechanism.beneficiary} {mechanism.requires}"
    if not _PLAN_PROCESS.search(scope):
        return True
    if _WITHOUT_PLAN.search(promise):
        return False
    return bool(_PLAN_PROCESS.search(promise))


def _cite(m: Mechanism) -> str:
    return m.short_citation or m.citation


def _bearer(m: Mechanism) -> str:
    """The duty-bearer's head noun phrase ("schools' governing bodies", not the whole list)."""
    return re.split(r"[,;(]", m.duty_bearer, maxsplit=1)[0].strip()


def _reason(m: Mechanism) -> str:
    if m.status == "proposed":
        return f"{_FORCE_WORDS.get(m.force, m.force)} that is only proposed, not law"
    if m.force == "allocation":
        return "funding with no individual entitlement"
    if m.force == "qualified_duty":
        routes = " or ".join(r.replace("_", " ") for r in m.enforcement)
        return f"a qualified duty on {_bearer(m)} with no tribunal route, only {routes}"
    if m.force in ("guidance", "intention", "power"):
        return f"{_FORCE_WORDS[m.force]}, which binds no one to deliver"
    if m.force == "duty" and m.enforceable != "yes":
        return f"a {m.scope} duty on {_bearer(m)} that no individual can enforce"
    if m.force == "duty":
        return f"an enforceable duty whose beneficiaries ({m.beneficiary}) are not those promised"
    return _FORCE_WORDS.get(m.force, m.force)


def _backed_text(m: Mechanism) -> str:
    routes = _join([r.replace("_", " ") for r in m.enforcement if r != "none"]) or "the courts"
    return (f"Backed: {_cite(m)} puts an in-force duty on {_bearer(m)}, enforceable by the "
            f"individual through {routes}.")


def _join(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

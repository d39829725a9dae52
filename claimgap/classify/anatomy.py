"""The anatomy of a commitment: force, duty-bearer, beneficiary, amount, deadline, legal basis,
enforceability and status, read from the sentence with ordered rules (see labels.md).

Rules beat a model here: each attribute is a short, inspectable pattern, and the force ladder
follows the fact sheet (a qualifier like "best endeavours" outranks "must").

>>> a = extract_anatomy("The local authority must secure the provision in the plan "
...                     "(section 42 of the Children and Families Act 2014).")
>>> a.force, a.duty_bearer, a.legal_basis, a.enforceable, a.status
('duty', 'local authority', ('section 42 of the Children and Families Act 2014',), 'yes', 'in_force')
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_I = re.I

_QUALIFIED = re.compile(r"\b(best endeavours|have regard|has regard|had regard|so far as (is )?"
                        r"reasonably practicable|as far as (is )?reasonably practicable|"
                        r"reasonable steps|reasonable adjustments|where (it is )?appropriate|"
                        r"if (it|they) (thinks?|considers?) (it )?(appropriate|necessary))\b", _I)
_DUTY = re.compile(r"\b(must|shall|is required to|are required to|has a duty|have a duty|"
                   r"is under a duty|are under a duty|is obliged to|are obliged to)\b", _I)
_RIGHT = re.compile(r"\b((you|parents?|the (child|parent|young person|tenant|employee|patient)"
                    r"|they|individuals?) (can|may|have the right to|has the right to)\s+"
                    r"(appeal|complain|request|ask|apply|challenge|take)|right to (appeal|"
                    r"complain|request|choose|ask|a )|entitled to|can appeal|may appeal)\b", _I)
_ALLOCATION = re.compile(r"(£|\$|€)\s?\d[\d,.]*\s?(bn|billion|m|million|k)?\b|"
                         r"\b\d[\d,.]*\s?(billion|million)\s+(pounds|of funding)\b|"
                         r"\b(grant|funding|fund|allocat\w+|invest\w*)\b.*\b(to|for)\b", _I)
_MONEY = re.compile(r"(£|\$|€)\s?\d[\d,.]*\s?(bn|billion|m|million|k|thousand)?\b|"
                    r"\b\d[\d,.]*\s?(billion|million)\b( pounds)?", _I)
_POWER = re.compile(r"\bmay\b(?! (be able|have to|need|not))|\bhas the power\b|\bis able to\b"
                    r"|\bcan (decide|require|make|issue|designate|direct|refuse|charge)\b", _I)
_GUIDANCE = re.compile(r"\bshould\b|\bis expected to\b|\bare expected to\b|\bought to\b", _I)
_INTENTION = re.compile(r"\b(will|’ll|'ll|intends? to|plans? to|is to|are to|commit(s|ted)? to|"
                        r"pledges? to|going to)\b", _I)
_BEARER = re.compile(
    r"\b(the )?(local authorit(y|ies)|councils?|governing bod(y|ies)|secretary of state|"
    r"(the )?minister|departments? for [A-Z][\w ,&]+?(?=\s(will|must|should|may|has|is))|"
    r"department|government|integrated care boards?|icbs?|nhs england|nhs|schools?|academ(y|ies)|"
    r"colleges?|tribunal|ofsted|hmrc|dwp|employers?|landlords?|providers?|suppliers?|"
    r"trusts?|regulators?|ombudsman|ofgem|we)\b", _I)
_BENEFICIARY = re.compile(
    r"\b(every |all |each )?(children|child|young people|young person|pupils?|students?|"
    r"families|family|parents?|carers?|patients?|tenants?|households?|employees?|workers?|"
    r"disabled people|learners?|residents?|consumers?|businesses|schools|councils|"
    r"local authorities)\b( with [a-z ]+?(needs|disabilities|plans?|an ehc plan))?", _I)
_DEADLINE = re.compile(
    r"\b(within|in|after|over|for|every|at least every)\s+(\d+|one|two|three|four|five|six|"
    r"twelve|\w+-\w+)\s+(working )?(days?|weeks?|months?|years?)\b|"
    r"\b(by|from|before|until|in|starting)\s+((\d{1,2}\s+)?(january|february|march|april|may|june|"
    r"july|august|september|october|november|december)\s+)?(19|20)\d\d(-\d\d)?\b|"
    r"\bas soon as (reasonably )?practicable\b|\bimmediately\b", _I)
_CITATION = re.compile(
    r"\b(?i:section|sections|regulation|regulations|schedule|paragraph|article|part)\s+\d+[A-Z]?"
    r"(\(\w+\))*(\s+(of|to)\s+the\s+[A-Z][\w’' ,&()-]*?(Act|Regulations|Order|Rules)"
    r"( \d{4})?(\s+\((c\.|SI )?[\w /.]+\))?)?|"
    r"\b(?i:s|ss|reg|regs|sch|para|art)\.\s?\d+[A-Z]?(\(\w+\))*|"
    r"\b[A-Z][\w’']+( [A-Z][\w’']+| and| of| for)* (Act|Regulations) \d{4}\b|"
    r"\bSI \d{4}/\d+\b")
_PROPOSED = re.compile(r"\b(will (introduce|legislate|consult|bring forward|publish|create|set up|"
                       r"launch|establish|build|give|provide|invest|fund|make|change|require|"
                       r"expand|extend|reform|replace|deliver)|bill\b|white paper|green paper|"
                       r"consultation|propos\w+|plans? to|intends? to|subject to (parliament|"
                       r"approval)|from (april|september|january) (19|20)\d\d)", _I)
_INDIVIDUAL = re.compile(r"\b(the child|a child|the young person|a young person|the pupil|"
                         r"his or her|their child|your child|the plan|ehc plan|the patient|"
                         r"the tenant|the employee|the applicant|you|your)\b", _I)
_ROUTE = re.compile(r"\b(tribunal|ombudsman|appeal|judicial review|court)\b", _I)

FORCES = ("duty", "qualified_duty", "power", "right", "guidance", "allocation", "intention")


@dataclass(frozen=True)
class Anatomy:
    """What a commitment binds: who, to do what, for whom, by when, with what force."""

    force: str | None = None
    duty_bearer: str | None = None
    beneficiary: str | None = None
    amount: str | None = None
    deadline: str | None = None
    legal_basis: tuple[str, ...] = ()
    enforceable: str | None = None
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["legal_basis"] = list(self.legal_basis)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Anatomy:
        return cls(**{**data, "legal_basis": tuple(data.get("legal_basis") or ())})


def classify_force(text: str) -> str:
    """The force ladder: a qualifier outranks a duty; a right needs a route; money is allocation."""
    if _QUALIFIED.search(text) and (_DUTY.search(text) or re.search(r"\bhave regard|best "
                                                                     r"endeavours", text, _I)):
        return "qualified_duty"
    if _RIGHT.search(text):
        return "right"
    if _DUTY.search(text):
        return "duty"
    if _MONEY.search(text) and _ALLOCATION.search(text):
        return "allocation"
    if _GUIDANCE.search(text):
        return "guidance"
    if _POWER.search(text):
        return "power"
    return "intention"


def legal_citations(text: str) -> tuple[str, ...]:
    """Legal references in a sentence ("section 42 of the Children and Families Act 2014", "s.42",
    "reg. 13", "Equality Act 2010"), in order of appearance, without overlaps."""
    found: list[str] = []
    last_end = -1
    for match in _CITATION.finditer(text):
        if match.start() >= last_end:
            found.append(match.group(0).strip().rstrip(",;"))
            last_end = match.end()
    return tuple(found)


def extract_anatomy(text: str, *, doc_type: str | None = None, force: str | None = None
                    ) -> Anatomy:
    """Read the anatomy of one commitment sentence (call it on commitments only).

    ``force`` comes from a trained force model when there is one; the rule ladder otherwise.
    """
    force = force or classify_force(text)
    bearer = _BEARER.search(text)
    beneficiary = _BENEFICIARY.search(text)
    amount = _MONEY.search(text)
    deadline = _DEADLINE.search(text)
    basis = legal_citations(text)
    proposed = (doc_type in ("white_paper", "consultation") or bool(_PROPOSED.search(text))) \
        and doc_type != "legislation"
    status = "proposed" if proposed else "in_force"
    return Anatomy(
        force=force,
        duty_bearer=_normalise_bearer(bearer.group(0)) if bearer else None,
        beneficiary=beneficiary.group(0).lower() if beneficiary else None,
        amount=amount.group(0) if amount else None,
        deadline=deadline.group(0) if deadline else None,
        legal_basis=basis,
        enforceable=_enforceable(text, force, status),
        status=status,
    )


def _normalise_bearer(raw: str) -> str:
    bearer = raw.lower().removeprefix("the ").strip()
    return {"we": "government (we)", "icb": "integrated care board", "icbs": "integrated care board",
            "councils": "council", "local authorities": "local authority"}.get(bearer, bearer)


def _enforceable(text: str, force: str, status: str) -> str:
    """labels.md: yes only for an in-force duty owed to an individual with a route to compel it."""
    if status == "proposed" or force in ("allocation", "intention", "guidance", "power"):
        return "no"
    if force == "right":
        return "yes" if _ROUTE.search(text) else "unclear"
    if force == "duty":
        return "yes" if _INDIVIDUAL.search(text) else "unclear"
    return "no"  # qualified duties: have regard / best endeavours cannot compel provision

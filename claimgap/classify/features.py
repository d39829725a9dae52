"""Linguistic features of a sentence that separate promises from commitments.

Each feature is a 0/1 flag from a regular expression (modal verbs, duty-bearers, first-person
plural, future tense, money, dates, durations, legal citations, ...). They are cheap, readable,
and add what n-grams miss across wording variants.

>>> flags = feature_vector("The local authority must secure the provision within 20 weeks.")
>>> [name for name, on in zip(FEATURE_NAMES, flags) if on]
['modal_must', 'duty_bearer_public', 'duration', 'ends_with_stop']
"""

from __future__ import annotations

import re

_I = re.I
_PATTERNS: dict[str, re.Pattern[str]] = {
    "modal_must": re.compile(r"\b(must|shall|is required to|are required to|has a duty|have a duty"
                             r"|is under a duty|duty to)\b", _I),
    "qualified": re.compile(r"\b(best endeavours|have regard|has regard|reasonably practicable|"
                            r"reasonable steps|where appropriate|as far as possible)\b", _I),
    "modal_may": re.compile(r"\bmay\b", _I),
    "modal_should": re.compile(r"\bshould\b", _I),
    "modal_can": re.compile(r"\b(can|could)\b", _I),
    "future_will": re.compile(r"\b(will|’ll|'ll|shall be|is to be|are to be|going to)\b", _I),
    "we_will": re.compile(r"\b(we|government|i)\s+(will|’ll|'ll|are going to|intend|plan|want)\b",
                          _I),
    "first_plural": re.compile(r"\b(we|our|us|ourselves)\b", _I),
    "first_singular": re.compile(r"\b(i|my|me)\b"),
    "second_person": re.compile(r"\b(you|your|you’re|you're)\b", _I),
    "duty_bearer_public": re.compile(
        r"\b(local authorit\w*|council\w*|governing bod\w*|secretary of state|minister\w*|"
        r"department|government|icb|integrated care board|nhs|tribunal|ofsted|hmrc|dwp|"
        r"school\w*|academ\w*|trust|agency|commission\w*|regulator|ombudsman)\b", _I),
    "duty_bearer_private": re.compile(r"\b(employer\w*|landlord\w*|provider\w*|compan\w*|"
                                      r"supplier\w*|business\w*)\b", _I),
    "money": re.compile(r"(£|\$|€)\s?\d|\b\d[\d,.]*\s?(million|billion|bn|m)\b|\bfund(ing|s|ed)?\b",
                        _I),
    "year_date": re.compile(r"\b(19|20)\d\d\b"),
    "month_date": re.compile(r"\b(january|february|march|april|may|june|july|august|september|"
                             r"october|november|december)\b", _I),
    "duration": re.compile(r"\b(within|over|after|for|every|at least)\s+(\w+\s+)?(days?|weeks?|"
                           r"months?|years?)\b|\bby (the end of )?(19|20)\d\d\b", _I),
    "legal_citation": re.compile(r"\b(section|s\.|ss\.|reg\.|regulation|schedule|sch\.|para\.|"
                                 r"article|art\.)\s?\d+|\b\w+ act (19|20)\d\d\b|\bact\b", _I),
    "right_route": re.compile(r"\b(appeal|tribunal|complain\w*|ombudsman|judicial review|"
                              r"entitled|right to|eligible|qualify)\b", _I),
    "outcome_words": re.compile(r"\b(improve\w*|better|ensure\w*|transform\w*|boost\w*|"
                                r"deliver\w*|every|all|world-class|right support|faster|stronger|"
                                r"help\w*|support\w*|tackle|end the)\b", _I),
    "past_tense": re.compile(r"\b(was|were|had|has been|have been|did|since|last year|"
                             r"ago|previously|achieved|invested|announced|published)\b", _I),
    "announce": re.compile(r"\b(announc\w*|unveil\w*|launch\w*|today|new)\b", _I),
    "legislate": re.compile(r"\b(bill|legislation|law|regulations|statutory|consult\w*)\b", _I),
    "quote": re.compile(r"^[“\"‘]|[”\"’]$|\bsaid\b|\bsays\b", _I),
    "statistic": re.compile(r"\d+(\.\d+)?\s?(%|per cent|percent)", _I),
    "condition": re.compile(r"^(if|when|where|unless)\b|\b(if you|if they|if the)\b", _I),
    "negation": re.compile(r"\b(not|no longer|never|cannot|can’t|won’t)\b", _I),
    "deliverable": re.compile(r"\b(scheme|fund|programme|program|bill|strategy|unit|service|"
                              r"guidance|charter|network|centre|center|hub|pilot|grant|loan|tax|"
                              r"levy|duty|register|review|framework|standard|inspection|taskforce|"
                              r"task force|body|agency|plan|regulations|order|code)\b", _I),
    "output_number": re.compile(r"\b\d[\d,.]*\s+(new\s+)?(schools?|places|homes|houses|staff|"
                                r"teachers|nurses|doctors|officers|jobs|apprenticeships|beds|"
                                r"hubs|centres|chargers|miles|projects|days|hours)\b", _I),
    "you_can": re.compile(r"^(you|your)\b|\byou (can|could|may|might|must|need|should|will|’ll|"
                          r"'ll|have to|do not|don’t|cannot|can’t|get|qualify)\b", _I),
    "past_verb": re.compile(r"\b(has|have|had) (been |already )?\w+ed\b|\b\w+ed (in|last|on) "
                            r"(19|20)\d\d\b|\blast (year|month|week)\b", _I),
    "present_copula": re.compile(r"^[A-Z][^,]{0,60}\b(is|are) (a|an|the|one|not)\b"),
    "imperative": re.compile(r"^(find|check|read|see|call|contact|apply|use|visit|go|get|tell|"
                             r"ask|download|sign|follow|email|write|search|learn)\b", _I),
    "question": re.compile(r"\?$"),
    "ends_with_stop": re.compile(r"[.!]['’”\"]?$"),
    "short": re.compile(r"^\W*(\w+\W+){0,5}\w*\W*$"),
}

FEATURE_NAMES: tuple[str, ...] = tuple(_PATTERNS)


def feature_vector(text: str, names: tuple[str, ...] = FEATURE_NAMES) -> list[int]:
    """0/1 flags for ``text``, in the order of ``names`` (default: every feature)."""
    return [1 if _PATTERNS[name].search(text) else 0 for name in names]


def feature_matrix(texts: list[str], names: tuple[str, ...] = FEATURE_NAMES) -> list[list[int]]:
    """Flags of many texts; a model passes the feature names it was trained with."""
    unknown = [name for name in names if name not in _PATTERNS]
    if unknown:
        from claimgap.errors import ModelIntegrityError

        raise ModelIntegrityError(f"the model uses feature {unknown[0]!r}, which this claimgap "
                                  "does not have; retrain it with `claimgap train`")
    return [feature_vector(text, names) for text in texts]

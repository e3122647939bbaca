"""Unknown names whose type the words around them tell, though the name itself has no cue.

"Rekor, a Maryland company that ...", "surveillance startup Fusus", "Rekor sells ...",
"Fresno police", "Hayward's city council", "the city of Wichita", "Graphite spyware",
"a robot called Digidog": nothing in these names says what they are, but the words next
to them do. The gazetteer and the cue words (:mod:`extract.recognizers`) go first; these
only name capitalised runs nobody else has claimed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

#: nouns that call the name next to them a company ("drone maker Skydio", "Rekor, a company")
COMPANY_NOUNS = frozenset(
    "company firm startup start-up maker vendor provider developer supplier manufacturer "
    "contractor subsidiary giant".split()
)
#: verbs whose subject makes or sells something: "Rekor sells ..." names a company
MAKING_VERBS = frozenset("makes sells develops manufactures builds markets licenses designs".split())
#: how many words may describe a company between the article and the noun
_DESCRIPTION_WORDS = 5
#: words that end a description: a company noun must come before any of these
_DESCRIPTION_BREAKS = frozenset({",", ";", ":", "(", ")", "that", "which", "who", "and", "or", "of", "to"})
#: words after the name that make it a place: its lower-case police or council
_PLACE_BODIES = {
    ("police",): ("LawEnforcementAgency", "Police"),
    ("police", "department"): ("LawEnforcementAgency", "Police Department"),
    ("city", "council"): ("Legislature", "City Council"),
    ("county", "commission"): ("Legislature", "County Commission"),
}
#: words of the calendar, capitalised but never a company or a place
_CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December".split()
)


#: capitalised adjectives that open a sentence before "police" without naming a place
_NOT_PLACES = frozenset(
    "Local Federal State National Military Secret Riot Traffic Border Transit Campus University School "
    "Many Some Most Other Armed Undercover Plainclothes".split()
)


def described_names(doc: Doc, runs: list[tuple[int, int]], taken: set[int]) -> list[Span]:
    """Spans for the free capitalised ``runs`` whose neighbours say what they are."""
    spans = []
    for start, end in runs:
        if taken.intersection(range(start, end)) or doc[start].text in _CALENDAR:
            continue
        span = (
            _place_body(doc, start, end)
            or _described_company(doc, start, end)
            or _city_of(doc, start, end)
            or _named_product(doc, start, end)
        )
        if span is not None:
            spans.append(span)
    return spans


def _described_company(doc: Doc, start: int, end: int) -> Span | None:
    """ "surveillance company Rekor" (the noun before) or "Rekor, a Maryland company that
    sells ..." (an apposition after, opening with an article)."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in COMPANY_NOUNS and not doc[start - 1].text[:1].isupper():
        return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)
    after = [t.lower_ for t in doc[end : end + 3]]
    verb = 1 if after[:1] == ["also"] else 2 if after[:2] == [",", "which"] else 0
    if after[verb : verb + 1] and after[verb] in MAKING_VERBS:
        return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)
    if doc[end : end + 1].text != "," or doc[end + 1 : end + 2].text.lower() not in {"a", "an"}:
        return None
    for i in range(end + 2, min(len(doc), end + 2 + _DESCRIPTION_WORDS + 1)):
        word = doc[i].lower_
        if word in _DESCRIPTION_BREAKS:
            return None
        if word in COMPANY_NOUNS:
            return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)
    return None


#: nouns that say the name before them is a product ("the Citizen app", "Graphite spyware")
PRODUCT_KINDS = frozenset(
    "software app apps platform system tool robot robots drone drones camera cameras chatbot spyware "
    "device devices scanner scanners sensor sensors glasses headset smartphone phone".split()
)
#: words that put a product's name after its kind: "a robot called Digidog"
_NAMING = frozenset({"called", "named", "dubbed", "branded"})
#: a capitalised word with these endings is more likely a nationality than a product
_DEMONYM_ENDINGS = ("an", "ese", "ish", "ic", "i")


#: capitalised words that open a noun phrase without naming anything: numbers, and the
#: words organisations end with ("the European Commission told ...")
_NOT_PRODUCTS = frozenset(
    "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Thirty Forty Fifty Hundreds "
    "Thousands Dozens Commission Department Council Police Agency Ministry Office Court Government".split()
)


def _named_product(doc: Doc, start: int, end: int) -> Span | None:
    """ "Graphite spyware", "the Citizen app", "a robot called Digidog", "known as Digidog":
    a free name before a kind of technology, or after a naming word."""
    text = doc[start:end].text
    if doc[start].text in _NOT_PRODUCTS or doc[end - 1].text in _NOT_PRODUCTS:
        return None
    following = doc[end : end + 1]
    kind_after = bool(following) and (
        following[0].lower_ in PRODUCT_KINDS or following[0].ent_type_ == "Technology"
    )
    if (
        kind_after
        and (end - start > 1 or not text.endswith(_DEMONYM_ENDINGS))
        and not doc[start].is_sent_start
    ):
        return Span(doc, start, end, label="Product", kb_id=text)
    lead = start - (start > 0 and doc[start - 1].text in {'"', "“", "'", "‘"})
    before = [t.lower_ for t in doc[max(0, lead - 2) : lead]]
    if (before[-1:] and before[-1] in _NAMING) or before == ["known", "as"]:
        return Span(doc, start, end, label="Product", kb_id=text)
    return None


def _place_body(doc: Doc, start: int, end: int) -> Span | None:
    """ "Fresno police", "Hayward's city council": a place's force or council named after it
    in lower case; the entity is the body, named "<Place> Police" / "<Place> City Council"."""
    connectors = [i for i in range(start, end) if doc[i].is_lower]
    if connectors:  # "Members of Eugene's city council": the place is the words after "of"
        start = connectors[-1] + 1
    if start >= end or doc[start:end].text in _NOT_PLACES:
        return None
    at = end + (doc[end : end + 1].text in {"'s", "’s"})
    for words, (label, suffix) in sorted(_PLACE_BODIES.items(), key=lambda kv: -len(kv[0])):
        following = doc[at : at + len(words)]
        if len(following) == len(words) and tuple(t.text for t in following) == words:
            return Span(doc, start, at + len(words), label=label, kb_id=f"{doc[start:end].text} {suffix}")
    return None


def _city_of(doc: Doc, start: int, end: int) -> Span | None:
    """ "the city of Wichita", "the town of Sedona": the name is a place."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if len(before) == 2 and before[0] in {"city", "town", "village", "county", "state"} and before[1] == "of":
        return Span(doc, start, end, label="Place", kb_id=doc[start:end].text)
    return None

"""Unknown names whose type the words around them tell, though the name itself has no cue.

"Rekor, a Maryland company that ...", "surveillance startup Fusus", "Rekor sells ...",
"Fresno police", "Hayward's city council", "the city of Wichita", "Graphite spyware",
"a robot called Digidog", "employers including Unilever", "Evolv's chief executive",
"police used Tracelight": nothing in these names says what they are, but the words next
to them, or the role they play, do. The gazetteer and the cue words
(:mod:`extract.recognizers`) go first; these only name capitalised runs nobody else has
claimed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

#: nouns that call the name next to them a company ("drone maker Skydio", "Rekor, a company")
COMPANY_NOUNS = frozenset(
    "company firm startup start-up maker vendor provider developer supplier manufacturer "
    "contractor subsidiary giant".split()
)
#: verbs whose subject makes or sells something: "Rekor sells ..." names a company
MAKING_VERBS = frozenset(
    "makes sells develops manufactures builds markets licenses designs launched unveiled released".split()
)
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
#: words of the calendar, capitalised but never a company, a place or the start of a name
CALENDAR = frozenset(
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
    lowered = doc.text.lower()  # most articles list nothing: skip the list rule cheaply
    lists = any(opener in lowered for opener in (" including ", " such as ", " like ", " among "))
    for start, end in (piece for run in runs for piece in split_on_and(doc, *run)):
        if taken.intersection(range(start, end)) or doc[start].text in CALENDAR:
            continue
        span = (
            _place_body(doc, start, end)
            or _described_company(doc, start, end)
            or _city_of(doc, start, end)
            or _named_product(doc, start, end)
            or (_listed_member(doc, start, end) if lists else None)
            or _company_by_possession(doc, start, end)
            or _object_of_use(doc, start, end)
        )
        if span is not None:
            spans.append(span)
    return spans


def split_on_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The names "and" joins in a run: "Unilever and Hilton" is two names (no cue word
    holds these runs together, unlike "Department of Health and Human Services")."""
    if end - start < 3:  # "X and Y" needs three words
        return [(start, end)]
    pieces, piece_start = [], start
    for i in range(start, end):
        if doc[i].text == "and":
            pieces.append((piece_start, i))
            piece_start = i + 1
    return [*pieces, (piece_start, end)]


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
    head = _apposition_head(doc, end)
    if head is None or not _is_company_noun(doc, head):
        return None
    if doc[head + 1 : head + 2].text.lower() in {"said", "says", "added", "noted"}:
        return None  # "Rekor, the company said, ...": the name is what was said about
    return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)


def _apposition_head(doc: Doc, end: int) -> int | None:
    """The noun of an apposition after a name (", a Maryland company", ", a drone-tracking
    app"): the first company noun or product kind among its first words, before any break
    or capitalised word; None when no apposition opens at ``end``."""
    if doc[end : end + 1].text != "," or doc[end + 1 : end + 2].text.lower() not in {"a", "an", "the"}:
        return None
    for i in range(end + 2, min(len(doc), end + 2 + _DESCRIPTION_WORDS + 1)):
        word = doc[i].lower_
        if word in _DESCRIPTION_BREAKS:
            return None
        if _is_company_noun(doc, i):
            return i
        if word in PRODUCT_KINDS and doc[i + 1 : i + 2].text != "-":  # not "a drone-tracking app"
            return i
    return None


def _is_company_noun(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a company noun, "start-up" included (the tokenizer splits it)."""
    word = doc[i].lower_
    if word == "start":
        return [t.text for t in doc[i + 1 : i + 3]] == ["-", "up"]
    return word in COMPANY_NOUNS


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
    if _product_apposition(doc, end):
        return Span(doc, start, end, label="Product", kb_id=text)
    lead = start - (start > 0 and doc[start - 1].text in {'"', "“", "'", "‘"})
    before = [t.lower_ for t in doc[max(0, lead - 2) : lead]]
    if (before[-1:] and before[-1] in _NAMING) or before == ["known", "as"]:
        return Span(doc, start, end, label="Product", kb_id=text)
    return None


def _product_apposition(doc: Doc, end: int) -> bool:
    """ "Nightjar, a drone-tracking app built by ...", "Sentry, the scanning software":
    an apposition after the name whose noun is a kind of product."""
    head = _apposition_head(doc, end)
    return head is not None and not _is_company_noun(doc, head)


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


#: plural nouns of organisations whose members a list names ("retailers such as Kroger and
#: Target", "agencies including ICE") -> the type of those members
MEMBER_KINDS: dict[str, str] = {
    **dict.fromkeys(
        "companies firms employers retailers businesses clients customers banks carriers operators "
        "insurers airlines hotels chains manufacturers brands universities hospitals venues stadiums "
        "landlords developers".split(),
        "Company",
    ),
    **dict.fromkeys("agencies departments ministries regulators governments".split(), "GovernmentAgency"),
    **dict.fromkeys("forces".split(), "LawEnforcementAgency"),
}
#: words that open the list after such a noun
_LIST_OPENERS = (("including",), ("such", "as"), ("like",), ("among", "them"), ("like", "the"))
#: words that may stand between the members of a list
_LIST_GLUE = frozenset({",", "and", "or", "the", "as", "well"})
#: "counts Citi Field and Lincoln Center among its customers": the members come first
_AMONG_ITS = frozenset({"customers", "clients", "users", "buyers", "partners"})


def _listed_member(doc: Doc, start: int, end: int) -> Span | None:
    """ "employers including Unilever and Hilton", "counts Citi Field among its clients":
    a free name in a list that a plural noun of organisations opens or closes."""
    i = start
    # walk back over the list members and glue before this one to the opener
    while i > 0 and i > start - 40:
        token = doc[i - 1]
        if not (token.lower_ in _LIST_GLUE or token.is_title or token.is_upper) or token.lower_ == "as":
            break  # "as" belongs to the opener "such as"
        i -= 1
    for opener in _LIST_OPENERS:
        n = len(opener)
        if tuple(t.lower_ for t in doc[max(0, i - n) : i]) == opener and i - n - 1 >= 0:
            kind = MEMBER_KINDS.get(doc[i - n - 1].lower_)
            if kind:
                return Span(doc, start, end, label=kind, kb_id=doc[start:end].text)
    j = end
    while j < len(doc) and j < end + 40:
        token = doc[j]
        if not (token.lower_ in _LIST_GLUE or token.is_title or token.is_upper):
            break
        j += 1
    tail = [t.lower_ for t in doc[j : j + 3]]
    if tail[:1] == ["among"] and tail[1:2] in (["its"], ["their"]) and tail[2:3] and tail[2] in _AMONG_ITS:
        before = doc[start - 1].lower_ if start > 0 else ""
        if before in {"counts", "count", "counted", "lists", "listed", "and", ","}:
            return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)
    return None


#: what only a company has: "Evolv's chief executive", "HireVue's software"
COMPANY_POSSESSIONS = frozenset(
    "ceo executive founder co-founder cofounder chairman shareholders shares stock investors "
    "software app apps platform products algorithms algorithm chips devices customers clients "
    "assessments subscribers headquarters".split()
)


def _company_by_possession(doc: Doc, start: int, end: int) -> Span | None:
    """ "Evolv's chief executive", "HireVue's software": a free name owning what only a
    company owns, one or two words after its possessive."""
    if doc[end : end + 1].text not in {"'s", "’s"} or doc[start].text in _NOT_PRODUCTS:
        return None
    owned = [t.lower_ for t in doc[end + 1 : end + 3]]
    if owned[:1] and (owned[0] in COMPANY_POSSESSIONS or (owned[1:2] and owned[1] in COMPANY_POSSESSIONS)):
        return Span(doc, start, end, label="Company", kb_id=doc[start:end].text)
    return None


#: words right before a name that make it the thing used, bought or banned: "police used
#: Fotonic", "a ban on Lensa", "agencies that bought Cobwebs", "access to Tangles"
_USED_THING_CUES = frozenset(
    _phrase
    for _phrase in [
        *[(w,) for w in "use uses used using deploy deploys deployed deploying tested trialled piloted "
          "adopted bought buy buys purchased licensed banned bans banning blocked blocks prohibited "
          "downloaded download install installed".split()],
        *[(w, "on") for w in "ban bans moratorium restrictions limits".split()],
        ("use", "of"), ("access", "to"), ("subscription", "to"),
    ]
)  # fmt: skip
#: the words such a cue ends with, and the words that may stand between it and the name
_CUE_LAST_WORDS = frozenset(cue[-1] for cue in _USED_THING_CUES) | {"the", "its", "their"}
#: titles that open a person's name, never a product's
_TITLES = frozenset("Mr Mr. Ms Ms. Mrs Mrs. Dr Dr. Gov Gov. Sen Sen. Rep Rep. President Mayor Chief".split())


def _object_of_use(doc: Doc, start: int, end: int) -> Span | None:
    """ "police used Fotonic", "a ban on Lensa": a free name that is the object of a use,
    purchase or ban is a product (a company's name would have said so by now)."""
    if start == 0 or doc[start - 1].lower_ not in _CUE_LAST_WORDS:
        return None  # the cheap test first: most names follow no such word
    if doc[start].text in _TITLES or doc[start].text in _NOT_PRODUCTS:
        return None
    following = doc[end : end + 2]
    if following[:1].text in {"'s", "’s"} or [t.lower_ for t in following] in (["to", "the"], [",", "a"]):
        return None  # an owner ("used Fotonic's app") or an organisation ("sold to X, a ...")
    lead = start - (start > 0 and doc[start - 1].lower_ in {"the", "its", "their"})
    for length in (2, 1):
        before = tuple(t.lower_ for t in doc[max(0, lead - length) : lead])
        if len(before) == length and before in _USED_THING_CUES:
            return Span(doc, start, end, label="Product", kb_id=doc[start:end].text)
    return None

"""Mentions of entities in an article, with in-article coreference.

A mention is either an entity span (``doc.ents``), a pronoun / definite description
("it", "we", "the company", "the agency", "the city") resolved to a compatible entity
before it (the one leading a recent sentence, else the nearest), or a definite head noun
("the cameras", "Flock readers", "the technology") resolved to a technology named before.
Resolved mentions are flagged so rules can trust them less.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

ORG_TYPES = frozenset(
    {"Company", "GovernmentAgency", "LawEnforcementAgency", "Legislature", "Court", "NonProfit"}
)
#: who can be a customer or a user of a technology
AGENT_TYPES = ORG_TYPES | {"Sector", "Place", "Person"}
#: who can restrict a technology
AUTHORITY_TYPES = ORG_TYPES | {"Place"}
TECH_TYPES = frozenset({"Technology", "Product"})

_GOVERNMENT = frozenset({"GovernmentAgency", "LawEnforcementAgency"})
_CIVIC = frozenset({"Legislature", "Place", "GovernmentAgency"})
#: pronoun or description (lower-case words) -> the entity types it may stand for
ANAPHORS: dict[tuple[str, ...], frozenset[str]] = {
    **{(w,): ORG_TYPES for w in ("it", "its", "we", "our", "us")},
    **{("the", w): frozenset({"Company"}) for w in (
        "company", "firm", "startup", "vendor", "retailer", "giant", "maker", "manufacturer",
        "developer", "provider", "supplier", "group", "business", "corporation",
    )},
    **{("the", w): _GOVERNMENT for w in (
        "agency", "department", "commission", "regulator", "ministry", "watchdog", "office",
    )},
    **{("the", w): _CIVIC for w in ("city", "council", "county", "state", "government", "board")},
    ("the", "city", "council"): _CIVIC,
    ("the", "town", "council"): _CIVIC,
    ("the", "police", "department"): frozenset({"LawEnforcementAgency"}),
    ("the", "university"): frozenset({"GovernmentAgency"}),
}  # fmt: skip
#: descriptions that stand only for an entity whose name has their noun: "the university"
_NAME_BEARING = frozenset({"university"})
_MAX_ANAPHOR = max(len(k) for k in ANAPHORS)
_ANAPHOR_STARTS = frozenset(k[0] for k in ANAPHORS)


@dataclass(frozen=True)
class Mention:
    """An entity mentioned at tokens [start, end) of the doc."""

    start: int
    end: int
    name: str
    type: str
    resolved: bool = False  # True when reached through a pronoun or description
    leads: bool = False  # the first organisation its sentence names: likely its subject

    def span(self, doc: Doc) -> Span:
        """The tokens of the mention."""
        return doc[self.start : self.end]


def article_mentions(
    doc: Doc, words: list[str] | None = None, regions: frozenset[str] = frozenset()
) -> list[Mention]:
    """Every mention in the doc, in text order, anaphors resolved where possible
    (``words``: the doc's lower-case tokens, when the caller has them already;
    ``regions``: places wider than a city, which lend no city body their name)."""
    entity_at = {ent.start: ent for ent in doc.ents}
    # tokens of names a description may not swallow ("the facial recognition company");
    # a place may stand in one ("the US-based company")
    named = {i for ent in doc.ents if ent.label_ != "Place" for i in range(ent.start, ent.end)}
    # a description's words may not be part of a name, but for a place qualifying it
    # ("the US-based company")
    in_names = named | {
        i
        for ent in doc.ents
        if ent.label_ == "Place" and doc[ent.end : ent.end + 1].text != "-"
        for i in range(ent.start, ent.end)
    }
    words = words if words is not None else [t.lower_ for t in doc]
    mentions: list[Mention] = []
    i = 0
    sentence_has_lead = False
    while i < len(doc):
        if doc[i].is_sent_start:
            sentence_has_lead = False
        if i in entity_at:
            ent = entity_at[i]
            leads = not sentence_has_lead and ent.label_ in ORG_TYPES
            sentence_has_lead = sentence_has_lead or leads
            name = ent.kb_id_ or ent.text
            if ent.label_ in ORG_TYPES:
                name = _placed_body(name, mentions, doc, regions) or name
            mentions.append(Mention(ent.start, ent.end, name, ent.label_, leads=leads))
            i = ent.end
            continue
        if words[i] in TECH_HEADS:
            kind = _resolve_tech_head(doc, words, i, mentions)
            if kind is not None:
                mentions.append(kind)
                i += 1
                continue
        resolved = None
        if words[i] in _ANAPHOR_STARTS:
            resolved = _resolve_anaphor(words, i, mentions, named, regions)
        if resolved and in_names.intersection(range(i + 1, resolved.end)) and resolved.resolved:
            resolved = None  # "The Ministry of Digital Affairs" names itself; it is no anaphor
        if resolved:
            mentions.append(resolved)
            i = resolved.end
        else:
            i += 1
    return mentions


#: head nouns a technology named earlier goes by later: "the cameras", "Flock readers"
#: stand for the kind whose name (or the text's form of it) ends in the same noun
TECH_HEADS = frozenset(
    "camera cameras reader readers scanner scanners drone drones robot robots app apps sensor sensors "
    "chatbot spyware system systems software technology tool tools program platform device devices".split()
)
#: heads so general that they stand for the article's main technology, whatever its name
GENERIC_HEADS = frozenset(
    "system systems software technology tool tools program platform device devices".split()
)
#: words that make a head noun definite: "the cameras", "its software", "these devices"
_DETERMINERS = frozenset({"the", "its", "their", "these", "those", "this", "our", "'s", "’s"})
#: how far back a determiner may stand, past adjectives ("Flock's solar-powered cameras")
_MAX_ADJECTIVES = 3


def _resolve_tech_head(doc: Doc, words: list[str], i: int, earlier: list[Mention]) -> Mention | None:
    """ "the cameras" after "license plate reader cameras", "Flock readers" after "plate
    readers", "the software" after "gait recognition": a definite head noun standing for
    a technology the article has named before (for a generic head, the one it names most)."""
    if not _definite(doc, words, i):
        return None
    named = [m for m in earlier if m.type in TECH_TYPES and m.name]
    if words[i] in GENERIC_HEADS and named:
        # "the technology" is what the article is about: the kind named most often so far,
        # the first named of those named as often (headlines and leads name it first)
        counts: dict[str, int] = {}
        for mention in named:
            counts[mention.name] = counts.get(mention.name, 0) + 1
        best = max(named, key=lambda m: counts[m.name])
        return Mention(i, i + 1, best.name, best.type, resolved=True)
    head = words[i].removesuffix("s")
    for mention in reversed(named):
        forms = (mention.name.lower(), words[mention.end - 1])
        if any(form.split()[-1].removesuffix("s") == head for form in forms if form):
            return Mention(i, i + 1, mention.name, mention.type, resolved=True)
    return None


def _definite(doc: Doc, words: list[str], i: int) -> bool:
    """Whether a head noun is made definite by a determiner, a possessive or a maker's
    name before it, past at most three lower-case modifiers."""
    for j in range(i - 1, max(-1, i - 2 - _MAX_ADJECTIVES), -1):
        if words[j] in _DETERMINERS or doc[j].ent_type_ == "Company":
            return True
        modifier = words[j] == "-" or (doc[j].is_alpha and doc[j].is_lower and not doc[j].is_stop)
        if not modifier or doc[j].ent_type_:
            return False
    return False


def _resolve_anaphor(
    words: list[str], i: int, earlier: list[Mention], named: set[int], regions: frozenset[str]
) -> Mention | None:
    for length in range(_MAX_ANAPHOR, 0, -1):
        phrase = tuple(words[i : i + length])
        types = ANAPHORS.get(phrase) if len(phrase) == length else None
        if types is None or (length == 1 and _is_expletive(words, i)):
            continue
        candidates = earlier
        if phrase[-1] in _NAME_BEARING:  # "the university" is not the FCC
            candidates = [m for m in earlier if phrase[-1] in m.name.lower()]
        antecedent = _antecedent(candidates, types)
        if antecedent and antecedent.type == "Place" and phrase[-1] == "council":
            place = salient_place(earlier, regions) or antecedent.name
            return Mention(i, i + length, council_of(place), "Legislature")
        if antecedent:
            return Mention(i, i + length, antecedent.name, antecedent.type, resolved=True)
    return _described_company(words, i, earlier, named)


#: how many mentions back a sentence's lead organisation is preferred to a nearer one
_SALIENCE_REACH = 6


def _antecedent(earlier: list[Mention], types: frozenset[str]) -> Mention | None:
    """What "it" or "the company" stands for: the nearest compatible organisation that led
    its sentence, if one of the last few mentions is ("Evolv counts Citi Field and Lincoln
    Center among its customers ... The company": Evolv), else the nearest one."""
    recent = [m for m in earlier[-_SALIENCE_REACH:] if m.type in types]
    lead = next((m for m in reversed(recent) if m.leads), None)
    return lead or next((m for m in reversed(earlier) if m.type in types), None)


#: names every city's (or county's) body goes by, which name no body until the place is added
CITY_BODIES = frozenset(
    {
        "city council", "town council", "county council", "board of supervisors",
        "county board of supervisors", "county commission", "city commission", "police department",
        "police commission", "sheriff's office", "sheriff’s office", "school board", "board of education",
    }
)  # fmt: skip
#: the same for a state's (or province's) bodies
STATE_BODIES = frozenset({"state legislature", "general assembly", "state senate", "state assembly"})


def _placed_body(name: str, earlier: list[Mention], doc: Doc, regions: frozenset[str]) -> str | None:
    """ "the Board of Supervisors" in a San Francisco story is the "San Francisco Board of
    Supervisors": a body named without its place takes the place of its scale (a city for
    a council, a state for a legislature) the article has named most so far, or the first
    such place it names; None when the name is not placeless or no place fits."""
    body = name.removeprefix("the ").removeprefix("The ")
    bare = body.lower()
    if bare in CITY_BODIES:
        fits = lambda place: place not in regions  # noqa: E731
    elif bare in STATE_BODIES:
        fits = lambda place: place in regions  # noqa: E731
    else:
        return None
    place = salient_place([m for m in earlier if fits(m.name)])
    if place is None:
        names = (e.kb_id_ or e.text for e in doc.ents if e.label_ == "Place")
        place = next((n for n in names if fits(n)), None)
    if place is None:
        return None
    if bare == "city council":
        return council_of(place)
    return f"{place} {body.removeprefix('State ')}" if bare in STATE_BODIES else f"{place} {body}"


def salient_place(earlier: list[Mention], regions: frozenset[str] = frozenset()) -> str | None:
    """The city an article is about so far: of the places it names that are not
    ``regions``, the one it names most, the first of those named as often ("Santa Cruz is
    a city in California": Santa Cruz)."""
    places = [m.name for m in earlier if m.type == "Place" and m.name not in regions]
    return max(places, key=places.count) if places else None  # max keeps the first of equals


def council_of(place: str) -> str:
    """The name of a place's council: "Santa Cruz City Council", "King County Council".

    >>> council_of("Santa Cruz"), council_of("King County")
    ('Santa Cruz City Council', 'King County Council')
    """
    return f"{place} Council" if place.split()[-1] in {"County", "City", "Town"} else f"{place} City Council"


#: company nouns a description may qualify: "the US-based company", "the Israeli firm"
_COMPANY_HEADS = frozenset({"company", "firm", "startup", "start-up", "vendor", "maker", "manufacturer"})
#: words that end a description before its head: the head must follow the modifiers
_NOT_MODIFIERS = frozenset({"of", "and", "or", "to", "that", "which", "who", "said", "says", "is", "was"})
_MAX_MODIFIERS = 4


def _described_company(words: list[str], i: int, earlier: list[Mention], named: set[int]) -> Mention | None:
    """ "the US-based company", "the Chinese start-up", "the New York-based firm": the
    last company named before, reached past up to four modifiers."""
    if words[i] != "the":
        return None
    for head in range(i + 2, min(len(words), i + 2 + _MAX_MODIFIERS)):
        word = words[head]
        if word in _COMPANY_HEADS:
            if words[head + 1 : head + 2] == ["-"]:
                return None  # "the company-owned ..." qualifies something else
            antecedent = next((m for m in reversed(earlier) if m.type == "Company"), None)
            if antecedent is None:
                return None
            return Mention(i, head + 1, antecedent.name, antecedent.type, resolved=True)
        if word in _NOT_MODIFIERS or head in named or not (word.isalpha() or word == "-"):
            return None
    return None


#: verbs whose object "it" is a thing, not an organisation: "supplied it to", "banned it"
_THING_TAKING_VERBS = frozenset(
    "use uses used using sell sells sold selling supply supplies supplied provide provides provided "
    "deploy deployed deploys ban bans banned banning bought buy buys tested test install installed "
    "make makes made build built develop developed license licensed offer offered offers market marketed "
    "adopt adopted stop stopped suspend suspended block blocked run ran operate operated".split()
)


def _is_expletive(words: list[str], i: int) -> bool:
    """ "it came to light", "it is clear", "supplied it to": an "it" that names no
    organisation."""
    if words[i] != "it":
        return False
    if i > 0 and words[i - 1] in _THING_TAKING_VERBS:
        return True
    following = tuple(words[i + 1 : i + 3])
    return following[:1] in {("came",), ("seems",), ("appears",), ("emerged",)} or following in {
        (verb, word) for verb in ("is", "was") for word in _EXPLETIVE_COMPLEMENTS
    }


_EXPLETIVE_COMPLEMENTS = ("clear", "unclear", "likely", "unlikely", "possible", "revealed", "time")


def in_span(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions that lie inside tokens [start, end)."""
    return [m for m in mentions if m.start >= start and m.end <= end]

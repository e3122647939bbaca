"""Entity recognition without a trained model: spaCy components that set ``doc.ents``.

* ``techkg_paragraphs_v1`` starts a sentence after every line break.
* ``techkg_model_entities_v1`` (only with a trained pipeline) gives its entities techkg types.
* ``techkg_gazetteer_v1`` finds known entities and links each to its canonical name
  (the span's ``kb_id_``), so alias resolution comes with the match.
* ``techkg_org_cues_v1`` finds organisations the gazetteer does not know: capitalised
  names ending in a cue word ("Marinus Analytics", "Sedona Police Department"), names
  introduced as "a company called X", and acronyms a text defines ("... (ICMEC)").
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import ENT_IOB, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.described_names import CALENDAR, described_names, split_on_and
from extract.gazetteer import CASELESS_TYPES, Gazetteer, GazetteerEntry

#: last word(s) of an unknown name -> the entity type it signals
ORG_CUES: dict[str, str] = {
    **dict.fromkeys(
        [
            "Inc",
            "Inc.",
            "Corp",
            "Corp.",
            "Corporation",
            "Ltd",
            "Ltd.",
            "LLC",
            "Technologies",
            "Systems",
            "Labs",
            "Analytics",
            "AI",
            "Solutions",
            "Robotics",
            "Software",
            "Networks",
            "Dynamics",
            "Biometrics",
            "Vision",
            "Intelligence",
        ],
        "Company",
    ),
    **dict.fromkeys(["Police", "Sheriff", "Constabulary", "Troopers", "Patrol"], "LawEnforcementAgency"),
    **dict.fromkeys(
        [
            "Department",
            "Agency",
            "Commission",
            "Ministry",
            "Bureau",
            "Authority",
            "Administration",
            "Commissioner",
            "Regulator",
            "Office",
            "District",
            # a university is filed with public bodies: in this domain it acts as one
            # (campus bans on apps, police departments of its own), and most named are public
            "University",
        ],
        "GovernmentAgency",
    ),
    **dict.fromkeys(
        ["Council", "Supervisors", "Parliament", "Assembly", "Senate", "Legislature"], "Legislature"
    ),
    "Court": "Court",
    **dict.fromkeys(["Foundation", "Coalition", "Union", "Watch", "Project"], "NonProfit"),
}
#: names made of these are about the police even when they end in "Department" or "Office"
_POLICE_WORDS = {"Police", "Sheriff", "Sheriff's", "Sheriff’s", "Constabulary"}
_CONNECTORS = {"of", "for", "and", "&", "on", "'s", "’s", "de"}
#: cue words that open a name rather than end it ("Ministry of Justice", "Court of Appeal")
_HEAD_FIRST_CUES = frozenset(
    "Department Ministry Bureau Office Agency Commission Council Court Administration University".split()
)
#: capitalised words that open sentences but never names
_NOT_NAME_START = set(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "By",
        "For",
        "From",
        "Of",
        "To",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Earlier",
        "Later",
        "Last",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "It",
        "Their",
        "His",
        "Her",
        "Our",
        "We",
        "They",
        "He",
        "She",
        "Only",
        "Some",
        "Many",
        "Most",
        "Every",
        "Each",
        "Under",
        "Over",
        "Since",
        "Until",
        "Meanwhile",
        "However",
        "Also",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "Good",
        "According",
        "During",
        "Without",
        "With",
        "Both",
        "Why",
        "How",
        "What",
        "Who",
        "Where",
        "Several",
        "Other",
        "Another",
    ]
)
_SWALLOWABLE = frozenset({"Place", "Sector", "Person"})
#: capitalised words that make another place of the one after them ("South San Francisco",
#: "East Palo Alto", "North Las Vegas"): a known body of the shorter place is no match there
PLACE_PREFIXES = frozenset(
    "North South East West Northern Southern Eastern Western Upper Lower Greater".split()
)
#: the kinds of body that are named after their place
_PLACE_NAMED = frozenset({"LawEnforcementAgency", "GovernmentAgency", "Legislature"})
_OUTSIDE = 2  # spaCy's ENT_IOB value for a token outside every entity ("O")
#: offices a place has, written in lower case after its name ("Ohio's attorney general")
PLACE_OFFICES: dict[str, str] = {
    **dict.fromkeys(
        [
            "attorney general",
            "privacy commissioner",
            "information commissioner",
            "data protection authority",
            "data protection agency",
            "data protection regulator",
            "privacy regulator",
            "privacy watchdog",
            "competition regulator",
            "communications regulator",
            "telecommunications regulator",
            "transport department",
            "transportation department",
            "education department",
            "health department",
            "interior ministry",
            "finance ministry",
            "industry ministry",
            "defence ministry",
            "defense ministry",
            "foreign ministry",
            "justice ministry",
            "commerce ministry",
            "trade ministry",
            "home office",
        ],
        "GovernmentAgency",
    ),
    **dict.fromkeys(["city council", "state legislature", "legislature", "parliament"], "Legislature"),
}
_LONGEST_OFFICE = max(len(k.split()) for k in PLACE_OFFICES)
#: gazetteer types whose longer names also match with lower-case inner words
_LOOSELY_CASED = frozenset({"GovernmentAgency", "LawEnforcementAgency", "Legislature", "Court", "NonProfit"})
_INTRODUCERS = re.compile(r"^(company|firm|startup|start-up|vendor|business|group) (called|named)$")


@Language.component("techkg_paragraphs_v1")
def split_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


#: a trained model's entity labels -> techkg types (other labels are dropped)
MODEL_LABELS = {"GPE": "Place", "LOC": "Place", "PERSON": "Person", "PRODUCT": "Product"}


@Language.component("techkg_model_entities_v1")
def adopt_model_entities(doc: Doc) -> Doc:
    """Relabel a trained model's entities with techkg types: an organisation takes the
    type its cue words signal ("... Police Department") and is a company otherwise."""
    spans = []
    for ent in doc.ents:
        label = _cue_type(ent) if ent.label_ == "ORG" else MODEL_LABELS.get(ent.label_)
        label = label or ("Company" if ent.label_ == "ORG" else None)
        if label:
            spans.append(Span(doc, ent.start, ent.end, label=label, kb_id=_canonical(ent)))
    doc.ents = spans
    return doc


@Language.factory("techkg_gazetteer_v1")
def make_gazetteer_matcher(nlp: Language, name: str) -> GazetteerMatcher:
    """Factory of the gazetteer component, loaded with the shipped gazetteer."""
    return GazetteerMatcher(nlp, Gazetteer.default())


class GazetteerMatcher:
    """Marks every known surface form as an entity of its gazetteer type."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        # news writes many agencies with lower-case inner words ("the Australian federal
        # police", "Victoria police"): names of two words or more also match that way,
        # as long as the text capitalises their first word
        self.loose = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in gazetteer:
            matcher = self.caseless if entry.type in CASELESS_TYPES else self.cased
            forms = entry.surface_forms()
            key = f"{entry.type}\x1f{entry.name}"
            matcher.add(key, [nlp.make_doc(f) for f in forms])
            if entry.type in _LOOSELY_CASED:
                long_forms = [f for f in forms if len(f.split()) >= 2 and f[:1].isupper()]
                if long_forms:
                    self.loose.add(key, [nlp.make_doc(f) for f in long_forms])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.cased, self.caseless, self.loose):
            for match_id, start, end in matcher(doc):
                if matcher is self.loose and not doc[start].text[:1].isupper():
                    continue
                type_name, canonical = doc.vocab.strings[match_id].split("\x1f", 1)
                spans.append(Span(doc, start, end, label=type_name, kb_id=canonical))
        doc.ents = filter_spans([*doc.ents, *spans])
        return doc


@Language.factory("techkg_org_cues_v1")
def make_org_cues(nlp: Language, name: str) -> OrgCueRecognizer:
    """Factory of the unknown-organisation component (sharing the gazetteer component's
    entries when the pipeline has one)."""
    known = nlp.get_pipe("techkg_gazetteer").gazetteer if "techkg_gazetteer" in nlp.pipe_names else None
    return OrgCueRecognizer(known or Gazetteer.default())


class OrgCueRecognizer:
    """Adds organisations that no gazetteer lists, from the way the text names them."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        # a cued name may swallow a place or sector inside it ("Sedona Police Department"),
        # never a known organisation or product ("Microsoft Corp" stays Microsoft)
        taken = {
            i
            for ent in doc.ents
            if ent.label_ not in _SWALLOWABLE and not _of_a_longer_place(doc, ent)
            for i in range(ent.start, ent.end)
        }
        runs = _capitalised_runs(doc)  # read once: cues and descriptions both look at them
        doc.ents = _outside_law_names(doc, runs)
        known = {(ent.start, ent.end) for ent in doc.ents}  # "European Union" is a place, cue aside
        found = [
            s
            for s in self._cued_names(doc, runs)
            if not taken.intersection(range(s.start, s.end)) and (s.start, s.end) not in known
        ]
        doc.ents = filter_spans([*found, *doc.ents])
        claimed = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        doc.ents = filter_spans([*doc.ents, *described_names(doc, runs, claimed)])
        doc.ents = filter_spans([*self._place_police(doc), *doc.ents])
        doc.ents = filter_spans([*doc.ents, *self._place_offices(doc)])  # a known name wins a tie
        doc.ents = filter_spans([*doc.ents, *self._acronyms(doc)])
        doc.ents = filter_spans([*doc.ents, *_repeated_names(doc, self.gazetteer)])
        doc.ents = filter_spans([*doc.ents, *_titled_people(doc)])
        return doc

    def _place_police(self, doc: Doc) -> list[Span]:
        """ "Queensland police", "New Jersey police", "police in Shanghai" (and "police in
        Beijing and Shanghai"): a place's police force."""
        spans = []
        for ent in doc.ents:
            police_start = _policed_place(doc, ent) if ent.label_ == "Place" else None
            if police_start is not None:
                name = f"{ent.kb_id_ or ent.text} Police"
                spans.append(Span(doc, police_start, ent.end, label="LawEnforcementAgency", kb_id=name))
                continue
            following = doc[ent.end : ent.end + 2]
            if (
                ent.label_ == "Place"
                and following[:1].text.lower() == "police"
                and following[1:2].text not in {"Department", "Service", "Force", "Office", "Bureau"}
            ):
                name = f"{ent.text} Police"
                spans.append(Span(doc, ent.start, ent.end + 1, label="LawEnforcementAgency", kb_id=name))
        return spans

    def _place_offices(self, doc: Doc) -> list[Span]:
        """ "New Jersey's attorney general", "Ontario's privacy commissioner": an office of
        a place, named "<Place> <Office>" ("New Jersey Attorney General")."""
        spans = []
        for ent in doc.ents:
            if ent.label_ != "Place" or doc[ent.end : ent.end + 1].text not in {"'s", "’s"}:
                continue
            following = [t.lower_ for t in doc[ent.end + 1 : ent.end + 1 + _LONGEST_OFFICE]]
            for length in range(len(following), 0, -1):
                label = PLACE_OFFICES.get(" ".join(following[:length]))
                if label:
                    office = " ".join(w.capitalize() for w in following[:length])
                    end = ent.end + 1 + length
                    known = self._known_office(ent, " ".join(following[:length]))
                    name = known.name if known else f"{ent.kb_id_ or ent.text} {office}"
                    spans.append(Span(doc, ent.start, end, label=known.type if known else label, kb_id=name))
                    break
        return spans

    def _known_office(self, place: Span, office: str) -> GazetteerEntry | None:
        """The listed body an office of a place is: "Italy's privacy watchdog" is the
        Garante when the gazetteer knows it as "Italian privacy watchdog" (the adjective
        comes from the place's "<adjective> government" alias)."""
        entry = self.gazetteer.get(place.kb_id_ or place.text)
        names = [place.text, place.kb_id_, *(entry.aliases if entry else ())]
        adjectives = [a.removesuffix(" government") for a in names if a and a.endswith(" government")]
        for form in [f"{place.text}'s {office}", f"{place.kb_id_ or place.text} {office}"] + [
            f"{a} {office}" for a in adjectives
        ]:
            found = self.gazetteer.named(form)
            if found is not None and found.type in _LOOSELY_CASED:
                return found
        return None

    def _cued_names(self, doc: Doc, runs: list[tuple[int, int]]) -> list[Span]:
        spans = []
        for run_start, run_end in runs:
            for start, end in _pieces(doc, run_start, run_end):
                label = _cue_type(doc[start:end]) or _introduced(doc, start)
                if label:
                    spans.append(Span(doc, start, end, label=label, kb_id=_canonical(doc[start:end])))
        return spans

    def _acronyms(self, doc: Doc) -> list[Span]:
        """ "Long Name (LN)" defines LN; later bare LNs are the same entity."""
        defined: dict[str, Span] = {}
        for ent in doc.ents:
            nxt = doc[ent.end : ent.end + 3]
            if len(nxt) == 3 and nxt[0].text == "(" and nxt[2].text == ")" and nxt[1].is_upper:
                defined[nxt[1].text] = ent
        if not defined:  # most articles define no acronym: no need to read every token again
            return []
        return [
            Span(doc, t.i, t.i + 1, label=defined[t.text].label_, kb_id=defined[t.text].kb_id_)
            for t in doc
            if t.text in defined and t.ent_iob_ == "O"
        ]


#: last words of the names of laws: "Artificial Intelligence Act", "Stop Secret Surveillance Ordinance"
LAW_WORDS = frozenset({"Act", "Law", "Ordinance", "Directive", "Regulation", "Bill"})


#: titles before a person's name: "Gov. Greg Abbott", "Mayor Kevin Faulconer" (the title
#: stays out of the name, so "Greg Abbott" and "Abbott" can meet)
PERSON_TITLES = frozenset(
    "Gov Gov. Governor Mayor President Sen Sen. Senator Rep Rep. Representative Mr Mr. Ms Ms. Mrs Mrs. "
    "Dr Dr. Judge".split()
)
_LONGEST_PERSON_NAME = 3


def _titled_people(doc: Doc) -> list[Span]:
    """People the text names after a title, where no other entity stands."""
    spans = []
    for title in doc:
        if title.text not in PERSON_TITLES or title.ent_type_:
            continue
        end = title.i + 1
        while end < len(doc) and end - title.i <= _LONGEST_PERSON_NAME and _is_name_word(doc[end]):
            if doc[end].ent_type_ or doc[end].text in CALENDAR:
                break
            end += 1
        if end > title.i + 1:
            spans.append(Span(doc, title.i + 1, end, label="Person", kb_id=doc[title.i + 1 : end].text))
    return spans


def _of_a_longer_place(doc: Doc, ent: Span) -> bool:
    """Whether a known body's name is the tail of another place's body: the San Francisco
    Police Department inside "the South San Francisco Police Department"."""
    return ent.label_ in _PLACE_NAMED and ent.start > 0 and doc[ent.start - 1].text in PLACE_PREFIXES


def _outside_law_names(doc: Doc, runs: list[tuple[int, int]]) -> list[Span]:
    """The entities, less the technologies named inside the name of a law: the
    "Artificial Intelligence Act" is no mention of artificial intelligence, nor the
    "Facial Recognition Act" one of facial recognition."""
    laws = [(start, end) for start, end in runs if end - start >= 2 and doc[end - 1].text in LAW_WORDS]
    if not laws:
        return list(doc.ents)
    return [
        ent
        for ent in doc.ents
        if ent.label_ not in {"Technology", "Product"}
        or not any(start <= ent.start and ent.end <= end for start, end in laws)
    ]


def _policed_place(doc: Doc, place: Span) -> int | None:
    """Where the mention of a place's police starts when the place stands after "police
    in" ("police in Shanghai": at "police"), or is listed with one that does ("police in
    Beijing and Shanghai": at "Shanghai"); None when it does not."""
    i = place.start
    while i >= 2 and doc[i - 1].text in {",", "and"} and doc[i - 2].ent_type_ == "Place":
        i = _ent_start(doc, i - 2)
    if [t.lower_ for t in doc[max(0, i - 2) : i]] != ["police", "in"]:
        return None
    return i - 2 if i == place.start else place.start


def _ent_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _repeated_names(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """Every other mention of a name recognised once from its cues or its neighbours:
    "Watrix, a Beijing start-up" makes the headline's "Watrix" the company too. Only names
    that are their own text are repeated ("Beijing" in "police in Beijing" stays a place)."""
    names: dict[int, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ not in _SWALLOWABLE and ent.kb_id_ == ent.text and gazetteer.get(ent.text) is None:
            names.setdefault(ent[0].orth, []).append(ent)
    if not names:
        return []
    # read the tokens as arrays: a Token object per word would cost more than the rest
    table = doc.to_array([ORTH, ENT_IOB])
    free = table[:, 1] == _OUTSIDE
    starts = numpy.nonzero(numpy.isin(table[:, 0], list(names)) & free)[0]
    spans = []
    for i in starts.tolist():
        for ent in names[int(table[i, 0])]:
            end = i + len(ent)
            if end <= len(doc) and free[i:end].all() and table[i:end, 0].tolist() == [t.orth for t in ent]:
                spans.append(Span(doc, i, end, label=ent.label_, kb_id=ent.kb_id_))
                break
    return spans


def _capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, allowing connectors inside ("Department of Justice")."""
    runs, i = [], 0
    while i < len(doc):
        if not _is_name_word(doc[i]) or doc[i].text in _NOT_NAME_START or doc[i].text in CALENDAR:
            i += 1
            continue
        end = i + 1
        while end < len(doc):
            if _is_name_word(doc[end]):
                end += 1
                continue
            # one or two connectors between name words: "Bureau of Investigation",
            # "Department of the Interior" ("the" alone joins no name: "Late Thursday the
            # City Council")
            gap = 1 if doc[end].text in _CONNECTORS else 0
            if doc[end].text == "at" and doc[i].text == "University":  # "University of Texas at Austin"
                gap = 1
            if gap and doc[end].text in {"of", "for", "on"} and doc[end + 1 : end + 2].text == "the":
                gap = 2
            if gap and end + gap < len(doc) and _is_name_word(doc[end + gap]):
                end += gap + 1
            else:
                break
        runs.append((i, end))
        i = end
    return runs


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A run as one name when its cue covers it all ("Department of Health and Human
    Services"), else the names "and" joins in it ("the Dallas Police Department and Axon")."""
    if _cue_type(doc[start:end]):
        return [(start, end)]
    return split_on_and(doc, start, end)


def _is_name_word(token) -> bool:  # type: ignore[no-untyped-def]
    text = token.text
    return text[:1].isupper() and (token.is_alpha or text.rstrip(".").isalpha() or "'" in text)


def _cue_type(span: Span) -> str | None:
    """The type the run's cue words signal; police words win over generic ones."""
    words = [t.text for t in span]
    if len(words) < 2:
        return None
    if _POLICE_WORDS.intersection(words) and words[-1] in {"Department", "Office", "Service", "Police"}:
        return "LawEnforcementAgency"
    # "Department of the Interior", "Ministry of Digital Affairs", and after a place's name
    # "Ohio Bureau of Criminal Investigation", "Texas Department of Public Safety"
    for i, word in enumerate(words[:-2]):
        if word in _HEAD_FIRST_CUES and words[i + 1] in {"of", "for", "on"}:
            return ORG_CUES[word]
    return ORG_CUES.get(words[-1])


def _introduced(doc: Doc, start: int) -> str | None:
    """ "a company called Clearview AI": the words before a name tell its type."""
    before = doc[max(0, start - 2) : start].text.lower()
    return "Company" if _INTRODUCERS.match(before) else None


def _canonical(span: Span) -> str:
    """The name an unknown entity goes by: its words without a leading "the"."""
    return span[1:].text if len(span) > 1 and span[0].lower_ == "the" else span.text

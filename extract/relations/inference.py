"""Article-level settlement of what the sentence rules found.

Sentences say things partially: a quote repeats a moratorium as "Amazon's facial
recognition technology" after the lead named the product; a sale says "selling it";
exemptions come after the restriction they qualify. Here the facts of one article are
reconciled: kinds are specialised to the product the article ties them to, missing
technologies and vendors filled from the article's own statements, implied facts
derived (a vendor that supplies a technology offers it), repeats merged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from extract.facts import Fact
from extract.temporal import add_duration

#: confidence given to facts derived from others rather than read from a sentence
DERIVED_CONFIDENCE = 0.75
#: confidence cap for a supply whose technology is only the article's main subject
TOPIC_CONFIDENCE = 0.6


def settle(
    facts: list[Fact], types: dict[str, str], place_words: dict[str, set[str]] | None = None
) -> list[Fact]:
    """Reconcile one article's facts; ``types`` maps entity names to entity types and
    ``place_words`` a place to the words that name things of it ("Spain": {"Spain", "Spanish"})."""
    notes = [f for f in facts if f.relation == "exempt"]
    facts = [f for f in facts if f.relation != "exempt"]
    facts = _fill_own_offerings(facts)
    facts = _governing_bodies(facts, types, place_words or {})
    facts = _specialise(facts, types)
    facts = _fill_use_vendors(facts)
    facts = _fill_supply_vendors(facts)
    facts = _fill_supply_technologies(facts, types)
    facts = _dedupe(facts + _derived(facts, types))
    _attach_exemptions(facts, notes)
    return facts


def _index(facts: list[Fact], relation: str, key: str, value: str) -> dict[str, set[str]]:
    """``key`` field -> the ``value`` fields of the article's facts of one relation."""
    index: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.relation == relation:
            index[f.values[key]].add(f.values[value])
    return index


def _offers(facts: list[Fact]) -> dict[str, set[str]]:
    """vendor -> technologies it offers, as the article states."""
    return _index(facts, "offers", "vendor", "technology")


def _categories(facts: list[Fact]) -> dict[str, set[str]]:
    """kind of technology -> products the article says are of that kind."""
    return _index(facts, "category", "category", "technology")


_AGENT_FIELD = {"offers": "vendor", "supplies": "vendor", "uses": "vendor", "restricts": "authority"}


def _specialise(facts: list[Fact], types: dict[str, str]) -> list[Fact]:
    """ "Amazon's facial recognition technology" is Rekognition when the article says
    Amazon offers Rekognition and Rekognition is facial recognition."""
    offered, products = _offers(facts), _categories(facts)
    out = []
    for f in facts:
        agent = f.values.get(_AGENT_FIELD.get(f.relation, ""))
        tech = f.values.get("technology")
        if f.relation != "category" and types.get(tech or "") == "Technology" and agent:
            match = offered.get(agent, set()) & products.get(tech, set())
            if len(match) == 1:
                f = replace(f, values={**f.values, "technology": match.pop()})
        out.append(f)
    return out


def _fill_own_offerings(facts: list[Fact]) -> list[Fact]:
    """ "Clearview discontinued its services": a restriction of the authority's own
    offering gets the one technology the article says it offers, or is dropped; so does
    one of another company's offering ("halted its use of Clearview AI")."""
    offered = _offers(facts)
    out = []
    for f in facts:
        if f.relation == "restricts" and (not f.values.get("technology") or "offered_by" in f.values):
            values = dict(f.values)
            owner = values.pop("offered_by", None) or values["authority"]
            own = offered.get(owner, set())
            if len(own) != 1:
                continue
            f = replace(f, values={**values, "technology": next(iter(own))})
        out.append(f)
    return out


#: entity types that act for a place when a headline says the place did it
_GOVERNING = frozenset({"Legislature", "GovernmentAgency"})


def _governing_bodies(
    facts: list[Fact], types: dict[str, str], place_words: dict[str, set[str]]
) -> list[Fact]:
    """ "Santa Cruz bans predictive policing" when the article also names the Santa Cruz
    City Council, "Spain bans Worldcoin" when the Spanish Data Protection Agency restricts
    it too: the restriction is the body's, when exactly one body named after the place
    restricts the same technology in the article."""
    products = _categories(facts)

    def related(a: str, b: str) -> bool:  # the same technology, or a product and its kind
        return a == b or a in products.get(b, ()) or b in products.get(a, ())

    restricting = [
        (f.values["authority"], f.values["technology"]) for f in facts if f.relation == "restricts"
    ]
    out = []
    for f in facts:
        place = f.values.get("authority") if f.relation == "restricts" else None
        if place and types.get(place) == "Place":
            words = place_words.get(place, set()) | {place}
            bodies = [
                n
                for n, t in types.items()
                if t in _GOVERNING | {"Court"} and any(n.startswith(w + " ") for w in words)
            ]
            technology = f.values["technology"]
            acting = [b for b in bodies if any(a == b and related(t, technology) for a, t in restricting)]
            if not acting and len(bodies) == 1:  # "Santa Cruz bans ..." and its council voted
                acting = bodies
            if len(acting) == 1:
                f = replace(f, values={**f.values, "authority": acting[0]})
        out.append(f)
    return out


def _makers(facts: list[Fact]) -> dict[str, set[str]]:
    """technology -> the vendors the article says offer it (a kind also by its products:
    Clearview AI offers facial recognition when its app is facial recognition)."""
    makers: dict[str, set[str]] = defaultdict(set)
    for vendor, techs in _offers(facts).items():
        for tech in techs:
            makers[tech].add(vendor)
    for kind, products in _categories(facts).items():
        if not makers.get(kind):
            for product in products:
                makers[kind] |= makers.get(product, set())
    return makers


def _fill_supply_vendors(facts: list[Fact]) -> list[Fact]:
    """ "the RCMP had acquired the technology": a purchase whose seller the sentence does
    not name is from the one vendor the article says offers what was bought, else dropped."""
    makers = _makers(facts)
    out = []
    for f in facts:
        if f.relation == "supplies" and not f.values.get("vendor"):
            found = makers.get(f.values.get("technology") or "", set()) - {f.values["customer"]}
            if len(found) != 1:
                continue
            f = replace(f, values={**f.values, "vendor": next(iter(found))}, confidence=f.confidence - 0.1)
        out.append(f)
    return out


def _fill_use_vendors(facts: list[Fact]) -> list[Fact]:
    """A use of a product gets the vendor the article says offers it; a use of a company's
    service ("used PimEyes") the one technology the article says it offers, else is dropped."""
    offered = _offers(facts)
    makers = _makers(facts)
    out = []
    for f in facts:
        if f.relation == "uses" and not f.values.get("technology"):
            own = offered.get(f.values.get("vendor") or "", set())
            if len(own) != 1:
                continue
            f = replace(f, values={**f.values, "technology": next(iter(own))})
        if f.relation == "uses" and not f.values.get("vendor"):
            found = makers.get(f.values["technology"], set()) - {f.values["user"]}
            if len(found) == 1:
                f = replace(f, values={**f.values, "vendor": next(iter(found))})
        out.append(f)
    return out


def _fill_supply_technologies(facts: list[Fact], types: dict[str, str]) -> list[Fact]:
    """ "selling it to police": what the vendor offers in this article, else the article's
    main technology (with lower confidence)."""
    offered = _offers(facts)
    topic = _main_technology(facts, types)
    out = []
    for f in facts:
        if f.relation == "supplies" and not f.values.get("technology"):
            own = offered.get(f.values["vendor"], set())
            if len(own) == 1:
                f = replace(f, values={**f.values, "technology": next(iter(own))})
            elif topic:
                values = {**f.values, "technology": topic}
                f = replace(f, values=values, confidence=min(f.confidence, TOPIC_CONFIDENCE))
        out.append(f)
    return out


def _main_technology(facts: list[Fact], types: dict[str, str]) -> str | None:
    """The kind of technology the article's facts are most about."""
    counts = Counter(
        f.values.get(field)
        for f in facts
        for field in ("technology", "category")
        if types.get(f.values.get(field) or "") == "Technology"
    )
    return counts.most_common(1)[0][0] if counts else None


#: customers that buy a technology to use it themselves (a carrier resells phones, a
#: manufacturer builds components into its own products; an agency uses what it buys)
_END_USERS = frozenset({"GovernmentAgency", "LawEnforcementAgency"})


def _derived(facts: list[Fact], types: dict[str, str]) -> list[Fact]:
    """Facts implied by others: a use with a known vendor is a supply, and a supply to a
    public agency is its use; a supply or a company's own discontinuation means it offered
    the technology (a city that stops using one offered nothing)."""
    derived = []
    for f in facts:
        v = f.values
        if f.relation == "uses" and v.get("vendor") and v["vendor"] != v["user"]:
            derived.append(
                _derive(f, "supplies", vendor=v["vendor"], customer=v["user"], technology=v["technology"])
            )
        if f.relation == "supplies" and v.get("technology") and types.get(v["customer"]) in _END_USERS:
            derived.append(
                _derive(
                    f,
                    "uses",
                    user=v["customer"],
                    technology=v["technology"],
                    vendor=v["vendor"],
                    purpose=None,
                )
            )
        if f.relation == "supplies" and v.get("technology"):
            derived.append(_derive(f, "offers", vendor=v["vendor"], technology=v["technology"]))
        if (
            f.relation == "restricts"
            and v["kind"] == "discontinuation"
            and not f.own_use
            and types.get(v["authority"]) == "Company"
        ):
            derived.append(_derive(f, "offers", vendor=v["authority"], technology=v["technology"]))
    return derived


def _derive(source: Fact, relation: str, **values: str) -> Fact:
    return Fact(relation, values, source.evidence, min(source.confidence, DERIVED_CONFIDENCE))


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per key: the first statement wins, gaps filled from later ones."""
    kept: dict[tuple[str, ...], Fact] = {}
    for f in facts:
        first = kept.get(f.key())
        if first is None:
            kept[f.key()] = f
            continue
        merged = {
            k: first.values.get(k) if first.values.get(k) not in (None, []) else v
            for k, v in f.values.items()
        }
        if f.extends:
            merged.update(_extended_dates(first.values, f.values))
        kept[f.key()] = replace(
            first, values={**first.values, **merged}, confidence=max(first.confidence, f.confidence)
        )
    return list(kept.values())


def _extended_dates(original: dict, extension: dict) -> dict:
    """The dates of a restriction after an extension: a stated new end wins; "for another
    six months" moves the end on; "indefinitely" (no end, no duration) leaves it open.
    The duration then no longer spans start to end, so it is dropped.

    >>> _extended_dates({"start": "2020-06-10", "end": "2021-06-10"}, {"end": None, "duration": None})
    {'end': None, 'duration': None}
    >>> _extended_dates({"start": "2020-06-10", "end": "2021-06-10"}, {"end": None, "duration": "P6M"})
    {'end': '2021-12-10', 'duration': None}
    """
    end = extension.get("end")
    if end is None and extension.get("duration") and original.get("end"):
        moved = add_duration(date.fromisoformat(original["end"]), extension["duration"])
        end = moved.isoformat() if moved else None
    return {"end": end, "duration": None}


def _attach_exemptions(facts: list[Fact], notes: list[Fact]) -> None:
    """Each exemption goes to the latest restriction stated before it on a compatible
    technology, when nobody or that restriction's own authority grants it (a company that
    "allowed CBP to access" its data exempts no one from a city's ban)."""
    restrictions = sorted((f for f in facts if f.relation == "restricts"), key=lambda f: f.evidence.start)
    products = _categories(facts)
    for note in notes:
        tech = note.values.get("technology")
        grantor = note.values.get("grantor")
        for r in reversed([r for r in restrictions if r.evidence.start <= note.evidence.start]):
            if grantor is not None and grantor != r.values["authority"]:
                continue
            if (
                tech is None
                or tech == r.values["technology"]
                or r.values["technology"] in products.get(tech, ())
            ):
                exempt = r.values.setdefault("exempt", [])
                exempt += [n for n in note.values["names"] if n not in exempt and n != r.values["authority"]]
                break

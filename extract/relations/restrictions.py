"""Restrictions: who bans, pauses, limits or stops which technology, for whom, and when.

A restriction needs a trigger ("moratorium", "banned", "will no longer sell"), an
authority (the nearest organisation before it, or the agent after "by" in the passive)
and a technology (the first one after it, else the nearest before). Scope, dates and
duration come from the same sentence. Exemptions usually come in a later sentence
("we will continue to allow X and Y to use it"), so they are emitted as ``exempt``
notes that :mod:`extract.relations.inference` attaches to the restriction they follow.
"""

from __future__ import annotations

from extract.cues import (
    DENIED_PERMISSIONS,
    EXEMPTION_CUES,
    ISSUING_VERBS,
    PERMITTED_ACTS,
    PRODUCT_NOUNS,
    PROPOSABLE,
    PUBLIC_ONLY_TRIGGERS,
    REMOVAL_COMPLEMENTS,
    REMOVAL_VERBS,
    RESTRICTION_TRIGGERS,
    RULE_NOUNS,
)
from extract.facts import Fact
from extract.mentions import AGENT_TYPES, AUTHORITY_TYPES, ORG_TYPES, TECH_TYPES, Mention
from extract.relations.context import SentenceContext
from extract.temporal import add_duration, find_dates, find_duration, is_indefinite

SCOPE_TYPES = frozenset({"Sector", "LawEnforcementAgency"})
#: who can order someone else to stop: public bodies, not companies
ORDERING_TYPES = frozenset({"GovernmentAgency", "LawEnforcementAgency", "Legislature", "Court", "Place"})
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"})
PASSIVE_ADVERBS = frozenset(
    {"now", "also", "already", "effectively", "formally", "officially", "temporarily"}
)
EXTENSION_WORDS = frozenset({"extended", "extends", "extend", "extending", "prolonged", "renewed", "renews"})
RESTRICTION_NOUNS = frozenset(
    "ban bans moratorium moratoriums moratoria prohibition pause suspension halt restrictions limits".split()
)
ORDER_VERBS = frozenset(
    "ordered orders order ordering required requires requiring forced directed directs directing told "
    "tells telling instructed instructs instructing gave gives compelled".split()
)
#: how many sentences back an authority may be carried over from
CARRY_OVER_SENTENCES = 2


def restriction_facts(ctx: SentenceContext) -> list[Fact]:
    """Every restriction the sentence asserts."""
    facts, taken = [], set()
    for index, length, kind in ctx.find(RESTRICTION_TRIGGERS):
        facts += _restriction(ctx, index, index + length, kind)
        taken.update(range(index, index + length))
    for index, length, kind in ctx.find(DENIED_PERMISSIONS):
        if ctx.words[index + length : index + length + 1] and ctx.words[index + length] in PERMITTED_ACTS:
            facts += _restriction(ctx, index, index + length, kind, denied=True)
    for index, length, kind in ctx.find(REMOVAL_VERBS):
        if index not in taken and _ordered_removal(ctx, index, index + length):
            facts += _restriction(ctx, index, index + length, kind)
    for index in range(ctx.start, ctx.end):
        if ctx.words[index] in ENDING_VERBS and index not in taken and _ends_a_programme(ctx, index):
            facts += _restriction(ctx, index, index + 1, "discontinuation")
    return facts


#: verbs that end a programme of one's own: "voted to end its license plate camera program"
ENDING_VERBS = frozenset(
    "end ends ended ending terminate terminates terminated terminating cancel cancels canceled "
    "cancelled cancelling canceling".split()
)
#: what such a verb ends when it is a restriction: the use of a technology in some form
PROGRAMME_NOUNS = frozenset(
    "program programs programme pilot pilots trial trials contract contracts partnership "
    "partnerships deployment subscription project".split()
)
_PROGRAMME_REACH = 6  # "end its controversial license plate camera program"


def _ends_a_programme(ctx: SentenceContext, verb: int) -> bool:
    """Whether the verb ends a programme of a technology: "end its controversial license
    plate camera program", "terminated the city's ShotSpotter contract", "cancelled its
    pilot with Flock Safety" (not "ended the meeting", "at the end of the program")."""
    if ctx.words[verb + 1 : verb + 2] not in (["its"], ["their"], ["the"], ["a"], ["our"]):
        return False
    stop = min(ctx.end, verb + 2 + _PROGRAMME_REACH)
    noun = next((i for i in range(verb + 2, stop) if ctx.words[i] in PROGRAMME_NOUNS), None)
    if noun is None:
        return False
    if ctx.between(verb + 2, noun, TECH_TYPES):
        return True
    partner = ctx.after(noun + 1, frozenset({"Company"}), limit=3)
    return ctx.words[noun + 1 : noun + 2] == ["with"] and partner is not None


#: how far after a removal verb the technology removed may stand: "delete the Chinese-owned app"
_REMOVED_REACH = 5


def _ordered_removal(ctx: SentenceContext, index: int, end: int) -> bool:
    """Whether a removal word is an order to take a technology away: "told staff to delete
    TikTok", "ordered TikTok off" (not "removed a post", "required it to delete the photos")."""
    order = _order_word(ctx, index)
    if order is None:
        return False
    if ctx.words[index] in REMOVAL_COMPLEMENTS and ctx.between(order + 1, index, TECH_TYPES):
        return True
    return ctx.after(end, TECH_TYPES | {"Company"}, limit=_REMOVED_REACH) is not None


def _restriction(ctx: SentenceContext, index: int, end: int, kind: str, denied: bool = False) -> list[Fact]:
    """The restrictions one trigger states: one per technology it lists ("banned TikTok,
    WeChat and 57 other apps"). ``denied``: the trigger denies its subject a permission
    ("will not be allowed to use X"), so the subject is the target, not the authority."""
    extends = bool(set(ctx.words[max(ctx.start, index - 4) : index]) & EXTENSION_WORDS)
    if not ctx.asserted(index) or not _issued(ctx, index, end):
        return []
    if ctx.words[index] in {"limited", "restricted"} and ctx.words[index - 1] in _ADJECTIVE_MARKERS:
        return []  # "a limited number of stores", "the restricted area": no restriction
    if _refers_back(ctx, index, end) and not extends:
        return []
    if ctx.proposed(index):
        if kind not in PROPOSABLE:
            return []
        kind = "proposed-ban"
    technology = ctx.in_clause(ctx.after(end, TECH_TYPES), end) or ctx.before(index, TECH_TYPES)
    if _passive(ctx, index) and ctx.words[end : end + 1] != ["from"]:
        # "facial recognition has been prohibited across the EU": the subject is what is banned
        technology = ctx.before(index, TECH_TYPES) or technology
    if technology is None and extends:  # "extended its moratorium": the one just reported
        technology = _carried_over(ctx, TECH_TYPES)
    if technology is None and _own_offering(ctx, end):
        # "discontinued its services to the RCMP": what the company offers, settled for
        # the whole article in extract.relations.inference
        technology = Mention(end, end + 2, "", "Technology")
    offered_by = _company_object(ctx, index, end) if technology is None else None
    if offered_by is not None:  # "halted its use of Clearview AI": what that company offers
        technology = Mention(offered_by.start, offered_by.end, "", "Technology")
    if technology is None:
        return []
    order = _order_word(ctx, index)
    if order is not None:  # "X was ordered to stop": whoever gave the order restricts
        authority, confidence = _orderer(ctx, order, index), 0.85
        kind = "ban" if kind == "discontinuation" else kind
    else:
        authority, confidence = _authority(ctx, index, end, technology, denied)
        public_only = tuple(ctx.words[index:end]) in PUBLIC_ONLY_TRIGGERS
        if public_only and authority is not None and authority.type not in ORDERING_TYPES:
            authority = ctx.before(index, ORDERING_TYPES)
    if authority is None or (offered_by is not None and authority.name == offered_by.name):
        return []  # a company banning its own product is a misreading ("states barred it")
    shared = {
        "authority": authority.name,
        "kind": kind,
        "scope": _scope(ctx, end, technology),
        "exempt": [],
        **_timing(ctx, anchored=not extends),
    }
    if offered_by is not None:
        shared["offered_by"] = offered_by.name
    facts = []
    for listed in ctx.listed_with(technology, TECH_TYPES):
        values = {**shared, "technology": listed.name, "exempt": []}
        penalty = 0.1 * (listed.resolved + authority.resolved)
        fact = ctx.fact("restricts", values, confidence - penalty)
        fact.extends = extends
        fact.own_use = bool(set(ctx.words[index:end]) & _OWN_USE_WORDS)
        facts.append(fact)
    return facts


#: words of a trigger that ends the authority's own use rather than its offering
_OWN_USE_WORDS = frozenset({"using", "use", "uses", "deploying", "deploys", "deploy"})
#: words before "limited"/"restricted" that make it an adjective: "a limited number of stores"
_ADJECTIVE_MARKERS = frozenset({"a", "an", "the", "very", "more", "less", "only"})

#: words between a restriction and the company whose offering it restricts: "halted its
#: use of Clearview AI", "ended its contract with Flock Safety", "a ban on Huawei"
_OBJECT_GLUE = frozenset({"its", "their", "the", "use", "of", "on", "with", "contract", "contracts", "work"})


def _company_object(ctx: SentenceContext, index: int, end: int) -> Mention | None:
    """The company a restriction names in place of a technology: "stop using Clearview
    AI", "ended its contract with Flock Safety", "added Hikvision to the entity list"."""
    company = ctx.after(end, frozenset({"Company"}), limit=5)
    if company is not None and set(ctx.words[end : company.start]) <= _OBJECT_GLUE:
        return company
    if ctx.words[index:end][-2:] == ["entity", "list"]:  # "added X and Y to the entity list"
        added = next(
            (i for i in range(index - 1, ctx.start - 1, -1) if ctx.words[i] in {"added", "adds", "placed"}),
            None,
        )
        listed = ctx.after(added + 1, frozenset({"Company"}), limit=3) if added is not None else None
        return listed
    return None


def _own_offering(ctx: SentenceContext, end: int) -> bool:
    """ "stopped selling its products", "discontinued their services"."""
    words = ctx.words[end : end + 2]
    return len(words) == 2 and words[0] in {"its", "their"} and words[1] in PRODUCT_NOUNS


def _authority(
    ctx: SentenceContext, index: int, end: int, technology: Mention, denied: bool = False
) -> tuple[Mention | None, float]:
    """The passive agent ("banned by the council"), else the nearest organisation before
    the trigger, else one carried over from the sentences just before."""
    if ctx.words[end : end + 1] == ["by"] or ctx.words[end + 1 : end + 2] == ["by"]:
        agent = ctx.after(end, AUTHORITY_TYPES, limit=4)
        if agent is not None:
            return agent, 0.85
    if denied or _passive(ctx, index):  # "police are barred from using it": the subject is the target
        return _authority_over_subject(ctx, index, end)
    issuer = _issuer_of_relative_rule(ctx, index)
    if issuer is not None:  # "Biden signed an executive order that bars ..."
        return issuer
    near = _nearest_authority(ctx, index)
    if near is not None and near.name != technology.name:
        return near, 0.9
    if _law_subject(ctx, index):
        # "The Act also outlaws X": the law's maker, the last lawmaker the article named
        maker = next((m for m in reversed(ctx.earlier) if m.type in _LAWMAKER_TYPES), None)
        if maker is not None:
            return maker, 0.6
    return _carried_over(ctx), 0.6


def _authority_over_subject(ctx: SentenceContext, index: int, end: int) -> tuple[Mention | None, float]:
    """Who restricts when the sentence's subject is the one restricted ("Rite Aid will not
    be allowed to use X under a settlement with the FTC", "police in Ohio are barred")."""
    agent = _under_agent(ctx, end)
    if agent is not None:  # "under a settlement with the FTC", "under Illinois law"
        return agent, 0.8
    where = _place_of_passive(ctx, end)
    if where is not None:  # "is banned in Italy", "prohibited across the European Union"
        return where, 0.75
    carried = _carried_over(ctx, ORDERING_TYPES)
    if carried is not None:
        return carried, 0.6
    # "Police in California will not be allowed to ...": the place the subject stands in
    located = next(
        (m for m in reversed(ctx.mentions) if m.end <= index and m.type == "Place" and ctx.located(m)),
        None,
    )
    if located is not None and ctx.clause_end(located.end) < index:
        return None, 0.0  # "X is legal in New York, but Y is forbidden": another clause
    return located or _place_of_police(ctx, index), 0.6


def _place_of_police(ctx: SentenceContext, index: int) -> Mention | None:
    """The place of a subject named "police in <place>" (one agency mention, "Oregon
    Police"), right before the trigger: "Police in Oregon are not allowed to use X"."""
    police = ctx.before(index, frozenset({"LawEnforcementAgency"}))
    if police is None or ctx.words[police.start : police.start + 2] != ["police", "in"]:
        return None
    if ctx.clause_end(police.end) < index or not police.name.endswith(" Police"):
        return None
    return Mention(police.start + 2, police.end, police.name.removesuffix(" Police"), "Place")


#: how far after "under" the body whose decision it is may stand: "under a settlement with the FTC"
_UNDER_REACH = 7


def _under_agent(ctx: SentenceContext, end: int) -> Mention | None:
    """The public body of an "under ..." phrase in the trigger's clause: "under an order
    from the FCC", "under a settlement with the Federal Trade Commission"."""
    for i in range(end, ctx.clause_end(end)):
        if ctx.words[i] == "under":
            return ctx.after(i + 1, ORDERING_TYPES, limit=_UNDER_REACH)
    return None


def _nearest_authority(ctx: SentenceContext, index: int) -> Mention | None:
    """The nearest possible authority before the trigger, passing over makers named as a
    technology's modifier ("new Huawei and ZTE gear and restricts ...": the FCC restricts)."""
    candidates = [m for m in ctx.mentions if m.end <= index and m.type in AUTHORITY_TYPES]
    for mention in reversed(candidates):
        if ctx.is_modifier(mention, index) or _names_a_product(ctx, mention):
            continue
        return mention
    return None


def _names_a_product(ctx: SentenceContext, mention: Mention) -> bool:
    """Whether a company's name only qualifies what follows it, alone or with the makers
    listed with it: "ZTE gear", "Hikvision cameras", "Huawei and ZTE gear"."""
    if mention.type != "Company":
        return False
    last = ctx.listed_with(mention, frozenset({"Company"}))[-1]
    following = ctx.after(last.end, TECH_TYPES, limit=1)
    return following is not None or ctx.words[last.end : last.end + 1] in ([w] for w in PRODUCT_NOUNS)


#: nouns of a rule someone issues, which may stand as a restriction's subject through
#: "that" or "which": "an executive order that bars", "an ordinance which prohibits"
RULE_ISSUED_NOUNS = frozenset(
    "order orders directive decree ordinance ordinances law laws bill measure rule rules policy".split()
)
#: rules a legislature makes: whoever signs one into law acts for the place, so a person
#: signing is no authority (an executive order or directive is the signer's own)
LEGISLATIVE_NOUNS = frozenset("ordinance ordinances law laws bill measure".split())
#: verbs by which someone issues such a rule
_ISSUING = frozenset(
    "signed signs issued issues passed passes adopted adopts approved approves enacted enacts".split()
)
#: who may issue a rule: public bodies, and people in office ("President Joe Biden signed")
_ISSUER_TYPES = AUTHORITY_TYPES | {"Person"}


def _issuer_of_relative_rule(ctx: SentenceContext, index: int) -> tuple[Mention | None, float] | None:
    """For a trigger in a relative clause on a rule ("signed an executive order that bars
    X"), the one who issued the rule, named in the rule's own clause; ``None`` when the
    trigger is not in such a clause (no answer: the usual search goes on), ``(None, 0)``
    when it is but nobody in that clause issued the rule (no authority to guess)."""
    i = index - 1
    while i > ctx.start and ctx.words[i] in PASSIVE_ADVERBS:
        i -= 1
    if i <= ctx.start or ctx.words[i] not in {"that", "which"}:
        return None
    noun = i - 1 - (ctx.words[i - 1] == ",")
    if ctx.words[noun] not in RULE_ISSUED_NOUNS:
        return None
    window = range(noun - 1, max(ctx.start, noun - 5) - 1, -1)
    verb = next((j for j in window if ctx.words[j] in _ISSUING), None)
    if verb is None:
        return None
    issuer = ctx.before(verb, _ISSUER_TYPES)
    if issuer is not None and issuer.type == "Person" and ctx.words[noun] in LEGISLATIVE_NOUNS:
        return None  # "the governor signed a law that bans X": the law is the state's, found as usual
    if issuer is None or ctx.clause_end(issuer.end) < verb:
        return None, 0.0
    return issuer, 0.8


#: nouns for a law that acts as the subject of a restriction: "The Act also outlaws X"
LAW_NOUNS = frozenset({"act", "law", "ordinance", "measure", "statute", "directive", "regulation"})
#: who makes laws: legislatures, and the places whose name stands for them
_LAWMAKER_TYPES = frozenset({"Legislature", "Place"})


def _law_subject(ctx: SentenceContext, index: int) -> bool:
    """Whether a law is the trigger's subject, right before it but for adverbs: "The Act
    also outlaws", "the law now bans" (not "law enforcement agencies banned")."""
    i = index - 1
    while i > ctx.start and ctx.words[i] in PASSIVE_ADVERBS:
        i -= 1
    return i >= ctx.start and ctx.words[i] in LAW_NOUNS


#: prepositions that put a passive restriction in force over a place
_WHERE_WORDS = frozenset({"in", "across", "throughout"})


def _place_of_passive(ctx: SentenceContext, end: int) -> Mention | None:
    """The place a passive restriction holds in, standing right after it ("is banned in
    Italy", "has been prohibited across the European Union"): its government decided it."""
    place = ctx.after(end, frozenset({"Place"}), limit=3)
    if place is None or ctx.words[place.start - 1 : place.start] == ["-"]:
        return None
    between = [w for w in ctx.words[end : place.start] if w != "the"]
    return place if len(between) == 1 and between[0] in _WHERE_WORDS else None


def _passive(ctx: SentenceContext, index: int) -> bool:
    """Whether the trigger is a passive participle ("were banned", "is now barred", and in
    a headline "Rite Aid barred from using": an active "barred" needs an object first)."""
    before = [w for w in ctx.words[max(ctx.start, index - 3) : index] if w not in PASSIVE_ADVERBS]
    if bool(before) and before[-1] in BE_FORMS:
        return True
    return ctx.words[index].endswith("ed") and ctx.words[index + 1 : index + 2] == ["from"]


def _refers_back(ctx: SentenceContext, index: int, end: int) -> bool:
    """ "The ban could complicate ...": a definite noun with no object of its own points
    back to a restriction already reported, and states no new one."""
    before = ctx.words[index - 1] if index > ctx.start else ""
    # "that ban" points back, but "a bill that bans police" is a relative clause
    singular = not ctx.words[end - 1].endswith("s")
    definite = before in {"the", "this", "these"} or (before == "that" and singular)
    noun = ctx.words[end - 1] in RESTRICTION_NOUNS
    return definite and noun and ctx.words[end : end + 1] not in (["on"], ["of"], ["against"], ["to"])


def _issued(ctx: SentenceContext, index: int, end: int) -> bool:
    """A rule noun ("regulations", "restrictions") states a restriction only when someone
    issues it ("passed new regulations") or owns it ("its regulations"); "complies with
    all regulations" does not."""
    if tuple(ctx.words[index:end]) not in {(w,) for w in RULE_NOUNS}:
        return True
    before = set(ctx.words[max(ctx.start, index - 4) : index])
    return bool(before & ISSUING_VERBS or before & {"its", "their", "our", "'s", "’s"})


#: how close an order must stand to a removal word that follows its object: "ordered TikTok off"
_COMPLEMENT_REACH = 4


def _order_word(ctx: SentenceContext, index: int) -> int | None:
    """Where "ordered", "required", "forced" or "directed" governs the trigger: "ordered X
    to cease", or with a removal word right after the object, "ordered TikTok off"."""
    complement = ctx.words[index] in REMOVAL_COMPLEMENTS
    for i in range(index - 1, max(ctx.start, index - 6) - 1, -1):
        if ctx.words[i] not in ORDER_VERBS:
            continue
        if "to" in ctx.words[i + 1 : index] or (complement and index - i <= _COMPLEMENT_REACH):
            return i
    return None


#: how far before an order a person may stand to be the one who gave it: "Abbott on Tuesday ordered"
_PERSON_REACH = 3


def _orderer(ctx: SentenceContext, order: int, index: int) -> Mention | None:
    """Who gave the order: "ordered by the court to", else the body named before
    "ordered" (not its target), else a public body from the sentences just before."""
    if "by" in ctx.words[order:index]:
        agent = ctx.after(ctx.words.index("by", order), ORDERING_TYPES, limit=6)
        if agent is not None:
            return agent
    target = ctx.after(order + 1, AUTHORITY_TYPES, limit=3)
    if target is not None and ctx.words[target.start] in {"its", "their"}:
        target = None  # "told its bureaus to": the giver's own staff, not someone else
    giver = ctx.before(order, ORDERING_TYPES)
    if giver is None:  # "a directive from Gov. Greg Abbott ordering state agencies to bar ..."
        person = ctx.before(order, frozenset({"Person"}))
        giver = person if person is not None and order - person.end <= _PERSON_REACH else None
    if (
        giver is not None
        and (target is None or giver.name != target.name)
        and ctx.words[order - 1] not in {"been", "was", "were", "is", "be"}
    ):
        return giver
    recent = [
        m
        for m in ctx.earlier
        if m.start >= _sentence_start_back(ctx, CARRY_OVER_SENTENCES) and m.type in ORDERING_TYPES
    ]
    return recent[-1] if recent else None


def _carried_over(ctx: SentenceContext, types: frozenset[str] = AUTHORITY_TYPES) -> Mention | None:
    """The latest mention of ``types`` (by default an authority) in the sentences just before this one."""
    recent_start = _sentence_start_back(ctx, CARRY_OVER_SENTENCES)
    agents = not types & TECH_TYPES  # "the California company that sells X" names no agent
    candidates = [
        m
        for m in ctx.earlier
        if m.start >= recent_start and m.type in types and not (agents and ctx.is_modifier(m))
    ]
    return candidates[-1] if candidates else None


def _sentence_start_back(ctx: SentenceContext, count: int) -> int:
    sent = ctx.sent
    for _ in range(count):
        if sent.start == 0:
            break
        sent = ctx.doc[sent.start - 1].sent
    return sent.start


def _scope(ctx: SentenceContext, end: int, technology: Mention) -> str | None:
    """Whose use is restricted: "a moratorium on police use of X", "sales of X to police"."""
    if technology.start >= end:
        inside = ctx.between(end, technology.start, SCOPE_TYPES)
        if inside:
            return inside[0].name
    follower = ctx.after(technology.end, SCOPE_TYPES, limit=4)
    if follower is not None and set(ctx.words[technology.end : follower.start]) & {"to", "by", "for"}:
        return follower.name
    return None


def _timing(ctx: SentenceContext, anchored: bool = True) -> dict[str, str | None]:
    """Start, duration and end from the sentence; end = start + duration when not stated.
    ``anchored``: a duration without a start runs from the article date (not so for an
    extension, whose duration adds to the end already reported)."""
    text = ctx.sent.text
    found = find_duration(text)
    duration = found[0] if found else None
    dates = find_dates(text, ctx.published)
    start = next((d.value for d in dates if d.role == "start"), None)
    start = start or next((d.value for d in dates if d.role == "plain"), None)
    end = next((d.value for d in dates if d.role == "end"), None)
    if start is None and duration and ctx.published and anchored:
        start = ctx.published  # "a one-year moratorium", announced in the article, starts with it
    if end is None and start and duration and not is_indefinite(text):
        end = add_duration(start, duration)
    return {
        "start": start.isoformat() if start else None,
        "duration": duration,
        "end": end.isoformat() if end else None,
    }


def exemption_notes(ctx: SentenceContext) -> list[Fact]:
    """Organisations the sentence lets off a restriction ("will continue to allow X to use")."""
    notes = []
    for index, length, _ in ctx.find(EXEMPTION_CUES):
        stop = _exemption_stop(ctx, index + length)
        exempt = [m for m in ctx.between(index + length, stop, ORG_TYPES | AGENT_TYPES)]
        exempt = [m for m in exempt if m.type not in {"Sector", "Place"} and not m.resolved]
        if exempt:
            technology = ctx.after(stop, TECH_TYPES)
            # the sentence's subject ("the company acknowledged it had allowed ..."), not
            # the nearest pronoun, whose reading is less sure
            grantor = next((m for m in ctx.mentions if m.end <= index and m.type in AUTHORITY_TYPES), None)
            values = {
                "names": [m.name for m in exempt],
                "technology": technology.name if technology else None,
                # who lets them off: only the restriction's own authority can exempt anyone
                "grantor": grantor.name if grantor is not None else None,
            }
            notes.append(ctx.fact("exempt", values, 0.8))
    return notes


def _exemption_stop(ctx: SentenceContext, start: int) -> int:
    """Where the list of exempted organisations ends: at "to use", "from" or the sentence end."""
    for i in range(start, ctx.end - 1):
        if ctx.words[i] in {"to", "from"} and i > start:
            return i
    return ctx.end

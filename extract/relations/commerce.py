"""Supply and use: who sells a technology to whom, and who uses it for what.

Supplies come from a sale verb with its customers after "to" ("selling it to law
enforcement"), from an agreement ("signed a contract with the city") and from a
purchase ("the county bought ShotSpotter from SoundThinking"). Uses come from a use verb
with its user before it, or from a permission ("allow X to use Y"). A supply whose
technology the sentence does not name is kept with ``technology`` unset; the article
level fills it in (see :mod:`extract.relations.inference`).
"""

from __future__ import annotations

import re

from extract.cues import (
    AGREEMENT_NOUNS,
    EXEMPTION_CUES,
    PRODUCT_NOUNS,
    PURCHASE_VERBS,
    RESTRICTION_TRIGGERS,
    SUPPLY_TRIGGERS,
    USE_TRIGGERS,
)
from extract.facts import Fact
from extract.mentions import AGENT_TYPES, TECH_TYPES, Mention
from extract.relations.context import SentenceContext

COMPANY = frozenset({"Company"})
PRODUCT = frozenset({"Product"})
CUSTOMER_TYPES = AGENT_TYPES - {"Person"}
#: a time phrase between a technology and its purpose: "has used ShotSpotter since 2012 to"
_WHEN = (
    r"(?:(?:since|in|from|during)\s+(?:[A-Z][a-z]+\s+)?\d{4}"
    r"|(?:last|this)\s+(?:year|month|week|spring|summer|fall|autumn|winter))"
)
#: where, or over which years, a use happened, between the technology and its purpose:
#: "ran it in hundreds of its stores from 2012 to 2020 to spot shoplifters"
_CIRCUMSTANCE = (
    rf"(?:from\s+\d{{4}}\s+(?:to|until|through)\s+\d{{4}}|{_WHEN}"
    r"|(?:in|at|across|on|inside|throughout)\s+(?:(?!(?:to|for|in|from)\b)[\w'’-]+\s+){1,6}?)"
)
_PURPOSE = re.compile(
    rf"^[\s,]*(?:{_CIRCUMSTANCE}[\s,]*){{0,2}}(?:in order to|so as to|to|for)\s+(?:help\s+(?:to\s+)?)?(.+)$",
    re.I | re.S,
)


def supply_facts(ctx: SentenceContext) -> list[Fact]:
    """Sales, agreements, purchases and customer lists the sentence asserts."""
    facts: list[Fact] = _customer_lists(ctx)
    for index, length, _ in ctx.find(SUPPLY_TRIGGERS):
        facts += _sale(ctx, index, index + length)
    for i in range(ctx.start, ctx.end):
        if ctx.words[i] in AGREEMENT_NOUNS:
            facts += _agreement(ctx, i)
        elif ctx.words[i] in PURCHASE_VERBS:
            facts += _purchase(ctx, i)
        elif ctx.words[i] in {"awarded", "awards", "gave", "granted"}:
            facts += _award(ctx, i)
        elif ctx.words[i] in WINNING_VERBS:
            facts += _won_contract(ctx, i)
        elif ctx.words[i] in SELECTING_VERBS:
            facts += _selection(ctx, i)
        if ctx.words[i] in ACCESS_GRANTING_VERBS:
            facts += _granted_access(ctx, i)
    return [f for f in facts if f.values["vendor"] != f.values["customer"]]  # nobody buys from itself


def _sale(ctx: SentenceContext, index: int, end: int) -> list[Fact]:
    vendor = _outside_aside(ctx, ctx.before(index, COMPANY), index)
    if vendor is None or not ctx.asserted(index):
        return []
    clause_end = _sale_clause_end(ctx, end)  # "sells tools, said it would stop sales to China"
    customers = [
        m for m in ctx.between(end, clause_end, CUSTOMER_TYPES) if _after_to(ctx, m) and not ctx.located(m)
    ]
    direct = _direct_customer(ctx, end, vendor)
    if direct is not None and not customers:
        return [
            _supply(ctx, vendor, c, ctx.after(direct.end, TECH_TYPES, limit=6))
            for c in ctx.listed_with(direct, CUSTOMER_TYPES)
        ]
    customers = _with_enumeration(ctx, customers, end) if customers else _enumerated(ctx, end)
    if not customers:
        return []
    technology = ctx.after(end, TECH_TYPES)
    if technology is not None and technology.start > customers[0].start:
        technology = None
    return [_supply(ctx, vendor, c, technology) for c in customers if c.name != vendor.name]


def _direct_customer(ctx: SentenceContext, end: int, vendor: Mention) -> Mention | None:
    """ "supplied the FBI with ...", "provides police departments with ...": the customer
    right after the verb, when "with" follows it."""
    customer = ctx.after(end, CUSTOMER_TYPES - COMPANY, limit=2)
    if customer is None or customer.name == vendor.name:
        return None
    glue = ctx.words[customer.end : customer.end + 4]
    listed = ctx.listed_with(customer, CUSTOMER_TYPES - COMPANY)
    last = listed[-1].end if listed else customer.end
    return customer if ctx.words[last : last + 1] == ["with"] or glue[:1] == ["with"] else None


def _sale_clause_end(ctx: SentenceContext, start: int) -> int:
    """Where a sale's clause ends; "not just to police, but (also) to schools" goes on
    past the "but" that carries more customers."""
    end = ctx.clause_end(start)
    while ctx.words[end : end + 2] == [",", "but"] and "to" in ctx.words[end + 2 : end + 4]:
        end = ctx.clause_end(end + 2)
    return end


def _with_enumeration(ctx: SentenceContext, customers: list[Mention], start: int) -> list[Mention]:
    """The customers, those listed with them, and those a colon or "including" spells out
    ("to four carriers: Verizon, AT&T, T-Mobile and Sprint")."""
    found: list[Mention] = []
    members = _enumerated(ctx, start)
    if members:  # "to police in Australia, specifically X, Y and Z": the members, not the group
        customers = [
            c for c in customers if not (c.end <= members[0].start and _names_a_group(ctx, c, members[0]))
        ]
    for customer in [*customers, *members]:
        found += [m for m in ctx.listed_with(customer, CUSTOMER_TYPES) if m not in found]
    return sorted(found, key=lambda m: m.start)


def _names_a_group(ctx: SentenceContext, customer: Mention, first_member: Mention) -> bool:
    """Whether a customer is the group the members after it spell out: a sector ("to
    police, including ...") or whatever the enumeration word directly follows ("to police
    in Canada, namely ...")."""
    return customer.type == "Sector" or bool(set(ctx.words[customer.end : first_member.start]) & _ENUMERATORS)


_ENUMERATORS = frozenset({":", "including", "namely", "specifically"})


def _enumerated(ctx: SentenceContext, start: int) -> list[Mention]:
    """The first of the customers a colon or "including" introduces after ``start``
    ("to three forces: the LAPD, ..."), if any; :func:`_with_enumeration` adds the rest."""
    for i in range(start, ctx.end):
        if ctx.words[i] in _ENUMERATORS and "to" in ctx.words[start:i]:
            first = ctx.after(i + 1, CUSTOMER_TYPES, limit=3)
            return ctx.listed_with(first, CUSTOMER_TYPES) if first is not None else []
    return []


_CUSTOMER_NOUNS = frozenset({"customers", "clients", "customer", "client"})
_LIST_OPENERS = (("include",), ("includes",), ("included",), ("including",), ("such", "as"), ("like",))
_OWNER_GAP = 3  # tokens between a vendor and its "customers" ("Evolv's biggest customers")


def _customer_lists(ctx: SentenceContext) -> list[Fact]:
    """ "Evolv's customers include Citi Field and Lincoln Center", "it counts the LAPD and
    the NYPD among its clients", "clients such as the FBI": the vendor whose customers they
    are, and every customer listed."""
    facts = []
    for noun in range(ctx.start, ctx.end):
        if ctx.words[noun] not in _CUSTOMER_NOUNS or not ctx.asserted(noun):
            continue
        vendor, product = _owner(ctx, noun)
        if vendor is None:
            vendor = _counting_vendor(ctx, noun)
        if vendor is None:
            continue
        described = _described_customer(ctx, noun, vendor)
        if described is not None:
            facts.append(_supply(ctx, vendor, described, product))
            continue
        owner_end = max(noun + 1, vendor.end, product.end if product is not None else 0)
        members = _listed_after(ctx, owner_end) or _counted_before(ctx, noun)
        facts += [_supply(ctx, vendor, m, product) for m in members if m.name != vendor.name]
    return facts


def _described_customer(ctx: SentenceContext, noun: int, vendor: Mention) -> Mention | None:
    """ "the Chicago police, a longtime ShotSpotter customer", "DHS has been a Clearview AI
    client": the one a singular "customer" describes."""
    if ctx.words[noun] not in {"customer", "client"}:
        return None
    if ctx.words[noun - 2 : noun] in (["is", "a"], ["was", "a"], ["became", "a"]) and vendor.start > noun:
        subject = ctx.before(noun - 2, CUSTOMER_TYPES - COMPANY)
        return subject if subject is not None and noun - 2 - subject.end <= 3 else None
    article = next((i for i in range(vendor.start - 1, max(ctx.start, vendor.start - 4) - 1, -1)
                    if ctx.words[i] in {"a", "an"}), None)  # fmt: skip
    if article is None:
        return None
    if ctx.words[article - 1 : article] == [","]:
        return ctx.before(article - 1, CUSTOMER_TYPES - COMPANY)
    if ctx.words[article - 1 : article] and ctx.words[article - 1] in {
        "is",
        "was",
        "been",
        "became",
        "becomes",
    }:
        subject = ctx.before(article, CUSTOMER_TYPES - COMPANY)
        return subject if subject is not None and article - subject.end <= 3 else None
    return None


def _owner(ctx: SentenceContext, noun: int) -> tuple[Mention | None, Mention | None]:
    """Whose customers, and of what: a company just before ("Axon's customers", "its
    clients"), or a product just before and its maker ("ShotSpotter's customers")."""
    if ctx.words[noun - 2 : noun] in (["among", "its"], ["among", "their"]):
        return None, None  # "its" is the subject of "counts ... among its customers"
    owner = ctx.before(noun, COMPANY | PRODUCT)
    if ctx.words[noun + 1 : noun + 2] == ["of"]:  # "customers of Cellebrite"
        owner = ctx.after(noun + 2, COMPANY | PRODUCT, limit=2)
    elif owner is not None and noun - owner.end > _OWNER_GAP:
        owner = None
    if owner is None:
        return None, None
    if owner.type == "Company":
        return owner, None
    maker = ctx.gazetteer.maker_of(owner.name)
    if maker is None:
        return None, None
    return Mention(owner.start, owner.end, maker.name, maker.type, resolved=True), owner


def _listed_after(ctx: SentenceContext, index: int) -> list[Mention]:
    """The customers an "include"/"such as" right after ``index`` lists ("have included")."""
    if ctx.words[index : index + 1] and ctx.words[index] in {"have", "has", "had"}:
        index += 1
    return ctx.listed_after_opener(index, _LIST_OPENERS, CUSTOMER_TYPES, limit=3)


def _counting_vendor(ctx: SentenceContext, noun: int) -> Mention | None:
    """ "Evolv counts Citi Field ... among its customers": the subject of "counts"."""
    if ctx.words[noun - 2 : noun] not in (["among", "its"], ["among", "their"]):
        return None
    for verb in range(noun - 3, ctx.start, -1):
        if ctx.words[verb] in {"counts", "count", "counted", "lists", "listed", "names", "named"}:
            return ctx.before(verb, COMPANY)
    return None


def _counted_before(ctx: SentenceContext, noun: int) -> list[Mention]:
    """The customers between "counts" and "among its customers"."""
    if ctx.words[noun - 2 : noun] not in (["among", "its"], ["among", "their"]):
        return []
    before = [m for m in ctx.mentions if m.type in CUSTOMER_TYPES and m.end <= noun - 2]
    return ctx.listed_with(before[-1], CUSTOMER_TYPES) if before else []


def _after_to(ctx: SentenceContext, mention: Mention) -> bool:
    """ "to police", "to the city", "to law enforcement agencies"."""
    return "to" in ctx.words[max(ctx.start, mention.start - 5) : mention.start]


def _award(ctx: SentenceContext, verb: int) -> list[Fact]:
    """ "The council awarded Flock Safety a contract for plate readers": the company is the
    vendor, the one awarding the customer; "awarded contracts worth $9 billion to Amazon,
    Google and Oracle": every company the contracts go to."""
    customer = ctx.before(verb, CUSTOMER_TYPES - COMPANY)
    if customer is None or not ctx.asserted(verb):
        return []
    vendor = ctx.after(verb + 1, COMPANY, limit=2)
    if vendor is not None and set(ctx.words[vendor.end : vendor.end + 5]) & AGREEMENT_NOUNS:
        vendors = ctx.listed_with(vendor, COMPANY)
    elif set(ctx.words[verb + 1 : verb + 1 + _RECIPIENT_REACH]) & AGREEMENT_NOUNS:
        vendors = _recipients(ctx, verb + 1)  # "awarded its $9 billion cloud contract to"
    else:
        return []
    if not vendors:
        return []
    technology = ctx.after(vendors[-1].end, TECH_TYPES, limit=10)
    return [_supply(ctx, v, customer, technology) for v in vendors]


#: how far after "awarded contracts" the "to" naming who gets them may come ("worth up to $9 billion to")
_RECIPIENT_REACH = 10


def _recipients(ctx: SentenceContext, start: int) -> list[Mention]:
    """The companies a "to" after the contract names within reach of ``start``, with
    those listed with them."""
    stop = min(ctx.clause_end(start), start + _RECIPIENT_REACH + 4)
    noun = next((i for i in range(start, stop) if ctx.words[i] in AGREEMENT_NOUNS), stop)
    for i in range(noun, stop):
        if ctx.words[i] == "to":
            first = ctx.after(i + 1, COMPANY, limit=2)
            if first is not None:
                return ctx.listed_with(first, COMPANY)
    return []


def _won_contract(ctx: SentenceContext, verb: int) -> list[Fact]:
    """ "Microsoft won a $22 billion contract to supply the Army with headsets", "Anduril
    landed an Army contract", "Skydio secured a deal with the Air Force": the company is
    the vendor, the body the contract is with, from or for the customer."""
    vendor = ctx.before(verb, COMPANY)
    if vendor is None or verb - vendor.end > 2 or not ctx.asserted(verb):
        return []
    noun = next((i for i in range(verb + 1, min(ctx.end, verb + 7)) if ctx.words[i] in AGREEMENT_NOUNS), None)
    if noun is None:
        return []
    customer = ctx.after(verb + 1, CUSTOMER_TYPES - COMPANY, limit=noun - verb)  # "an Army contract"
    if customer is None:
        follower = ctx.after(noun + 1, CUSTOMER_TYPES - COMPANY, limit=4)
        glue = set(ctx.words[noun + 1 : follower.start]) if follower is not None else set()
        customer = follower if glue & _CONTRACT_PARTY_WORDS else None
    if customer is None:
        return []
    return [_supply(ctx, vendor, customer, ctx.after(noun, TECH_TYPES, limit=12))]


#: verbs for a company getting a contract: "won", "landed", "secured"
WINNING_VERBS = frozenset({"won", "wins", "win", "landed", "lands", "secured", "secures", "clinched"})
#: words tying a contract to the other party: "with the Army", "from the city", "to supply the Navy"
_CONTRACT_PARTY_WORDS = frozenset({"with", "from", "supply", "provide", "equip", "for"})
#: verbs for a public body choosing companies: "selected Anthropic and OpenAI to develop ..."
SELECTING_VERBS = frozenset("selected selects chose chosen picked tapped hired enlisted".split())
#: what the chosen company is chosen to do: deliver something to the chooser
_DELIVERING_VERBS = frozenset("develop provide supply build deliver install operate run".split())


def _selection(ctx: SentenceContext, verb: int) -> list[Fact]:
    """ "The Defense Department selected Anthropic, Google and OpenAI to develop frontier
    AI models": the chosen companies supply the one choosing."""
    customer = ctx.before(verb, CUSTOMER_TYPES - COMPANY)
    first = ctx.after(verb + 1, COMPANY, limit=2)
    if customer is None or first is None or verb - customer.end > 3 or not ctx.asserted(verb):
        return []
    vendors = ctx.listed_with(first, COMPANY)
    after = vendors[-1].end
    task = ctx.words[after : after + 2]  # "to develop", not "as a case study"
    if task[:1] != ["to"] or not set(task[1:]) & _DELIVERING_VERBS:
        return []
    technology = ctx.after(after + 2, TECH_TYPES, limit=6)
    return [_supply(ctx, v, customer, technology) for v in vendors]


def _agreement(ctx: SentenceContext, noun: int) -> list[Fact]:
    """ "X signed a contract with Y", "Ring has partnered with 2,000 police departments",
    "the city's contract with ShotSpotter": the company is the vendor, the other party
    the customer (a product party stands for its maker)."""
    with_at = noun + 1 + (ctx.words[noun + 1 : noun + 2] == ["up"])  # "teamed up with"
    if ctx.words[with_at : with_at + 1] == ["between"] and ctx.asserted(noun):
        return _between(ctx, with_at + 1)
    if ctx.words[with_at : with_at + 1] != ["with"] or not ctx.asserted(noun):
        return []
    if ctx.words[noun] == "teamed" and with_at == noun + 1:
        return []
    product = ctx.after(with_at + 1, PRODUCT, limit=2)
    if product is not None:
        facts = []
        maker = ctx.gazetteer.maker_of(product.name)
        subject = ctx.before(noun, CUSTOMER_TYPES - COMPANY)
        if maker is not None and subject is not None:
            vendor = Mention(product.start, product.end, maker.name, maker.type, resolved=True)
            facts.append(_supply(ctx, vendor, subject, product))
        return facts
    other = ctx.after(with_at + 1, CUSTOMER_TYPES, limit=_AGENT_GAP)
    subject = _outside_aside(ctx, ctx.before(noun, CUSTOMER_TYPES), noun)
    if other is None or subject is None or other.name == subject.name:
        return []
    if subject.type == "Company" and other.type != "Company":
        vendor, customer = subject, other
    elif other.type == "Company" and subject.type != "Company":
        vendor, customer = other, subject
    else:
        return []
    return [_supply(ctx, vendor, customer, ctx.after(ctx.start, TECH_TYPES))]


def _between(ctx: SentenceContext, start: int) -> list[Fact]:
    """ "the contract between the city and Flock Safety": one party a company, the other not."""
    first = ctx.after(start, CUSTOMER_TYPES, limit=2)
    if first is None or ctx.words[first.end : first.end + 1] != ["and"]:
        return []
    second = ctx.after(first.end + 1, CUSTOMER_TYPES, limit=2)
    if second is None:
        return []
    parties = sorted((first, second), key=lambda m: m.type != "Company")
    vendor, customer = parties
    if vendor.type != "Company" or customer.type == "Company":
        return []
    return [_supply(ctx, vendor, customer, ctx.after(ctx.start, TECH_TYPES))]


def _outside_aside(ctx: SentenceContext, mention: Mention | None, index: int) -> Mention | None:
    """ "Ring, the camera maker Amazon bought last year, has partnerships with ...": a name
    inside an aside between commas is not the subject; the name before the aside is."""
    if mention is None or "," not in ctx.words[mention.end : index]:
        return mention
    opening = next((i for i in range(mention.start - 1, ctx.start - 1, -1) if ctx.words[i] == ","), None)
    if opening is None:
        return mention
    outer = ctx.before(opening, CUSTOMER_TYPES)
    return outer if outer is not None and outer.end == opening else mention


#: words before whom a purchase is made from: the maker, or a reseller ("through CDW")
_SOURCES = frozenset({"from", "through"})


def _purchase(ctx: SentenceContext, verb: int) -> list[Fact]:
    """ "The county bought ShotSpotter from SoundThinking", "the Pentagon bought Skydio
    drones" (a technology named after its maker), "the city paid Flock Safety"."""
    customer = ctx.before(verb, CUSTOMER_TYPES)
    if customer is None or not ctx.asserted(verb):
        return []
    if ctx.words[verb] == "paid":
        vendor = ctx.after(verb + 1, COMPANY, limit=2)
        if vendor is None or vendor.start != verb + 1 + (ctx.words[verb + 1] == "the"):
            return []
        return [_supply(ctx, vendor, customer, ctx.after(vendor.end, TECH_TYPES, limit=8))]
    technology = ctx.after(verb + 1, TECH_TYPES, limit=8 if ctx.words[verb] == "spent" else 6)
    if technology is None:  # "bought 40 licences from Clearview AI"
        source = next((i for i in range(verb + 1, ctx.clause_end(verb)) if ctx.words[i] in _SOURCES), None)
        vendor = ctx.after(source + 1, COMPANY, limit=2) if source is not None else None
        return [_supply(ctx, vendor, customer, None)] if vendor is not None else []
    maker = ctx.before(technology.start, COMPANY)
    if maker is not None and maker.start > verb and maker.end == technology.start:
        return [_supply(ctx, maker, customer, technology)]
    kind = ctx.after(technology.end, TECH_TYPES, limit=1)
    named_end = kind.end if kind is not None and kind.start == technology.end else technology.end
    source = ctx.words[named_end : named_end + 1] in (["from"], ["through"])  # "40 Falcon drones from"
    vendor = ctx.after(named_end, COMPANY, limit=3) if source else None
    if vendor is not None:
        return [_supply(ctx, vendor, customer, technology)]
    # "the RCMP and the OPP had acquired the technology": from whom, the article settles
    # (extract.relations.inference); a company buying is left alone (it may resell)
    if customer.type == "Company" or ctx.words[verb] in {"paid", "spent"}:
        return []
    unnamed = Mention(verb, verb, "", "Company")
    return [_supply(ctx, unnamed, c, technology) for c in ctx.listed_with(customer, CUSTOMER_TYPES - COMPANY)]


#: verbs by which a company opens its data or tool to someone: "let CBP search", "allowed
#: the agency to access", "gave Geofeedia access to"
ACCESS_GRANTING_VERBS = frozenset("let lets allowed allows gave given gives granted grants".split())
#: what the one let in does: "let CBP search the data", "allowed police to query it"
_ACCESS_WORDS = frozenset({"access", "search", "query", "use", "tap"})
_GRANTOR_GAP = 6  # "the company acknowledged it had allowed": the grantor before the verb


def _granted_access(ctx: SentenceContext, verb: int) -> list[Fact]:
    """ "Flock had let US Customs and Border Protection search data from its cameras",
    "Instagram had given Geofeedia access to its API": the company supplies the one it lets in."""
    customer = ctx.after(verb + 1, CUSTOMER_TYPES, limit=2)
    if customer is None or customer.start != verb + 1 + (ctx.words[verb + 1] == "the"):
        return []
    following = ctx.words[customer.end : customer.end + 2]
    if following[:1] == ["to"]:
        following = following[1:]
    if not following or following[0] not in _ACCESS_WORDS:
        return []
    vendor = ctx.before(verb, COMPANY)
    if vendor is None or verb - vendor.end > _GRANTOR_GAP or not ctx.asserted(verb):
        return []
    technology = ctx.in_clause(ctx.after(customer.end, TECH_TYPES), customer.end)
    return [_supply(ctx, vendor, customer, technology)]


def _supply(ctx: SentenceContext, vendor: Mention, customer: Mention, technology: Mention | None) -> Fact:
    values = {
        "vendor": vendor.name,
        "customer": customer.name,
        "technology": technology.name if technology else None,
    }
    return ctx.fact("supplies", values, 0.9 - 0.1 * (vendor.resolved + customer.resolved))


def use_facts(ctx: SentenceContext) -> list[Fact]:
    """Uses the sentence asserts, with their purpose where the text gives one."""
    facts = []
    for index, length, _ in ctx.find(USE_TRIGGERS):
        end = index + length
        technology = _passive_subject(ctx, index, end) or ctx.after(end, TECH_TYPES, limit=4)
        vendor = None
        if technology is None:  # "parents have used PimEyes to ...": the company's service
            vendor = ctx.after(end + (ctx.words[end : end + 1] == ["of"]), COMPANY, limit=1)
            if vendor is None or (_possessive(ctx, vendor) and not _generic_offering(ctx, vendor.end + 1)):
                continue
        users = [u for u in _users(ctx, index, end) if vendor is None or u.name != vendor.name]
        # "companies using X": a participle right after its user is asserted whatever the
        # main clause says ("the ban could hurt companies using X")
        floor = users[-1].start if users and ctx.words[index] == "using" and users[-1].end == index else None
        if not ctx.asserted(index, floor) or _restricted_use(ctx, index):
            continue
        named = technology or vendor
        purpose = _purpose(ctx.text_after(max([named.end, *(u.end for u in users)])))
        for user in users:
            values = {
                "user": user.name,
                "technology": technology.name if technology else None,
                "vendor": vendor.name if vendor else None,
                "purpose": purpose,
            }
            facts.append(ctx.fact("uses", values, 0.85 - 0.1 * user.resolved))
    return facts


def _possessive(ctx: SentenceContext, mention: Mention) -> bool:
    return ctx.words[mention.end : mention.end + 1] in (["'s"], ["’s"], ["'"], ["’"])


def _generic_offering(ctx: SentenceContext, index: int) -> bool:
    """ "Clearview's technology", "Axon's products": a company's offering named only
    generically (the article says elsewhere what it is)."""
    return ctx.words[index : index + 1] != [] and ctx.words[index] in PRODUCT_NOUNS


#: words between a technology and its passive use verb: "cameras are already used by"
_PASSIVE_AUXILIARIES = frozenset(
    "is are was were be been being has have had now already also widely still currently "
    "increasingly routinely being".split()
)
#: pronouns opening a relative clause, whose subject is the noun right before them
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
_AGENT_GAP = 5  # "used by thousands of police departments"
_SUBJECT_GAP = 8  # "the FBI ran thousands of searches using"


def _passive_subject(ctx: SentenceContext, index: int, end: int) -> Mention | None:
    """ "Flock's plate readers are used by thousands of police departments": the technology
    before a passive use verb whose agent follows "by"."""
    if ctx.words[end : end + 1] not in (["by"], ["in"]):
        return None
    technology = ctx.before(index, TECH_TYPES)
    if technology is None or not set(ctx.words[technology.end : index]) <= _PASSIVE_AUXILIARIES:
        return None
    return technology


#: built once: the trigger tables are cached by identity (extract.relations.context)
_RESTRICTION_PHRASES = frozenset(RESTRICTION_TRIGGERS)


def _restricted_use(ctx: SentenceContext, index: int) -> bool:
    """ "a moratorium on police use of X": the use is what is restricted, not a use."""
    return ctx.has_phrase(_RESTRICTION_PHRASES, max(ctx.start, index - 6), index)


def _users(ctx: SentenceContext, index: int, end: int) -> list[Mention]:
    """Who uses: those a permission names ("allow X and Y to use"), the passive agent
    ("used by the police"), else the subject just before the verb and those listed with it."""
    permits = [i for i, n, _ in ctx.find(EXEMPTION_CUES) if i < index]
    if permits:
        return [m for m in ctx.between(permits[-1], index, CUSTOMER_TYPES) if not m.resolved]
    if ctx.words[end : end + 1] == ["by"]:
        agent = ctx.after(end + 1, CUSTOMER_TYPES, limit=_AGENT_GAP)
        return ctx.listed_with(agent, CUSTOMER_TYPES) if agent else []
    if ctx.words[end : end + 1] == ["in"] and _passive_subject(ctx, index, end):  # "deployed in Chicago"
        place = ctx.after(end + 1, CUSTOMER_TYPES, limit=2)
        return ctx.listed_with(place, CUSTOMER_TYPES) if place else []
    if ctx.words[end : end + 1] == ["of"]:  # "the use of Clearview AI by the Miami police"
        named = ctx.after(end + 1, TECH_TYPES | COMPANY, limit=2)
        if named is not None and ctx.words[named.end : named.end + 1] == ["by"]:
            agent = ctx.after(named.end + 1, CUSTOMER_TYPES, limit=_AGENT_GAP)
            return ctx.listed_with(agent, CUSTOMER_TYPES) if agent else []
    subject = ctx.before(index, CUSTOMER_TYPES)
    if subject is None or index - subject.end > _SUBJECT_GAP:
        return []
    if ctx.words[index - 1] in _RELATIVE_PRONOUNS and subject.end < index - 2:
        return []  # "the outside companies that ran it": the unnamed noun before "that" uses it
    return ctx.listed_with(subject, CUSTOMER_TYPES)


def _purpose(rest: str) -> str | None:
    """What for: the infinitive or "for" phrase after the technology, up to the sentence end.

    >>> _purpose(" to help rescue victims and reunite families.")
    'rescue victims and reunite families'
    >>> _purpose(" since 2012 to locate gunfire.")
    'locate gunfire'
    >>> _purpose(" in dozens of its branches from 2015 to 2019 to flag repeat shoplifters.")
    'flag repeat shoplifters'
    >>> _purpose(", the city said.") is None
    True
    """
    match = _PURPOSE.match(rest)
    if not match:
        return None
    text = re.split(r"[;\"”]|,\s+(?:the|a|an|which|who|said)\b", match.group(1))[0]
    return text.strip().rstrip(".,!?") or None

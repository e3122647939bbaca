"""Offerings and categories: which vendor offers which technology, and what kind of
technology a named product is.

Offers: a product named with its maker ("Amazon Rekognition"), a possessive ("IBM's
facial recognition tools", "its drones"), a description ("facial recognition firm
Clearview AI", "Clearview AI, a facial recognition company"), a maker verb ("Axon makes
body cameras") or its passive ("drones made by DJI"). Categories: an apposition
("Rekognition, the company's facial-recognition technology"), a copula ("ShotSpotter is
a gunshot detection system", also past an aside), a kind before the name ("gunshot
detection system ShotSpotter", "a drone known as X"), a kind right after it ("the K5
patrol robots"), examples of a kind ("tools such as ChatGPT and DeepSeek"), and a
sentence naming a product together with the kind the gazetteer files it under.
"""

from __future__ import annotations

from extract.cues import OFFER_VERBS, PRODUCT_NOUNS, VENDOR_NOUNS
from extract.facts import Fact
from extract.mentions import GENERIC_HEADS, TECH_HEADS, TECH_TYPES, Mention
from extract.relations.context import SentenceContext

COMPANY = frozenset({"Company"})
PRODUCT = frozenset({"Product"})
TECHNOLOGY = frozenset({"Technology"})
_POSSESSIVE = {"'s", "’s", "'", "’"}
_PASSIVE_MAKERS = {"made", "developed", "built", "sold", "manufactured", "designed", "created", "marketed"}
#: words that may stand between a technology and the participle naming its maker
_PASSIVE_FILLERS = {
    "was",
    "is",
    "are",
    "were",
    "been",
    "being",
    "first",
    "originally",
    "initially",
    "also",
    "and",
}
_APPOSITION_GAP = 8  # tokens between a product and the kind that describes it
#: words an apposition ("Rekognition, the company's ...") may open with
_NOUN_PHRASE_OPENERS = {"the", "a", "an", "its", "their", "his", "her", "our"}


def offer_facts(ctx: SentenceContext) -> list[Fact]:
    """Every vendor-offers-technology statement in the sentence."""
    facts = []
    for mention in ctx.mentions:
        if mention.type == "Product":
            facts += _named_with_maker(ctx, mention)
        if mention.type == "Company":
            facts += _possessive(ctx, mention) + _described(ctx, mention) + _maker_verb(ctx, mention)
            facts += _maker_of(ctx, mention) + _maker_as_modifier(ctx, mention)
        if mention.type in TECH_TYPES:
            facts += _made_by(ctx, mention) + _sourced_from(ctx, mention)
    return facts


def _offer(ctx: SentenceContext, vendor: Mention, technology: Mention, confidence: float) -> Fact:
    values = {"vendor": vendor.name, "technology": technology.name}
    return ctx.fact("offers", values, confidence - 0.1 * vendor.resolved)


def _named_with_maker(ctx: SentenceContext, product: Mention) -> list[Fact]:
    """ "Amazon Rekognition": the product's own name opens with its vendor's; or the
    sentence names the product's maker too ("Axon said its Taser ..."): the gazetteer
    knows the two belong together, the sentence shows the article relies on it."""
    maker = ctx.gazetteer.maker_of(product.name)
    if maker is None:
        return []
    surface = product.span(ctx.doc).text
    if any(surface.startswith(form + " ") for form in (maker.name, *maker.aliases)):
        vendor = Mention(product.start, product.start + 1, maker.name, maker.type)
        return [_offer(ctx, vendor, product, 0.9)]
    named = next((m for m in ctx.mentions if m.name == maker.name and not m.resolved), None)
    return [_offer(ctx, named, product, 0.75)] if named is not None else []


def _possessive(ctx: SentenceContext, company: Mention) -> list[Fact]:
    """ "IBM's facial recognition tools", "its drones"."""
    is_pronoun = company.resolved and ctx.words[company.start] in {"its", "our"}
    has_mark = ctx.words[company.end : company.end + 1] and ctx.words[company.end] in _POSSESSIVE
    if not (is_pronoun or has_mark):
        return []
    start = company.end + (0 if is_pronoun else 1)
    technology = ctx.after(start, TECH_TYPES, limit=5)  # "Boston Dynamics' four-legged Spot"
    if technology is None or _punctuation_between(ctx, start, technology.start):
        return []
    if technology.resolved and ctx.words[technology.start] in GENERIC_HEADS:
        return []  # "the drugstore chain's system" may be one it bought: owning is not making
    return [_offer(ctx, company, technology, 0.8)]


def _described(ctx: SentenceContext, company: Mention) -> list[Fact]:
    """ "facial recognition firm Clearview AI" and "Clearview AI, a facial recognition company"."""
    facts = []
    if company.start >= 1 and ctx.words[company.start - 1] in VENDOR_NOUNS:
        kind = ctx.before(company.start - 1, TECH_TYPES)
        if kind is not None and kind.end >= company.start - 2:
            facts.append(_offer(ctx, company, kind, 0.85))
    if ctx.words[company.end : company.end + 2] in (
        [",", "a"], [",", "an"], [",", "the"], ["is", "a"], ["is", "an"], ["was", "a"], ["was", "an"]
    ):  # fmt: skip
        kind = ctx.after(company.end + 2, TECH_TYPES, limit=4)
        if kind is not None and ctx.words[kind.end : kind.end + 1] and ctx.words[kind.end] in VENDOR_NOUNS:
            facts.append(_offer(ctx, company, kind, 0.85))
    return facts


#: words that make an apposition name what a company makes: "Axon, the maker of Taser",
#: "SoundThinking, the company behind ShotSpotter", "Hikvision, which makes cameras"
_MAKER_OF = (
    ("the", "maker", "of"), ("maker", "of"), ("the", "developer", "of"), ("developer", "of"),
    ("the", "manufacturer", "of"), ("manufacturer", "of"), ("the", "company", "behind"),
    ("the", "firm", "behind"), ("the", "start-up", "behind"), ("the", "startup", "behind"),
    ("creator", "of"), ("the", "creator", "of"), ("which", "makes"), ("which", "sells"),
    ("which", "develops"), ("which", "markets"), ("that", "makes"), ("that", "sells"),
)  # fmt: skip


def _maker_of(ctx: SentenceContext, company: Mention) -> list[Fact]:
    """ "Axon, the maker of Taser stun guns and body cameras", "SoundThinking, the company
    behind ShotSpotter", "Hikvision, which makes surveillance cameras", "Flock Safety, an
    Atlanta-based startup that sells licence plate readers"."""
    if ctx.words[company.end : company.end + 1] != [","]:
        return []
    start = company.end + 1
    for phrase in _MAKER_OF:
        if tuple(ctx.words[start : start + len(phrase)]) == phrase:
            return _offered_list(ctx, company, start, start + len(phrase))
    relative = _described_maker(ctx, start)
    return _offered_list(ctx, company, relative, relative + 2) if relative is not None else []


#: how many words may describe a company before the noun naming it a company
_DESCRIPTION_WORDS = 6


#: nouns of a service whose use of a technology is its offering: "PimEyes, a search
#: engine that uses facial recognition"
_SERVICE_NOUNS = frozenset({"service", "app", "platform", "engine", "website", "site", "tool"})
#: nouns of a maker that name what it makes after "of": "the main developer of Worldcoin"
_MAKER_NOUNS = frozenset({"maker", "developer", "creator", "manufacturer", "designer", "owner", "operator"})


def _described_maker(ctx: SentenceContext, start: int) -> int | None:
    """Where the words before the technology end in an apposition describing a maker:
    "a Seattle-based company that sells ...", "a subscription service that uses ...",
    "the Israeli developer of ...", "the main developer company of ..."."""
    if ctx.words[start : start + 1] not in (["a"], ["an"], ["the"]):
        return None
    for i in range(start + 1, min(ctx.end - 2, start + 1 + _DESCRIPTION_WORDS)):
        word, following = ctx.words[i], ctx.words[i + 1 : i + 3]
        if word in {",", ";", ":", "(", ")", "and", "or"}:
            return None
        if following[0] in {"that", "which"}:
            if word in VENDOR_NOUNS and following[1] in OFFER_VERBS:
                return i + 1
            if word in _SERVICE_NOUNS and following[1] in {"uses", "offers", "provides", "runs"}:
                return i + 1
        if word in _MAKER_NOUNS and following[0] in {"of", "behind"}:
            return i - 1
        if word in _MAKER_NOUNS and following[0] in VENDOR_NOUNS and following[1] == "of":
            return i
    return None


def _offered_list(ctx: SentenceContext, company: Mention, start: int, after: int) -> list[Fact]:
    """The technologies right after ``after`` and those listed with them."""
    technology = ctx.after(after, TECH_TYPES, limit=3)
    if technology is None or _punctuation_between(ctx, start, technology.start):
        return []
    return [_offer(ctx, company, t, 0.85) for t in ctx.listed_with(technology, TECH_TYPES)]


def _maker_as_modifier(ctx: SentenceContext, company: Mention) -> list[Fact]:
    """ "Huawei 4G equipment", "Skydio drones", "Hikvision cameras": a technology named
    with its maker's name before it."""
    technology = next((m for m in ctx.mentions if m.start == company.end and m.type in TECH_TYPES), None)
    if technology is None:
        return []
    return [_offer(ctx, company, technology, 0.8)]


def _maker_verb(ctx: SentenceContext, company: Mention) -> list[Fact]:
    """ "Axon makes body cameras", "DJI sells drones", and with an aside between them:
    "Axon, known as Taser International until 2017, also makes Taser stun guns"."""
    verb = _skip_aside(ctx, company.end)
    while ctx.words[verb : verb + 1] and ctx.words[verb] in _SUBJECT_ADVERBS:
        verb += 1
    if not (ctx.words[verb : verb + 1] and ctx.words[verb] in OFFER_VERBS) or not ctx.asserted(verb):
        return []
    technology = ctx.after(verb + 1, TECH_TYPES, limit=3)
    if technology is None:
        return []
    # "Amazon and Microsoft both sell X": every maker listed; "sells doorbells and cameras":
    # every technology listed ("sells X to Y" is a supply as well)
    makers = ctx.listed_with(company, frozenset({"Company"}))
    return [
        _offer(ctx, maker, listed, 0.85)
        for maker in makers
        if maker.end <= company.end
        for listed in ctx.listed_with(technology, TECH_TYPES)
    ]


#: adverbs between a maker and its verb: "Amazon and Microsoft both sell", "Axon also makes"
_SUBJECT_ADVERBS = frozenset({"also", "both", "still", "now", "already", "mainly", "primarily", "only"})


def _skip_aside(ctx: SentenceContext, index: int) -> int:
    """Past a parenthetical aside between commas (at most 12 tokens long), if one opens here."""
    if ctx.words[index : index + 1] != [","]:
        return index
    for i in range(index + 1, min(ctx.end, index + 13)):
        if ctx.words[i] == ",":
            return i + 1
    return index


def _made_by(ctx: SentenceContext, technology: Mention) -> list[Fact]:
    """ "drones made by DJI", "Predator was first developed by Cytrox and is marketed by
    the Intellexa alliance": every maker named by a passive participle."""
    facts, i = [], technology.end
    if ctx.words[i : i + 1] and ctx.words[i] in PRODUCT_NOUNS:
        i += 1  # "the gait recognition system is made by Watrix"
    if ctx.words[i : i + 1] == [","]:
        i += 1  # "The scanners, made by Evolv Technology, ..."
        i = _past_appositive_noun(ctx, i)  # "Tracker Pro, an app made by Kestrel Labs"
    while True:
        while ctx.words[i : i + 1] and ctx.words[i] in _PASSIVE_FILLERS:
            i += 1
        if not (
            ctx.words[i : i + 2] and ctx.words[i] in _PASSIVE_MAKERS and ctx.words[i + 1 : i + 2] == ["by"]
        ):
            return facts
        vendor = ctx.after(i + 2, COMPANY, limit=3)
        if vendor is None:
            return facts
        facts.append(_offer(ctx, vendor, technology, 0.85))
        i = vendor.end


#: how many words an appositive may spend before its noun: "a free mobile app"
_APPOSITIVE_WORDS = 4


def _past_appositive_noun(ctx: SentenceContext, i: int) -> int:
    """Where the words after "a/an <noun>" start, when an appositive naming what the
    product is begins at ``i`` ("an app", "a spyware tool", "a facial recognition
    system"); else ``i``."""
    if ctx.words[i : i + 1] not in (["a"], ["an"]):
        return i
    for j in range(i + 1, min(ctx.end, i + 1 + _APPOSITIVE_WORDS)):
        if ctx.words[j] == "-" or ctx.words[j + 1 : j + 2] == ["-"]:
            continue  # "a drone-tracking app": "drone" only qualifies
        if ctx.words[j] in PRODUCT_NOUNS or ctx.words[j] in TECH_HEADS:
            return j + 1
        if not ctx.words[j].replace("-", "").isalpha():
            break
    return i


def _sourced_from(ctx: SentenceContext, technology: Mention) -> list[Fact]:
    """ "facial recognition software from Clearview AI", "equipment from Huawei and ZTE":
    a technology said to come from a company (not "Clearview AI removed photos from
    Facebook": the technology must be what comes)."""
    if ctx.words[technology.end : technology.end + 1] != ["from"]:
        return []
    vendor = ctx.after(technology.end + 1, COMPANY, limit=2)
    if vendor is None or not set(ctx.words[technology.end + 1 : vendor.start]) <= {"the"}:
        return []
    return [_offer(ctx, v, technology, 0.8) for v in ctx.listed_with(vendor, COMPANY)]


def _punctuation_between(ctx: SentenceContext, start: int, end: int) -> bool:
    return any(ctx.doc[i].is_punct and ctx.doc[i].text != "-" for i in range(start, end))


def category_facts(ctx: SentenceContext) -> list[Fact]:
    """Every product-is-a-kind-of-technology statement in the sentence."""
    found: dict[tuple[str, str], float] = {}

    def note(product: Mention, kind: Mention | None, confidence: float) -> None:
        if kind is not None and kind.name != product.name:
            key = (product.name, kind.name)
            found[key] = max(found.get(key, 0.0), confidence)

    for product in (m for m in ctx.mentions if m.type == "Product"):
        note(product, _apposition(ctx, product) or _copula(ctx, product) or _kind_before(ctx, product), 0.85)
        note(product, _kind_after(ctx, product), 0.8)
        note(product, _kind_in_name(ctx, product), 0.8)
        note(product, _filed_under(ctx, product), 0.75)
    for kind in (m for m in ctx.mentions if m.type == "Technology"):
        for product in _examples(ctx, kind):
            note(product, kind, 0.85)
    return [
        ctx.fact("category", {"technology": product, "category": kind}, confidence)
        for (product, kind), confidence in found.items()
    ]


def _apposition(ctx: SentenceContext, product: Mention) -> Mention | None:
    """ "Rekognition, the retail giant's facial-recognition technology"."""
    if ctx.words[product.end : product.end + 1] != [","]:
        return None
    kind = ctx.after(product.end + 1, TECHNOLOGY, limit=_APPOSITION_GAP)
    if kind is None or _clause_break(ctx, product.end + 1, kind.start) or ctx.is_modifier(kind):
        return None  # "Nightjar, a drone-tracking app": "drone" only qualifies the app
    opener = ctx.words[product.end + 1]
    return kind if kind.start == product.end + 1 or opener in _NOUN_PHRASE_OPENERS else None


def _copula(ctx: SentenceContext, product: Mention) -> Mention | None:
    """ "ShotSpotter is a gunshot detection system", "The Axon M, for example, is an
    unusual Android smartphone"."""
    verb = _skip_aside(ctx, product.end)
    words = ctx.words[verb : verb + 2]
    if len(words) < 2 or words[0] not in {"is", "was"} or words[1] not in {"a", "an", "the"}:
        return None
    kind = ctx.after(verb + 2, TECHNOLOGY, limit=4)
    if kind is None or _punctuation_between(ctx, verb + 2, kind.start):
        return None
    return kind


#: words that put a product's name after the kind it is: "a drone called X", "known as X"
_NAMING_WORDS = frozenset({"called", "named", "dubbed", "branded"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def _kind_before(ctx: SentenceContext, product: Mention) -> Mention | None:
    """ "the gunshot detection system ShotSpotter", "a quadruped robot known as "Digidog"",
    "a drone called X"."""
    start = product.start
    while start > ctx.start and ctx.words[start - 1] in _QUOTES:
        start -= 1
    if start - ctx.start < 2:
        return None
    if ctx.words[start - 2 : start] == ["known", "as"]:
        kind = ctx.before(start - 2, TECHNOLOGY)
        return kind if kind is not None and start - 2 - kind.end <= 1 else None
    if ctx.words[start - 1] in _NAMING_WORDS:
        kind = ctx.before(start - 1, TECHNOLOGY)
        return kind if kind is not None and start - 1 - kind.end <= 1 else None
    if ctx.words[start - 1] not in PRODUCT_NOUNS:
        return None
    kind = ctx.before(start, TECHNOLOGY)
    return kind if kind is not None and start - kind.end <= 2 else None


def _kind_after(ctx: SentenceContext, product: Mention) -> Mention | None:
    """ "Knightscope K5 patrol robots", "a Snapdragon 821 processor": the name used as a
    modifier of the kind it is (nothing between them but a hyphen)."""
    kind = ctx.after(product.end, TECHNOLOGY, limit=2)
    if kind is None or not set(ctx.words[product.end : kind.start]) <= {"-"}:
        return None
    entry = ctx.gazetteer.get(product.name)
    if entry is not None and entry.category not in (None, kind.name):
        return None  # "an Android smartphone": a phone that runs Android, not Android itself
    return kind


def _kind_in_name(ctx: SentenceContext, product: Mention) -> Mention | None:
    """ "Pegasus spyware", "the DeepSeek chatbot": the form the text names the product by
    ends with a kind of technology."""
    words = product.span(ctx.doc).text.split()
    for cut in range(1, len(words)):
        kind = ctx.gazetteer.kind_named(" ".join(words[cut:]))
        if kind is not None:
            return Mention(product.start, product.end, kind, "Technology")
    return None


def _filed_under(ctx: SentenceContext, product: Mention) -> Mention | None:
    """The kind the gazetteer files a product under, when the same sentence names it too:
    the text then states both, and the gazetteer only tells how they relate."""
    entry = ctx.gazetteer.get(product.name)
    if entry is None or entry.category is None:
        return None
    return next((m for m in ctx.mentions if m.type in TECHNOLOGY and m.name == entry.category), None)


#: words that open examples of a kind: "tools such as ChatGPT", "apps like TikTok"
_EXAMPLE_OPENERS = (("such", "as"), ("like",), ("including",), ("e.g.",), ("especially",))


def _examples(ctx: SentenceContext, kind: Mention) -> list[Mention]:
    """ "generative AI technologies like DeepSeek and ChatGPT", "apps, including TikTok and
    WeChat": the products given as examples of a kind, with those listed with them."""
    i = kind.end
    if ctx.words[i : i + 1] and ctx.words[i] in PRODUCT_NOUNS:
        i += 1
    if ctx.words[i : i + 1] == [","]:
        i += 1
    return ctx.listed_after_opener(i, _EXAMPLE_OPENERS, PRODUCT, limit=2)


def _clause_break(ctx: SentenceContext, start: int, end: int) -> bool:
    """A verb-like or punctuation break between an apposition's head and its kind."""
    words = set(ctx.words[start:end])
    return bool(words & {",", ";", ":", "to", "is", "was", "are", "were", "has", "have", "said", "which"})

"""Word lists the relation rules read: triggers and the modality around them.

Kept apart from the rules so that a reviewer can read what the extractor reacts to
without reading how. Every entry is lower-case and matched token by token.
"""

from __future__ import annotations


def _forms(kind: str, words: str) -> dict[tuple[str, ...], str]:
    return {tuple(w.split("_")): kind for w in words.split()}


#: words that state a restriction -> its kind
RESTRICTION_TRIGGERS: dict[tuple[str, ...], str] = {
    **_forms("moratorium", "moratorium moratoriums moratoria"),
    **_forms(
        "ban",
        "ban bans banned banning bar bars barred barring prohibit prohibits prohibited "
        "prohibiting prohibition outlaw outlaws outlawed outlawing blacklisted forbid forbids forbade "
        "forbidden forbidding "
        "added_to_the_entity_list entity_list block blocks blocked blocking",
    ),
    **_forms(
        "pause",
        "pause paused pauses pausing suspend suspends suspended suspending suspension halt "
        "halts halted halting grounded grounds grounding "
        "switch_off switches_off switched_off switching_off turn_off turns_off turned_off turning_off "
        "shut_off shuts_off shutting_off",
    ),
    **_forms(
        "discontinuation",
        "cease ceases ceased ceasing discontinue discontinues discontinued discontinuing "
        "stop_selling stopped_selling stops_selling stop_offering stopped_offering "
        "no_longer_sell no_longer_sells no_longer_offer no_longer_offers no_longer_provide "
        "pulled_the_plug pull_the_plug pulls_the_plug exit exits exited exiting quit quits quitting "
        "end_its_contract ended_its_contract ends_its_contract end_their_contract ended_their_contract "
        "cancel_its_contract canceled_its_contract cancelled_its_contract terminated_its_contract "
        "not_to_renew_its_contract stop_using stopped_using stops_using "
        "cease_using ceased_using stop_deploying stopped_deploying "
        "no_longer_use no_longer_uses no_longer_using no_longer_deploys no_longer_deploy "
        "end_its_use ended_its_use ends_its_use ending_its_use end_their_use ended_their_use "
        "decommission decommissions decommissioned decommissioning shut_down shuts_down shutting_down",
    ),
    **_forms(
        "limit",
        "restrict restricts restricted restricting restrictions limit limits limited limiting curb curbs "
        "curbed curbing export_controls",
    ),
    **_forms("regulation", "regulate regulates regulated regulating regulation regulations"),
}

#: a permission denied: "Rite Aid will not be allowed to use X" is a ban on X (the denial
#: is part of the phrase, so the negation check before the trigger does not undo it)
DENIED_PERMISSIONS: dict[tuple[str, ...], str] = _forms(
    "ban",
    "not_allowed_to not_be_allowed_to not_permitted_to not_be_permitted_to n't_allowed_to "
    "n't_be_allowed_to n't_permitted_to no_longer_allowed_to no_longer_be_allowed_to "
    "no_longer_permitted_to no_longer_be_permitted_to",
)
#: what a denied permission must be about: "not allowed to comment on X" bans nothing
PERMITTED_ACTS = frozenset(
    "use run deploy operate buy purchase acquire sell install fly access download share collect".split()
)
#: verbs that take a technology away; a restriction only when someone orders them
#: ("told staff to delete the app", "ordered TikTok off government phones")
REMOVAL_VERBS: dict[tuple[str, ...], str] = _forms(
    "ban", "remove removed delete deleted uninstall uninstalled wipe wiped purge purged off"
)
#: removal words that follow their object directly after the order: "ordered X removed"
REMOVAL_COMPLEMENTS = frozenset({"off", "removed", "deleted", "uninstalled", "wiped", "purged"})

#: nouns of rules that only state a restriction when someone issues them ("passed new rules")
RULE_NOUNS = frozenset({"regulation", "regulations", "restrictions", "limits", "rules"})
#: verbs that issue rules; one must stand shortly before a rule noun
ISSUING_VERBS = frozenset(
    "passed passes adopted adopts issued issues approved approves imposed imposes introduced enacted "
    "published placed places unveiled finalized finalised announced announces tightened".split()
)
#: triggers that only public bodies can pull (a company cannot put anyone on an entity list)
PUBLIC_ONLY_TRIGGERS = frozenset(
    {("entity", "list"), ("added", "to", "the", "entity", "list"), ("blacklisted",)}
)
#: prepositions before a name that make it a circumstance, not a subject ("police in California")
PREPOSITIONS = frozenset("in at across outside near from among".split())

#: the kinds a proposal can turn into "proposed-ban"
PROPOSABLE = frozenset({"ban", "moratorium"})
#: words before a trigger that make it a proposal, not a decision
PROPOSAL_CUES = frozenset(_forms("x", "proposed proposal proposes propose introduced bill draft"))

#: words before a trigger that make it hypothetical or denied: no fact
HYPOTHETICAL_CUES = frozenset(
    _forms(
        "x",
        "could might may should considering consider considered weighing weighs mulling "
        "if whether urged urges advocated advocates called_for calls_for asked refused "
        "declined denied denies hope hopes wants plans_to planned_to threatened unless can "
        "opposes opposed oppose tabled postponed idea_of drops dropped scrapped scraps abandoned "
        "abandons rejected rejects floated left_out withdrew withdrawn",
    )
)
NEGATIONS = frozenset({"not", "n't", "never", "nor"})
#: "not just", "not only": emphasis rather than negation
NEGATION_EXCEPTIONS = frozenset({"just", "only", "merely"})
#: a reporting verb before "would" turns the conditional into reported speech
REPORTING_VERBS = frozenset(
    ["said", "says", "announced", "announces", "told", "confirmed", "stated", "declared", "revealed", "added"]
)

#: words that state use of a technology
USE_TRIGGERS = frozenset(
    _forms(
        "x",
        "use uses used using deploy deploys deployed deploying employ employs employed "
        "adopted adopts rely_on relies_on relied_on tested tests trialled trialed trialling "
        "piloted pilots piloting rolled_out test testing install installed installs installing "
        "has_access_to have_access_to had_access_to gained_access_to equipped equips outfitted "
        "ran runs running operate operates operated operating flew flown flies flying "
        "switched_on switches_on turned_on activated activates turned_to turns_to turning_to "
        "integrate integrates integrated integrating implement implements implemented implementing "
        "utilize utilizes utilized utilizing utilise utilises utilised leverage leverages leveraged",
    )
)
#: words that state a sale or supply; the customer follows "to"
SUPPLY_TRIGGERS = frozenset(
    _forms(
        "x",
        "sell sells sold selling supply supplies supplied supplying provide provides "
        "provided providing license licenses licensed licensing market markets marketed "
        "offered offering pitched pitching",
    )
)
#: nouns of an agreement whose parties are a vendor and a customer ("a contract with")
AGREEMENT_NOUNS = frozenset(
    {
        "contract",
        "contracts",
        "deal",
        "deals",
        "agreement",
        "agreements",
        "partnership",
        "partnerships",
        "partnered",
        "partners",
        "teamed",
        "contracted",
        "worked",
        "works",
    }
)
PURCHASE_VERBS = frozenset(
    [
        "bought",
        "buys",
        "buy",
        "purchased",
        "purchases",
        "purchase",
        "acquired",
        "procured",
        "procures",
        "leased",
        "paid",
        "spent",
    ]
)
#: verbs by which a vendor states what it offers (the plain form for plural subjects:
#: "Amazon and Microsoft both sell")
OFFER_VERBS = frozenset(
    [
        "sell",
        "offer",
        "supply",
        "provide",
        "market",
        "manufacture",
        "produce",
        "design",
        "build",
        "makes",
        "make",
        "made",
        "develops",
        "developed",
        "develop",
        "builds",
        "built",
        "manufactures",
        "manufactured",
        "markets",
        "sells",
        "sold",
        "offers",
        "offered",
        "supplies",
        "supplied",
        "provides",
        "produces",
        "produced",
        "created",
        "designs",
        "designed",
        "launched",
        "launches",
        "unveiled",
        "unveils",
        "introduced",
        "introduces",
        "released",
        "releases",
    ]
)
#: nouns after a technology that make "TECH company X" or "X, a TECH firm"
VENDOR_NOUNS = frozenset(
    [
        "company",
        "firm",
        "startup",
        "start-up",
        "vendor",
        "maker",
        "provider",
        "developer",
        "supplier",
        "manufacturer",
        "giant",
        "business",
    ]
)
#: nouns after a technology that introduce a named product ("face recognition software Rekognition")
PRODUCT_NOUNS = frozenset(
    [
        "software",
        "system",
        "systems",
        "tool",
        "tools",
        "app",
        "apps",
        "application",
        "applications",
        "platform",
        "platforms",
        "product",
        "products",
        "service",
        "services",
        "technology",
        "technologies",
        "program",
        "programs",
        "assessment",
        "assessments",
        "solution",
        "solutions",
        "offering",
        "offerings",
        "equipment",
        "gear",
        "database",
        "network",
    ]
)
#: words that introduce exemptions to a restriction
EXEMPTION_CUES = frozenset(
    _forms("x", "allow allows allowed allowing exempt exempts exempted except exception excluding")
)

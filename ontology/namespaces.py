"""The techkg vocabulary as Python names, and the minting of every IRI the graph uses.

This module is the one place that knows how IRIs are spelled, so that the extractor,
the store and the service can never disagree about them. The vocabulary is closed
(``_fail = True``): a misspelled term raises instead of quietly minting a new IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://techkg.org/"
ENTITY_BASE = BASE + "id/"
ARTICLE_BASE = BASE + "article/"
FACT_BASE = BASE + "fact/"
KIND_BASE = BASE + "kind/"

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
KIND = Namespace(KIND_BASE)


class TK(DefinedNamespace):
    """Classes and properties of ``ontology/techkg.ttl``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # entity classes
    Entity: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentAgency: URIRef
    LawEnforcementAgency: URIRef
    Legislature: URIRef
    Court: URIRef
    NonProfit: URIRef
    Sector: URIRef
    Person: URIRef
    Place: URIRef
    Technology: URIRef
    Product: URIRef
    # provenance
    Article: URIRef
    # n-ary relationship nodes
    Fact: URIRef
    Offering: URIRef
    Classification: URIRef
    Supply: URIRef
    Use: URIRef
    Restriction: URIRef
    RestrictionKind: URIRef
    restrictionKinds: URIRef  # the SKOS concept scheme of restriction kinds
    # participants of n-ary nodes
    vendor: URIRef
    customer: URIRef
    user: URIRef
    technology: URIRef
    category: URIRef
    authority: URIRef
    scope: URIRef
    exempt: URIRef
    purpose: URIRef
    restrictionKind: URIRef
    startDate: URIRef
    endDate: URIRef
    duration: URIRef
    # evidence
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    confidence: URIRef
    # direct edges
    offers: URIRef
    inCategory: URIRef
    supplies: URIRef
    uses: URIRef
    restricts: URIRef


#: entity type name (as in the facts JSON) -> class IRI
ENTITY_TYPES: dict[str, URIRef] = {
    name: TK[name]
    for name in (
        "Company",
        "GovernmentAgency",
        "LawEnforcementAgency",
        "Legislature",
        "Court",
        "NonProfit",
        "Sector",
        "Person",
        "Place",
        "Technology",
        "Product",
    )
}

#: restriction kinds, the members of the SKOS scheme ``tk:restrictionKinds``
RESTRICTION_KINDS: tuple[str, ...] = (
    "moratorium",
    "ban",
    "discontinuation",
    "pause",
    "regulation",
    "limit",
    "proposed-ban",
)

#: relation name (as in the facts JSON) -> (n-ary class, direct edge, (from field, to field))
RELATIONS: dict[str, tuple[URIRef, URIRef, tuple[str, str]]] = {
    "offers": (TK.Offering, TK.offers, ("vendor", "technology")),
    "category": (TK.Classification, TK.inCategory, ("technology", "category")),
    "supplies": (TK.Supply, TK.supplies, ("vendor", "customer")),
    "uses": (TK.Use, TK.uses, ("user", "technology")),
    "restricts": (TK.Restriction, TK.restricts, ("authority", "technology")),
}


def slug(text: str) -> str:
    """A lower-case ASCII slug of a name, stable across runs.

    >>> slug("International Center for Missing & Exploited Children")
    'international-center-for-missing-exploited-children'
    >>> slug("Société Générale")
    'societe-generale'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def entity_id(name: str, type_name: str) -> str:
    """The public id of an entity: its type and canonical name, never the ingest order.

    >>> entity_id("Amazon", "Company")
    'company-amazon'
    >>> entity_id("facial recognition", "Technology")
    'technology-facial-recognition'
    """
    return f"{slug(type_name)}-{slug(name)}"


def entity_iri(name: str, type_name: str) -> URIRef:
    """The IRI of an entity; its last path segment is :func:`entity_id`."""
    return URIRef(ENTITY_BASE + entity_id(name, type_name))


def article_iri(doc: str) -> URIRef:
    """The IRI of an article, which is also the name of the graph holding its statements.

    >>> article_iri("seed-article")
    rdflib.term.URIRef('https://techkg.org/article/seed-article')
    """
    return URIRef(ARTICLE_BASE + quote(doc, safe="-._~"))


def fact_iri(doc: str, relation: str, key: tuple[str, ...]) -> URIRef:
    """A deterministic IRI for one fact of one article (no blank nodes: re-ingest is idempotent).

    >>> key = ("Amazon", "Rekognition")
    >>> fact_iri("a", "offers", key) == fact_iri("a", "offers", key) != fact_iri("b", "offers", key)
    True
    """
    digest = hashlib.sha256("\x1f".join((doc, relation, *key)).encode()).hexdigest()[:16]
    return URIRef(f"{FACT_BASE}{relation}-{digest}")


def kind_iri(kind: str) -> URIRef:
    """The SKOS concept of a restriction kind; unknown kinds are refused."""
    if kind not in RESTRICTION_KINDS:
        raise ValueError(f"unknown restriction kind {kind!r}; expected one of {RESTRICTION_KINDS}")
    return URIRef(KIND_BASE + kind)


def wikidata_iri(qid: str) -> URIRef:
    """The Wikidata entity IRI of a Q-id such as ``Q3884``."""
    if not re.fullmatch(r"Q[1-9][0-9]*", qid):
        raise ValueError(f"not a Wikidata id: {qid!r}")
    return WD[qid]

"""Facts to RDF: one article's facts as triples of the graph named by the article IRI.

Every IRI is deterministic (see :mod:`ontology.namespaces`), so ingesting the same
article twice yields the same triples and replacing its graph is idempotent.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract.facts import ENTITY_FIELDS, KEY_FIELDS, ArticleFacts, Entity, Fact
from ontology.namespaces import (
    ENTITY_TYPES,
    RELATIONS,
    SCHEMA,
    TK,
    article_iri,
    entity_iri,
    fact_iri,
    kind_iri,
    wikidata_iri,
)

#: contract field -> property of the n-ary node (participants)
FIELD_PROPERTIES: dict[str, URIRef] = {
    "vendor": TK.vendor,
    "customer": TK.customer,
    "user": TK.user,
    "technology": TK.technology,
    "category": TK.category,
    "authority": TK.authority,
    "scope": TK.scope,
    "purpose": TK.purpose,
    "kind": TK.restrictionKind,
    "start": TK.startDate,
    "end": TK.endDate,
    "duration": TK.duration,
    "exempt": TK.exempt,
}


def article_graph(facts: ArticleFacts) -> Graph:
    """The named graph of one article: the article, its entities and its facts."""
    article = facts.article
    graph = Graph(identifier=article_iri(article.id))
    _bind(graph)
    node = article_iri(article.id)
    graph.add((node, RDF.type, TK.Article))
    graph.add((node, DCTERMS.identifier, Literal(article.id)))
    graph.add((node, SCHEMA.articleBody, Literal(article.text)))
    if article.date:
        graph.add((node, DCTERMS.date, Literal(article.date.isoformat(), datatype=XSD.date)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    types = {e.name: e.type for e in facts.entities}
    for entity in facts.entities:
        _add_entity(graph, entity)
    for fact in facts.facts:
        _add_fact(graph, article.id, node, fact, types)
    return graph


def _bind(graph: Graph) -> None:
    for prefix, namespace in (("tk", TK._NS), ("schema", SCHEMA), ("prov", PROV), ("skos", SKOS)):
        graph.bind(prefix, namespace)


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.name, entity.type)
    graph.add((node, RDF.type, ENTITY_TYPES[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, wikidata_iri(entity.wikidata)))


def _add_fact(graph: Graph, doc: str, article: URIRef, fact: Fact, types: dict[str, str]) -> None:
    cls, edge, (source, target) = RELATIONS[fact.relation]
    node = fact_iri(doc, fact.relation, tuple(str(fact.values.get(f)) for f in KEY_FIELDS[fact.relation]))

    def entity(name: str) -> URIRef:
        return entity_iri(name, types[name])

    graph.add((node, RDF.type, cls))
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, TK.evidence, Literal(fact.evidence.sentence)))
    graph.add((node, TK.evidenceStart, Literal(fact.evidence.start, datatype=XSD.integer)))
    graph.add((node, TK.evidenceEnd, Literal(fact.evidence.end, datatype=XSD.integer)))
    graph.add((node, TK.confidence, Literal(Decimal(str(fact.confidence)), datatype=XSD.decimal)))
    for name, value in fact.values.items():
        for term in _terms(name, value, entity):
            graph.add((node, FIELD_PROPERTIES[name], term))
    graph.add((entity(fact.values[source]), edge, entity(fact.values[target])))


def _terms(name: str, value: object, entity) -> list:  # type: ignore[no-untyped-def]
    """The RDF objects of one contract field (none for an empty one)."""
    if value is None or value == []:
        return []
    if name == "exempt":
        return [entity(n) for n in value]  # type: ignore[union-attr]
    if name in ENTITY_FIELDS:
        return [entity(value)]
    if name == "kind":
        return [kind_iri(str(value))]
    if name in ("start", "end"):
        return [Literal(str(value), datatype=XSD.date)]
    if name == "duration":
        return [Literal(str(value), datatype=XSD.duration)]
    return [Literal(str(value))]

"""RDF to the facts JSON: the contract's JSON is a *view* of an article's graph.

``techkg extract --format jsonl`` prints what this module reads back from the graph
that ``ingest`` would store, and ``GET /articles/{id}`` uses it on the stored graph,
so the two can only agree.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from extract.facts import RELATION_FIELDS
from extract.to_rdf import FIELD_PROPERTIES
from ontology.namespaces import ENTITY_TYPES, KIND_BASE, RELATIONS, SCHEMA, TK, WD

_CLASS_TO_TYPE = {iri: name for name, iri in ENTITY_TYPES.items()}
_CLASS_TO_RELATION = {cls: name for name, (cls, _, _) in RELATIONS.items()}


def facts_json(graph: Graph, article: URIRef) -> dict[str, Any]:
    """The facts JSON of the article whose statements ``graph`` holds."""
    date = graph.value(article, DCTERMS.date)
    return {
        "doc": str(graph.value(article, DCTERMS.identifier)),
        "date": str(date) if date is not None else None,
        "title": _str(graph.value(article, DCTERMS.title)),
        "url": _str(graph.value(article, SCHEMA.url)),
        "entities": _entities(graph),
        "facts": _facts(graph, article),
    }


def _str(term: object) -> str | None:
    return None if term is None else str(term)


def _entities(graph: Graph) -> list[dict[str, Any]]:
    out = []
    for node, cls in graph.subject_objects(RDF.type):
        if cls not in _CLASS_TO_TYPE:
            continue
        entity = {
            "id": str(node).rsplit("/", 1)[-1],
            "name": str(graph.value(node, RDFS.label)),
            "type": _CLASS_TO_TYPE[cls],
            "aliases": sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        }
        same = [str(o) for o in graph.objects(node, OWL.sameAs) if str(o).startswith(str(WD))]
        if same:
            entity["wikidata"] = same[0].rsplit("/", 1)[-1]
        out.append(entity)
    return sorted(out, key=lambda e: (e["type"], e["name"]))


def _facts(graph: Graph, article: URIRef) -> list[dict[str, Any]]:
    rows = []
    for node in graph.subjects(PROV.wasDerivedFrom, article):
        relation = next(
            (_CLASS_TO_RELATION[c] for c in graph.objects(node, RDF.type) if c in _CLASS_TO_RELATION), None
        )
        if relation is None:
            continue
        fact: dict[str, Any] = {"relation": relation}
        for name in RELATION_FIELDS[relation]:
            fact[name] = _field(graph, node, name)
        fact["confidence"] = float(graph.value(node, TK.confidence) or 0)
        fact["evidence"] = _str(graph.value(node, TK.evidence))
        fact["id"] = str(node).rsplit("/", 1)[-1]
        start = graph.value(node, TK.evidenceStart)
        rows.append((int(start) if start is not None else 0, list(RELATIONS).index(relation), fact))
    return [fact for *_, fact in sorted(rows, key=lambda r: (r[0], r[1], str(r[2])))]


def _field(graph: Graph, node: URIRef, name: str) -> Any:
    values = list(graph.objects(node, FIELD_PROPERTIES[name]))
    if name == "exempt":
        return sorted((_name(graph, v) for v in values), key=str)
    if not values:
        return None
    value = values[0]
    if name == "kind":
        return str(value).removeprefix(KIND_BASE)
    return str(value) if isinstance(value, Literal) else _name(graph, value)


def _name(graph: Graph, node: object) -> str:
    label = graph.value(node, RDFS.label)  # type: ignore[arg-type]
    return str(label) if label is not None else str(node).rsplit("/", 1)[-1]

"""Questions about the shape of the graph: how two entities are linked, who is most
connected, which groups form around a technology.

They run on the networkx view of :mod:`queries.graph_view` rather than in SPARQL: a
shortest path must return the route it found, and a connected component needs the whole
graph at once, neither of which a SPARQL property path gives. Answers are plain dicts of
strings and numbers, ready for JSON. An unknown entity is a ``KeyError``; what that means
to a user (a 404, a message on the command line) is the caller's business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from ontology.namespaces import ARTICLE_BASE
from queries.graph_view import facts_about

#: role -> relation -> the end of the edge where an entity in that role stands. A customer
#: is both who is supplied (``supplies`` points at it) and who uses a technology.
ROLE_ENDS: dict[str, dict[str, str]] = {
    "vendor": {"offers": "source", "supplies": "source"},
    "customer": {"supplies": "target", "uses": "source"},
}


def entity_ref(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The short form of an entity, as the REST answers point to one."""
    data = graph.nodes[node]
    return {"id": node, "name": data.get("label"), "type": data.get("type")}


def fact_ref(source: str, target: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A fact as an answer shows it: which way it points, what it says and which article says it.

    >>> fact_ref("company-ibm", "technology-fr", {"relation": "offers", "label": "offers",
    ...          "confidence": 0.9, "article": "https://techkg.org/article/ibm-exit"})
    {'source': 'company-ibm', 'target': 'technology-fr', 'relation': 'offers', 'confidence': 0.9,
     'article': {'id': 'ibm-exit', 'iri': 'https://techkg.org/article/ibm-exit'}}
    """
    fact = {"source": source, "target": target}
    fact.update((k, v) for k, v in data.items() if k not in ("label", "article"))
    if data.get("article"):
        fact["article"] = {"id": data["article"].removeprefix(ARTICLE_BASE), "iri": data["article"]}
    return fact


# --- paths ----------------------------------------------------------------------------


def shortest_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 10) -> list[list[str]]:
    """Up to ``limit`` shortest chains of facts between two entities; ``[]`` if none links them.

    Direction is ignored: "Clearview AI supplies the police, who also use ShotSpotter" runs
    with one edge and against the next, and is still how the two are connected. The number
    of equally short paths can grow exponentially, hence the limit.
    """
    for node in (source, target):
        if node not in graph:
            raise KeyError(node)
    walks = nx.all_shortest_paths(graph.to_undirected(as_view=True), source, target)
    try:
        return sorted(islice(walks, limit))
    except nx.NetworkXNoPath:
        return []


def hop_facts(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """Every fact between two neighbouring entities, in either direction."""
    found = []
    for source, target in ((a, b), (b, a)):
        for data in (graph.get_edge_data(source, target) or {}).values():
            found.append(fact_ref(source, target, data))
    return found


def describe_path(graph: nx.MultiDiGraph, path: list[str]) -> dict[str, Any]:
    """A path as its entities and, hop by hop, all the facts (with sentence and article)
    that link the two ends of the hop: the evidence for the whole chain."""
    return {
        "length": len(path) - 1,
        "entities": [entity_ref(graph, node) for node in path],
        "hops": [{"from": a, "to": b, "facts": hop_facts(graph, a, b)} for a, b in pairwise(path)],
    }


# --- most connected -------------------------------------------------------------------


def most_connected(graph: nx.MultiDiGraph, role: str, limit: int = 10) -> list[dict[str, Any]]:
    """The entities with the most distinct counterparts in a role, with their counts.

    A vendor's counterparts are the technologies it offers and the customers it supplies;
    a customer's, the vendors that supply it and the technologies it uses. Counting
    distinct counterparts rather than facts keeps one deal reported by five articles
    from outranking five deals; ``facts`` is given too, as the tie-breaker.
    """
    if role not in ROLE_ENDS:
        raise ValueError(f"unknown role {role!r}; known roles: {', '.join(ROLE_ENDS)}")
    ends = ROLE_ENDS[role]
    partners: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts: dict[str, set[str]] = defaultdict(set)
    for source, target, data in graph.edges(data=True):
        end = ends.get(data["relation"])
        if end is None:
            continue
        me, other = (source, target) if end == "source" else (target, source)
        partners[me][data["relation"]].add(other)
        facts[me].add(data.get("fact") or f"{source}|{target}")
    rows = [_ranked(graph, node, by_relation, len(facts[node])) for node, by_relation in partners.items()]
    rows.sort(key=lambda r: (-r["connections"], -r["facts"], r["id"]))
    return rows[:limit]


def _ranked(graph: nx.MultiDiGraph, node: str, by_relation: Mapping[str, set[str]], facts: int) -> dict:
    """One row of :func:`most_connected`: the entity, its counterparts overall and by relation."""
    return {
        **entity_ref(graph, node),
        "connections": len(set().union(*by_relation.values())),
        "facts": facts,
        "relations": {relation: len(others) for relation, others in sorted(by_relation.items())},
    }


# --- components -----------------------------------------------------------------------


def technology_components(graph: nx.MultiDiGraph, technology: str) -> list[dict[str, Any]]:
    """The groups of entities that facts about a technology link to one another, largest first.

    The technology itself is taken out before the groups are found: every fact about it
    touches it, so with it there would always be exactly one group. Without it, the groups
    are the separate stories around the technology (a vendor, its product and the product's
    customers; a city that banned it). Its products stay in, as the hubs of those stories.
    Each group lists the facts that touch its members, including those naming the technology.
    """
    about = facts_about(graph, technology)
    others = about.subgraph(node for node in about if node != technology)
    groups = nx.connected_components(others.to_undirected(as_view=True))
    return [_component(about, group) for group in sorted(groups, key=lambda g: (-len(g), sorted(g)))]


def _component(about: nx.MultiDiGraph, group: set[str]) -> dict[str, Any]:
    """One group of :func:`technology_components`: its entities and the facts touching them."""
    facts = [fact_ref(s, t, data) for s, t, data in about.edges(data=True) if s in group or t in group]
    return {"size": len(group), "entities": [entity_ref(about, n) for n in sorted(group)], "facts": facts}

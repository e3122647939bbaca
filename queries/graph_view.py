"""A networkx view of the knowledge graph, built from the rows the SPARQL queries return.

The store answers with flat rows; the graph writers (GraphML, GEXF, Cytoscape, D3, DOT)
and neighbourhood browsing want a multigraph. Every attribute kept here is a plain
``str`` or ``float``: the GraphML and GEXF writers of networkx refuse ``None`` and
lists, so a missing value is simply left out rather than written as a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

#: node row fields copied onto the node (the ``id`` field is the node itself)
NODE_ATTRS: tuple[str, ...] = ("label", "type", "iri", "wikidata")

#: edge row fields that are numbers, written as floats so that tools can filter on them
NUMERIC_ATTRS: frozenset[str] = frozenset({"confidence"})

#: edge row fields that say where the edge goes, not something about it
_ENDPOINTS: frozenset[str] = frozenset({"source", "target"})

# Characters XML 1.0 cannot hold at all, not even escaped; news text sometimes carries them
# (form feeds, stray NULs), and one of them would make the whole GraphML/GEXF file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def scalar(name: str, value: Any) -> str | float | None:
    """The value as every graph writer accepts it, or ``None`` when it should be left out.

    Numeric fields become floats; everything else a string, without characters XML forbids.

    >>> scalar("confidence", "0.9")
    0.9
    >>> scalar("label", "Clearview\\x0cAI")
    'ClearviewAI'
    >>> scalar("end", None) is None, scalar("end", "") is None
    (True, True)
    """
    if value is None or value == "":
        return None
    if name in NUMERIC_ATTRS:
        return float(value)
    return _NOT_XML.sub("", str(value))


def _scalars(row: Mapping[str, Any], names: Iterable[str]) -> dict[str, str | float]:
    """The present, writable values of ``names`` in ``row``."""
    pairs = ((name, scalar(name, row.get(name))) for name in names)
    return {name: value for name, value in pairs if value is not None}


def edge_key(row: Mapping[str, Any]) -> str:
    """The multigraph key of an edge row: its fact and relation, unique between two nodes.

    One fact yields several edges (a restriction has its authority, scope and exemptions),
    so the fact alone cannot tell them apart, but fact and relation can.

    >>> edge_key({"fact": "https://techkg.org/fact/offers-1", "relation": "offers"})
    'https://techkg.org/fact/offers-1#offers'
    """
    fact, relation = row.get("fact"), row["relation"]
    return f"{fact}#{relation}" if fact else relation


def edge_id(source: str, target: str, key: str) -> str:
    """An id unique in the whole graph, for formats whose edge ids must not repeat.

    A key is only unique between one pair of nodes (a restriction scoped to two places
    has the same fact and relation twice), so the endpoints are part of the id. Node ids
    are slugs, which never contain ``|``.

    >>> edge_id("company-amazon", "place-usa", "https://techkg.org/fact/restricts-1#scope")
    'company-amazon|place-usa|https://techkg.org/fact/restricts-1#scope'
    """
    return f"{source}|{target}|{key}"


def build_graph(nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """The directed multigraph of node rows and edge rows.

    A multigraph because two entities are often linked more than once (Amazon both
    offers and restricts Rekognition, and each article adds its own fact). An edge whose
    endpoint has no node row still gets a bare node, so no edge is silently lost.
    """
    graph = nx.MultiDiGraph()
    for row in nodes:
        graph.add_node(row["id"], **_scalars(row, NODE_ATTRS))
    for row in edges:
        attrs = _scalars(row, (name for name in row if name not in _ENDPOINTS))
        attrs["label"] = attrs["relation"] = row["relation"]
        graph.add_edge(row["source"], row["target"], key=edge_key(row), **attrs)
    return graph


def neighbourhood(graph: nx.MultiDiGraph, entity_id: str, depth: int) -> nx.MultiDiGraph:
    """Everything within ``depth`` hops of an entity, whichever way the edges point.

    Direction is ignored because "what is around Rekognition" includes both who offers
    it (incoming) and what it is a kind of (outgoing). The result is the induced subgraph,
    a copy, so every edge among the reached nodes is kept and the caller may change it.
    """
    if entity_id not in graph:
        raise KeyError(entity_id)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    undirected = graph.to_undirected(as_view=True)
    reached = nx.single_source_shortest_path_length(undirected, entity_id, cutoff=depth)
    return graph.subgraph(reached).copy()


# --- selections: the parts of the graph an export or a question is about ---------------


def technology_scope(graph: nx.MultiDiGraph, technology: str) -> set[str]:
    """A technology and every product classified under it, directly or through a sub-kind.

    "Facts about facial recognition" should include a ban on Rekognition, because
    Rekognition *is* facial recognition; the ``category`` edges say which products are.

    >>> g = build_graph([], [
    ...     {"source": "product-rekognition", "target": "technology-fr", "relation": "category"},
    ...     {"source": "company-amazon", "target": "product-rekognition", "relation": "offers"},
    ... ])
    >>> sorted(technology_scope(g, "technology-fr"))
    ['product-rekognition', 'technology-fr']
    """
    if technology not in graph:
        raise KeyError(technology)
    kinds = nx.DiGraph()
    kinds.add_node(technology)
    kinds.add_edges_from((s, t) for s, t, rel in graph.edges(data="relation") if rel == "category")
    return {technology} | nx.ancestors(kinds, technology)


def facts_about(graph: nx.MultiDiGraph, technology: str) -> nx.MultiDiGraph:
    """The facts that name a technology (or one of its products) as a participant or as
    what was supplied, with the entities they link; the technology is kept even alone."""
    scope = technology_scope(graph, technology)
    edges = [
        (s, t, key)
        for s, t, key, supplied in graph.edges(keys=True, data="technology")
        if s in scope or t in scope or supplied in scope
    ]
    selected = graph.edge_subgraph(edges).copy()
    selected.add_node(technology, **graph.nodes[technology])
    return selected


def touching_type(graph: nx.MultiDiGraph, type_name: str) -> nx.MultiDiGraph:
    """Every entity of one type, the facts it takes part in and the other side of each.

    Keeping the counterparts is the point: "police agencies" alone would be a graph
    without edges, while what people want to see is the agencies and what they use.
    """
    chosen = {n for n, kind in graph.nodes(data="type") if kind == type_name}
    edges = [(s, t, key) for s, t, key in graph.edges(keys=True) if s in chosen or t in chosen]
    selected = graph.edge_subgraph(edges).copy()
    selected.add_nodes_from((n, graph.nodes[n]) for n in chosen)
    return selected


def keep_facts(graph: nx.MultiDiGraph, keep: Callable[[Mapping[str, Any]], bool]) -> nx.MultiDiGraph:
    """A copy without the edges whose data ``keep`` refuses; every entity stays.

    Entities stay because this filters *facts* (say, restrictions no longer in force):
    an entity does not stop existing on a date, it only loses the edge.
    """
    copy = graph.copy()
    refused = [(s, t, key) for s, t, key, data in graph.edges(keys=True, data=True) if not keep(data)]
    copy.remove_edges_from(refused)
    return copy

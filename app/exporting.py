"""Exports of the whole graph or of one entity's neighbourhood, in any registered format.

The format registry (:data:`queries.exports.EXPORTS`) says what each writer needs —
the networkx view, the RDF quads or the tracker rows — and this module feeds it that,
so the CLI and the HTTP route share one code path.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox

from app.lookups import NotFound, named_rows
from app.store import ONTOLOGY_GRAPH, GraphStore
from ontology.namespaces import ENTITY_BASE, ENTITY_TYPES
from queries.exports import ExportFormat, get_export
from queries.graph_view import build_graph, neighbourhood

_TYPE_NAMES = {str(iri): name for name, iri in ENTITY_TYPES.items()}


def graph_view(store: GraphStore, entity: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The entities and facts as a networkx graph, or the neighbourhood of one entity."""
    nodes = [
        {
            "id": r["iri"].removeprefix(ENTITY_BASE),
            "iri": r["iri"],
            "label": r["label"],
            "type": _TYPE_NAMES[r["type"]],
            "wikidata": r["wikidata"],
        }
        for r in named_rows(store, "graph_nodes")
        if r["type"] in _TYPE_NAMES
    ]
    edges = [_edge_row(r) for r in named_rows(store, "graph_edges")]
    graph = build_graph(nodes, edges)
    if entity is None:
        return graph
    try:
        return neighbourhood(graph, entity, depth)
    except KeyError as exc:
        raise NotFound(f"no entity with id {entity!r}") from exc


def _edge_row(row: dict) -> dict:
    """An edge row with entity ids in place of entity IRIs."""
    ids = {k: (row[k] or "").removeprefix(ENTITY_BASE) or None for k in ("source", "target", "technology")}
    return {**row, **ids}


def _quads(store: GraphStore, view: nx.MultiDiGraph | None) -> Iterator[ox.Quad]:
    """All article statements, or those about the entities and facts of ``view``."""
    keep: set[str] | None = None
    if view is not None:
        keep = {view.nodes[n].get("iri", ENTITY_BASE + n) for n in view.nodes}
        keep |= {data["fact"] for _, _, data in view.edges(data=True) if data.get("fact")}
    for quad in store.quads():
        if quad.graph_name == ONTOLOGY_GRAPH:
            continue
        if keep is None or getattr(quad.subject, "value", None) in keep:
            yield quad


def _uses(store: GraphStore, view: nx.MultiDiGraph | None) -> list[dict]:
    rows = named_rows(store, "tracker_uses")
    if view is None:
        return rows
    labels = {data.get("label") for _, data in view.nodes(data=True)}
    return [r for r in rows if r["user"] in labels or r["vendor"] in labels]


def export(
    store: GraphStore, name: str, entity: str | None = None, depth: int = 1
) -> tuple[ExportFormat, bytes]:
    """Render one export; an unknown format or entity raises a clear error."""
    fmt = get_export(name)
    view = graph_view(store, entity, depth) if (entity is not None or fmt.source == "graph") else None
    if fmt.source == "graph":
        return fmt, fmt.render(view)
    if fmt.source == "rdf":
        return fmt, fmt.render(_quads(store, view))
    return fmt, fmt.render(_uses(store, view))

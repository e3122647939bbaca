"""Exports of the whole graph or of the part a filter selects, in any registered format.

The format registry (:data:`queries.exports.EXPORTS`) says what each writer needs —
the networkx view, the RDF quads or the tracker rows — and this module feeds it that,
so the CLI and the HTTP route share one code path.

Filters, and the order they apply in:

1. ``active_on`` (a day) keeps the restrictions in force that day, by the same rule as
   ``queries/restrictions.rq`` (started by then, or reported by then when no start is
   known; not yet ended; not merely proposed). Other facts stay unless their own dates
   put them wholly after or before that day. Entities stay: they lose edges, not existence.
2. ``technology`` keeps the facts about it or a product classified under it.
3. ``entity_type`` keeps the facts with a participant of that type, and both sides.
4. ``entity`` with ``depth`` keeps that entity's neighbourhood within what is left, so
   "Amazon, depth 2, facial recognition, on 2021-01-01" is Amazon's facial-recognition
   world as it stood that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import networkx as nx
import pyoxigraph as ox

from app.lookups import NotFound, named_rows
from app.store import ONTOLOGY_GRAPH, GraphStore
from ontology.namespaces import ENTITY_BASE, ENTITY_TYPES, RELATIONS
from queries.exports import ExportFormat, get_export
from queries.graph_view import build_graph, facts_about, keep_facts, neighbourhood, touching_type
from queries.terms import BindingError, date_term

_TYPE_NAMES = {str(iri): name for name, iri in ENTITY_TYPES.items()}
#: direct-edge predicate IRI -> relation name (``tk:offers`` -> ``offers``)
_DIRECT_EDGES = {str(edge): name for name, (_, edge, _) in RELATIONS.items()}


def graph_view(store: GraphStore, entity: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The entities and facts as a networkx graph, or the neighbourhood of one entity."""
    graph = build_graph(_node_rows(store), [_edge_row(r) for r in named_rows(store, "graph_edges")])
    if entity is None:
        return graph
    try:
        return neighbourhood(graph, entity, depth)
    except KeyError as exc:
        raise NotFound(f"no entity with id {entity!r}") from exc


def _node_rows(store: GraphStore) -> list[dict]:
    """Node rows of the entities whose type is one of ours, keyed by entity id."""
    return [
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


def _edge_row(row: dict) -> dict:
    """An edge row with entity ids in place of entity IRIs."""
    ids = {k: (row[k] or "").removeprefix(ENTITY_BASE) or None for k in ("source", "target", "technology")}
    return {**row, **ids}


def selected_view(
    store: GraphStore,
    entity: str | None = None,
    depth: int = 1,
    *,
    technology: str | None = None,
    entity_type: str | None = None,
    active_on: datetime.date | str | None = None,
) -> nx.MultiDiGraph:
    """The graph with the filters of this module's docstring applied, in that order.

    Every id is checked against the whole graph first, so an unknown one is
    :class:`NotFound` while a known one that the other filters leave out gives an empty
    (but valid) export.
    """
    graph = graph_view(store)
    _check_filters(graph, entity, technology, entity_type)
    if active_on is not None:
        graph = in_force(store, graph, active_on)
    if technology is not None:
        graph = facts_about(graph, technology)
    if entity_type is not None:
        graph = touching_type(graph, entity_type)
    if entity is not None:
        graph = neighbourhood(graph, entity, depth) if entity in graph else nx.MultiDiGraph()
    return graph


def _check_filters(
    graph: nx.MultiDiGraph, entity: str | None, technology: str | None, entity_type: str | None
) -> None:
    """Refuse ids that name nothing and type names that are not ours, with the reason."""
    for name, value in (("entity", entity), ("technology", technology)):
        if value is not None and value not in graph:
            raise NotFound(f"no {name} with id {value!r}")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise BindingError(f"unknown entity type {entity_type!r}; known types: {', '.join(ENTITY_TYPES)}")


def in_force(store: GraphStore, graph: nx.MultiDiGraph, active_on: datetime.date | str) -> nx.MultiDiGraph:
    """The graph as it stood on a day: restrictions in force then, other facts not dated away.

    Which restrictions are in force is asked of ``restrictions.rq`` itself, so the export
    and ``GET /restrictions?active_on=`` can never disagree.
    """
    day = date_term(active_on).value
    current = {r["restriction"] for r in named_rows(store, "restrictions", active_on=day)}

    def keep(data: Mapping[str, Any]) -> bool:
        if data["relation"] == "restricts":
            return data.get("fact") in current
        return stated_for(data, day)

    return keep_facts(graph, keep)


def stated_for(data: Mapping[str, Any], day: str) -> bool:
    """Whether a fact that is not a restriction may hold on ``day`` by its own dates.

    Only a start after the day or an end on or before it (the end is the first day a fact
    no longer holds) rules it out; a fact without dates is not contradicted by any day.
    ISO dates compare as text, and a partial date (``2021``) compares as its first day.

    >>> stated_for({"start": "2021-03-01"}, "2021-01-01"), stated_for({"end": "2021-01-01"}, "2021-01-01")
    (False, False)
    >>> stated_for({"start": "2020", "end": "2022-06-30"}, "2021-01-01"), stated_for({}, "2021-01-01")
    (True, True)
    """
    start, end = data.get("start"), data.get("end")
    return (start is None or start <= day) and (end is None or end > day)


def _quads(store: GraphStore, view: nx.MultiDiGraph | None) -> Iterator[ox.Quad]:
    """All article statements, or those about the entities, facts and articles of ``view``."""
    keep = None if view is None else _rdf_selection(view)
    for quad in store.quads():
        if quad.graph_name == ONTOLOGY_GRAPH:
            continue
        if keep is None or keep(quad):
            yield quad


def _rdf_selection(view: nx.MultiDiGraph) -> Callable[[ox.Quad], bool]:
    """Which statements belong to a selected view.

    Those whose subject is one of its entities, facts, or the articles of those facts;
    but a direct edge (``tk:restricts``) only when the view has a fact of that relation
    between the same two entities, so that a restriction filtered out (or a neighbour
    beyond the depth) does not come back through its shortcut.
    """
    iri = {node: data.get("iri", ENTITY_BASE + node) for node, data in view.nodes(data=True)}
    edges = [data for _, _, data in view.edges(data=True)]
    subjects = set(iri.values()) | {d[k] for d in edges for k in ("fact", "article") if d.get(k)}
    links = {(iri[s], d["relation"], iri[t]) for s, t, d in view.edges(data=True)}

    def keep(quad: ox.Quad) -> bool:
        subject = getattr(quad.subject, "value", None)
        relation = _DIRECT_EDGES.get(quad.predicate.value)
        if relation is None:
            return subject in subjects
        return (subject, relation, getattr(quad.object, "value", None)) in links

    return keep


def _uses(store: GraphStore, view: nx.MultiDiGraph | None) -> list[dict]:
    """The tracker rows, or those of the uses a view holds.

    A row is a use of a technology by a user, perhaps from a vendor. The graph has the
    use as a user -> technology edge and no edge for the vendor, so a row belongs to a
    view when its use edge does, or when both its vendor and its technology are in it
    (the neighbourhood of a vendor keeps the uses of what it sells).
    """
    rows = named_rows(store, "tracker_uses")
    if view is None:
        return rows
    labels = {label for _, label in view.nodes(data="label")}
    uses = {
        (view.nodes[s].get("label"), view.nodes[t].get("label"))
        for s, t, relation in view.edges(data="relation")
        if relation == "uses"
    }
    return [
        r
        for r in rows
        if (r["user"], r["technology"]) in uses or (r["vendor"] in labels and r["technology"] in labels)
    ]


def export(
    store: GraphStore,
    name: str,
    entity: str | None = None,
    depth: int = 1,
    *,
    technology: str | None = None,
    entity_type: str | None = None,
    active_on: datetime.date | str | None = None,
) -> tuple[ExportFormat, bytes]:
    """Render one export of the whole graph or a filtered part; an unknown format, entity
    or type raises a clear error."""
    fmt = get_export(name)
    filters = {"technology": technology, "entity_type": entity_type, "active_on": active_on}
    filtered = entity is not None or any(v is not None for v in filters.values())
    view = selected_view(store, entity, depth, **filters) if (filtered or fmt.source == "graph") else None
    if fmt.source == "graph":
        return fmt, fmt.render(view)
    if fmt.source == "rdf":
        return fmt, fmt.render(_quads(store, view))
    return fmt, fmt.render(_uses(store, view))

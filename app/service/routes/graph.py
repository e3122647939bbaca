"""Graph questions: how two entities are linked, who is most connected, and the groups
that the facts about a technology form.

Answered by :mod:`queries.graph_algorithms` over the networkx view of the whole graph,
built for each request (two queries; about 12 ms over the 28 example articles), so it is
never stale after an ingest. A much larger store would want it cached per store version.
"""

from __future__ import annotations

from typing import Annotated, Literal

import networkx as nx
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.exporting import graph_view
from app.lookups import NotFound
from app.service.deps import StoreDep
from app.service.problems import PROBLEM_RESPONSES
from app.service.routes.entities import EntityRef
from app.store import GraphStore
from queries import graph_algorithms as algorithms

router = APIRouter(tags=["Graph"])
Role = Literal[tuple(algorithms.ROLE_ENDS)]  # type: ignore[valid-type]


class ArticleRef(BaseModel):
    """The article a fact was read from (``GET /articles/{id}`` has all of it)."""

    id: str
    iri: str


class FactPublic(BaseModel):
    """One fact as an edge: which way it points, what it says and the sentence saying it."""

    source: str = Field(description="entity id the fact points from (vendor, user, authority …)")
    target: str = Field(description="entity id it points to (technology, customer, category)")
    fact: str | None = None
    relation: str
    kind: str | None = Field(None, description="for a restriction: ban, moratorium, pause …")
    technology: str | None = Field(None, description="for a supply: what was supplied")
    start: str | None = None
    end: str | None = None
    duration: str | None = None
    confidence: float | None = None
    evidence: str | None = None
    article: ArticleRef | None = None


class HopPublic(BaseModel):
    """One step of a path and every fact linking its two ends, in either direction."""

    from_: str = Field(alias="from")
    to: str
    facts: list[FactPublic]


class PathPublic(BaseModel):
    """One shortest path: its entities in order and the facts along it."""

    length: int
    entities: list[EntityRef]
    hops: list[HopPublic]


class PathsPublic(BaseModel):
    """The shortest paths between two entities; ``message`` says why there are none."""

    source: EntityRef
    target: EntityRef
    count: int
    paths: list[PathPublic]
    message: str | None = None


class RankedPublic(EntityRef):
    """An entity with how many distinct counterparts it has in a role, and by relation."""

    connections: int
    facts: int
    relations: dict[str, int]


class TopPublic(BaseModel):
    """The most connected entities in one role."""

    role: str
    data: list[RankedPublic]
    count: int


class ComponentPublic(BaseModel):
    """A group of entities linked by facts about the technology, and those facts."""

    size: int
    entities: list[EntityRef]
    facts: list[FactPublic]


class ComponentsPublic(BaseModel):
    """The groups around a technology, largest first; ``count`` is all of them."""

    technology: EntityRef
    count: int
    components: list[ComponentPublic]


def _graph_with(store: GraphStore, *entity_ids: str) -> nx.MultiDiGraph:
    """The whole graph, once each id is known to name an entity in it."""
    graph = graph_view(store)
    for entity_id in entity_ids:
        if entity_id not in graph:
            raise NotFound(f"no entity with id {entity_id!r}")
    return graph


@router.get("/paths", response_model=PathsPublic, responses=PROBLEM_RESPONSES)
def paths(
    store: StoreDep,
    source: Annotated[str, Query(description="entity id at one end")],
    target: Annotated[str, Query(description="entity id at the other end")],
    limit: Annotated[int, Query(ge=1, le=100, description="most paths to return")] = 10,
) -> PathsPublic:
    """The shortest chains of facts linking two entities, whichever way each fact points,
    with every fact along each hop (relation, dates, sentence, article). No chain is not
    an error: ``paths`` is empty and ``message`` says so."""
    graph = _graph_with(store, source, target)
    walks = algorithms.shortest_paths(graph, source, target, limit)
    found = [algorithms.describe_path(graph, walk) for walk in walks]
    return PathsPublic.model_validate(
        {
            "source": algorithms.entity_ref(graph, source),
            "target": algorithms.entity_ref(graph, target),
            "count": len(found),
            "paths": found,
            "message": None if found else f"no chain of facts links {source!r} and {target!r}",
        }
    )


@router.get("/graph/top", response_model=TopPublic, responses=PROBLEM_RESPONSES)
def top(
    store: StoreDep,
    role: Annotated[Role, Query(description="vendor or customer")] = "vendor",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> TopPublic:
    """The most connected vendors (by technologies offered and customers supplied) or
    customers (by vendors supplying them and technologies used), with their counts."""
    ranked = algorithms.most_connected(graph_view(store), role, limit)
    return TopPublic.model_validate({"role": role, "data": ranked, "count": len(ranked)})


@router.get("/graph/components", response_model=ComponentsPublic, responses=PROBLEM_RESPONSES)
def components(
    store: StoreDep,
    technology: Annotated[str, Query(description="entity id of a technology or product")],
    limit: Annotated[int, Query(ge=1, le=1000, description="most groups to return")] = 50,
) -> ComponentsPublic:
    """The separate groups of entities that facts about a technology (or its products)
    link, with the technology itself left out, since every such fact touches it."""
    graph = _graph_with(store, technology)
    groups = algorithms.technology_components(graph, technology)
    ref = algorithms.entity_ref(graph, technology)
    return ComponentsPublic.model_validate(
        {"technology": ref, "count": len(groups), "components": groups[:limit]}
    )

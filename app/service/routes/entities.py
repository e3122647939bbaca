"""Entities: search by name or alias, one entity with all its relationships, neighbours.

Search and lookup answers are written once (orjson, no response-model round trip) and
kept in the :mod:`app.service.response_cache` until the next write; the routes are
``async`` so that a kept answer is sent without a worker thread.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from app import lookups
from app.exporting import graph_view
from app.service.deps import SettingsDep, StoreDep
from app.service.negotiation import choose
from app.service.problems import PROBLEM_RESPONSES, Problem
from app.service.response_cache import CacheDep, Entry
from ontology.namespaces import ENTITY_TYPES

router = APIRouter(tags=["Entities"])
EntityType = Literal[tuple(ENTITY_TYPES)]  # type: ignore[valid-type]


class EntityRef(BaseModel):
    """An entity as other answers point to it."""

    id: str
    name: str | None
    type: str | None


class EntitiesPublic(BaseModel):
    """A page of search results."""

    data: list[EntityRef]
    count: int


class EntityPublic(BaseModel):
    """One entity and every relationship it takes part in."""

    id: str
    iri: str
    name: str
    type: str | None
    types: list[str]
    labels: list[str]
    aliases: list[str]
    same_as: list[str]
    groups: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    count: int


@router.get("/entities", response_model=EntitiesPublic, responses=PROBLEM_RESPONSES)
async def search_entities(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    cache: CacheDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text in a name or alias")],
    type: Annotated[EntityType | None, Query(description="only entities of this type")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Entities whose name or an alias contains ``q`` (exact and prefix matches first)."""
    size = min(limit, settings.max_rows)

    def render() -> Entry:
        found = lookups.search_entities(store, q, type, size, offset)
        return Entry.of(orjson.dumps({"data": found, "count": len(found)}), "application/json")

    entry = await cache.fetch(store, ("search", q, type, size, offset), render)
    return entry.response(request.headers.get("if-none-match"))


RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}
ENTITY_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: {
        "description": "JSON by default; Turtle or JSON-LD (the entity and its facts as RDF) by Accept",
        "content": {"text/turtle": {}, "application/ld+json": {}},
    },
}


@router.get("/entities/{entity_id}", response_model=EntityPublic, responses=ENTITY_RESPONSES)
async def get_entity(request: Request, store: StoreDep, cache: CacheDep, entity_id: str) -> Response:
    """One entity: types, labels, aliases, same-as links and every relationship in and
    out (ordered and counted by relation and direction), each with its counterpart,
    dates, confidence, article and sentence. Sent with an ``ETag``: ``If-None-Match``
    gets a ``304`` while the entity is unchanged."""
    media = choose(request.headers.get("accept"), ["application/json", *RDF_TYPES])
    if media is None:
        raise Problem(
            406,
            "Not acceptable",
            "an entity can be sent as application/json, text/turtle or application/ld+json",
        )

    def render() -> Entry:
        if media in RDF_TYPES:
            data = ox.serialize(lookups.entity_rdf(store, entity_id), format=RDF_TYPES[media])
            return Entry.of(data or b"", media)
        return Entry.of(orjson.dumps(lookups.entity(store, entity_id)), "application/json")

    entry = await cache.fetch(store, ("entity", entity_id, media), render)
    return entry.response(request.headers.get("if-none-match"))


@router.get("/entities/{entity_id}/timeline", responses=PROBLEM_RESPONSES)
def get_timeline(store: StoreDep, entity_id: str) -> dict[str, Any]:
    """The entity's facts in time order (start date, else the article's date), oldest first."""
    events = lookups.timeline(store, entity_id)
    return {"entity": entity_id, "data": events, "count": len(events)}


@router.get("/entities/{entity_id}/neighbors", responses=PROBLEM_RESPONSES)
def neighbors(
    store: StoreDep, entity_id: str, depth: Annotated[int, Query(ge=1, le=4)] = 1
) -> dict[str, Any]:
    """The entities within ``depth`` facts of this one, and the facts between them."""
    view = graph_view(store, entity_id, depth)
    nodes = [{"id": n, **data} for n, data in view.nodes(data=True)]
    edges = [{"source": s, "target": t, **data} for s, t, data in view.edges(data=True)]
    return {"entity": entity_id, "depth": depth, "nodes": nodes, "edges": edges}

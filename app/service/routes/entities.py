"""Entities: search by name or alias, one entity with all its relationships, neighbours."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app import lookups
from app.exporting import graph_view
from app.service.deps import SettingsDep, StoreDep
from app.service.problems import PROBLEM_RESPONSES
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
    relationships: list[dict[str, Any]]
    count: int


@router.get("/entities", response_model=EntitiesPublic, responses=PROBLEM_RESPONSES)
def search_entities(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text in a name or alias")],
    type: Annotated[EntityType | None, Query(description="only entities of this type")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntitiesPublic:
    """Entities whose name or an alias contains ``q`` (exact and prefix matches first)."""
    found = lookups.search_entities(store, q, type, min(limit, settings.max_rows), offset)
    return EntitiesPublic(data=[EntityRef(**e) for e in found], count=len(found))


@router.get("/entities/{entity_id}", response_model=EntityPublic, responses=PROBLEM_RESPONSES)
def get_entity(store: StoreDep, entity_id: str) -> EntityPublic:
    """One entity: types, labels, aliases, same-as links and every relationship in and
    out, each with its counterpart, dates, confidence, article and sentence."""
    return EntityPublic(**lookups.entity(store, entity_id))


@router.get("/entities/{entity_id}/neighbors", responses=PROBLEM_RESPONSES)
def neighbors(
    store: StoreDep, entity_id: str, depth: Annotated[int, Query(ge=1, le=4)] = 1
) -> dict[str, Any]:
    """The entities within ``depth`` facts of this one, and the facts between them."""
    view = graph_view(store, entity_id, depth)
    nodes = [{"id": n, **data} for n, data in view.nodes(data=True)]
    edges = [{"source": s, "target": t, **data} for s, t, data in view.edges(data=True)]
    return {"entity": entity_id, "depth": depth, "nodes": nodes, "edges": edges}

"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (``?default`` or ``?graph=IRI``).

Reads are open; PUT, POST and DELETE need the bearer token. A graph is replaced or
extended in one transaction, and a body that does not parse changes nothing.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.service.body import media_type, read_body
from app.service.deps import SettingsDep, StoreDep, WriterDep
from app.service.negotiation import GRAPH_TYPES, choose
from app.service.problems import PROBLEM_RESPONSES, Problem
from app.settings import Settings
from queries.terms import BindingError, iri_term

router = APIRouter(tags=["Graph Store"])
GraphParam = Annotated[str | None, Query(description="IRI of the named graph")]
DefaultParam = Annotated[str | None, Query(description="present: the default graph")]
_TRIPLE_TYPES = [m for m in GRAPH_TYPES if m not in ("application/n-quads", "application/trig")]


def _target(graph: str | None, default: str | None) -> str | None:
    """The graph a request names: exactly one of ``?default`` and ``?graph=``."""
    if (graph is None) == (default is None):
        raise Problem(400, "Bad request", "name exactly one of ?default and ?graph=IRI")
    if graph is not None:
        try:
            iri_term(graph)
        except BindingError as exc:
            raise Problem(400, "Bad request", str(exc)) from exc
    return graph


@router.get("/store", responses=PROBLEM_RESPONSES)
def get_graph(
    request: Request, store: StoreDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """A graph's statements in the RDF syntax ``Accept`` asks for (Turtle by default)."""
    name = _target(graph, default)
    if not store.has_graph(name):
        raise Problem(404, "Not found", f"no graph {name}")
    media = choose(request.headers.get("accept"), _TRIPLE_TYPES)
    if media is None:
        raise Problem(406, "Not acceptable", f"graphs can be sent as {', '.join(_TRIPLE_TYPES)}")
    return Response(ox.serialize(store.graph_triples(name), format=GRAPH_TYPES[media]), media_type=media)


@router.head("/store")
def head_graph(store: StoreDep, graph: GraphParam = None, default: DefaultParam = None) -> Response:
    """Whether a graph exists (200) or not (404), without a body."""
    name = _target(graph, default)
    return Response(status_code=200 if store.has_graph(name) else 404, media_type="text/turtle")


async def _parsed(request: Request, limit: int) -> list[ox.Triple]:
    media = media_type(request)
    if media not in _TRIPLE_TYPES:
        raise Problem(415, "Unsupported media type", f"send one of {', '.join(_TRIPLE_TYPES)}")
    body = await read_body(request, limit)
    try:
        return [q.triple for q in ox.parse(body, format=GRAPH_TYPES[media])]
    except (SyntaxError, ValueError) as exc:
        raise Problem(400, "Bad request", f"the body does not parse as {media}: {exc}") from exc


@router.put("/store", status_code=204, responses=PROBLEM_RESPONSES)
async def put_graph(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep,
                    graph: GraphParam = None, default: DefaultParam = None) -> Response:  # fmt: skip
    """Replace a graph with the body's statements (created if new: 201)."""
    return await _write(request, settings, _target(graph, default), store.has_graph, store.replace_graph)


@router.post("/store", status_code=204, responses=PROBLEM_RESPONSES)
async def post_graph(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep,
                     graph: GraphParam = None, default: DefaultParam = None) -> Response:  # fmt: skip
    """Add the body's statements to a graph (created if new: 201)."""
    return await _write(request, settings, _target(graph, default), store.has_graph, store.add_triples)


async def _write(request: Request, settings: Settings, name: str | None, exists, write) -> Response:  # type: ignore[no-untyped-def]
    """Parse the body, then write it in one transaction; 201 when the graph is new."""
    triples = await _parsed(request, settings.max_body_bytes)
    existed = exists(name)
    await run_in_threadpool(write, name, triples)
    return Response(status_code=204 if existed else 201)


@router.delete("/store", status_code=204, responses=PROBLEM_RESPONSES)
def delete_graph(
    store: StoreDep, _: WriterDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove a graph (the default graph is emptied); 404 if there is no such graph."""
    name = _target(graph, default)
    if not store.delete_graph(name):
        raise Problem(404, "Not found", f"no graph {name}")
    return Response(status_code=204)

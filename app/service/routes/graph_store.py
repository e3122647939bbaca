"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (``?default`` or ``?graph=IRI``).

Reads (GET, HEAD) are open; PUT, POST and DELETE need the bearer token. A graph is
replaced or extended in one transaction, and a body that does not parse changes nothing.
``?default`` is the store's own default graph (SPARQL queries see the union of all graphs;
this is the one graph that belongs to no article). A graph is sent as Turtle, N-Triples,
JSON-LD or RDF/XML, and read back in those or as N-Quads / TriG, which keep its name.
Relative IRIs in a body resolve against the graph's IRI (the request's URL for ``?default``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.service.body import media_type, read_body
from app.service.deps import SettingsDep, StoreDep, WriterDep
from app.service.negotiation import DATASET_TYPES, GRAPH_TYPES, RDF_TYPES, TRIPLE_TYPES, choose
from app.service.problems import PROBLEM_RESPONSES, Problem
from app.store import GraphStore
from queries.terms import BindingError, iri_term

router = APIRouter(tags=["Graph Store"])
GraphParam = Annotated[str | None, Query(description="IRI of the named graph")]
DefaultParam = Annotated[str | None, Query(description="present: the store's default graph")]
VARY = {"Vary": "Accept"}
_GRAPH_DOC = {200: {"description": "the graph, by Accept", "content": {m: {} for m in RDF_TYPES}}}
_WRITE_DOC = {
    **PROBLEM_RESPONSES,
    201: {"description": "Created"},
    401: {"description": "No token"},
    403: {"description": "Wrong token or read-only"},
    413: {"description": "Body too large"},
    415: {"description": "Unsupported body"},
}


def _target(graph: str | None, default: str | None) -> str | None:
    """The graph a request names: exactly one of ``?default`` and ``?graph=``; None is the default."""
    if (graph is None) == (default is None):
        raise Problem(400, "Bad request", "name exactly one of ?default and ?graph=IRI")
    if graph is not None:
        try:
            iri_term(graph)
        except BindingError as exc:
            raise Problem(400, "Bad request", str(exc)) from exc
    return graph


def _negotiate(request: Request, store: GraphStore, name: str | None) -> str:
    """The RDF type to answer in; 404 for a graph that does not exist, 406 for no type we write."""
    if not store.has_graph(name):
        raise Problem(404, "Not found", f"no graph {name}")
    media = choose(request.headers.get("accept"), RDF_TYPES)
    if media is None:
        raise Problem(406, "Not acceptable", f"graphs can be sent as {', '.join(RDF_TYPES)}")
    return media


def _graph_node(name: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name is None else ox.NamedNode(name)


@router.get("/store", responses={**PROBLEM_RESPONSES, **_GRAPH_DOC})
def get_graph(
    request: Request, store: StoreDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """A graph's statements in the RDF syntax ``Accept`` asks for (Turtle by default)."""
    name = _target(graph, default)
    media = _negotiate(request, store, name)
    triples: Iterable[ox.Triple | ox.Quad] = store.graph_triples(name)
    if media in DATASET_TYPES:
        node = _graph_node(name)
        triples = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
    return Response(ox.serialize(triples, format=GRAPH_TYPES[media]), media_type=media, headers=VARY)


@router.head("/store", responses=PROBLEM_RESPONSES)
def head_graph(
    request: Request, store: StoreDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """What GET would answer (200, 404 or 406), without a body."""
    media = _negotiate(request, store, _target(graph, default))
    return Response(status_code=200, media_type=media, headers=VARY)


@router.put("/store", status_code=204, responses=_WRITE_DOC)
async def put_graph(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep,
                    graph: GraphParam = None, default: DefaultParam = None) -> Response:  # fmt: skip
    """Replace a graph with the body's statements (201 when the graph is new, else 204)."""
    name = _target(graph, default)
    return await _write(request, settings.max_body_bytes, store, name, store.replace_graph)


@router.post("/store", status_code=204, responses=_WRITE_DOC)
async def post_graph(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep,
                     graph: GraphParam = None, default: DefaultParam = None) -> Response:  # fmt: skip
    """Add the body's statements to a graph (201 when the graph is new, else 204)."""
    name = _target(graph, default)
    return await _write(request, settings.max_body_bytes, store, name, store.add_triples)


async def _write(
    request: Request,
    limit: int,
    store: GraphStore,
    name: str | None,
    write: Callable[[str | None, Iterable[ox.Triple]], None],
) -> Response:
    """Parse the whole body first, then write it in one transaction."""
    media = media_type(request)
    if media not in TRIPLE_TYPES:
        raise Problem(415, "Unsupported media type", f"send one of {', '.join(TRIPLE_TYPES)}")
    body = await read_body(request, limit)
    base = name if name is not None else str(request.url)
    triples = await run_in_threadpool(_parse, body, media, base)
    existed = await run_in_threadpool(store.has_graph, name)
    await run_in_threadpool(write, name, triples)
    return Response(status_code=204 if existed else 201)


def _parse(body: bytes, media: str, base: str) -> list[ox.Triple]:
    """The body's statements; 400 if it does not parse, or if it names graphs of its own."""
    try:
        quads = list(ox.parse(body, format=GRAPH_TYPES[media], base_iri=base))
    except (SyntaxError, ValueError) as exc:
        raise Problem(400, "Bad request", f"the body does not parse as {media}: {exc}") from exc
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise Problem(400, "Bad request", "the body names graphs of its own: send one graph's statements")
    return [q.triple for q in quads]


@router.delete("/store", status_code=204, responses={**PROBLEM_RESPONSES, 401: {"description": "No token"},
               403: {"description": "Wrong token or read-only"}})  # fmt: skip
def delete_graph(
    store: StoreDep, _: WriterDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove a graph (the default graph is emptied); 404 if there is no such graph."""
    name = _target(graph, default)
    if not store.delete_graph(name):
        raise Problem(404, "Not found", f"no graph {name}")
    return Response(status_code=204)

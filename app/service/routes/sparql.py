"""SPARQL 1.1 Protocol: queries at ``/sparql``, updates at ``/update``.

One rule at a time, as the W3C protocol tests expect: a missing or repeated ``query``
is 400, a syntax error 400, an unsupported body type 415, an ``Accept`` we cannot
serve 406, an update sent to the query endpoint 400. The default graph of a query is
the union of all graphs unless ``default-graph-uri`` names some.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.service.body import media_type, read_body
from app.service.deps import SettingsDep, StoreDep, WriterDep
from app.service.negotiation import GRAPH_TYPES, RESULT_TYPES, choose
from app.service.problems import PROBLEM_RESPONSES, Problem

router = APIRouter(tags=["SPARQL"])
#: a CONSTRUCT or DESCRIBE result is one graph: every RDF syntax but the dataset ones
GRAPH_RESULT_TYPES = [m for m in GRAPH_TYPES if m not in ("application/n-quads", "application/trig")]
FORM = "application/x-www-form-urlencoded"


@router.get("/sparql", responses=PROBLEM_RESPONSES, summary="SPARQL query (GET)")
async def sparql_get(request: Request, store: StoreDep) -> Response:
    """Run ``?query=`` ; results as SPARQL JSON/XML/CSV/TSV or RDF, by ``Accept``."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    return await run_in_threadpool(_answer, request, store, params)


@router.post("/sparql", responses={**PROBLEM_RESPONSES, 415: {"description": "Unsupported body"}},
             summary="SPARQL query (form or direct POST)")  # fmt: skip
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A query as an HTML form (``query=``) or as the body (``application/sparql-query``)."""
    body = await read_body(request, settings.max_body_bytes)
    media = media_type(request)
    params = parse_qs(request.url.query, keep_blank_values=True)
    if media == FORM:
        params = {**params, **parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)}
    elif media == "application/sparql-query":
        if "query" in params:
            raise Problem(400, "Bad request", "a direct POST carries the query in the body, not in ?query=")
        params["query"] = [_decode(body)]
    else:
        raise Problem(
            415,
            "Unsupported media type",
            f"send {FORM} or application/sparql-query, not {media or 'nothing'}",
        )
    return await run_in_threadpool(_answer, request, store, params)


def _answer(request: Request, store: StoreDep, params: dict[str, list[str]]) -> Response:
    queries = params.get("query", [])
    if len(queries) != 1:
        detail = "no 'query' parameter" if not queries else "more than one 'query' parameter"
        raise Problem(400, "Bad request", detail)
    if "update" in params:
        raise Problem(400, "Bad request", "updates go to POST /update, not to the query endpoint")
    result = store.query(
        queries[0],
        default_graphs=params.get("default-graph-uri") or None,
        named_graphs=params.get("named-graph-uri") or None,
    )
    is_graph = isinstance(result, ox.QueryTriples)
    offered = GRAPH_RESULT_TYPES if is_graph else list(RESULT_TYPES)
    media = choose(request.headers.get("accept"), offered)
    if media is None:
        # Oxigraph results may only be dropped on the thread that made them: let go of
        # this one here, before the error travels to the event loop with this frame.
        del result
        raise Problem(406, "Not acceptable", f"this query's results can be sent as {', '.join(offered)}")
    if is_graph:
        return Response(ox.serialize(list(result), format=GRAPH_TYPES[media]), media_type=media)
    return Response(result.serialize(format=RESULT_TYPES[media]), media_type=media)  # type: ignore[union-attr]


@router.post("/update", status_code=204, responses={**PROBLEM_RESPONSES, 401: {"description": "No token"},
             403: {"description": "Wrong token or read-only"}}, summary="SPARQL 1.1 Update")  # fmt: skip
async def update(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep) -> Response:
    """Run an update (``application/sparql-update`` body or ``update=`` form); needs the token."""
    body = await read_body(request, settings.max_body_bytes)
    media = media_type(request)
    if media == FORM:
        updates = parse_qs(body.decode("utf-8", "replace")).get("update", [])
    elif media == "application/sparql-update":
        updates = [_decode(body)]
    else:
        raise Problem(415, "Unsupported media type", f"send application/sparql-update or {FORM}")
    if len(updates) != 1:
        raise Problem(400, "Bad request", "exactly one 'update' is needed")
    await run_in_threadpool(store.update, updates[0])
    return Response(status_code=204)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Bad request", "the body is not UTF-8 text") from exc

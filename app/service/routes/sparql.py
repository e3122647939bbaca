"""SPARQL 1.1 Protocol: queries at ``/sparql``, updates at ``/update``.

One rule at a time, as the W3C protocol tests expect:

- a query comes as ``GET ?query=``, as a form (``application/x-www-form-urlencoded``) or as
  the body itself (``application/sparql-query``); an update as a form (``update=``) or as the
  body (``application/sparql-update``). Any other body type is 415, a declared charset other
  than UTF-8 is 415, bytes that are not UTF-8 are 400;
- a missing, empty or repeated ``query`` (or ``update``) is 400; an update sent to ``/sparql``
  is 400 and ``GET /update`` is 405; a syntax error is 400; an ``Accept`` we cannot serve is 406;
- ``GET /sparql`` with no parameters at all answers with a SPARQL 1.1 Service Description.

The dataset of a query: without ``default-graph-uri`` and ``named-graph-uri`` the default
graph is the union of all graphs and every named graph is visible. With either, the
protocol's dataset replaces any ``FROM`` / ``FROM NAMED`` of the query and holds only the
graphs given: the default graph merges the ``default-graph-uri`` graphs (empty when there
are none), the named graphs are the ``named-graph-uri`` ones.

An update works on the store as it is: its default graph is the store's own default graph,
not the union (name article graphs with ``GRAPH``, ``WITH`` or ``USING``). The protocol's
``using-graph-uri`` and ``using-named-graph-uri`` are refused with 400: Oxigraph takes no
dataset for an update, and supporting them would mean editing the client's SPARQL text.

Relative IRIs in a query or an update resolve against the endpoint's own URL, which the
protocol lets a service choose as its base.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.limits import QueryLimits
from app.service.body import media_type, parse_form, read_text
from app.service.deps import SettingsDep, StoreDep, WriterDep
from app.service.negotiation import FORMAT_IRIS, FORMATS, GRAPH_TYPES, RDF_TYPES, RESULT_TYPES, choose
from app.service.problems import PROBLEM_RESPONSES, Problem
from app.service.results import VARY, results_response, within_budget
from app.settings import Settings
from app.store import GraphStore
from queries.terms import iri_term

router = APIRouter(tags=["SPARQL"])
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
USING_PARAMETERS = ("using-graph-uri", "using-named-graph-uri")
#: the types a CONSTRUCT or DESCRIBE is written in (N-Quads and TriG put it in the default graph)
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

_GRAPH_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
        "description": description,
    }
    for name, description in (
        ("default-graph-uri", "a graph of the default graph (repeatable); replaces the union of all"),
        ("named-graph-uri", "a graph GRAPH may see (repeatable)"),
    )
]
_QUERY_DOC = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "the SPARQL query; without any parameter, the service description",
        },
        *_GRAPH_PARAMETERS,
    ]
}
_RESULTS_DOC = {
    200: {
        "description": "SELECT/ASK results or a CONSTRUCT/DESCRIBE graph, by Accept",
        "content": {media: {} for media in [*RESULT_TYPES, *RDF_TYPES]},
    }
}


def _body_doc(direct: str, field: str) -> dict:
    form = {"type": "object", "properties": {field: {"type": "string"}}, "required": [field]}
    return {
        "requestBody": {
            "required": True,
            "content": {FORM: {"schema": form}, direct: {"schema": {"type": "string"}}},
        }
    }


@router.get("/sparql", responses={**PROBLEM_RESPONSES, **_RESULTS_DOC}, openapi_extra=_QUERY_DOC,
            summary="SPARQL query (GET); without parameters, the service description")  # fmt: skip
async def sparql_get(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run ``?query=``; results as SPARQL JSON/XML/CSV/TSV or RDF, by ``Accept``."""
    if not request.url.query:
        return _described(request)
    limits = query_limits(settings)
    params = parse_form(request.url.query)
    accept, endpoint = request.headers.get("accept"), _endpoint(request, "sparql_get")
    return await within_budget(lambda: _answer(store, params, accept, endpoint, limits), limits)


@router.post("/sparql", responses={**PROBLEM_RESPONSES, **_RESULTS_DOC, 415: {"description": "Body type"}},
             openapi_extra={**_QUERY_DOC, **_body_doc(QUERY_BODY, "query")},
             summary="SPARQL query (form or direct POST)")  # fmt: skip
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A query as an HTML form (``query=``) or as the body (``application/sparql-query``)."""
    limits = query_limits(settings)
    params = await _post_parameters(request, settings.max_body_bytes, QUERY_BODY, "query")
    accept, endpoint = request.headers.get("accept"), _endpoint(request, "sparql_get")
    return await within_budget(lambda: _answer(store, params, accept, endpoint, limits), limits)


def query_limits(settings: Settings) -> QueryLimits:
    """The time budget and row cap of a query arriving now."""
    return QueryLimits(settings.query_time_limit_ms / 1000, settings.max_query_rows)


@router.post("/update", status_code=204, responses={**PROBLEM_RESPONSES, 401: {"description": "No token"},
             403: {"description": "Wrong token or read-only"}, 415: {"description": "Unsupported body"}},
             openapi_extra=_body_doc(UPDATE_BODY, "update"), summary="SPARQL 1.1 Update")  # fmt: skip
async def update(request: Request, store: StoreDep, settings: SettingsDep, _: WriterDep) -> Response:
    """Run an update (``application/sparql-update`` body or ``update=`` form); needs the token."""
    params = await _post_parameters(request, settings.max_body_bytes, UPDATE_BODY, "update")
    if "query" in params:
        raise Problem(400, "Bad request", "queries go to /sparql, not to the update endpoint")
    text = _single(params, "update")
    used = [name for name in USING_PARAMETERS if name in params]
    if used:
        raise Problem(
            400,
            "Unsupported parameter",
            f"{' and '.join(used)} are not supported here: name the graphs in the update itself "
            "(USING, USING NAMED, WITH or GRAPH)",
        )
    endpoint = _endpoint(request, "update")
    await run_in_threadpool(lambda: store.update(text, base_iri=endpoint))
    return Response(status_code=204)


async def _post_parameters(request: Request, limit: int, direct: str, field: str) -> dict[str, list[str]]:
    """The parameters of a POST: those of the URL, plus the form's, or the body itself as ``field``."""
    media = media_type(request)
    if media not in (FORM, direct):
        raise Problem(
            415, "Unsupported media type", f"send {FORM} or {direct}, not {media or 'a body without a type'}"
        )
    params = parse_form(request.url.query)
    text = await read_text(request, limit)
    if media == FORM:
        for name, values in parse_form(text).items():
            params.setdefault(name, []).extend(values)
        return params
    if field in params:
        raise Problem(400, "Bad request", f"a direct POST carries the {field} in its body, not in ?{field}=")
    return {**params, field: [text]}


def _single(params: dict[str, list[str]], name: str) -> str:
    """The one value of ``name``: 400 when it is missing, repeated or empty."""
    values = params.get(name, [])
    if len(values) != 1:
        count = "no" if not values else "more than one"
        raise Problem(400, "Bad request", f"{count} '{name}' parameter: send exactly one")
    if not values[0].strip():
        raise Problem(400, "Bad request", f"the '{name}' parameter is empty")
    return values[0]


def _dataset(params: dict[str, list[str]]) -> tuple[list[str] | None, list[str] | None]:
    """The default and named graphs the protocol names; (None, None) when it names none."""
    defaults, named = params.get("default-graph-uri"), params.get("named-graph-uri")
    if defaults is None and named is None:
        return None, None
    for iri in [*(defaults or []), *(named or [])]:
        iri_term(iri)  # a BindingError is a 400
    return defaults or [], named or []


def _answer(
    store: GraphStore, params: dict[str, list[str]], accept: str | None, endpoint: str, limits: QueryLimits
) -> Response:
    """Run one query and write its results; runs on a worker thread, all of it."""
    if "update" in params:
        raise Problem(400, "Bad request", "updates go to POST /update, not to the query endpoint")
    query = _single(params, "query")
    default_graphs, named_graphs = _dataset(params)
    return results_response(
        lambda: store.query(
            query, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=endpoint
        ),
        accept,
        limits,
    )


def _endpoint(request: Request, route: str) -> str:
    return str(request.url_for(route))


def _described(request: Request) -> Response:
    """The SPARQL 1.1 Service Description of both endpoints, in the RDF syntax ``Accept`` asks for."""
    media = choose(request.headers.get("accept"), RDF_TYPES)
    if media is None:
        raise Problem(406, "Not acceptable", f"the service description can be sent as {', '.join(RDF_TYPES)}")
    triples = description(_endpoint(request, "sparql_get"), _endpoint(request, "update"))
    prefixes = {"sd": SD, "formats": FORMATS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=prefixes)
    return Response(body, media_type=media, headers=VARY)


def description(query_endpoint: str, update_endpoint: str) -> list[ox.Triple]:
    """What the service is: a query endpoint over the union of all graphs, and an update endpoint.

    >>> triples = description("http://localhost/sparql", "http://localhost/update")
    >>> sorted(t.object.value[len(SD) :] for t in triples if t.predicate.value == SD + "supportedLanguage")
    ['SPARQL10Query', 'SPARQL11Query', 'SPARQL11Update']
    """

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    query, updates = iri_term(query_endpoint), iri_term(update_endpoint)
    service, dataset, default = (ox.NamedNode(f"{query.value}#{p}") for p in ("service", "dataset", "graph"))
    update_service = ox.NamedNode(updates.value + "#service")
    formats = dict.fromkeys(FORMAT_IRIS[m] for m in [*RESULT_TYPES, *RDF_TYPES] if m in FORMAT_IRIS)
    statements: Iterable[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (service, RDF_TYPE, sd("Service")),
        (service, RDFS_LABEL, ox.Literal("techkg SPARQL query endpoint")),
        (service, sd("endpoint"), query),
        (service, sd("supportedLanguage"), sd("SPARQL10Query")),
        (service, sd("supportedLanguage"), sd("SPARQL11Query")),
        *((service, sd("resultFormat"), ox.NamedNode(iri)) for iri in formats),
        (service, sd("feature"), sd("UnionDefaultGraph")),
        (service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        (service, sd("defaultDataset"), dataset),
        (dataset, RDF_TYPE, sd("Dataset")),
        (dataset, sd("defaultGraph"), default),
        (default, RDF_TYPE, sd("Graph")),
        (default, RDFS_COMMENT, ox.Literal("the union of every graph: each article's and the ontology")),
        (update_service, RDF_TYPE, sd("Service")),
        (update_service, RDFS_LABEL, ox.Literal("techkg SPARQL update endpoint (bearer token)")),
        (update_service, sd("endpoint"), updates),
        (update_service, sd("supportedLanguage"), sd("SPARQL11Update")),
    ]
    return [ox.Triple(*statement) for statement in statements]

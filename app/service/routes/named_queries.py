"""Named queries: every ``queries/*.rq`` listed with its documentation, and run by name.

Parameters come from the query string and reach SPARQL only as RDF terms, through
:meth:`queries.loader.NamedQuery.bound`; a value that cannot be its parameter's kind
(an IRI with a space, the 30th of February) is a 400 before anything runs. Results are
negotiated as at ``/sparql``: SPARQL JSON, XML, CSV or TSV, or RDF for a CONSTRUCT.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from app.limits import QueryLimits
from app.lookups import NotFound
from app.service.deps import SettingsDep, StoreDep
from app.service.negotiation import RDF_TYPES, RESULT_TYPES
from app.service.problems import PROBLEM_RESPONSES
from app.service.results import results_response, within_budget
from app.service.routes.sparql import query_limits
from app.store import GraphStore
from queries.loader import NamedQuery, get_query, named_queries
from queries.terms import BindingError

router = APIRouter(tags=["Named queries"])


class ParameterPublic(BaseModel):
    """One parameter: ``iri`` (an absolute IRI), ``literal`` (text) or ``date`` (YYYY-MM-DD)."""

    name: str
    kind: str
    required: bool
    description: str


class NamedQueryPublic(BaseModel):
    """A named query: what it answers, its parameters and its SPARQL text."""

    name: str
    title: str
    description: str
    parameters: list[ParameterPublic]
    query: str


class NamedQueriesPublic(BaseModel):
    """Every named query."""

    data: list[NamedQueryPublic]
    count: int


def _public(query: NamedQuery) -> NamedQueryPublic:
    params = [ParameterPublic(**vars(p)) for p in query.parameters]
    return NamedQueryPublic(
        name=query.name, title=query.title, description=query.description, parameters=params, query=query.text
    )


@router.get("/queries", response_model=NamedQueriesPublic)
def list_queries() -> NamedQueriesPublic:
    """Every named query with its title, description, parameters and SPARQL text."""
    found = [_public(q) for q in named_queries().values()]
    return NamedQueriesPublic(data=found, count=len(found))


_RUN_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: {
        "description": "SPARQL results (JSON, XML, CSV, TSV) or, for a CONSTRUCT, RDF, by Accept",
        "content": {media: {} for media in [*RESULT_TYPES, *RDF_TYPES]},
    },
}


@router.get("/queries/{name}", responses=_RUN_RESPONSES)
async def run_query(request: Request, store: StoreDep, settings: SettingsDep, name: str) -> Response:
    """Run one named query, each of its parameters given as ``?parameter=value``
    (``GET /queries`` lists them). Unknown name: 404; a missing, unknown, repeated or
    malformed parameter: 400."""
    limits = query_limits(settings)
    sparql = _named(name).bound(**_parameters(request))
    accept = request.headers.get("accept")
    return await within_budget(lambda: _results(store, sparql, accept, limits), limits)


def _named(name: str) -> NamedQuery:
    try:
        return get_query(name)
    except KeyError as exc:
        raise NotFound(exc.args[0]) from exc


def _parameters(request: Request) -> dict[str, str | None]:
    """The query string as one value per parameter; a repeated one is refused, not guessed."""
    values: dict[str, str | None] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise BindingError(f"parameter {key!r} is given more than once")
        values[key] = value
    return values


def _results(store: GraphStore, sparql: str, accept: str | None, limits: QueryLimits) -> Response:
    """Run the bound query and write its results in the type ``accept`` prefers."""
    return results_response(lambda: store.query(sparql), accept, limits)

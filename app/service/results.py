"""Writing query results in the media type a client asks for: one path for ``/sparql``
and ``/queries/{name}``.

Oxigraph's result objects may only be dropped on the thread that made them
("unsendable"), and they are lazy, so a query can still fail while it is written.
:func:`results_response` therefore runs the query, writes it and lets go of it on one
worker thread, and raises only after that, so no traceback carries the results to the
event loop.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from fastapi.responses import Response

from app.service.negotiation import GRAPH_TYPES, RDF_TYPES, RESULT_TYPES, choose
from app.service.problems import Problem
from app.store import QueryError, QueryResult

VARY = {"Vary": "Accept"}


def results_response(run: Callable[[], QueryResult], accept: str | None) -> Response:
    """Run ``run`` (on the calling worker thread) and answer with its results, negotiated."""
    result = run()
    offered = RDF_TYPES if isinstance(result, ox.QueryTriples) else list(RESULT_TYPES)
    media = choose(accept, offered)
    body, failure = b"", None
    if media is not None:
        try:
            body = _write(result, media)
        except Exception as exc:  # results are lazy: evaluation can still fail while writing
            failure = str(exc)
    del result
    if media is None:
        raise Problem(406, "Not acceptable", f"this query's results can be sent as {', '.join(offered)}")
    if failure is not None:
        raise QueryError(f"the query failed: {failure}")
    return Response(body, media_type=media, headers=VARY)


def _write(result: QueryResult, media: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=GRAPH_TYPES[media]) or b""
    return result.serialize(format=RESULT_TYPES[media]) or b""

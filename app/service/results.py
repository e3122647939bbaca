"""Writing query results in the media type a client asks for: one path for ``/sparql``
and ``/queries/{name}``.

Oxigraph's result objects may only be dropped on the thread that made them
("unsendable"), and they are lazy, so a query can still fail while it is written.
:func:`results_response` therefore runs the query, writes it and lets go of it on one
worker thread, and raises only after that, so no traceback carries the results to the
event loop. Rows are read under the query's :class:`~app.limits.QueryLimits` (time
budget and row cap), and :func:`within_budget` stops waiting for a query at its deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import pyoxigraph as ox
from fastapi.responses import Response

from app.limits import LimitExceeded, QueryLimits, QueryTimeout, write_solutions, write_triples
from app.service.negotiation import GRAPH_TYPES, RDF_TYPES, RESULT_TYPES, choose
from app.service.problems import Problem
from app.store import QueryError, QueryResult

VARY = {"Vary": "Accept"}
T = TypeVar("T")


def results_response(run: Callable[[], QueryResult], accept: str | None, limits: QueryLimits) -> Response:
    """Run ``run`` (on the calling worker thread) and answer with its results, negotiated,
    read under ``limits``."""
    limits.check_time()
    result = run()
    offered = RDF_TYPES if isinstance(result, ox.QueryTriples) else list(RESULT_TYPES)
    media = choose(accept, offered)
    body, failure, exceeded = b"", None, None  # messages only: a traceback would hold the results
    if media is not None:
        try:
            body = _write(result, run, media, limits)
        except LimitExceeded as exc:
            exceeded = (type(exc), str(exc))
        except Exception as exc:  # results are lazy: evaluation can still fail while writing
            failure = str(exc)
    del result
    if media is None:
        raise Problem(406, "Not acceptable", f"this query's results can be sent as {', '.join(offered)}")
    if exceeded is not None:
        raise exceeded[0](exceeded[1])
    if failure is not None:
        raise QueryError(f"the query failed: {failure}")
    return Response(body, media_type=media, headers=VARY)


def _write(result: QueryResult, run: Callable[[], QueryResult], media: str, limits: QueryLimits) -> bytes:
    if isinstance(result, ox.QueryTriples):
        return write_triples(result, GRAPH_TYPES[media], limits)
    if isinstance(result, ox.QuerySolutions):
        return write_solutions(run, RESULT_TYPES[media], limits)  # type: ignore[arg-type]
    return result.serialize(format=RESULT_TYPES[media]) or b""


async def within_budget(work: Callable[[], T], limits: QueryLimits) -> T:
    """Run ``work`` on a worker thread and wait for it until the deadline, no longer.

    Past the deadline the client gets :class:`QueryTimeout`; the thread is abandoned
    and stops at its next row check (see :mod:`app.limits` for what that bounds)."""
    with anyio.move_on_after(limits.remaining()):
        return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    raise QueryTimeout(limits.timeout_message())

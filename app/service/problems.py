"""Every error the service returns is RFC 9457 ``application/problem+json``.

Layers raise their own exception types; this module alone maps them to HTTP statuses,
so routes stay short and never build error bodies. Tracebacks are logged, never sent.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.limits import ExportTooLarge, QueryTimeout, TooManyResults
from app.lookups import NotFound
from app.store import QueryError, StoreBusy, StoreError, StoreReadOnly
from extract.article import ArticleError
from queries.exports import UnknownExportFormat
from queries.terms import BindingError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("techkg.service")

#: exception type -> (status, title); the first matching entry wins
STATUS_OF: list[tuple[type[Exception], int, str]] = [
    (NotFound, 404, "Not found"),
    (UnknownExportFormat, 400, "Unknown export format"),
    (BindingError, 400, "Bad parameter"),
    (QueryError, 400, "Bad SPARQL"),
    (ArticleError, 422, "Unreadable article"),
    (StoreReadOnly, 403, "Read-only store"),
    (StoreBusy, 503, "Store busy"),
    (StoreError, 500, "Store error"),
    (QueryTimeout, 503, "Query time budget exceeded"),
    (TooManyResults, 400, "Too many results"),
    (ExportTooLarge, 400, "Export too large"),
]


class Problem(Exception):
    """An error a route raises with its status, title and detail."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


def problem_response(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one shape of every error body."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into problem responses."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, exc.headers)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem_response(
            exc.status_code, _reason(exc.status_code), str(exc.detail), getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return problem_response(422, "Invalid request", detail)

    for kind, status, title in STATUS_OF:
        app.add_exception_handler(kind, _mapped_handler(status, title))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem_response(500, "Internal error", "the server failed; the error is logged")


def _mapped_handler(status: int, title: str):  # type: ignore[no-untyped-def]
    """A handler for one exception type of :data:`STATUS_OF`."""

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if status >= 500:
            log.error("%s on %s: %s", title, request.url.path, exc)
        return problem_response(status, title, str(exc))

    return handle


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


#: documented error responses for the OpenAPI document
PROBLEM_RESPONSES = {
    status: {"description": title, "content": {PROBLEM_JSON: {}}}
    for status, title in (
        (400, "Bad request"),
        (404, "Not found"),
        (406, "Not acceptable"),
        (422, "Invalid request"),
    )
}

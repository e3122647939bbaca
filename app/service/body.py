"""Reading request bodies safely: a size cap, the declared media type and UTF-8 text."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request

from app.service.problems import Problem


def media_type(request: Request) -> str:
    """The request's ``Content-Type`` without parameters, lower-case."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def charset(request: Request) -> str | None:
    """The ``charset`` parameter of the request's ``Content-Type``, lower-case; None without one."""
    for param in request.headers.get("content-type", "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 once it passes ``limit`` bytes (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(413, "Payload too large", f"the body may be at most {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "Payload too large", f"the body may be at most {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_text(request: Request, limit: int) -> str:
    """The body as UTF-8 text: 415 when another charset is declared, 400 when it does not decode."""
    declared = charset(request)
    if declared not in (None, "utf-8", "utf8"):
        raise Problem(415, "Unsupported media type", f"send the body as UTF-8, not {declared}")
    body = await read_body(request, limit)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Bad request", f"the body is not UTF-8 text ({exc.reason})") from exc


def parse_form(text: str) -> dict[str, list[str]]:
    """Parameters of a query string or an HTML form body; every value percent-encoded UTF-8.

    >>> parse_form("query=ASK%20%7B%7D&default-graph-uri=")
    {'query': ['ASK {}'], 'default-graph-uri': ['']}
    """
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Bad request", "a parameter is not percent-encoded UTF-8") from exc

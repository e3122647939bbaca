"""Reading request bodies safely: a size cap and the declared media type."""

from __future__ import annotations

from fastapi import Request

from app.service.problems import Problem


def media_type(request: Request) -> str:
    """The request's ``Content-Type`` without parameters, lower-case."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


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

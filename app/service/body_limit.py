"""The request body cap for every route, enforced before any route reads a byte.

Routes that read their body themselves check ``TECHKG_MAX_BODY_BYTES`` as they read
(:mod:`app.service.body`); a route whose body FastAPI parses (``POST /articles``, JSON)
would otherwise hold a body of any size in memory first. This middleware refuses a
declared ``Content-Length`` over the cap at once, and counts a chunked body as it
arrives: past the cap it stops reading, and whatever the route would have answered is
replaced by the 413 problem.
"""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import FastAPI

from app.service.problems import problem_response


class BodyTooLarge(Exception):
    """Raised into the route's body reading once the cap is passed."""


class BodyLimit:
    """ASGI middleware: 413 ``application/problem+json`` for a body over ``limit`` bytes."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared(scope) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def counted() -> dict:
            nonlocal received, exceeded
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                exceeded = True
                raise BodyTooLarge
            return message

        async def answer(message: dict) -> None:
            nonlocal started
            if not exceeded:
                started = True
                await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counted, answer)
        if exceeded and not started:
            await self._refuse(scope, receive, send)

    @staticmethod
    def _declared(scope: dict) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit():
                return int(value)
        return 0

    async def _refuse(self, scope: dict, receive: Any, send: Any) -> None:
        response = problem_response(413, "Payload too large", f"the body may be at most {self.limit} bytes")
        await response(scope, receive, send)


def install(app: FastAPI, limit: int) -> None:
    """Cap every request body at ``limit`` bytes."""
    app.add_middleware(BodyLimit, limit=limit)

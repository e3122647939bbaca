"""Answers of read routes, kept as finished bytes until the next write to the store.

Why: one process serves the store (Oxigraph lets one process write it), and much of a
lookup's cost is Python work under the GIL (shaping rows, writing JSON), which more
threads do not spread over the cores. The cheapest request is one that does none of it.

How it stays exact: :class:`app.store.OxigraphStore` bumps ``generation`` after every
write it makes, whatever route made it (``/update``, ``/store``, ``POST /articles``). An
entry is kept with the generation read *before* its answer was computed and is only
served while the store is still at that generation; an answer during whose computation
a write finished is handed to its own request and not kept. A store without a ``generation``
is never cached.

Each entry carries a strong ``ETag`` (a hash of the body): ``If-None-Match`` gets a
``304`` without a body. Concurrent misses of one key wait for a single computation
instead of running the same query side by side (a popular entity takes a while).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.store import GraphStore

#: a client may keep an answer but must ask again (cheaply, with If-None-Match) before use
HEADERS = {"Cache-Control": "no-cache", "Vary": "Accept"}


@dataclass(frozen=True)
class Entry:
    """A finished answer: its bytes, media type and ETag."""

    body: bytes
    media_type: str
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Entry:
        """An entry whose ETag is the hash of its body.

        >>> Entry.of(b"{}", "application/json").etag
        '"2afb9b83f9314e5d029766197f539792"'
        """
        return cls(body, media_type, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')

    def response(self, if_none_match: str | None) -> Response:
        """The entry as a response: ``304`` when the client already holds these bytes."""
        headers = {**HEADERS, "ETag": self.etag}
        if if_none_match is not None and _matches(if_none_match, self.etag):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names this ETag (weak comparison, as RFC 9110 says).

    >>> _matches('W/"a", "b"', '"a"'), _matches("*", '"a"'), _matches('"b"', '"a"')
    (True, True, False)
    """
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


class ResponseCache:
    """Up to ``size`` entries, least recently used dropped first; ``size`` 0 keeps none."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.generation: int | None = None
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._pending: dict[tuple[int, Hashable], asyncio.Future[Entry]] = {}
        self.hits = self.misses = 0

    async def fetch(self, store: GraphStore, key: Hashable, compute: Callable[[], Entry]) -> Entry:
        """The entry for ``key``: kept, being computed by another request, or computed now
        by ``compute`` on a worker thread (its exceptions reach the caller, nothing is kept)."""
        generation = getattr(store, "generation", None)
        if generation is None or self.size == 0:
            return await run_in_threadpool(compute)
        self._follow(generation)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return entry
        pending = self._pending.get((generation, key))
        if pending is not None:
            return await asyncio.shield(pending)
        self.misses += 1
        return await self._compute(store, generation, key, compute)

    async def _compute(
        self, store: GraphStore, generation: int, key: Hashable, compute: Callable[[], Entry]
    ) -> Entry:
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._pending[(generation, key)] = future
        try:
            entry = await run_in_threadpool(compute)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waited
            raise
        finally:
            del self._pending[(generation, key)]
        future.set_result(entry)
        if getattr(store, "generation", None) == generation:  # no write began meanwhile
            self._follow(generation)
            self._entries[key] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def _follow(self, generation: int) -> None:
        """Forget every entry of an older generation: a write may have changed any answer."""
        if generation != self.generation:
            self._entries.clear()
            self.generation = generation


def get_response_cache(request: Request) -> ResponseCache:
    """The application's cache, made on first use (on the event loop: no race)."""
    state = request.app.state
    cache = getattr(state, "response_cache", None)
    if cache is None:
        cache = state.response_cache = ResponseCache(state.settings.cache_entries)
    return cache


CacheDep = Annotated[ResponseCache, Depends(get_response_cache)]

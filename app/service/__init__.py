"""The HTTP service: ``create_app(settings)`` builds it; nothing happens at import time.

The lifespan opens the store (the server owns it for writing while it runs, see
:mod:`app.store`) and builds the extractor once; routes reach both through
:mod:`app.service.deps`.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse

from app.service import access_log, body_limit, cors, problems
from app.service.routes import (
    articles,
    entities,
    exports,
    graph,
    graph_store,
    health,
    named_queries,
    restrictions,
    sparql,
)
from app.settings import Settings
from app.store import GraphStore, open_store

STATIC = Path(__file__).resolve().parent.parent / "static"


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The FastAPI application. A ``store`` passed in is used as is (and not closed)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from extract.pipeline import Extractor, build_pipeline

        app.state.store = store or open_store(settings.store, settings=settings)
        app.state.extractor = Extractor(build_pipeline(settings.min_confidence, settings.spacy_model))
        # the pipeline leaves ~130k long-lived objects; a full garbage collection scanning them
        # stalled whichever request triggered it by ~0.2 s (the p99 under load). Frozen, they
        # are left out of every collection.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="techkg",
        description="A knowledge graph of who sells, buys, uses and restricts which technology, "
        "built from news articles. Errors are application/problem+json.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    problems.install(app)
    body_limit.install(app, settings.max_body_bytes)
    cors.install(app, settings)
    access_log.install(app)
    for module in (
        sparql,
        graph_store,
        entities,
        restrictions,
        exports,
        articles,
        health,
        graph,
        named_queries,
    ):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    return app

"""A real uvicorn server over the corpus store, shared by the read-only service tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.service import create_app
from app.settings import Settings

TOKEN = "test-token-5f1c"


@pytest.fixture(scope="session")
def token() -> str:
    """The bearer token the test servers accept."""
    return TOKEN


@pytest.fixture(scope="session")
def server(corpus_store, server_thread):  # type: ignore[no-untyped-def]
    app = create_app(Settings(store="unused", token=TOKEN), store=corpus_store)
    with server_thread(app) as running:
        yield running


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def writable(store_location, server_thread) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """A server of its own over an empty store (Oxigraph, or a wiped Virtuoso), with writes enabled."""
    app = create_app(Settings(store=store_location, token=TOKEN))
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def seed_http(seed_article, extractor, server_thread, tmp_path_factory) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """A server over a store that holds only the seed article, as after `techkg ingest` of it."""
    from app.ingest import ingest
    from app.sources import read_articles
    from app.store import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("seed-only") / "store")
    ingest(store, read_articles([seed_article]), extractor)
    app = create_app(Settings(store="unused"), store=store)
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        yield client
    store.close()

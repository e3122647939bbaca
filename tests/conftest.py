"""Shared fixtures: the shared corpus when it is beside the project, stores, servers.

Tests that need ``../shared`` (the seed article, the scorer, the dev texts) skip when it
is absent, as it is for users who clone the project.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from app.ingest import ingest
from app.sources import read_articles
from app.store import OxigraphStore
from extract.pipeline import Extractor

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
EXAMPLES = PROJECT / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder (seed article, scorer, dev corpus); skips the test without it."""
    if not (SHARED / "corpus" / "seed-article.txt").exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared: Path) -> Path:
    return shared / "corpus" / "seed-article.txt"


@pytest.fixture(scope="session")
def seed_gold(shared: Path) -> Path:
    return shared / "corpus" / "seed-article.gold.json"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One extractor for the session: building the pipeline is the slow part."""
    return Extractor()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    """A fresh on-disk Oxigraph store."""
    opened = OxigraphStore(tmp_path / "store")
    yield opened
    opened.close()


def seed_path() -> Path | None:
    """The seed article when ../shared is present."""
    path = SHARED / "corpus" / "seed-article.txt"
    return path if path.exists() else None


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor):
    """An on-disk store holding the example corpus and, when present, the seed article."""
    opened = OxigraphStore(tmp_path_factory.mktemp("corpus") / "store")
    sources = [EXAMPLES / "articles", *filter(None, [seed_path()])]
    report = ingest(opened, read_articles(sources), extractor)
    assert not report.failures, report.failures
    yield opened
    opened.close()


class ServerThread:
    """A real uvicorn server on a free loopback port, in a thread."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="session")
def server_thread() -> type[ServerThread]:
    """The class that runs an app under a real uvicorn server (context manager)."""
    return ServerThread


def fingerprint(store) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A store's contents in short: how many statements, and a hash of all of them in order.
    ``store`` is an open store, or the directory of one, opened for the count and closed."""
    import hashlib

    if isinstance(store, Path):
        opened = OxigraphStore(store)
        try:
            return fingerprint(opened)
        finally:
            opened.close()
    lines = sorted(str(q) for q in store.all_quads())
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="session")
def store_fingerprint():  # type: ignore[no-untyped-def]
    """``fingerprint(store)``: (statement count, hash of every statement), to show nothing changed."""
    return fingerprint

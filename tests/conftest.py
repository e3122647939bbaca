"""Shared fixtures: the shared corpus when it is beside the project, stores, servers.

Tests that need ``../shared`` (the seed article, the scorer, the dev texts) skip when it
is absent, as it is for users who clone the project.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from app.ingest import ingest
from app.remote_store import RemoteStore
from app.sources import read_articles
from app.sparql_http import SparqlEndpoint
from app.store import GraphStore, OxigraphStore
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


#: the store backends the store, ingest, lookup, export and REST tests run on
BACKENDS = ["oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)]


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh, empty store lives: a directory, or a wiped Virtuoso's SPARQL URL."""
    if request.param == "virtuoso":
        scratch = request.getfixturevalue("virtuoso_scratch")
        scratch.wipe()
        return scratch.sparql_url
    return str(tmp_path / "store")


@pytest.fixture
def store(store_location: str) -> Iterator[GraphStore]:
    """A fresh store: on-disk Oxigraph, or a wiped Virtuoso."""
    opened = open_test_store(store_location)
    yield opened
    opened.close()


def seed_path() -> Path | None:
    """The seed article when ../shared is present."""
    path = SHARED / "corpus" / "seed-article.txt"
    return path if path.exists() else None


@pytest.fixture(scope="session", params=BACKENDS)
def corpus_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, extractor: Extractor
):
    """A store holding the example corpus and, when present, the seed article: on-disk
    Oxigraph, or a Virtuoso of its own."""
    if request.param == "virtuoso":
        opened = open_test_store(request.getfixturevalue("virtuoso_corpus").sparql_url)
    else:
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


def open_test_store(location: str) -> GraphStore:
    """The store at a test location (no settings read from the environment)."""
    if location.startswith("http"):
        return RemoteStore(SparqlEndpoint(location))
    return OxigraphStore(Path(location))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
[SPARQL]
; Debian's default result cap, kept so the tests meet what a stock install does
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


class VirtuosoServer:
    """A real Virtuoso (Debian's virtuoso-t) on loopback, over a database in a temp folder.

    Its anonymous SPARQL user is granted SPARQL_UPDATE, as a techkg deployment needs; the
    graphs Virtuoso makes for itself are remembered so :meth:`wipe` leaves only them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port, self.http_port = _free_port(), _free_port()
        self.sparql_url = f"http://127.0.0.1:{self.http_port}/sparql"
        folder.joinpath("virtuoso.ini").write_text(
            VIRTUOSO_INI.format(db=folder, sql_port=self.sql_port, http_port=self.http_port)
        )
        self.log = folder.joinpath("console.log").open("w")
        self.process = subprocess.Popen(
            ["virtuoso-t", "-c", str(folder / "virtuoso.ini"), "+foreground"],
            cwd=folder, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.http = httpx.Client(timeout=60)  # one client: each new one builds an SSL context (~0.1 s)
        self._wait_until_ready()
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        self.system_graphs = self.graphs()

    def _wait_until_ready(self, limit: float = 90.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {self.folder / 'console.log'}")
            try:
                if self.http.post(self.sparql_url, data={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"virtuoso-t did not answer within {limit:g}s")

    def isql(self, statement: str) -> str:
        """Run one SQL statement as the database administrator."""
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return done.stdout

    def graphs(self) -> set[str]:
        answer = self.http.post(
            self.sparql_url,
            # GROUP BY rather than DISTINCT: 60x faster on Virtuoso
            data={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        return {row["g"]["value"] for row in answer["results"]["bindings"]}

    def wipe(self) -> None:
        """Drop every graph but Virtuoso's own."""
        drops = [f"DROP SILENT GRAPH <{graph}>" for graph in self.graphs() - self.system_graphs]
        if drops:
            self.http.post(self.sparql_url, data={"update": " ; ".join(drops)}).raise_for_status()

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _virtuoso(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[VirtuosoServer]:
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    server = VirtuosoServer(tmp_path_factory.mktemp(name))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """The Virtuoso that holds the corpus for the read-only tests."""
    yield from _virtuoso(tmp_path_factory, "virtuoso-corpus")


@pytest.fixture(scope="session")
def virtuoso_scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """The Virtuoso that tests writing to it wipe before they start."""
    yield from _virtuoso(tmp_path_factory, "virtuoso-scratch")

"""The named limits, each hit for real over a real server, each with its own problem."""

from __future__ import annotations

import http.server
import itertools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.limits import QueryLimits, QueryTimeout, TooManyResults
from app.service import create_app
from app.settings import Settings
from app.store import OxigraphStore

PROBLEM = "application/problem+json"
#: ~18 million joined rows over the example corpus, each compared three times: a second or
#: more of work before its one row exists (without the filter Virtuoso counts the join in
#: 0.07 s, inside the budget; with it, 1.4 s there, measured with curl on this machine)
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f && ?a != ?d && ?b != ?e) }"
#: the same join streamed: rows come at once, and keep coming
ENDLESS_ROWS = "SELECT * { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def limited(corpus_store, server_thread) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """A service with tight row and export caps and a time budget no cap test can hit: a
    Virtuoso still working through an abandoned slow query (the 503 tests leave one behind
    server-side) once took more than 0.3 s over a LIMIT 6 and failed a cap test in CI."""
    settings = Settings(
        store="unused", query_time_limit_ms=30_000, max_query_rows=5, max_export_bytes=2000
    )  # fmt: skip
    app = create_app(settings, store=corpus_store)
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def budgeted(corpus_store, server_thread) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """A service with a 0.3 s query time budget."""
    settings = Settings(store="unused", query_time_limit_ms=300)
    app = create_app(settings, store=corpus_store)
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        yield client


def problem(response: httpx.Response, status: int, title: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == title
    return response.json()["detail"]


def test_the_row_check_stops_an_endless_stream_at_its_deadline() -> None:
    limits = QueryLimits(seconds=0.05, max_rows=10**12)
    with pytest.raises(QueryTimeout, match=r"time budget of 0\.05s"):
        for _ in limits.capped(itertools.count()):
            pass
    with pytest.raises(TooManyResults):
        list(QueryLimits(seconds=60, max_rows=1000).capped(itertools.count()))


def test_a_query_busy_before_its_first_row_gets_503_and_the_service_stays_up(budgeted: httpx.Client) -> None:
    detail = problem(budgeted.get("/sparql", params={"query": SLOW_COUNT}), 503, "Query time budget exceeded")
    assert "0.3s" in detail and "TECHKG_QUERY_TIME_LIMIT_MS" in detail
    assert budgeted.get("/health").json()["status"] == "ok"  # the event loop was never blocked
    posted = budgeted.post("/sparql", data={"query": SLOW_COUNT})
    problem(posted, 503, "Query time budget exceeded")


def test_a_streaming_query_past_its_budget_is_503(corpus_store, server_thread) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(store="unused", query_time_limit_ms=300, max_query_rows=10**12)
    with server_thread(create_app(settings, store=corpus_store)) as running:
        answer = httpx.get(running.url + "/sparql", params={"query": ENDLESS_ROWS}, timeout=60)
        problem(answer, 503, "Query time budget exceeded")
        assert httpx.get(running.url + "/health").status_code == 200


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]
)
def test_the_row_cap_refuses_more_rows_than_allowed(limited: httpx.Client, accept: str) -> None:
    headers = {"Accept": accept}
    five = limited.get("/sparql", params={"query": "SELECT ?s { ?s ?p ?o } LIMIT 5"}, headers=headers)
    assert five.status_code == 200 and five.headers["content-type"].startswith(accept)
    six = limited.get("/sparql", params={"query": "SELECT ?s { ?s ?p ?o } LIMIT 6"}, headers=headers)
    assert "more than 5 results" in problem(six, 400, "Too many results")


def test_the_row_cap_counts_triples_of_a_construct(limited: httpx.Client) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT {n}"
    ok = limited.get(
        "/sparql", params={"query": construct.replace("{n}", "5")}, headers={"Accept": "text/turtle"}
    )
    assert ok.status_code == 200
    problem(limited.get("/sparql", params={"query": construct.replace("{n}", "6")}), 400, "Too many results")


def test_the_row_cap_holds_for_named_queries(limited: httpx.Client, http: httpx.Client) -> None:
    params = {"active_on": "2021-01-01"}
    assert len(http.get("/queries/restrictions", params=params).json()["results"]["bindings"]) > 5
    problem(limited.get("/queries/restrictions", params=params), 400, "Too many results")


def test_the_export_cap_over_http(limited: httpx.Client, http: httpx.Client) -> None:
    assert len(http.get("/export", params={"format": "nquads"}).content) > 2000
    detail = problem(limited.get("/export", params={"format": "nquads"}), 400, "Export too large")
    assert "TECHKG_MAX_EXPORT_BYTES" in detail


def test_the_export_cap_on_the_command_line(tmp_path: Path, store_fingerprint) -> None:  # type: ignore[no-untyped-def]
    examples = Path(__file__).resolve().parents[3] / "examples" / "articles"
    store = tmp_path / "store"
    env = {**os.environ, "TECHKG_STORE": str(store)}

    def techkg(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                              env={**env, **extra}, timeout=300)  # fmt: skip

    assert techkg("ingest", str(examples)).returncode == 0
    out = tmp_path / "all.nq"
    refused = techkg("export", "--format", "nquads", "-o", str(out), TECHKG_MAX_EXPORT_BYTES="2000")
    assert refused.returncode == 1 and not out.exists()
    assert refused.stderr.count("\n") == 1 and "TECHKG_MAX_EXPORT_BYTES" in refused.stderr
    assert (
        techkg("export", "--format", "nquads", "-o", str(out)).returncode == 0 and out.stat().st_size > 2000
    )


def test_service_and_load_are_refused_by_default(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/sparql-update"}
    load = writable.post("/update", content="LOAD <http://127.0.0.1:1/x.ttl>", headers=auth)
    assert "TECHKG_ALLOW_LOAD" in problem(load, 400, "Bad SPARQL")
    service = writable.get(
        "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o } }"}
    )
    assert "TECHKG_ALLOW_SERVICE" in problem(service, 400, "Bad SPARQL")


@pytest.fixture
def web_file(tmp_path: Path) -> Iterator[str]:
    """A Turtle file served by a real HTTP server on loopback; its URL."""
    (tmp_path / "data.ttl").write_text("<https://example.org/loaded> <https://example.org/p> 'from afar' .\n")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data.ttl"
    server.shutdown()
    server.server_close()


def test_load_works_once_allowed_and_service_stays_refused(tmp_path, server_thread, token, web_file) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(store=str(tmp_path / "store"), token=token, allow_load=True)
    with server_thread(create_app(settings)) as running, httpx.Client(base_url=running.url) as client:
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/sparql-update"}
        loaded = client.post(
            "/update", content=f"LOAD <{web_file}> INTO GRAPH <https://example.org/g>", headers=auth
        )
        assert loaded.status_code == 204, loaded.text
        ask = "ASK { GRAPH <https://example.org/g> { <https://example.org/loaded> ?p 'from afar' } }"
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
        service = client.get(
            "/sparql", params={"query": f"SELECT * {{ SERVICE <{web_file}> {{ ?s ?p ?o }} }}"}
        )
        problem(service, 400, "Bad SPARQL")


def test_a_store_opened_with_service_allowed_runs_it(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store", allow_remote=frozenset({"SERVICE"}))
    try:  # SERVICE SILENT to a closed port: Oxigraph tried the call, and it failed quietly
        assert list(store.query("SELECT * { SERVICE SILENT <http://127.0.0.1:1/s> { ?s ?p ?o } }")) != []
    finally:
        store.close()


def test_the_body_cap_is_413(writable: httpx.Client, token: str, store_fingerprint) -> None:  # type: ignore[no-untyped-def]
    big = b"x" * 10_000_001
    auth = {"Authorization": f"Bearer {token}"}
    for path, media in (("/sparql", "application/sparql-query"), ("/update", "application/sparql-update"),
                        ("/articles", "application/json"), ("/store?default", "text/turtle")):  # fmt: skip
        answer = writable.post(path, content=big, headers={**auth, "Content-Type": media})
        assert answer.status_code == 413, (path, answer.text)
        assert answer.headers["content-type"] == PROBLEM

        def chunks() -> Iterator[bytes]:  # no Content-Length: the cap counts as the body arrives
            yield from (b"x" * 1_000_000 for _ in range(11))

        chunked = writable.post(path, content=chunks(), headers={**auth, "Content-Type": media})
        assert chunked.status_code == 413 and chunked.json()["title"] == "Payload too large", path
    assert writable.get("/health").json()["store"]["graphs"] == 0

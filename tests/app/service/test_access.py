"""Who may do what: writes need the bearer token on every route that writes, and browsers
from other origins get in only when CORS is configured. Routes are enumerated from the
app, so a new write route is covered the day it is added."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from app.service import create_app
from app.settings import Settings

READS = {("POST", "/sparql")}  # a POST that only reads (SPARQL queries in a form or a body)
ALLOWED = "https://allowed.example"
OTHER = "https://elsewhere.example"


def write_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the app's OpenAPI document that is not a plain read, path
    parameters filled in (FastAPI includes routers lazily: the document is the public list)."""
    paths = create_app(Settings(store="unused")).openapi()["paths"]
    found = []
    for path, operations in paths.items():
        for method in map(str.upper, operations):
            if method not in ("GET", "HEAD") and (method, path) not in READS:
                found.append((method, re.sub(r"\{[^}]+\}", "x", path)))
    return found


def test_the_write_routes_are_the_ones_the_design_names() -> None:
    assert {path for _, path in write_routes()} == {"/update", "/store", "/articles"}
    assert {m for m, p in write_routes() if p == "/store"} == {"PUT", "POST", "DELETE"}


@pytest.mark.parametrize(("method", "path"), write_routes())
def test_every_write_needs_the_token(writable: httpx.Client, token: str, method: str, path: str) -> None:
    def contents() -> tuple[int, int]:
        store = writable.get("/health").json()["store"]
        return store["quads"], store["graphs"]

    before = contents()
    request = {"params": {"graph": "https://example.org/g"}, "content": b"<a:s> <a:p> <a:o> ."}
    headers = {"Content-Type": "application/n-triples"}
    if path == "/update":
        request, headers = {"content": b"CLEAR ALL"}, {"Content-Type": "application/sparql-update"}
    if path == "/articles":
        request, headers = (
            {"content": b'{"id": "a", "text": "IBM sells facial recognition."}'},
            {"Content-Type": "application/json"},
        )
    missing = writable.request(method, path, headers=headers, **request)
    assert missing.status_code == 401, missing.text
    assert missing.headers["www-authenticate"] == "Bearer"
    wrongs = (f"Bearer {token}x", f"Bearer {token[:-1]}", "Bearer \u00e9t\u00e9".encode(), f"Basic {token}")
    for wrong in wrongs:
        answer = writable.request(method, path, headers={**headers, "Authorization": wrong}, **request)
        assert answer.status_code in (401, 403), (wrong, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert contents() == before


@pytest.mark.parametrize(("method", "path"), write_routes())
def test_without_a_configured_token_the_service_is_read_only(
    server_thread, tmp_path, method: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(store=str(tmp_path / "store")))
    with server_thread(app) as running:
        answer = httpx.request(
            method, running.url + path, params={"graph": "https://example.org/g"},
            headers={"Authorization": "Bearer anything", "Content-Type": "application/n-triples"},
            content=b"<a:s> <a:p> <a:o> .",
        )  # fmt: skip
        assert answer.status_code == 403 and "TECHKG_TOKEN" in answer.json()["detail"]
        assert httpx.get(running.url + "/health").json()["writable"] is False


@pytest.fixture(scope="module")
def cors_url(corpus_store, server_thread) -> Iterator[str]:  # type: ignore[no-untyped-def]
    app = create_app(Settings(store="unused", cors_origins=[ALLOWED]), store=corpus_store)
    with server_thread(app) as running:
        yield running.url


def preflight(url: str, origin: str) -> httpx.Response:
    return httpx.options(
        url + "/sparql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )


def test_cors_preflight_answers_the_allowed_origin_only(cors_url: str) -> None:
    allowed = preflight(cors_url, ALLOWED)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in allowed.headers
    other = preflight(cors_url, OTHER)
    assert other.status_code == 400 and "access-control-allow-origin" not in other.headers


def test_cors_simple_requests_are_tagged_for_the_allowed_origin_only(cors_url: str) -> None:
    allowed = httpx.get(cors_url + "/entities", params={"q": "amazon"}, headers={"Origin": ALLOWED})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
    other = httpx.get(cors_url + "/entities", params={"q": "amazon"}, headers={"Origin": OTHER})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers


def test_cors_is_off_by_default(http: httpx.Client) -> None:
    pre = preflight(str(http.base_url).rstrip("/"), ALLOWED)
    assert pre.status_code == 405 and "access-control-allow-origin" not in pre.headers
    simple = http.get("/entities", params={"q": "amazon"}, headers={"Origin": ALLOWED})
    assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers


def test_cors_origins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHKG_CORS_ORIGINS", f"{ALLOWED}, {OTHER}")
    assert Settings().cors_origins == [ALLOWED, OTHER]

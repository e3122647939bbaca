"""The service as a whole: health, the OpenAPI document, the graph store, the page."""

from __future__ import annotations

import httpx
from rdflib import Graph


def test_health(http: httpx.Client) -> None:
    health = http.get("/health").json()
    assert health["status"] == "ok"
    assert health["store"]["quads"] > 100 and health["store"]["graphs"] >= 20


def test_every_route_is_documented(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for route in ("/sparql", "/update", "/store", "/entities", "/entities/{entity_id}",
                  "/entities/{entity_id}/neighbors", "/restrictions", "/export", "/articles",
                  "/articles/{article_id}", "/health"):  # fmt: skip
        assert route in paths, route
    assert "404" in paths["/entities/{entity_id}"]["get"]["responses"]


def test_graph_store_round_trip(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    graph = {"graph": "https://example.org/g1"}
    body = '<https://example.org/s> <https://example.org/p> "o" .'
    assert (
        writable.put(
            "/store", params=graph, content=body, headers={"Content-Type": "text/turtle"}
        ).status_code
        == 401
    )
    created = writable.put(
        "/store", params=graph, content=body, headers={**auth, "Content-Type": "text/turtle"}
    )
    assert created.status_code == 201
    got = writable.get("/store", params=graph, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=got.text, format="nt")) == 1
    assert writable.head("/store", params=graph).status_code == 200
    bad = writable.post(
        "/store", params=graph, content="<broken", headers={**auth, "Content-Type": "text/turtle"}
    )
    assert bad.status_code == 400
    assert len(Graph().parse(data=writable.get("/store", params=graph).text, format="turtle")) == 1
    assert writable.delete("/store", params=graph, headers=auth).status_code == 204
    assert writable.get("/store", params=graph).status_code == 404


def test_home_page(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200 and "techkg" in page.text and "<form" in page.text

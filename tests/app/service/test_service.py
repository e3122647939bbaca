"""The service as a whole: health, the OpenAPI document, the graph store, the page."""

from __future__ import annotations

import httpx


def test_health(http: httpx.Client) -> None:
    health = http.get("/health").json()
    assert health["status"] == "ok"
    assert health["store"]["quads"] > 100 and health["store"]["graphs"] >= 20


def test_every_route_is_documented(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for route in ("/sparql", "/update", "/store", "/entities", "/entities/{entity_id}",
                  "/entities/{entity_id}/neighbors", "/entities/{entity_id}/timeline", "/restrictions",
                  "/paths", "/graph/top", "/graph/components", "/queries", "/queries/{name}",
                  "/export", "/articles", "/articles/{article_id}", "/health"):  # fmt: skip
        assert route in paths, route
    assert "404" in paths["/entities/{entity_id}"]["get"]["responses"]


def test_home_page(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200 and "techkg" in page.text and "<form" in page.text

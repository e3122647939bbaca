"""Kept entity answers: a write through the service makes them stale at once, over a real
uvicorn server; ETags and 304s; one computation for concurrent misses."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pyoxigraph as ox
import pytest

from app.service.response_cache import Entry, ResponseCache
from app.store import OxigraphStore

BOSTON = "legislature-boston-city-council"
ARTICLE = {
    "id": "council-vote",
    "date": "2022-03-16",
    "text": "The Boston City Council voted on Tuesday to ban facial recognition.",
}
SECOND = {
    "id": "council-vote-2",
    "date": "2023-05-02",
    "text": "The Boston City Council voted on Tuesday to ban predictive policing.",
}
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALIAS = "<http://www.w3.org/2004/02/skos/core#altLabel>"


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _entity(client: httpx.Client, entity_id: str = BOSTON) -> httpx.Response:
    response = client.get(f"/entities/{entity_id}")
    assert response.status_code == 200, response.text
    return response


def test_posting_an_article_refreshes_a_kept_entity(writable: httpx.Client, auth: dict[str, str]) -> None:
    assert writable.post("/articles", json=ARTICLE, headers=auth).status_code == 201
    first = _entity(writable)
    assert first.json()["count"] == 1 and _entity(writable).content == first.content
    assert writable.post("/articles", json=SECOND, headers=auth).status_code == 201
    second = _entity(writable)
    assert second.json()["count"] == 2
    assert {r["counterpart"]["name"] for r in second.json()["relationships"]} == {
        "facial recognition",
        "predictive policing",
    }
    assert second.headers["etag"] != first.headers["etag"]


def test_an_update_refreshes_kept_entities_and_searches(writable: httpx.Client, auth: dict[str, str]) -> None:
    assert writable.post("/articles", json=ARTICLE, headers=auth).status_code == 201
    before = _entity(writable).json()
    assert writable.get("/entities", params={"q": "Beantown"}).json()["count"] == 0
    iri = f"<https://techkg.org/id/{BOSTON}>"
    update = f'INSERT DATA {{ GRAPH <urn:x:extra> {{ {iri} {ALIAS} "Beantown council" }} }}'
    headers = {**auth, "Content-Type": "application/sparql-update"}
    assert writable.post("/update", content=update, headers=headers).status_code == 204
    after = _entity(writable).json()
    assert after["aliases"] == sorted([*before["aliases"], "Beantown council"])
    found = writable.get("/entities", params={"q": "Beantown"}).json()
    assert [e["id"] for e in found["data"]] == [BOSTON]


def test_deleting_the_graph_through_the_graph_store_forgets_the_entity(
    writable: httpx.Client, auth: dict[str, str]
) -> None:
    assert writable.post("/articles", json=ARTICLE, headers=auth).status_code == 201
    _entity(writable)
    graph = {"graph": "https://techkg.org/article/council-vote"}
    assert writable.delete("/store", params=graph, headers=auth).status_code in (200, 204)
    assert writable.get(f"/entities/{BOSTON}").status_code == 404


def test_etag_gives_304_until_a_write_changes_the_answer(
    writable: httpx.Client, auth: dict[str, str]
) -> None:
    assert writable.post("/articles", json=ARTICLE, headers=auth).status_code == 201
    etag = _entity(writable).headers["etag"]
    unchanged = writable.get(f"/entities/{BOSTON}", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
    turtle = writable.get(f"/entities/{BOSTON}", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert writable.post("/articles", json=SECOND, headers=auth).status_code == 201
    changed = writable.get(f"/entities/{BOSTON}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_a_failed_write_is_refused_and_serves_the_same_answer(
    writable: httpx.Client, auth: dict[str, str]
) -> None:
    assert writable.post("/articles", json=ARTICLE, headers=auth).status_code == 201
    before = _entity(writable)
    headers = {**auth, "Content-Type": "application/sparql-update"}
    assert writable.post("/update", content="INSERT DATA { nonsense", headers=headers).status_code == 400
    assert _entity(writable).content == before.content


def test_every_write_of_the_store_bumps_its_generation() -> None:
    store = OxigraphStore(None)
    s, p = ox.NamedNode("https://e.org/s"), ox.NamedNode(LABEL[1:-1])
    writes = {
        "update": lambda: store.update(f'INSERT DATA {{ <https://e.org/s> {LABEL} "a" }}'),
        "replace_graph": lambda: store.replace_graph("https://e.org/g", [ox.Triple(s, p, ox.Literal("b"))]),
        "add_triples": lambda: store.add_triples("https://e.org/g", [ox.Triple(s, p, ox.Literal("c"))]),
        "delete_graph": lambda: store.delete_graph("https://e.org/g"),
        "replace_graphs": lambda: store.replace_graphs(
            {"https://e.org/h": [ox.Triple(s, p, ox.Literal("d"))]}
        ),
        "add_quads": lambda: store.add_quads(
            [ox.Quad(s, p, ox.Literal("e"), ox.NamedNode("https://e.org/i"))]
        ),
    }
    reads = {"query", "graph_triples", "has_graph", "quads", "all_quads", "stats", "flush", "close"}
    public = {name for name in dir(store) if not name.startswith("_") and callable(getattr(store, name))}
    assert public - reads == set(writes), "a new write method must bump the generation (and be listed here)"
    for name, write in writes.items():
        before = store.generation
        write()
        assert store.generation > before, name


def test_concurrent_misses_compute_once_and_a_write_starts_over() -> None:
    store = OxigraphStore(None)
    cache = ResponseCache(8)
    calls: list[int] = []
    release = threading.Event()

    def compute() -> Entry:
        calls.append(store.generation)
        release.wait(5)
        return Entry.of(str(len(calls)).encode(), "text/plain")

    async def scenario() -> list[bytes]:
        waiting = [asyncio.create_task(cache.fetch(store, "k", compute)) for _ in range(5)]
        await asyncio.sleep(0.2)
        release.set()
        first = [e.body for e in await asyncio.gather(*waiting)]
        kept = (await cache.fetch(store, "k", compute)).body
        store.update(f'INSERT DATA {{ <https://e.org/s> {LABEL} "a" }}')
        fresh = (await cache.fetch(store, "k", compute)).body
        return [*first, kept, fresh]

    assert asyncio.run(scenario()) == [b"1"] * 6 + [b"2"]
    assert calls == [0, 1]


def test_size_zero_keeps_nothing() -> None:
    store = OxigraphStore(None)
    cache = ResponseCache(0)
    bodies = iter([b"a", b"b"])

    async def twice() -> list[bytes]:
        return [
            (await cache.fetch(store, "k", lambda: Entry.of(next(bodies), "text/plain"))).body
            for _ in range(2)
        ]

    assert asyncio.run(twice()) == [b"a", b"b"]

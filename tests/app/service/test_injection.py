"""No injection: hostile values through every route's parameters and path segments leave
the store exactly as it was, and never cause a 500.

Routes and their parameters are read from the running app's OpenAPI document (and the
named queries from ``GET /queries``), so a route added tomorrow is attacked tomorrow.
Every value is also sent with the bearer token: the token allows writes, it must not
allow a value to become SPARQL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from app.ingest import ingest
from app.service import create_app
from app.settings import Settings
from app.sources import read_articles
from app.store import META_GRAPH, OxigraphStore
from ontology.namespaces import article_iri

WRITES = {"POST", "PUT", "DELETE"}
HOSTILE = [
    "'",
    '"',
    "<",
    ">",
    "{",
    "}",
    "\n",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } ; #',
    "'> } ; CLEAR ALL ; SELECT * { <",
    "<https://techkg.org/ontology> } ; DROP GRAPH <https://techkg.org/ontology> ; #",
    "\\u0022 } DROP ALL",
    '\\" } ; DROP ALL ; #',
    "?s ?p ?o",
    "$x",
    "# comment\nDROP ALL",
    "%00",
    "\x00",
    "\u202e\u2028\ufeff",
    "𝕏 emoji 😀",
    "../../../etc/passwd",
    "a" * 5000,
    "company-amazon> } ; DROP ALL ; {",
    '2021-01-01" ; DROP ALL',
    "1; DROP ALL",
    "-1",
    "99999999999999999999999",
    "<script>alert(1)</script>",
]

#: what every parameter of every route gets (HOSTILE whole goes through the write bodies)
SWEEP = [
    "'",
    '"',
    "<>",
    "{}",
    "\n",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } ; #',
    "'> } ; CLEAR ALL ; SELECT * { <",
    "<https://techkg.org/ontology> } ; DROP GRAPH <https://techkg.org/ontology> ; #",
    '\\" } ; DROP ALL ; #',
    "\x00",
    "\u202e\u2028 𝕏 😀",
    "../../../etc/passwd",
    "a" * 5000,
]

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "articles"


@pytest.fixture(scope="module")
def target(tmp_path_factory, extractor, server_thread, token) -> Iterator[tuple[httpx.Client, OxigraphStore]]:  # type: ignore[no-untyped-def]
    """A server with writes enabled over a store holding some of the example articles."""
    store = OxigraphStore(tmp_path_factory.mktemp("injection") / "store")
    report = ingest(store, read_articles(sorted(EXAMPLES.glob("*.txt"))[:12]), extractor)
    assert report.articles == 12
    app = create_app(Settings(store="unused", token=token), store=store)
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=60) as client:
        yield client, store
    store.close()


def operations(spec: dict) -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path template, path parameters, query parameters) of every operation."""
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            params = op.get("parameters", [])
            in_path = [p["name"] for p in params if p["in"] == "path"]
            in_query = sorted({p["name"] for p in params if p["in"] == "query"})
            found.append((method.upper(), path, in_path, in_query))
    return found


def contents(store: OxigraphStore, leave_out: set[str] = frozenset()) -> tuple[int, str]:  # type: ignore[assignment]
    """Statement count and hash of every statement outside the graphs ``leave_out`` names."""
    lines = sorted(str(q) for q in store.all_quads() if getattr(q.graph_name, "value", None) not in leave_out)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def requests_for(
    method: str, path: str, in_path: list[str], in_query: list[str], value: str
) -> Iterator[tuple[str, dict[str, str]]]:
    """The hostile value in every path segment, then in each query parameter alone, then in all."""
    url = path
    for name in in_path:
        url = url.replace("{" + name + "}", quote(value, safe=""))
    if in_path:
        yield url, {}
    plain = re.sub(r"\{[^}]+\}", "company-amazon", path)
    for name in in_query:
        yield plain, {name: value}
    if len(in_query) > 1:
        yield plain, dict.fromkeys(in_query, value)


def test_hostile_values_everywhere_change_nothing(target, token: str) -> None:  # type: ignore[no-untyped-def]
    client, store = target
    spec = client.get("/openapi.json").json()
    ops = operations(spec)
    assert len(ops) >= 20, ops
    named = client.get("/queries").json()["data"]
    ops += [("GET", f"/queries/{q['name']}", [], sorted(p["name"] for p in q["parameters"])) for q in named]
    before, tried = contents(store), 0
    for method, path, in_path, in_query in ops:
        for value in SWEEP:
            for url, params in requests_for(method, path, in_path, in_query, value):
                for headers in ({}, {"Authorization": f"Bearer {token}"}) if method in WRITES else ({},):
                    answer = client.request(method, url, params=params, headers=headers)
                    tried += 1
                    assert answer.status_code < 500, (method, url, params, answer.text)
                    if answer.status_code >= 400 and method != "HEAD":
                        assert answer.headers["content-type"] == "application/problem+json", (url, params)
            assert contents(store) == before, (method, path, value)
    print(f"{tried} hostile requests over {len(ops)} operations; the store is unchanged")
    assert tried > 1000


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_bodies_stay_values(target, token: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Hostile values in the bodies of the write routes (an update's body is SPARQL by
    design, so it is not here): a graph that does not parse changes nothing; an article
    whose id or text is hostile is stored as itself, and nothing outside its own graph
    (and the store's record of the ingest) changes."""
    client, store = target
    auth = {"Authorization": f"Bearer {token}"}
    before = contents(store)
    for media in ("text/turtle", "application/n-triples", "application/ld+json", "application/n-quads"):
        put = client.put("/store", params={"graph": "https://example.org/g"}, content=value.encode(),
                         headers={**auth, "Content-Type": media})  # fmt: skip
        assert put.status_code in (201, 204, 400, 415), (media, put.text)  # 201: an empty graph
        assert contents(store) == before
    article = {"id": value.replace("/", "").strip() or "x", "text": f"Clearview AI sold {value} to police."}
    graph = str(article_iri(article["id"]))
    outside = contents(store, {graph, META_GRAPH.value})
    posted = client.post("/articles", json=article, headers=auth)
    assert posted.status_code in (201, 422), posted.text
    assert contents(store, {graph, META_GRAPH.value}) == outside
    if posted.status_code == 201:
        assert client.get(f"/articles/{quote(article['id'], safe='')}").json()["doc"] == article["id"]
        assert client.delete("/store", params={"graph": graph}, headers=auth).status_code == 204

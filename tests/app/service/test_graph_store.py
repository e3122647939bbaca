"""SPARQL 1.1 Graph Store HTTP Protocol at /store, over a real uvicorn server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from app.service import create_app
from app.settings import Settings

TURTLE = {"Content-Type": "text/turtle"}
BODY = '<https://example.org/s> <https://example.org/p> "o" .'
JSON_LD = json.dumps({"@id": "https://example.org/s", "https://example.org/p": "o"})


@pytest.fixture(scope="module", params=["oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def gsp(request, tmp_path_factory, server_thread, token: str) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """A writable server of this module's own over an empty store (Oxigraph, or the wiped
    scratch Virtuoso); each test uses its own graphs."""
    if request.param == "virtuoso":
        scratch = request.getfixturevalue("virtuoso_scratch")
        scratch.wipe()
        location = scratch.sparql_url
    else:
        location = str(tmp_path_factory.mktemp("gsp") / "store")
    app = create_app(Settings(store=location, token=token))
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        yield client


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _triples(client: httpx.Client, params: dict[str, str]) -> Graph:
    response = client.get("/store", params=params, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="nt")


def test_graph_store_round_trip(gsp: httpx.Client, auth: dict) -> None:
    graph = {"graph": "https://example.org/g1"}
    assert gsp.put("/store", params=graph, content=BODY, headers=TURTLE).status_code == 401
    assert gsp.get("/store", params=graph).status_code == 404
    created = gsp.put("/store", params=graph, content=BODY, headers={**auth, **TURTLE})
    assert created.status_code == 201
    assert len(_triples(gsp, graph)) == 1
    assert gsp.head("/store", params=graph).status_code == 200
    bad = gsp.post("/store", params=graph, content="<broken", headers={**auth, **TURTLE})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
    assert len(_triples(gsp, graph)) == 1
    assert gsp.delete("/store", params=graph, headers=auth).status_code == 204
    assert gsp.get("/store", params=graph).status_code == 404
    assert gsp.head("/store", params=graph).status_code == 404
    assert gsp.delete("/store", params=graph, headers=auth).status_code == 404


def test_put_replaces_and_post_adds(gsp: httpx.Client, auth: dict) -> None:
    graph = {"graph": "https://example.org/g2"}
    other = '<https://example.org/s> <https://example.org/p> "other" .'
    assert gsp.post("/store", params=graph, content=BODY, headers={**auth, **TURTLE}).status_code == 201
    assert gsp.post("/store", params=graph, content=other, headers={**auth, **TURTLE}).status_code == 204
    assert {str(o) for o in _triples(gsp, graph).objects()} == {"o", "other"}
    assert gsp.put("/store", params=graph, content=other, headers={**auth, **TURTLE}).status_code == 204
    assert {str(o) for o in _triples(gsp, graph).objects()} == {"other"}


def test_the_graphs_are_those_sparql_sees(gsp: httpx.Client, auth: dict) -> None:
    graph = "https://example.org/g3"
    gsp.put("/store", params={"graph": graph}, content=BODY, headers={**auth, **TURTLE})
    ask = "ASK { GRAPH <https://example.org/g3> { <https://example.org/s> ?p 'o' } }"
    assert gsp.get("/sparql", params={"query": ask}).json()["boolean"] is True
    gsp.delete("/store", params={"graph": graph}, headers=auth)
    assert gsp.get("/sparql", params={"query": ask}).json()["boolean"] is False


def test_the_default_graph(gsp: httpx.Client, auth: dict) -> None:
    default = {"default": ""}
    body = '<https://example.org/d> <https://example.org/p> "in the default graph" .'
    if gsp.get("/health").json()["store"]["location"].startswith("http"):
        # a SPARQL server's default graph is the union of its graphs (Virtuoso has none of
        # its own to write): the remote store refuses it as a graph, and says why
        refused = gsp.put("/store", params=default, content=body, headers={**auth, **TURTLE})
        assert refused.status_code == 403 and "name a graph" in refused.json()["detail"]
        assert gsp.get("/store", params=default).status_code == 403
        return
    assert gsp.put("/store", params=default, content=body, headers={**auth, **TURTLE}).status_code == 204
    assert [str(o) for o in _triples(gsp, default).objects()] == ["in the default graph"]
    ask = "ASK { ?s ?p 'in the default graph' FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    assert gsp.get("/sparql", params={"query": ask}).json()["boolean"] is True
    assert gsp.delete("/store", params=default, headers=auth).status_code == 204
    assert len(_triples(gsp, default)) == 0


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_a_graph_in_each_rdf_syntax(gsp: httpx.Client, auth: dict, accept: str, rdflib_format: str) -> None:
    graph = {"graph": "https://example.org/g4"}
    gsp.put("/store", params=graph, content=BODY, headers={**auth, **TURTLE})
    response = gsp.get("/store", params=graph, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept) and response.headers["vary"] == "Accept"
    assert isomorphic(Graph().parse(data=response.text, format=rdflib_format), Graph().parse(data=BODY))


@pytest.mark.parametrize(
    ("accept", "rdflib_format"), [("application/n-quads", "nquads"), ("application/trig", "trig")]
)
def test_a_graph_as_quads_keeps_its_name(
    gsp: httpx.Client, auth: dict, accept: str, rdflib_format: str
) -> None:
    graph = "https://example.org/g5"
    gsp.put("/store", params={"graph": graph}, content=BODY, headers={**auth, **TURTLE})
    response = gsp.get("/store", params={"graph": graph}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept)
    dataset = Dataset().parse(data=response.text, format=rdflib_format)
    assert len(dataset.graph(URIRef(graph))) == 1 and len(dataset.default_graph) == 0


@pytest.mark.parametrize(
    ("media", "body"),
    [
        ("application/n-triples", BODY),
        ("application/ld+json", JSON_LD),
        (
            "application/rdf+xml",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
            '<rdf:Description rdf:about="https://example.org/s"><e:p>o</e:p></rdf:Description></rdf:RDF>',
        ),
    ],
)
def test_a_graph_sent_in_each_rdf_syntax(gsp: httpx.Client, auth: dict, media: str, body: str) -> None:
    graph = {"graph": f"https://example.org/g6/{media}"}
    assert (
        gsp.put("/store", params=graph, content=body, headers={**auth, "Content-Type": media}).status_code
        == 201
    )
    assert isomorphic(_triples(gsp, graph), Graph().parse(data=BODY))


def test_blank_nodes_and_relative_iris(gsp: httpx.Client, auth: dict) -> None:
    graph = "https://example.org/g7/"
    body = "<me> <https://example.org/knows> [ <https://example.org/name> 'someone' ] ."
    gsp.put("/store", params={"graph": graph}, content=body, headers={**auth, **TURTLE})
    expected = Graph().parse(data=body, format="turtle", publicID=graph)
    assert isomorphic(_triples(gsp, {"graph": graph}), expected)
    assert URIRef(graph + "me") in set(expected.subjects())


@pytest.mark.parametrize(
    ("method", "params", "headers", "content", "status"),
    [
        ("GET", {}, {}, None, 400),
        ("GET", {"graph": "https://example.org/g", "default": ""}, {}, None, 400),
        ("GET", {"graph": "not an iri"}, {}, None, 400),
        ("GET", {"default": ""}, {"Accept": "image/png"}, None, 406),
        ("HEAD", {"default": ""}, {"Accept": "image/png"}, None, 406),
        ("PUT", {"graph": "https://example.org/g8"}, {"Content-Type": "application/n-quads"}, BODY, 415),
        ("PUT", {"graph": "https://example.org/g8"}, {}, BODY, 415),
        (
            "PUT",
            {"graph": "https://example.org/g8"},
            {"Content-Type": "application/ld+json"},
            json.dumps({"@id": "https://example.org/g", "@graph": [json.loads(JSON_LD)]}),
            400,
        ),
        ("PUT", {"graph": "https://example.org/g8"}, {"Authorization": "Bearer wrong", **TURTLE}, BODY, 403),
        ("DELETE", {"graph": "https://example.org/g8"}, {"Authorization": ""}, None, 401),
    ],
)
def test_bad_requests_are_problems_and_change_nothing(
    gsp: httpx.Client, auth: dict, method: str, params: dict, headers: dict, content: str | None, status: int
) -> None:
    kept = {"graph": "https://example.org/g8"}
    gsp.put("/store", params=kept, content=BODY, headers={**auth, **TURTLE})
    response = gsp.request(method, "/store", params=params, headers={**auth, **headers}, content=content)
    assert response.status_code == status
    if method != "HEAD":
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
    assert len(_triples(gsp, kept)) == 1

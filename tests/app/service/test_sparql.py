"""SPARQL 1.1 Protocol over a real uvicorn server, one protocol rule at a time."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import httpx
import pyoxigraph
import pytest
from rdflib import RDF, Dataset, Graph, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from app.service import create_app
from app.settings import Settings

PREFIXES = "PREFIX tk: <https://techkg.org/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
IN_FORCE = (
    PREFIXES
    + """
SELECT ?authorityName ?technologyName ?start ?end WHERE {
  ?r a tk:Restriction ; tk:authority ?a ; tk:technology ?t ; tk:startDate ?start .
  ?a rdfs:label ?authorityName . ?t rdfs:label ?technologyName .
  OPTIONAL { ?r tk:endDate ?end }
  FILTER(?start <= "%s"^^<http://www.w3.org/2001/XMLSchema#date>
         && (!BOUND(?end) || ?end > "%s"^^<http://www.w3.org/2001/XMLSchema#date>))
}"""
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = "application/sparql-query"


def _in_force(http: httpx.Client, day: str) -> set[tuple[str, str]]:
    response = http.get("/sparql", params={"query": IN_FORCE % (day, day)})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    return {(r["authorityName"]["value"], r["technologyName"]["value"]) for r in rows}


def test_restrictions_in_force_over_http(seed_http: httpx.Client) -> None:
    assert ("Amazon", "Rekognition") in _in_force(seed_http, "2021-01-01")
    assert ("Amazon", "Rekognition") not in _in_force(seed_http, "2021-07-01")


def test_get_form_post_and_direct_post_agree(http: httpx.Client) -> None:
    by_get = http.get("/sparql", params={"query": COUNT}).json()
    by_form = http.post("/sparql", data={"query": COUNT}).json()
    direct = http.post("/sparql", content=COUNT, headers={"Content-Type": "application/sparql-query"}).json()
    assert by_get == by_form == direct
    assert int(by_get["results"]["bindings"][0]["n"]["value"]) > 100


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_results_by_accept(http: httpx.Client, accept: str, media: str) -> None:
    response = http.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    if media.endswith("json"):
        assert json.loads(response.text)["head"]["vars"] == ["n"]
    elif media.endswith("xml"):
        assert ET.fromstring(response.text).tag.endswith("sparql")
    elif media == "text/csv":
        assert next(csv.reader(io.StringIO(response.text))) == ["n"]
    else:
        assert response.text.splitlines()[0] == "?n"


def test_ask(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "ASK { ?s a <https://techkg.org/ontology#Restriction> }"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_by_accept(http: httpx.Client, accept: str, rdflib_format: str) -> None:
    query = PREFIXES + "CONSTRUCT { ?o tk:offers ?t } WHERE { ?o tk:offers ?t }"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.text, format=rdflib_format)) > 5


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "GET", "params": {"query": "SELEC * WHERE {}"}}, 400),
        ({"method": "GET", "params": {"query": ""}}, 400),
        ({"method": "GET", "params": {"query": "  "}}, 400),
        ({"method": "GET", "params": {"default-graph-uri": "https://techkg.org/ontology"}}, 400),
        ({"method": "GET", "params": {"query": COUNT, "default-graph-uri": "not an iri"}}, 400),
        ({"method": "GET", "params": {"query": COUNT, "named-graph-uri": ""}}, 400),
        ({"method": "GET", "params": "query=SELECT%20%FF"}, 400),
        (
            {
                "method": "POST",
                "content": COUNT,
                "headers": {"Content-Type": "application/sparql-query"},
                "params": {"query": COUNT},
            },
            400,
        ),
        (
            {
                "method": "POST",
                "content": COUNT.encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
        ),
        (
            {
                "method": "POST",
                "content": b"ASK { \xff }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
        ),
        ({"method": "POST", "content": "query=ASK%20%7B%7D"}, 415),
        ({"method": "POST", "content": COUNT, "headers": {"Content-Type": "application/sparql-update"}}, 415),
        ({"method": "GET", "params": [("query", COUNT), ("query", COUNT)]}, 400),
        ({"method": "POST", "content": COUNT, "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "GET", "params": {"query": COUNT}, "headers": {"Accept": "image/png"}}, 406),
        ({"method": "POST", "data": {"update": "CLEAR ALL"}}, 400),
        ({"method": "GET", "params": {"query": "CLEAR ALL"}}, 400),
        ({"method": "PUT", "params": {"query": COUNT}}, 405),
    ],
)
def test_protocol_errors_are_problems(http: httpx.Client, request_kwargs: dict, status: int) -> None:
    request_kwargs = dict(request_kwargs)  # the parameters are shared by both store backends
    method = request_kwargs.pop("method")
    before = http.get("/sparql", params={"query": COUNT}).json()
    response = http.request(method, "/sparql", **request_kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status and response.json()["detail"]
    assert http.get("/sparql", params={"query": COUNT}).json() == before


def test_default_graph_uri_narrows_the_dataset(http: httpx.Client) -> None:
    article = "https://techkg.org/article/sf-facial-recognition-ban"
    narrowed = http.get("/sparql", params={"query": COUNT, "default-graph-uri": article}).json()
    everything = http.get("/sparql", params={"query": COUNT}).json()
    n = int(narrowed["results"]["bindings"][0]["n"]["value"])
    assert 0 < n < int(everything["results"]["bindings"][0]["n"]["value"])


def test_update_needs_the_token(writable: httpx.Client, token: str) -> None:
    # a named graph: Virtuoso has no default graph of its own to write, and ignores CLEAR ALL
    triple = "<https://example.org/a> <https://example.org/p> 'x'"
    update = f"INSERT DATA {{ GRAPH <https://example.org/g> {{ {triple} }} }}"
    headers = {"Content-Type": "application/sparql-update"}
    ask = {"query": "ASK { <https://example.org/a> ?p ?o }"}
    assert writable.post("/update", content=update, headers=headers).status_code == 401
    wrong = writable.post("/update", content=update, headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert writable.get("/sparql", params=ask).json()["boolean"] is False
    right = writable.post("/update", content=update, headers={**headers, "Authorization": f"Bearer {token}"})
    assert right.status_code == 204
    assert writable.get("/sparql", params=ask).json()["boolean"] is True
    form = writable.post(
        "/update",
        data={"update": "CLEAR GRAPH <https://example.org/g>"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert form.status_code == 204
    assert writable.get("/sparql", params=ask).json()["boolean"] is False


def test_bad_update_is_400_and_changes_nothing(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/sparql-update"}
    insert = "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/p> 1 } }"  # see above
    assert writable.post("/update", content=insert, headers=auth).status_code == 204
    response = writable.post(
        "/update", content="DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <bad", headers=auth
    )
    assert response.status_code == 400
    assert writable.get("/sparql", params={"query": "ASK { <https://e.org/a> ?p ?o }"}).json()["boolean"]


def test_read_only_service_refuses_updates(server_thread, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.service import create_app
    from app.settings import Settings

    app = create_app(Settings(store=str(tmp_path / "store")))  # no TECHKG_TOKEN: read-only
    with server_thread(app) as running:
        response = httpx.post(
            running.url + "/update",
            content="CLEAR ALL",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"},
        )
    assert response.status_code == 403
    assert "TECHKG_TOKEN" in response.json()["detail"]


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_the_endpoint_describes_itself(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    response = http.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    by_endpoint = {graph.value(s, SD.endpoint): s for s in graph.subjects(RDF.type, SD.Service)}
    query, update = by_endpoint[URIRef(server.url + "/sparql")], by_endpoint[URIRef(server.url + "/update")]
    assert set(graph.objects(query, SD.supportedLanguage)) == {SD.SPARQL10Query, SD.SPARQL11Query}
    assert set(graph.objects(update, SD.supportedLanguage)) == {SD.SPARQL11Update}
    assert (query, SD.feature, SD.UnionDefaultGraph) in graph
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(query, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle", "RDF_XML"} <= formats
    dataset = graph.value(query, SD.defaultDataset)
    assert (graph.value(dataset, SD.defaultGraph), RDF.type, SD.Graph) in graph


def test_the_description_is_negotiated(http: httpx.Client) -> None:
    as_xml = http.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert as_xml.headers["content-type"].startswith("application/rdf+xml")
    assert len(Graph().parse(data=as_xml.text, format="xml")) > 10
    refused = http.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert refused.status_code == 406 and "text/turtle" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"), [("application/n-quads", "nquads"), ("application/trig", "trig")]
)
def test_construct_as_a_dataset_lands_in_the_default_graph(
    http: httpx.Client, accept: str, rdflib_format: str
) -> None:
    query = PREFIXES + "CONSTRUCT { ?o tk:offers ?t } WHERE { ?o tk:offers ?t }"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept)
    dataset = Dataset().parse(data=response.text, format=rdflib_format)
    assert len(dataset.default_graph) > 5
    assert [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID] == []


def test_ask_and_describe_by_accept(http: httpx.Client) -> None:
    ask = "ASK { ?s a <https://techkg.org/ontology#Restriction> }"
    as_xml = http.get("/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(as_xml.text).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    describe = http.get(
        "/sparql",
        params={"query": "DESCRIBE <https://techkg.org/id/company-amazon>"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(Graph().parse(data=describe.text, format="nt")) > 3


def test_relative_iris_resolve_against_the_endpoint(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    response = http.get("/sparql", params={"query": "SELECT (<thing> AS ?i) {}"})
    assert response.json()["results"]["bindings"][0]["i"]["value"] == server.url + "/thing"
    own_base = http.get("/sparql", params={"query": "BASE <https://e.org/> SELECT (<thing> AS ?i) {}"})
    assert own_base.json()["results"]["bindings"][0]["i"]["value"] == "https://e.org/thing"


@pytest.mark.parametrize("query", ["SELECT WHERE { oops", "SELECT * WHERE {\n ?s ?p }"])
def test_syntax_errors_point_where_the_client_wrote(http: httpx.Client, query: str) -> None:
    with pytest.raises(SyntaxError) as bare:
        pyoxigraph.Store().query(query)
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.json()["detail"] == f"SPARQL syntax error: {bare.value}"


def test_the_protocol_dataset_replaces_the_query_dataset(http: httpx.Client) -> None:
    sf = "https://techkg.org/article/sf-facial-recognition-ban"
    ontology = "https://techkg.org/ontology"
    ask_class = "ASK FROM <%s> { ?c a <http://www.w3.org/2002/07/owl#Class> }"
    assert http.get("/sparql", params={"query": ask_class % ontology}).json()["boolean"] is True
    overridden = http.get("/sparql", params={"query": ask_class % ontology, "default-graph-uri": sf})
    assert overridden.json()["boolean"] is False
    graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    named = http.get("/sparql", params={"query": graphs, "named-graph-uri": sf}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [sf]
    only_named = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": sf})
    assert only_named.json()["boolean"] is False  # the protocol's default graph is then empty
    only_default = http.get(
        "/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "default-graph-uri": sf}
    )
    assert only_default.json()["boolean"] is False


def test_a_query_s_own_from_names_its_default_graph(http: httpx.Client) -> None:
    sf = "https://techkg.org/article/sf-facial-recognition-ban"
    query = f"ASK FROM <{sf}> {{ ?c a <http://www.w3.org/2002/07/owl#Class> }}"
    assert http.get("/sparql", params={"query": query}).json()["boolean"] is False
    article = f"ASK FROM <{sf}> {{ ?a a <https://techkg.org/ontology#Article> }}"
    assert http.get("/sparql", params={"query": article}).json()["boolean"] is True


def test_federated_queries_are_refused(http: httpx.Client) -> None:
    query = "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 400 and "SERVICE" in response.json()["detail"]


def test_responses_vary_by_accept(http: httpx.Client) -> None:
    assert http.get("/sparql", params={"query": COUNT}).headers["vary"] == "Accept"


@pytest.fixture(scope="module")
def updatable(tmp_path_factory, server_thread, token: str) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    """One writable server for this module's update tests, over an empty store."""
    app = create_app(Settings(store=str(tmp_path_factory.mktemp("updates") / "store"), token=token))
    with server_thread(app) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        yield client


def _ask(client: httpx.Client, query: str) -> bool:
    return client.get("/sparql", params={"query": query}).json()["boolean"]


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_update_resolves_relative_iris_against_its_endpoint(updatable: httpx.Client, auth: dict) -> None:
    update = "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/s> <https://e.org/p> <x> } }"
    response = updatable.post("/update", data={"update": update}, headers=auth)
    assert response.status_code == 204
    resolved = str(updatable.base_url).rstrip("/") + "/x"
    assert _ask(updatable, f"ASK {{ <https://e.org/s> <https://e.org/p> <{resolved}> }}")


@pytest.mark.parametrize(
    ("request_kwargs", "status", "says"),
    [
        ({"data": {"update": "CLEAR ALL", "using-graph-uri": "https://e.org/g"}}, 400, "using-graph-uri"),
        ({"data": {"update": "CLEAR ALL"}, "params": {"using-named-graph-uri": "https://e.org/g"}}, 400,
         "using-named-graph-uri"),
        ({"content": "update=CLEAR%20ALL&update=CLEAR%20DEFAULT", "headers": FORM}, 400, "more than one"),
        ({"data": {"update": ""}}, 400, "empty"),
        ({"content": "", "headers": FORM}, 400, "no 'update'"),
        ({"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "/sparql"),
        ({"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"},
          "params": {"update": "CLEAR ALL"}}, 400, "body"),
        ({"content": "CLEAR ALL".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-update; charset=UTF-16"}}, 415, "UTF-8"),
        ({"content": "CLEAR ALL", "headers": {"Content-Type": "text/plain"}}, 415, "sparql-update"),
        ({"content": "update=CLEAR%20ALL"}, 415, "sparql-update"),
        ({"content": "SELECT * {}", "headers": {"Content-Type": "application/sparql-update"}}, 400, "syntax"),
    ],
)  # fmt: skip
def test_bad_updates_change_nothing(
    updatable: httpx.Client, auth: dict, request_kwargs: dict, status: int, says: str
) -> None:
    kept = "INSERT DATA { <https://e.org/a> <https://e.org/p> 1 }"
    updatable.post("/update", content=kept, headers={**auth, "Content-Type": "application/sparql-update"})
    headers = {**auth, **request_kwargs.pop("headers", {})}
    response = updatable.post("/update", headers=headers, **request_kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert says in response.json()["detail"]
    assert _ask(updatable, "ASK { <https://e.org/a> ?p ?o }")


def test_updates_are_posted_only(updatable: httpx.Client, auth: dict) -> None:
    response = updatable.get("/update", params={"update": "CLEAR ALL"}, headers=auth)
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")

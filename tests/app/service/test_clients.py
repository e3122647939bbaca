"""Real SPARQL clients against a real server: SPARQLWrapper, rdflib's SPARQLStore and
SPARQLUpdateStore, and httpx for the graph store (rdflib has no graph store client).

What they read is compared with what the store itself answers, so a client that silently
got nothing, or got the wrong format, fails.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.error import HTTPError

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from app.service import create_app
from app.settings import Settings

TK = "https://techkg.org/ontology#"
OFFERS = f"SELECT ?vendor ?technology WHERE {{ ?vendor <{TK}offers> ?technology }}"
OFFERS_GRAPH = f"CONSTRUCT {{ ?v <{TK}offers> ?t }} WHERE {{ ?v <{TK}offers> ?t }}"
ASK_RESTRICTION = f"ASK {{ ?r a <{TK}Restriction> }}"
ASK_NOTHING = "ASK { <https://example.org/nothing> ?p ?o }"
S, P = URIRef("https://example.org/client/s"), URIRef("https://example.org/client/p")


@pytest.fixture(scope="module")
def offers(corpus_store) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Who offers what, asked of the store itself."""
    return {(row["vendor"].value, row["technology"].value) for row in corpus_store.query(OFFERS)}


@pytest.fixture
def endpoint(server) -> str:  # type: ignore[no-untyped-def]
    return server.url + "/sparql"


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory, server_thread, token: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL of a writable server of this module's own, over an empty store."""
    app = create_app(Settings(store=str(tmp_path_factory.mktemp("clients") / "store"), token=token))
    with server_thread(app) as running:
        yield running.url


def _wrapper(endpoint: str, method: str = GET, request_method: str = URLENCODED) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    return client


@pytest.mark.parametrize(
    ("method", "request_method"), [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
)
def test_sparqlwrapper_select_json(endpoint: str, offers: set, method: str, request_method: str) -> None:
    client = _wrapper(endpoint, method, request_method)
    client.setQuery(OFFERS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert {(r["vendor"]["value"], r["technology"]["value"]) for r in rows} == offers


def test_sparqlwrapper_select_xml(endpoint: str, offers: set) -> None:
    client = _wrapper(endpoint)
    client.setQuery(OFFERS)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    found = set()
    for result in document.getElementsByTagName("result"):  # type: ignore[union-attr]
        values = {b.getAttribute("name"): b.getElementsByTagName("uri")[0].firstChild.data for b in
                  result.getElementsByTagName("binding")}  # fmt: skip
        found.add((values["vendor"], values["technology"]))
    assert found == offers


@pytest.mark.parametrize(("return_format", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_and_tsv(
    endpoint: str, offers: set, return_format: str, delimiter: str
) -> None:
    client = _wrapper(endpoint)
    client.setQuery(OFFERS)
    client.setReturnFormat(return_format)
    text = client.queryAndConvert().decode()  # type: ignore[union-attr]
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if return_format == TSV:  # TSV writes variables with their '?' and IRIs in angle brackets
        assert header == ["?vendor", "?technology"]
        rows = [[cell.strip("<>") for cell in row] for row in rows]
    else:
        assert header == ["vendor", "technology"]
    assert {tuple(row) for row in rows} == offers


@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparqlwrapper_ask(endpoint: str, return_format: str) -> None:
    answers = []
    for query in (ASK_RESTRICTION, ASK_NOTHING):
        client = _wrapper(endpoint, POST)
        client.setQuery(query)
        client.setReturnFormat(return_format)
        converted = client.queryAndConvert()
        if return_format == JSON:
            answers.append(converted["boolean"])  # type: ignore[index, call-overload]
        else:
            answers.append(converted.getElementsByTagName("boolean")[0].firstChild.data == "true")  # type: ignore[union-attr]
    assert answers == [True, False]


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD])
# SPARQLWrapper 2.0 reads RDF/XML and JSON-LD into rdflib's deprecated ConjunctiveGraph
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_construct(endpoint: str, offers: set, return_format: str) -> None:
    client = _wrapper(endpoint)
    client.setQuery(OFFERS_GRAPH)
    client.setReturnFormat(return_format)
    converted = client.queryAndConvert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
    assert {(str(s), str(o)) for s, _, o in graph} == offers


def test_sparqlwrapper_sees_a_bad_query(endpoint: str) -> None:
    client = _wrapper(endpoint)
    client.setQuery("SELECT * WHERE { oops")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        client.query()


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_update_with_a_bearer_token(writable_url: str, token: str, request_method: str) -> None:
    subject = f"https://example.org/wrapper/{request_method}"
    client = SPARQLWrapper(writable_url + "/sparql", updateEndpoint=writable_url + "/update")
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    client.setQuery(
        f"INSERT DATA {{ GRAPH <https://example.org/wrapper> {{ <{subject}> <{P}> 'inserted' }} }}"
    )
    with pytest.raises(Unauthorized):
        client.query()
    client.addCustomHttpHeader("Authorization", f"Bearer {token}")
    assert client.query().response.status == 204
    reader = _wrapper(writable_url + "/sparql")
    reader.setQuery(f"SELECT ?o WHERE {{ GRAPH ?g {{ <{subject}> ?p ?o }} }}")
    reader.setReturnFormat(JSON)
    rows = reader.queryAndConvert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert [r["o"]["value"] for r in rows] == ["inserted"]


@pytest.mark.parametrize(
    ("method", "return_format"), [("GET", "xml"), ("POST", "json"), ("POST_FORM", "csv")]
)
def test_rdflib_sparqlstore_select_and_ask(
    endpoint: str, offers: set, method: str, return_format: str
) -> None:
    graph = Graph(store=SPARQLStore(endpoint, method=method, returnFormat=return_format))
    rows = graph.query(OFFERS)
    assert {(str(r.vendor), str(r.technology)) for r in rows} == offers  # type: ignore[union-attr]
    if return_format != "csv":  # an ASK has no CSV form rdflib reads
        assert graph.query(ASK_RESTRICTION).askAnswer is True
        assert graph.query(ASK_NOTHING).askAnswer is False


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_construct(endpoint: str, offers: set, method: str) -> None:
    # rdflib asks for a graph only with its default returnFormat, "xml" (RDF/XML among the
    # types it accepts); with "json" it accepts SPARQL JSON alone, which a graph is not (406)
    graph = Graph(store=SPARQLStore(endpoint, method=method))
    constructed = graph.query(OFFERS_GRAPH).graph
    assert constructed is not None and {(str(s), str(o)) for s, _, o in constructed} == offers


def test_rdflib_update_store_round_trip(writable_url: str, token: str) -> None:
    name = URIRef("https://example.org/rdflib")
    urls = {"query_endpoint": writable_url + "/sparql", "update_endpoint": writable_url + "/update"}
    anonymous = Graph(SPARQLUpdateStore(**urls), identifier=name)
    with pytest.raises(HTTPError) as refused:
        anonymous.add((S, P, Literal("x")))
    refused.value.close()  # rdflib leaves the refused response open
    assert refused.value.code == 401

    store = SPARQLUpdateStore(**urls, headers={"Authorization": f"Bearer {token}"})
    graph = Graph(store, identifier=name)
    graph.add((S, P, Literal("x")))
    graph.add((S, P, Literal("y", lang="en")))
    assert set(graph.objects(S, P)) == {Literal("x"), Literal("y", lang="en")}
    store.update(f"INSERT DATA {{ GRAPH <{name}> {{ <{S}> <{P}> 3 }} }}")
    assert len(graph) == 3
    graph.remove((S, P, Literal("x")))
    assert set(graph.objects(S, P)) == {Literal("y", lang="en"), Literal(3)}
    reader = Graph(store=SPARQLStore(urls["query_endpoint"]))
    assert reader.query(f"ASK {{ GRAPH <{name}> {{ <{S}> <{P}> 'y'@en }} }}").askAnswer is True


def test_graph_store_round_trip_with_rdflib_graphs(writable_url: str, token: str) -> None:
    sent = Graph().parse(
        format="turtle",
        data="""@prefix e: <https://example.org/gsp/> .
        e:s e:name "a name"@en , "7"^^<http://www.w3.org/2001/XMLSchema#integer> ;
            e:knows [ e:name "someone unnamed" ] .""",
    )
    graph = {"graph": "https://example.org/gsp"}
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=writable_url, timeout=30) as http:
        put = http.put("/store", params=graph, content=sent.serialize(format="turtle"),
                       headers={**auth, "Content-Type": "text/turtle"})  # fmt: skip
        assert put.status_code == 201
        got = http.get("/store", params=graph, headers={"Accept": "text/turtle"})
        assert isomorphic(Graph().parse(data=got.text, format="turtle"), sent)
        through_sparql = Graph(store=SPARQLStore(writable_url + "/sparql"), identifier=URIRef(graph["graph"]))
        assert len(through_sparql) == len(sent)
        assert http.delete("/store", params=graph, headers=auth).status_code == 204
        assert http.get("/store", params=graph).status_code == 404
        assert len(through_sparql) == 0

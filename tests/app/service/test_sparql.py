"""SPARQL 1.1 Protocol over a real uvicorn server, one protocol rule at a time."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph

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
        ({"method": "GET", "params": {}}, 400),
        ({"method": "GET", "params": [("query", COUNT), ("query", COUNT)]}, 400),
        ({"method": "POST", "content": COUNT, "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "GET", "params": {"query": COUNT}, "headers": {"Accept": "image/png"}}, 406),
        ({"method": "POST", "data": {"update": "CLEAR ALL"}}, 400),
        ({"method": "GET", "params": {"query": "CLEAR ALL"}}, 400),
        ({"method": "PUT", "params": {"query": COUNT}}, 405),
    ],
)
def test_protocol_errors_are_problems(http: httpx.Client, request_kwargs: dict, status: int) -> None:
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
    update = "INSERT DATA { <https://example.org/a> <https://example.org/p> 'x' }"
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
        "/update", data={"update": "CLEAR ALL"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert form.status_code == 204
    assert writable.get("/sparql", params=ask).json()["boolean"] is False


def test_bad_update_is_400_and_changes_nothing(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/sparql-update"}
    writable.post("/update", content="INSERT DATA { <https://e.org/a> <https://e.org/p> 1 }", headers=auth)
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

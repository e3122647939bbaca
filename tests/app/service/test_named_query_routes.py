"""Named queries over HTTP: listed with their documentation, run by name with bound
parameters, answered in the negotiated format, and refused clearly when asked wrongly."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph

from queries.loader import named_queries

ID = "https://techkg.org/id/"
FR = "technology-facial-recognition"
PROBLEM = "application/problem+json"
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


def test_every_named_query_is_listed_with_its_documentation(http: httpx.Client) -> None:
    listing = http.get("/queries").json()
    by_name = {q["name"]: q for q in listing["data"]}
    assert listing["count"] == len(by_name) == len(named_queries())
    assert set(by_name) == set(named_queries())
    restrictions = by_name["restrictions"]
    assert restrictions["title"] == "Restrictions" and "in force" in restrictions["description"]
    assert restrictions["query"].lstrip().startswith("# title: Restrictions")
    active_on = next(p for p in restrictions["parameters"] if p["name"] == "active_on")
    assert active_on == {
        "name": "active_on",
        "kind": "date",
        "required": False,
        "description": "only restrictions in force on this day (YYYY-MM-DD)",
    }
    assert [p["required"] for p in by_name["entity"]["parameters"]] == [True]


def test_a_run_agrees_with_the_rest_route(http: httpx.Client) -> None:
    params = {"active_on": "2021-01-01", "technology": ID + FR}
    response = http.get("/queries/restrictions", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    by_rest = http.get("/restrictions", params={"active_on": "2021-01-01", "technology": FR}).json()["data"]
    assert rows and {r["restriction"]["value"] for r in rows} == {r["fact"] for r in by_rest}
    everything = http.get("/queries/restrictions").json()["results"]["bindings"]
    assert {r["restriction"]["value"] for r in everything} > {r["restriction"]["value"] for r in rows}


def test_results_in_csv_and_xml_by_accept(http: httpx.Client) -> None:
    params = {"q": "police"}
    as_csv = http.get("/queries/entity_search", params=params, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert table and {"entity", "label", "type", "score"} == set(table[0])
    assert table[0]["label"] == "police" and table[0]["score"] == "0"  # the exact match first
    xml = {"Accept": "application/sparql-results+xml"}
    as_xml = http.get("/queries/entity_search", params=params, headers=xml)
    results = list(ElementTree.fromstring(as_xml.content).iter(f"{{{SPARQL_RESULTS}}}result"))
    assert len(results) == len(table)


def test_a_construct_query_answers_rdf(http: httpx.Client) -> None:
    article = "https://techkg.org/article/sf-facial-recognition-ban"
    response = http.get("/queries/article", params={"article": article}, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    labels = {str(o) for s, p, o in graph if str(p) == "http://www.w3.org/2000/01/rdf-schema#label"}
    assert "San Francisco" in labels
    as_csv = http.get("/queries/article", params={"article": article}, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 406


@pytest.mark.parametrize(
    ("name", "params", "detail"),
    [
        ("entity", {}, "parameter 'entity' is required"),
        ("entity", {"entity": "x> } ; DROP ALL ; { <y"}, "not an absolute IRI"),
        ("restrictions", {"active_on": "2021-02-30"}, "not a date"),
        ("restrictions", {"nonsense": "1"}, "unknown parameter"),
        ("restrictions", [("active_on", "2021-01-01"), ("active_on", "2022-01-01")], "more than once"),
    ],
)
def test_bad_parameters_are_400_problems(http: httpx.Client, name: str, params: object, detail: str) -> None:
    response = http.get(f"/queries/{name}", params=params)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert detail in response.json()["detail"]


def test_unknown_name_is_404_and_unservable_accept_406(http: httpx.Client) -> None:
    missing = http.get("/queries/no_such_query")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert "restrictions" in missing.json()["detail"]  # it names the queries that exist
    assert http.get("/queries/graph_nodes", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; { "', "a\nb", "\\", "' }"])
def test_hostile_values_stay_values(http: httpx.Client, hostile: str) -> None:
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    before = http.get("/sparql", params=count).json()
    response = http.get("/queries/entity_search", params={"q": hostile})
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    assert http.get("/sparql", params=count).json() == before

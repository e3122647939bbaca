"""Entity search and lookup over HTTP."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest


def test_search_by_name_and_alias(http: httpx.Client) -> None:
    by_name = http.get("/entities", params={"q": "Clearview"}).json()
    assert by_name["data"][0]["name"] == "Clearview AI"
    by_alias = http.get("/entities", params={"q": "ShotSpotter Inc"}).json()
    assert "SoundThinking" in {e["name"] for e in by_alias["data"]}


def test_search_filters_by_type_and_pages(http: httpx.Client) -> None:
    companies = http.get("/entities", params={"q": "a", "type": "Company", "limit": 5}).json()
    assert companies["count"] == 5 and {e["type"] for e in companies["data"]} == {"Company"}
    page_two = http.get("/entities", params={"q": "a", "type": "Company", "limit": 5, "offset": 5}).json()
    assert not {e["id"] for e in companies["data"]} & {e["id"] for e in page_two["data"]}


def test_amazon_lists_rekognition_the_moratorium_and_the_exempt_customers(seed_http: httpx.Client) -> None:
    amazon = seed_http.get("/entities/company-amazon").json()
    assert amazon["name"] == "Amazon" and amazon["type"] == "Company"
    assert "http://www.wikidata.org/entity/Q3884" in amazon["same_as"]
    relations = amazon["relationships"]
    assert all(r["evidence"] and r["article"]["id"] == "seed-article" for r in relations)
    offers = [r for r in relations if r["relation"] == "offers"]
    assert "Rekognition" in {r["counterpart"]["name"] for r in offers}
    (moratorium,) = [r for r in relations if r["relation"] == "restricts" and r["kind"] == "moratorium"]
    assert (moratorium["start"], moratorium["duration"], moratorium["end"]) == (
        "2020-06-10",
        "P1Y",
        "2021-06-10",
    )
    exempt = {"Thorn", "International Center for Missing and Exploited Children", "Marinus Analytics"}
    assert {e["name"] for e in moratorium["exempt"]} == exempt
    customers = {r["counterpart"]["name"] for r in relations if r["relation"] == "supplies"}
    assert exempt <= customers


def test_relationships_in_both_directions(seed_http: httpx.Client) -> None:
    thorn = seed_http.get("/entities/nonprofit-thorn").json()
    directions = {(r["relation"], r["direction"]) for r in thorn["relationships"]}
    assert {("supplies", "in"), ("uses", "out")} <= directions


def test_unknown_entity_is_a_404_problem(http: httpx.Client) -> None:
    response = http.get("/entities/company-does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "company-does-not-exist" in response.json()["detail"]


@pytest.mark.parametrize(
    "hostile",
    ['"} ; DROP ALL ; {"', "x> } ; DROP ALL ; { <y", "a'b\"c\nd", "{}<>\\", "%00", "?q=1&type=x"],
)
def test_hostile_input_changes_nothing(http: httpx.Client, hostile: str) -> None:
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    before = http.get("/sparql", params=count).json()
    assert http.get("/entities", params={"q": hostile}).status_code == 200
    assert http.get("/entities/" + quote(hostile, safe="")).status_code == 404
    assert http.get("/restrictions", params={"technology": hostile, "authority": hostile}).status_code in (
        200,
        400,
    )
    assert http.get("/export", params={"format": "d3", "entity": hostile}).status_code in (400, 404)
    assert http.get("/sparql", params=count).json() == before


def test_neighbors(http: httpx.Client) -> None:
    near = http.get("/entities/company-clearview-ai/neighbors", params={"depth": 1}).json()
    ids = {n["id"] for n in near["nodes"]}
    assert "company-clearview-ai" in ids and len(ids) > 1
    assert all(e["relation"] for e in near["edges"])


def test_entity_as_turtle_and_json_ld(http: httpx.Client) -> None:
    from rdflib import Dataset, Graph, URIRef

    iri = URIRef("https://techkg.org/id/company-clearview-ai")
    turtle = http.get("/entities/company-clearview-ai", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (iri, None, None) in graph and len(graph) > 10
    as_json_ld = http.get("/entities/company-clearview-ai", headers={"Accept": "application/ld+json"})
    assert as_json_ld.headers["content-type"].startswith("application/ld+json")
    assert len(Dataset().parse(data=as_json_ld.text, format="json-ld")) == len(graph)
    assert http.get("/entities/company-nope", headers={"Accept": "text/turtle"}).status_code == 404
    assert http.get("/entities/company-clearview-ai", headers={"Accept": "image/png"}).status_code == 406


def test_relationships_are_counted_by_relation_and_direction(http: httpx.Client) -> None:
    entity = http.get("/entities/company-clearview-ai").json()
    counted = {(g["relation"], g["direction"]): g["count"] for g in entity["groups"]}
    assert sum(counted.values()) == entity["count"] == len(entity["relationships"])
    order = [(r["relation"], r["direction"]) for r in entity["relationships"]]
    assert order == sorted(order, key=lambda k: list(dict.fromkeys(order)).index(k))


def test_timeline_is_in_date_order(http: httpx.Client) -> None:
    timeline = http.get("/entities/company-clearview-ai/timeline").json()
    dates = [e["date"] for e in timeline["data"] if e["date"]]
    assert timeline["count"] >= 2 and dates == sorted(dates)
    assert all(e["evidence"] for e in timeline["data"])
    assert http.get("/entities/company-nope/timeline").status_code == 404

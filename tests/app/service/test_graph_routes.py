"""Paths, most-connected entities and components over HTTP, on the example corpus.

Answers are checked against another route that reads the same facts a different way
(``GET /entities/{id}``), so a path or a count cannot quietly drift from the graph.
"""

from __future__ import annotations

import httpx
import pytest

FR = "technology-facial-recognition"
#: the body that banned facial recognition in the San Francisco example article
SF_BOARD = "legislature-san-francisco-board-of-supervisors"


def relationships(http: httpx.Client, entity_id: str) -> list[dict]:
    response = http.get(f"/entities/{entity_id}")
    assert response.status_code == 200, entity_id
    return response.json()["relationships"]


def test_path_between_a_ban_and_a_vendor_carries_the_evidence(http: httpx.Client) -> None:
    answer = http.get("/paths", params={"source": SF_BOARD, "target": "company-ibm"}).json()
    assert answer["source"]["name"] == "San Francisco Board of Supervisors"
    assert answer["target"]["name"] == "IBM"
    assert answer["count"] == len(answer["paths"]) >= 1 and answer["message"] is None
    assert {p["length"] for p in answer["paths"]} == {2}
    path = next(p for p in answer["paths"] if p["entities"][1]["id"] == FR)
    ban, offer = path["hops"]
    assert (ban["from"], ban["to"]) == (SF_BOARD, FR)
    assert (offer["from"], offer["to"]) == (FR, "company-ibm")
    assert any(f["kind"] == "ban" and f["article"]["id"] == "sf-facial-recognition-ban" for f in ban["facts"])
    # the second hop is walked against the fact: IBM offers facial recognition
    offers = {(f["source"], f["target"]) for f in offer["facts"] if f["relation"] == "offers"}
    assert offers == {("company-ibm", FR)}
    for hop in path["hops"]:
        assert all(f["evidence"] and f["article"]["iri"].endswith(f["article"]["id"]) for f in hop["facts"])


def test_path_facts_are_the_facts_the_entity_route_shows(http: httpx.Client) -> None:
    answer = http.get("/paths", params={"source": SF_BOARD, "target": "company-ibm"}).json()
    on_paths = {f["fact"] for p in answer["paths"] for f in p["hops"][0]["facts"]}
    of_sf = {r["fact"] for r in relationships(http, SF_BOARD)}
    assert on_paths and on_paths <= of_sf


def test_path_to_itself_and_the_limit(http: httpx.Client) -> None:
    itself = http.get("/paths", params={"source": FR, "target": FR}).json()
    assert itself["count"] == 1 and itself["paths"][0] == {
        "length": 0,
        "entities": [itself["source"]],
        "hops": [],
    }
    one = http.get(
        "/paths", params={"source": "company-amazon", "target": "company-clearview-ai", "limit": 1}
    )
    assert one.json()["count"] == 1
    assert http.get("/paths", params={"source": FR, "target": FR, "limit": 0}).status_code == 422


def test_no_path_is_an_empty_answer_that_says_why(http: httpx.Client) -> None:
    assert relationships(http, "person-arvind-krishna") == []  # named, but in no fact
    response = http.get("/paths", params={"source": "person-arvind-krishna", "target": "company-ibm"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["count"] == 0 and answer["paths"] == []
    assert answer["message"] == "no chain of facts links 'person-arvind-krishna' and 'company-ibm'"


@pytest.mark.parametrize(
    "params", [{"source": "company-nobody", "target": FR}, {"source": FR, "target": "x y"}]
)
def test_unknown_ends_are_404_problems(http: httpx.Client, params: dict) -> None:
    response = http.get("/paths", params=params)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "no entity with id" in response.json()["detail"]
    assert http.get("/paths", params={"source": FR}).status_code == 422


def test_top_vendors_match_their_relationships(http: httpx.Client) -> None:
    answer = http.get("/graph/top", params={"role": "vendor", "limit": 5}).json()
    rows = answer["data"]
    assert answer["role"] == "vendor" and answer["count"] == len(rows) == 5
    assert [r["connections"] for r in rows] == sorted((r["connections"] for r in rows), reverse=True)
    assert "company-clearview-ai" in {r["id"] for r in rows}
    for row in rows[:3]:
        mine = [
            r
            for r in relationships(http, row["id"])
            if r["relation"] in ("offers", "supplies") and r["direction"] == "out"
        ]
        assert row["connections"] == len({r["counterpart"]["id"] for r in mine}), row["id"]
        assert row["facts"] == len({r["fact"] for r in mine}), row["id"]
        assert set(row["relations"]) <= {"offers", "supplies"}


def test_top_customers(http: httpx.Client) -> None:
    rows = http.get("/graph/top", params={"role": "customer", "limit": 50}).json()["data"]
    assert rows and all(set(r["relations"]) <= {"supplies", "uses"} for r in rows)
    assert {"lawenforcementagency-phoenix-police-department", "place-chicago"} <= {r["id"] for r in rows}
    chicago = next(r for r in rows if r["id"] == "place-chicago")
    # SoundThinking supplies Chicago ("will stop using ShotSpotter" is no use, so no more)
    assert chicago["relations"] == {"supplies": 1}
    assert chicago["connections"] >= 1
    assert http.get("/graph/top", params={"role": "reseller"}).status_code == 422


def test_components_of_facial_recognition(http: httpx.Client) -> None:
    answer = http.get("/graph/components", params={"technology": FR}).json()
    assert answer["technology"]["name"] == "facial recognition"
    groups = answer["components"]
    assert answer["count"] == len(groups) >= 3
    assert [g["size"] for g in groups] == sorted((g["size"] for g in groups), reverse=True)
    member_of = {e["id"]: i for i, g in enumerate(groups) for e in g["entities"]}
    assert FR not in member_of
    assert member_of["company-amazon"] == member_of["product-rekognition"]  # Amazon restricts Rekognition
    assert member_of["company-clearview-ai"] != member_of[SF_BOARD]
    for group in groups:
        ids = {e["id"] for e in group["entities"]}
        assert group["size"] == len(ids) and group["facts"]
        assert all(f["source"] in ids or f["target"] in ids for f in group["facts"])
    sf = groups[member_of[SF_BOARD]]
    assert any(f["kind"] == "ban" and f["target"] == FR for f in sf["facts"])


def test_components_limit_and_unknown_technology(http: httpx.Client) -> None:
    answer = http.get("/graph/components", params={"technology": FR, "limit": 1}).json()
    assert len(answer["components"]) == 1 and answer["count"] > 1
    missing = http.get("/graph/components", params={"technology": "technology-nothing"})
    assert missing.status_code == 404 and "technology-nothing" in missing.json()["detail"]
    assert http.get("/graph/components").status_code == 422


def test_graph_routes_are_documented(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for route in ("/paths", "/graph/top", "/graph/components"):
        assert "404" in paths[route]["get"]["responses"], route

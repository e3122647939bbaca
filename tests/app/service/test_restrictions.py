"""Restrictions in force on a date, by REST."""

from __future__ import annotations

import httpx


def _names(answer: dict) -> set[tuple[str, str]]:
    return {(r["authority"]["name"], r["technology"]["name"]) for r in answer["data"]}


def test_in_force_on_a_date(seed_http: httpx.Client) -> None:
    january = seed_http.get("/restrictions", params={"active_on": "2021-01-01"}).json()
    july = seed_http.get("/restrictions", params={"active_on": "2021-07-01"}).json()
    assert ("Amazon", "Rekognition") in _names(january)
    assert ("Amazon", "Rekognition") not in _names(july)
    assert ("IBM", "facial recognition") in _names(july)  # no end: still in force


def test_filters_by_technology_and_authority(http: httpx.Client) -> None:
    everything = http.get("/restrictions").json()
    assert everything["count"] > 3
    drones = http.get("/restrictions", params={"technology": "technology-drone"}).json()
    assert drones["count"] >= 1 and {r["technology"]["name"] for r in drones["data"]} == {"drone"}
    none = http.get("/restrictions", params={"authority": "company-nobody"}).json()
    assert none["count"] == 0


def test_impossible_date_is_rejected(http: httpx.Client) -> None:
    response = http.get("/restrictions", params={"active_on": "2021-02-30"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_participants_carry_their_types(http: httpx.Client) -> None:
    for restriction in http.get("/restrictions").json()["data"]:
        assert restriction["authority"]["type"]
        assert restriction["technology"]["type"] in {"Technology", "Product"}

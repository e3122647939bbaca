"""Posting an article (with the token) and reading it back with its facts."""

from __future__ import annotations

import httpx

ARTICLE = {
    "id": "council-vote",
    "date": "2022-03-16",
    "title": "Council votes",
    "text": "The Boston City Council voted on Tuesday to ban facial recognition.",
}


def test_post_needs_the_token(writable: httpx.Client) -> None:
    assert writable.post("/articles", json=ARTICLE).status_code == 401
    assert writable.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer no"}).status_code == 403
    assert writable.get("/articles/council-vote").status_code == 404


def test_post_then_get(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    created = writable.post("/articles", json=ARTICLE, headers=auth)
    assert created.status_code == 201
    stored = writable.get("/articles/council-vote").json()
    assert stored == created.json()
    (ban,) = [f for f in stored["facts"] if f["relation"] == "restricts"]
    assert (ban["authority"], ban["kind"], ban["start"]) == ("Boston City Council", "ban", "2022-03-15")
    again = writable.post("/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 201
    health = writable.get("/health").json()
    assert health["store"]["graphs"] == 1


def test_bad_articles_are_refused(writable: httpx.Client, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    for bad in ({"id": "x"}, {"id": "a/b", "text": "t"}, {"id": "x", "text": "t", "date": "2021-02-30"}):
        response = writable.post("/articles", json=bad, headers=auth)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
    assert writable.get("/health").json()["store"]["graphs"] == 0

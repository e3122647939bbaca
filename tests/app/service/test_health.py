"""``/health``: store size on disk and the last ingest, as the store itself records it."""

from __future__ import annotations

import httpx


def test_health_reports_the_last_article_posted(writable: httpx.Client, token: str) -> None:
    assert writable.get("/health").json()["last_ingest"] is None
    article = {"id": "one", "text": "IBM sells facial recognition."}
    assert (
        writable.post("/articles", json=article, headers={"Authorization": f"Bearer {token}"}).status_code
        == 201
    )
    health = writable.get("/health").json()
    assert health["last_ingest"]["articles"] == 1 and health["store"]["graphs"] == 1
    remote = health["store"]["location"].startswith(
        ("http://", "https://")
    )  # a SPARQL server's files are its own
    assert health["store"]["bytes"] is None if remote else health["store"]["bytes"] > 0

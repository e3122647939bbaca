"""Bad input over HTTP: each gets a clear problem and changes nothing."""

from __future__ import annotations

import json

import httpx
import pytest

GOOD = {"id": "ok", "date": "2020-06-11", "text": "IBM sells facial recognition."}

AS_JSON = {"Content-Type": "application/json"}
AS_QUERY = {"Content-Type": "application/sparql-query"}
AS_UPDATE = {"Content-Type": "application/sparql-update"}
GRAPH = "/store?graph=https://example.org/g"

#: (what, method, path, headers, body, status)
BAD = [
    ("article as text/plain", "POST", "/articles", {"Content-Type": "text/plain"},
     json.dumps(GOOD).encode(), 422),
    ("article with no body", "POST", "/articles", AS_JSON, b"", 422),
    ("article not UTF-8", "POST", "/articles", AS_JSON,
     b'{"id": "x", "text": "caf\xe9 cam\xe9ras"}', 400),
    ("article JSON broken", "POST", "/articles", AS_JSON, b'{"id": "x", "text": ', 422),
    ("article is a list", "POST", "/articles", AS_JSON, b"[1, 2]", 422),
    ("article dated 2021-02-30", "POST", "/articles", AS_JSON,
     json.dumps({**GOOD, "date": "2021-02-30"}).encode(), 422),
    ("article with blank text", "POST", "/articles", AS_JSON,
     json.dumps({**GOOD, "text": " \n\t "}).encode(), 422),
    ("article too long to extract", "POST", "/articles", AS_JSON,
     json.dumps({**GOOD, "text": "IBM sells facial recognition. " * 40_000}).encode(), 422),
    ("article of binary bytes", "POST", "/articles", AS_JSON, bytes(range(256)), 422),
    ("query of binary bytes", "POST", "/sparql", AS_QUERY, bytes(range(256)), 400),
    ("malformed query", "POST", "/sparql", AS_QUERY, b"SELECT ?s WHERE {", 400),
    ("query in a Latin-1 body", "POST", "/sparql",
     {"Content-Type": "application/sparql-query; charset=latin-1"}, b"ASK {}", 415),
    ("query as JSON", "POST", "/sparql", AS_JSON, b'{"query": "ASK {}"}', 415),
    ("empty update", "POST", "/update", AS_UPDATE, b"", 400),
    ("update not UTF-8", "POST", "/update", AS_UPDATE,
     b"INSERT DATA { <urn:a> <urn:b> 'caf\xe9' }", 400),
    ("graph of binary bytes", "PUT", GRAPH, {"Content-Type": "text/turtle"},
     bytes(range(256)), 400),
    ("graph as HTML", "PUT", GRAPH, {"Content-Type": "text/html"},
     b"<html><script>alert(1)</script></html>", 415),
    ("graph with a broken line", "POST", GRAPH, {"Content-Type": "application/n-triples"},
     b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", 400),
    ("impossible date", "GET", "/restrictions?active_on=2021-02-30", {}, b"", 422),
    ("export with an unknown format", "GET", "/export?format=pdf", {}, b"", 422),
    ("depth out of range", "GET", "/entities/company-ibm/neighbors?depth=99", {}, b"", 422),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "method", "path", "headers", "body", "status"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_requests_are_problems_and_change_nothing(
    writable: httpx.Client,
    token: str,
    what: str,
    method: str,
    path: str,
    headers: dict,
    body: bytes,
    status: int,
) -> None:
    assert (
        writable.post("/articles", json=GOOD, headers={"Authorization": f"Bearer {token}"}).status_code == 201
    )
    before = writable.get("/health").json()["store"]["quads"]
    answer = writable.request(
        method, path, headers={**headers, "Authorization": f"Bearer {token}"}, content=body
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and len(problem["detail"]) > 10
    assert writable.get("/health").json()["store"]["quads"] == before
    assert writable.get("/articles/ok").json()["doc"] == "ok"

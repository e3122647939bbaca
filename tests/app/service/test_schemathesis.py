"""The API fuzzed from its own OpenAPI document with Schemathesis, against a real uvicorn
server with writes enabled: whatever Schemathesis sends, valid by the schema or not
(both generation modes), with the token or without, no answer is a 500, and every error is
a problem document."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from app.ingest import ingest
from app.service import create_app
from app.settings import Settings
from app.sources import read_articles
from app.store import OxigraphStore

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "articles"
EXAMPLES_PER_OPERATION = 12


@pytest.mark.slow
def test_no_request_the_schema_allows_is_a_500(tmp_path, extractor, server_thread, token) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(tmp_path / "store")
    ingest(store, read_articles(sorted(EXAMPLES.glob("*.txt"))[:8]), extractor)
    app = create_app(Settings(store="unused", token=token), store=store)
    failures, sent = [], 0
    with server_thread(app) as running:
        schema = schemathesis.openapi.from_url(running.url + "/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 20
        for operation, mode in itertools.product(operations, GenerationMode):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def send(case) -> None:  # type: ignore[no-untyped-def]
                nonlocal sent
                for headers in ({}, {"Authorization": f"Bearer {token}"}):
                    response = case.call(base_url=running.url, headers=headers, timeout=60)
                    sent += 1
                    if response.status_code >= 500:
                        failures.append((case.method, case.formatted_path, case.query, response.text[:300]))
                    elif response.status_code >= 400 and case.method != "HEAD":
                        ctype = (response.headers.get("content-type") or [""])[0]  # a list of values
                        if ctype != "application/problem+json":
                            failures.append((case.method, case.formatted_path, "not a problem", ctype))

            try:
                send()
            except Unsatisfiable:  # nothing in the operation can be made invalid (GET /health)
                assert mode is GenerationMode.NEGATIVE
    store.close()
    print(f"schemathesis: {sent} requests over {len(operations)} operations")
    assert not failures, failures[:10]

"""The store's record of its last ingest: written by ingest, kept across restarts, shown by /health."""

from __future__ import annotations

import datetime
from pathlib import Path

from app.ingest import ingest
from app.metadata import last_ingest, record_ingest
from app.sources import read_articles
from app.store import OxigraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def test_the_last_ingest_survives_a_restart(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(tmp_path / "store")
    assert last_ingest(store) is None
    articles = sorted(EXAMPLES.glob("*.txt"))[:3]
    ingest(store, read_articles([*articles, tmp_path / "missing.txt"]), extractor)
    graphs = store.stats()["graphs"]
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    record = last_ingest(reopened)
    assert record is not None and record["articles"] == 3 and record["failures"] == 1
    ended = datetime.datetime.fromisoformat(record["at"])
    assert abs((datetime.datetime.now(datetime.UTC) - ended).total_seconds()) < 600
    assert reopened.stats()["graphs"] == graphs == 3  # the record is no article
    assert all(q.graph_name.value != "https://techkg.org/meta" for q in reopened.quads())  # nor exported
    reopened.close()


def test_a_run_that_stores_nothing_keeps_the_record(store: OxigraphStore) -> None:
    day = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
    record_ingest(store, 7, 0, now=day)
    record_ingest(store, 0, 4)
    assert last_ingest(store) == {"at": "2024-05-01T12:00:00Z", "articles": 7, "failures": 0}

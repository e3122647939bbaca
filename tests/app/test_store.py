"""The embedded Oxigraph store: atomic replacement, one writer, Oxigraph doing the work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib.graph
import rdflib.plugins.sparql.processor as rdflib_sparql

from app import lookups
from app.exporting import export
from app.ingest import ingest, store_article
from app.sources import read_articles
from app.store import ONTOLOGY_GRAPH, OxigraphStore, QueryError, StoreBusy, StoreReadOnly, open_store
from extract.pipeline import Extractor

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def _article_quads(store: OxigraphStore) -> int:
    return sum(1 for q in store.quads() if q.graph_name != ONTOLOGY_GRAPH)


def test_reingest_replaces_the_graph_with_the_same_triples(
    store: OxigraphStore, extractor: Extractor
) -> None:
    ingest(store, read_articles([EXAMPLES]), extractor)
    first = sorted(str(q) for q in store.quads())
    ingest(store, read_articles([EXAMPLES]), extractor)
    assert sorted(str(q) for q in store.quads()) == first
    assert store.stats()["graphs"] == len(list(EXAMPLES.glob("*.txt")))


def test_replacing_an_article_drops_its_old_statements(store: OxigraphStore, extractor: Extractor) -> None:
    from extract.article import Article

    store_article(
        store, extractor.extract(Article("a1", "Flock Safety sells license plate readers to police."))
    )
    before = _article_quads(store)
    store_article(store, extractor.extract(Article("a1", "The Seahawks won on Sunday.")))
    after = _article_quads(store)
    assert after < before
    assert not lookups.search_entities(store, "Flock Safety", None, 10)


def test_a_failed_update_changes_nothing(store: OxigraphStore, extractor: Extractor) -> None:
    ingest(store, read_articles([EXAMPLES]), extractor)
    before = len(list(store.quads()))
    with pytest.raises(QueryError):
        store.update("DROP ALL ; INSERT DATA { <not an iri> }")
    assert len(list(store.quads())) == before


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    location = tmp_path / "store"
    owner = OxigraphStore(location)
    code = f"from app.store import open_store\nopen_store({str(location)!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "in use by another process" in done.stderr
    with pytest.raises(StoreBusy):
        OxigraphStore(location)  # the same process counts as another writer too
    reader = open_store(str(location), fallback_read_only=True)
    assert reader.read_only
    with pytest.raises(StoreReadOnly):
        reader.update("CLEAR ALL")
    owner.close()


def test_queries_and_updates_never_reach_rdflibs_evaluator(
    store: OxigraphStore, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rdflib silently falls back to its own slow engine in several cases; trip if it ever runs."""

    def tripwire(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib's SPARQL evaluator was used")

    monkeypatch.setattr(rdflib_sparql.SPARQLProcessor, "query", tripwire)
    monkeypatch.setattr(rdflib_sparql.SPARQLUpdateProcessor, "update", tripwire)
    monkeypatch.setattr(rdflib.graph.Graph, "query", tripwire)
    monkeypatch.setattr(rdflib.graph.Graph, "update", tripwire)
    ingest(store, read_articles([EXAMPLES]), extractor)
    assert lookups.search_entities(store, "flock", None, 5)
    assert lookups.restrictions(store, "2024-06-01", None, None)
    for name in ("graphml", "csv", "nquads"):
        assert export(store, name)[1]
    assert isinstance(store.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)


def _triple(n: int, marker: str = "") -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"http://x/s{n}"), ox.NamedNode("http://x/p"), ox.Literal(f"{marker}{n}"))


def _graph_strings(store: OxigraphStore, graph: str) -> set[str]:
    return {str(t) for t in store.graph_triples(graph)}


def test_replace_graphs_writes_a_batch_of_new_graphs(store: OxigraphStore) -> None:
    store.replace_graphs({"http://x/g1": [_triple(1), _triple(2)], "http://x/g2": [_triple(3)]})
    assert _graph_strings(store, "http://x/g1") == {str(_triple(1)), str(_triple(2))}
    assert _graph_strings(store, "http://x/g2") == {str(_triple(3))}


def test_replace_graphs_replaces_existing_graphs_and_adds_new_ones(store: OxigraphStore) -> None:
    store.replace_graphs({"http://x/g1": [_triple(1), _triple(2)], "http://x/keep": [_triple(9)]})
    store.replace_graphs({"http://x/g1": [_triple(5, "new")], "http://x/g3": [_triple(6)]})
    assert _graph_strings(store, "http://x/g1") == {str(_triple(5, "new"))}
    assert _graph_strings(store, "http://x/g3") == {str(_triple(6))}
    assert _graph_strings(store, "http://x/keep") == {str(_triple(9))}


@pytest.mark.parametrize("existing", [False, True], ids=["new graphs", "replacing"])
def test_a_refused_batch_writes_none_of_its_graphs(store: OxigraphStore, existing: bool) -> None:
    if existing:
        store.replace_graphs({"http://x/g1": [_triple(1)]})
    before = sorted(str(q) for q in store.quads())

    def triples_then_failure():  # a batch whose statements cannot all be made
        yield _triple(7)
        raise ValueError("this statement cannot be stored")

    with pytest.raises(ValueError):
        store.replace_graphs({"http://x/g1": [_triple(2)], "http://x/g2": triples_then_failure()})
    assert sorted(str(q) for q in store.quads()) == before

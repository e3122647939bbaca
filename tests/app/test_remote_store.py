"""The store over a SPARQL server: a real Virtuoso, and techkg's own service as a second server.

The store, ingest, lookup, export and REST tests run on Virtuoso as well (the ``store``
and ``corpus_store`` fixtures); these tests cover what only a remote store has: what
the server does to data on the way, its limits, and the errors a person sees.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib.compare
from rdflib import Graph

from app import lookups
from app.remote_store import TRIPLES_PER_INSERT, RemoteStore
from app.sparql_http import SparqlEndpoint, StoreUnreachable
from app.store import ONTOLOGY_GRAPH, QueryError, StoreError, StoreReadOnly, open_store

EX = "https://example.org/"
PROJECT = Path(__file__).resolve().parents[2]
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def virtuoso(virtuoso_scratch) -> Iterator[RemoteStore]:  # type: ignore[no-untyped-def]
    """A RemoteStore over the wiped scratch Virtuoso."""
    virtuoso_scratch.wipe()
    opened = RemoteStore(SparqlEndpoint(virtuoso_scratch.sparql_url))
    yield opened
    opened.close()


def _triple(s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o)


def _graph(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.mark.virtuoso
def test_literals_come_back_as_written(virtuoso: RemoteStore) -> None:
    """Including durations, which Virtuoso 7.2 refuses or turns into months."""
    written = [
        _triple("r", "duration", ox.Literal("P1Y", datatype=ox.NamedNode(XSD + "duration"))),
        _triple("r", "months", ox.Literal("P6M", datatype=ox.NamedNode(XSD + "duration"))),
        _triple("r", "start", ox.Literal("2019-05-21", datatype=ox.NamedNode(XSD + "date"))),
        _triple("r", "confidence", ox.Literal("0.9", datatype=ox.NamedNode(XSD + "decimal"))),
        _triple("r", "evidence", ox.Literal('Said "no" \\ on 2 lines\nTé 中文 😀')),
        _triple("r", "label", ox.Literal("Polizei", language="de")),
        _triple("r", "blank", ox.BlankNode()),
    ]
    virtuoso.replace_graph(EX + "g", written)
    assert rdflib.compare.isomorphic(_graph(virtuoso.graph_triples(EX + "g")), _graph(written))
    rows = virtuoso.query(f"SELECT ?d WHERE {{ <{EX}r> <{EX}duration> ?d }}")
    assert [row["d"] for row in rows] == [written[0].object]  # type: ignore[index, union-attr]
    constructed = virtuoso.query(f"CONSTRUCT WHERE {{ <{EX}r> <{EX}months> ?d }}")
    assert isinstance(constructed, ox.QueryTriples)
    assert [t.object for t in constructed] == [written[1].object]


@pytest.mark.virtuoso
def test_answers_have_the_embedded_stores_types(virtuoso: RemoteStore) -> None:
    virtuoso.add_triples(EX + "g", [_triple("a", "p", ox.NamedNode(EX + "b"))])
    yes, no = virtuoso.query(f"ASK {{ <{EX}a> ?p ?o }}"), virtuoso.query(f"ASK {{ <{EX}b> ?p ?o }}")
    assert isinstance(yes, ox.QueryBoolean) and bool(yes) and isinstance(no, ox.QueryBoolean) and not bool(no)
    assert isinstance(virtuoso.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ox.QuerySolutions)
    assert isinstance(virtuoso.query(f"DESCRIBE <{EX}a>"), ox.QueryTriples)


@pytest.mark.virtuoso
def test_big_graphs_go_in_pieces_and_a_cut_answer_is_an_error(virtuoso: RemoteStore) -> None:
    """12,000 statements of ~300 bytes: more than one INSERT DATA, more than one request,
    and more rows than the test Virtuoso's ResultSetMaxRows (10,000) lets through."""
    n = 12 * TRIPLES_PER_INSERT
    padding = "x" * 300
    big = [_triple(f"s{i}", "p", ox.Literal(f"{i} {padding}")) for i in range(n)]
    virtuoso.replace_graph(EX + "big", big)
    count = virtuoso.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}big> {{ ?s ?p ?o }} }}")
    assert int(next(iter(count))["n"].value) == n  # type: ignore[arg-type, index, union-attr]
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        virtuoso.graph_triples(EX + "big")
    virtuoso.replace_graph(EX + "big", [_triple("one", "p", ox.Literal("left"))])
    assert len(virtuoso.graph_triples(EX + "big")) == 1


@pytest.mark.virtuoso
def test_graphs_and_sizes_are_techkgs_own(virtuoso: RemoteStore, virtuoso_scratch) -> None:  # type: ignore[no-untyped-def]
    assert virtuoso_scratch.system_graphs  # Virtuoso keeps graphs of its own...
    assert {q.graph_name.value for q in virtuoso.quads()} == {ONTOLOGY_GRAPH.value}  # ...not ours
    article = "https://techkg.org/article/a1"
    virtuoso.replace_graph(article, [_triple("a", "p", ox.Literal("x"))])
    assert virtuoso.stats()["graphs"] == 1
    assert virtuoso.has_graph(article) and virtuoso.delete_graph(article)
    assert not virtuoso.has_graph(article) and not virtuoso.delete_graph(article)


@pytest.mark.virtuoso
def test_the_default_graph_is_not_a_graph_of_its_own(virtuoso: RemoteStore) -> None:
    with pytest.raises(StoreReadOnly, match="name a graph"):
        virtuoso.replace_graph(None, [_triple("a", "p", ox.Literal("x"))])
    with pytest.raises(StoreReadOnly, match="name a graph"):
        virtuoso.graph_triples(None)


@pytest.mark.virtuoso
def test_server_side_errors_are_clear(virtuoso: RemoteStore, virtuoso_scratch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="SPARQL syntax error"):  # caught before it is sent
        virtuoso.query("SELECT WHERE { oops")
    with pytest.raises(QueryError, match="SERVICE"):
        virtuoso.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match=r"rejected the request .*SP030"):  # updates go as they are
        virtuoso.update("INSERT DATA { <urn:a> }")
    virtuoso_scratch.isql('REVOKE SPARQL_UPDATE FROM "SPARQL";')
    try:
        with pytest.raises(StoreError, match="grant SPARQL_UPDATE"):
            virtuoso.add_triples(EX + "g", [_triple("a", "p", ox.Literal("x"))])
    finally:
        virtuoso_scratch.isql('GRANT SPARQL_UPDATE TO "SPARQL";')


@pytest.mark.virtuoso
def test_digest_credentials(virtuoso_scratch) -> None:  # type: ignore[no-untyped-def]
    """Virtuoso's /sparql-auth asks for Digest; the store answers whichever scheme is asked."""
    virtuoso_scratch.wipe()
    url = virtuoso_scratch.sparql_url + "-auth"
    with pytest.raises(StoreError, match="HTTP 401"):
        RemoteStore(SparqlEndpoint(url, user="dba", password="wrong"))
    store = RemoteStore(SparqlEndpoint(url, user="dba", password="dba"))
    store.add_triples(EX + "g", [_triple("a", "p", ox.Literal("by dba"))])
    assert len(store.graph_triples(EX + "g")) == 1
    store.close()


@pytest.mark.virtuoso
def test_read_only_remote_store_refuses_writes(virtuoso_scratch) -> None:  # type: ignore[no-untyped-def]
    store = open_store(virtuoso_scratch.sparql_url, read_only=True)
    with pytest.raises(StoreReadOnly):
        store.add_triples(EX + "g", [])
    store.close()


def test_techkgs_own_service_is_a_remote_store_too(corpus_store, server_thread) -> None:  # type: ignore[no-untyped-def]
    """The same lookups through a strictly conformant SPARQL server give the same answers."""
    from app.service import create_app
    from app.settings import Settings

    with server_thread(create_app(Settings(store="unused"), store=corpus_store)) as server:
        remote = RemoteStore(SparqlEndpoint(server.url + "/sparql", server.url + "/update"), read_only=True)
        try:
            _same_answers(remote, corpus_store)
        finally:
            remote.close()


def _same_answers(remote: RemoteStore, corpus_store) -> None:  # type: ignore[no-untyped-def]
    amazon = lookups.entity(remote, "company-amazon")
    assert _normal(amazon) == _normal(lookups.entity(corpus_store, "company-amazon"))
    assert _normal(lookups.restrictions(remote, "2021-01-01", None, None)) == _normal(
        lookups.restrictions(corpus_store, "2021-01-01", None, None)
    )
    assert bool(remote.query("ASK { ?r a <https://techkg.org/ontology#Restriction> }"))
    assert sorted(map(str, remote.quads())) == sorted(map(str, corpus_store.quads()))


def test_a_server_that_is_down(unused_port: int) -> None:
    with pytest.raises(StoreUnreachable, match=r"cannot reach the SPARQL server .* is it running"):
        open_store(f"http://127.0.0.1:{unused_port}/sparql")


def test_a_server_that_does_not_answer() -> None:
    """A socket that accepts connections and never replies."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with pytest.raises(StoreUnreachable, match=r"did not answer within 0\.5s"):
            RemoteStore(SparqlEndpoint(url, timeout=0.5))


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _normal(value: object) -> object:
    """Lists as sorted lists: SPARQL leaves the order of equal rows to the engine."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_normal(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


@pytest.mark.virtuoso
def test_virtuoso_answers_every_lookup_as_the_embedded_store(virtuoso: RemoteStore, extractor) -> None:  # type: ignore[no-untyped-def]
    """The entities of every restriction, and the restriction lookups by each of them and
    by day, on both stores: this is what found Virtuoso 7.2 losing restrictions by
    authority or technology (see queries.sparql_text.values_last)."""
    from app.ingest import ingest
    from app.sources import read_articles
    from app.store import OxigraphStore

    seed = PROJECT.parent / "shared" / "corpus" / "seed-article.txt"  # when ../shared is there
    sources = [PROJECT / "examples" / "articles", *([seed] if seed.exists() else [])]
    embedded = OxigraphStore(None)
    for store in (embedded, virtuoso):
        assert not ingest(store, read_articles(sources), extractor).failures
    every = lookups.restrictions(embedded, None, None, None)
    ids = sorted({r[role]["id"] for r in every for role in ("authority", "technology")})
    assert len(ids) > 20
    for entity_id in ids:
        assert _normal(lookups.entity(virtuoso, entity_id)) == _normal(lookups.entity(embedded, entity_id)), (
            entity_id
        )
        for role in ("technology", "authority"):
            args = {"technology": None, "authority": None, role: entity_id}
            assert _normal(lookups.restrictions(virtuoso, None, **args)) == _normal(
                lookups.restrictions(embedded, None, **args)
            ), (role, entity_id)
    for day in ("2019-06-01", "2020-07-01", "2021-01-01", "2024-06-01"):
        assert _normal(lookups.restrictions(virtuoso, day, None, None)) == _normal(
            lookups.restrictions(embedded, day, None, None)
        )

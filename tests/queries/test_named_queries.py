"""Named queries: each parses, is documented, and binds values only as RDF terms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from queries.loader import get_query, named_queries
from queries.terms import BindingError

SAMPLE = {"iri": "https://techkg.org/id/company-amazon", "literal": "amazon", "date": "2021-01-01"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_parses_and_is_documented(name: str) -> None:
    query = named_queries()[name]
    assert query.title != name and len(query.description) > 20
    values = {p.name: SAMPLE[p.kind] for p in query.parameters}
    ox.Store().query(query.bound(**values))  # raises SyntaxError if it does not parse
    for parameter in query.parameters:
        assert parameter.description, f"{name}: parameter {parameter.name} undocumented"


@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; { "', "a\nb", "\\", "'"])
def test_literals_cannot_break_out(hostile: str) -> None:
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("https://e.org/s"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(hostile),
        )
    )
    store.add(
        ox.Quad(
            ox.NamedNode("https://e.org/s"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://e.org/T"),
        )
    )
    rows = list(store.query(get_query("entity_search").bound(q=hostile)))
    assert len(rows) == 1 and rows[0]["label"].value == hostile


@pytest.mark.parametrize("bad", ["not an iri", "x> } ; DROP ALL ; { <y", "http://e.org/a b"])
def test_bad_iris_are_refused(bad: str) -> None:
    with pytest.raises(BindingError):
        get_query("entity").bound(entity=bad)


def test_impossible_dates_and_unknown_parameters_are_refused() -> None:
    with pytest.raises(BindingError):
        get_query("restrictions").bound(active_on="2021-02-30")
    with pytest.raises(BindingError):
        get_query("restrictions").bound(nonsense="x")
    with pytest.raises(BindingError):
        get_query("entity").bound()


def test_both_shapes_of_entity_search_give_the_same_answer(tmp_path, extractor) -> None:  # type: ignore[no-untyped-def]
    from app.ingest import ingest
    from app.sources import read_articles
    from app.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    try:
        ingest(store, read_articles([str(Path(__file__).parents[2] / "examples" / "articles")]), extractor)
        for q in ("police", "Amazon", "recognition", "zz-nothing"):
            rows = [
                sorted(
                    (str(r["entity"]), str(r["label"]), str(r["type"]), str(r["score"]))
                    for r in store.query(get_query(name).bound(q=q))
                )
                for name in ("entity_search", "entity_search_oxigraph")
            ]
            assert rows[0] == rows[1], q
        assert rows[0] == [] and len(list(store.query(get_query("entity_search").bound(q="police")))) > 0
    finally:
        store.close()

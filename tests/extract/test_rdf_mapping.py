"""Facts to RDF and back: the JSON is a view of the RDF, and the RDF satisfies the shapes."""

from __future__ import annotations

import datetime

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.article import Article
from extract.from_rdf import facts_json
from extract.pipeline import Extractor
from extract.to_rdf import article_graph
from ontology import shapes_path
from ontology.namespaces import article_iri

TEXT = (
    "Microsoft announced today a one-year moratorium on sales of facial recognition to police. "
    "It will still allow Thorn to use facial recognition to find missing children. "
    "Flock Safety sells license plate readers to police departments."
)


@pytest.fixture(scope="module")
def extracted(extractor: Extractor):
    return extractor.extract(
        Article("mapping-test", TEXT, datetime.date(2021, 5, 3), "A title", "https://example.org/a")
    )


def _comparable(doc: dict) -> dict:
    facts = sorted(
        (
            {k: (sorted(v) if isinstance(v, list) else v) for k, v in f.items() if k != "id"}
            for f in doc["facts"]
        ),
        key=lambda f: sorted((k, str(v)) for k, v in f.items()),
    )
    entities = sorted(
        ({**e, "aliases": sorted(e["aliases"])} for e in doc["entities"]), key=lambda e: e["id"]
    )
    return {**doc, "facts": facts, "entities": entities}


def test_json_read_back_from_rdf_equals_the_extracted_facts(extracted) -> None:
    graph = article_graph(extracted)
    assert extracted.facts, "the text states facts"
    assert _comparable(facts_json(graph, article_iri("mapping-test"))) == _comparable(extracted.to_json())


def test_same_article_gives_the_same_graph(extractor: Extractor, extracted) -> None:
    again = extractor.extract(extracted.article)
    assert isomorphic(article_graph(extracted), article_graph(again))


def test_no_blank_nodes(extracted) -> None:
    graph = article_graph(extracted)
    assert not [t for t in graph if any(type(term).__name__ == "BNode" for term in t)]


def test_graph_conforms_to_shapes(extracted) -> None:
    conforms, _, report = validate(article_graph(extracted), shacl_graph=Graph().parse(shapes_path()))
    assert conforms, report

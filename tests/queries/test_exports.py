"""The export writers, each checked by reading its output back with a parser that is not ours.

The sample graph is small but has what breaks writers: parallel edges between one pair,
one fact fanning out to two places (same key, different endpoints), missing values, a
partial date, and a label with quotes, ``&``, ``<``/``>``, non-ASCII and a control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from queries.exports import EXPORTS, UnknownExportFormat, get_export
from queries.graph_view import build_graph, neighbourhood

ID = "https://techkg.org/id/"
FACT = "https://techkg.org/fact/"
ARTICLE = "https://techkg.org/article/"
TK = "https://techkg.org/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

TRICKY_LABEL = 'Société "Vision" <Labs> & Co'
TRICKY_EVIDENCE = 'It said: "we use it" \\ for <all> & more,\nacross Zürich\x0c.'


def _node(node_id: str, label: str, type_: str, wikidata: str | None = None) -> dict:
    return {
        "id": node_id,
        "iri": ID + node_id,
        "label": label,
        "type": type_,
        "wikidata": wikidata,
    }


def _edge(source: str, target: str, relation: str, fact: str, **extra: str | None) -> dict:
    row = dict.fromkeys(("kind", "technology", "start", "end", "duration", "confidence", "evidence"))
    row.update(source=source, target=target, relation=relation)
    row.update(fact=FACT + fact, article=ARTICLE + "a1")
    row.update(extra)
    return row


NODES = [
    _node("company-amazon", "Amazon", "Company", "http://www.wikidata.org/entity/Q3884"),
    _node("product-rekognition", "Rekognition", "Product"),
    _node("technology-facial-recognition", "facial recognition", "Technology"),
    _node("nonprofit-thorn", "Thorn", "NonProfit"),
    _node("company-societe-vision-labs-co", TRICKY_LABEL, "Company"),
    _node("place-united-states", "United States", "Place"),
    _node("place-canada", "Canada", "Place"),
    _node("court-unrelated", "An unrelated court", "Court"),
]

EDGES = [
    _edge(
        "company-amazon",
        "product-rekognition",
        "offers",
        "offers-1",
        confidence="0.9",
        evidence="Amazon sells Rekognition.",
    ),
    _edge("product-rekognition", "technology-facial-recognition", "category", "category-1"),
    _edge(
        "company-amazon",
        "product-rekognition",
        "restricts",
        "restricts-1",
        kind="moratorium",
        start="2020-06-10",
        end="2021-06-10",
        duration="P1Y",
        confidence="0.8",
    ),
    # one restriction fact scoped to two places: the same key twice, between different pairs
    _edge("company-amazon", "place-united-states", "scope", "restricts-1"),
    _edge("company-amazon", "place-canada", "scope", "restricts-1"),
    _edge(
        "company-amazon",
        "nonprofit-thorn",
        "supplies",
        "supplies-1",
        technology="product-rekognition",
    ),
    _edge("nonprofit-thorn", "product-rekognition", "uses", "uses-1", start="2019-01-01"),
    _edge(
        "company-societe-vision-labs-co",
        "product-rekognition",
        "uses",
        "uses-2",
        start="2020-06",  # a partial date: not a GEXF date
        evidence=TRICKY_EVIDENCE,
    ),
]


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    return build_graph(NODES, EDGES)


def _edge_multiset(g: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, data["relation"]) for u, v, data in g.edges(data=True))


EXPECTED_EDGES = Counter((e["source"], e["target"], e["relation"]) for e in EDGES)
EXPECTED_NODES = {row["id"]: row for row in NODES}


def _assert_same_graph(read: nx.Graph) -> None:
    """Nodes, their label and type, and the (source, target, relation) multiset survive."""
    assert read.is_directed()
    assert set(read.nodes) == set(EXPECTED_NODES)
    for node_id, row in EXPECTED_NODES.items():
        assert read.nodes[node_id]["label"] == row["label"]
        assert read.nodes[node_id]["type"] == row["type"]
    assert _edge_multiset(read) == EXPECTED_EDGES


def _edge_data(g: nx.MultiDiGraph, source: str, target: str, relation: str) -> dict:
    (data,) = [d for _, v, d in g.out_edges(source, data=True) if (v, d["relation"]) == (target, relation)]
    return data


# --- graph_view -------------------------------------------------------------------------


def test_build_graph_keeps_scalars_and_drops_missing_values(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes["company-amazon"] == {
        "label": "Amazon",
        "type": "Company",
        "iri": ID + "company-amazon",
        "wikidata": "http://www.wikidata.org/entity/Q3884",
    }
    assert "wikidata" not in graph.nodes["product-rekognition"]
    restriction = graph.edges["company-amazon", "product-rekognition", FACT + "restricts-1#restricts"]
    assert restriction["label"] == restriction["relation"] == "restricts"
    assert restriction["confidence"] == 0.8
    assert (restriction["kind"], restriction["start"], restriction["end"]) == (
        "moratorium",
        "2020-06-10",
        "2021-06-10",
    )
    assert "evidence" not in restriction and "technology" not in restriction
    assert "source" not in restriction and "target" not in restriction
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(value, str | float) for value in data.values())
    tricky = _edge_data(graph, "company-societe-vision-labs-co", "product-rekognition", "uses")
    assert "\x0c" not in tricky["evidence"]
    assert graph.number_of_edges() == len(EDGES)


def test_edge_to_an_unlisted_node_keeps_a_bare_node() -> None:
    g = build_graph([], [_edge("company-a", "product-b", "offers", "offers-9")])
    assert set(g.nodes) == {"company-a", "product-b"}
    assert g.nodes["company-a"] == {}


def test_neighbourhood_grows_with_depth_ignoring_direction(graph: nx.MultiDiGraph) -> None:
    assert set(neighbourhood(graph, "nonprofit-thorn", 0).nodes) == {"nonprofit-thorn"}

    one = neighbourhood(graph, "nonprofit-thorn", 1)
    # amazon supplies thorn (incoming), thorn uses rekognition (outgoing)
    assert set(one.nodes) == {"nonprofit-thorn", "company-amazon", "product-rekognition"}
    # induced: the offers and restricts edges between the two neighbours are kept too
    assert _edge_multiset(one) == Counter(
        {
            ("company-amazon", "nonprofit-thorn", "supplies"): 1,
            ("nonprofit-thorn", "product-rekognition", "uses"): 1,
            ("company-amazon", "product-rekognition", "offers"): 1,
            ("company-amazon", "product-rekognition", "restricts"): 1,
        }
    )
    assert one.nodes["company-amazon"]["label"] == "Amazon"

    two = neighbourhood(graph, "nonprofit-thorn", 2)
    assert set(two.nodes) == set(EXPECTED_NODES) - {"court-unrelated"}
    assert set(neighbourhood(graph, "nonprofit-thorn", 10).nodes) == set(two.nodes)


def test_neighbourhood_is_a_copy(graph: nx.MultiDiGraph) -> None:
    sub = neighbourhood(graph, "nonprofit-thorn", 1)
    sub.remove_node("company-amazon")
    assert "company-amazon" in graph


def test_neighbourhood_of_unknown_entity_raises_key_error(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(KeyError, match="company-nobody"):
        neighbourhood(graph, "company-nobody", 1)
    with pytest.raises(ValueError, match="depth"):
        neighbourhood(graph, "nonprofit-thorn", -1)


# --- registry ---------------------------------------------------------------------------


def test_registry_names_media_types_and_sources() -> None:
    assert {name: (fmt.media_type, fmt.source) for name, fmt in EXPORTS.items()} == {
        "graphml": ("application/graphml+xml", "graph"),
        "gexf": ("application/gexf+xml", "graph"),
        "cytoscape": ("application/json", "graph"),
        "d3": ("application/json", "graph"),
        "dot": ("text/vnd.graphviz", "graph"),
        "csv": ("text/csv", "uses"),
        "turtle": ("text/turtle", "rdf"),
        "nquads": ("application/n-quads", "rdf"),
        "jsonld": ("application/ld+json", "rdf"),
    }
    assert all(fmt.name == name and fmt.extension for name, fmt in EXPORTS.items())


def test_every_format_renders_bytes(graph: nx.MultiDiGraph) -> None:
    inputs = {"graph": graph, "rdf": QUADS, "uses": USE_ROWS}
    for fmt in EXPORTS.values():
        assert isinstance(fmt.render(inputs[fmt.source]), bytes), fmt.name


def test_unknown_format_is_refused_with_the_known_names() -> None:
    assert get_export("gexf") is EXPORTS["gexf"]
    with pytest.raises(UnknownExportFormat) as caught:
        get_export("pdf")
    assert isinstance(caught.value, ValueError)
    assert "'pdf'" in str(caught.value)
    assert all(name in str(caught.value) for name in EXPORTS)


# --- graph formats ----------------------------------------------------------------------


def test_graphml_reads_back_with_networkx(graph: nx.MultiDiGraph) -> None:
    read = nx.read_graphml(io.BytesIO(get_export("graphml").render(graph)))
    _assert_same_graph(read)
    offer = _edge_data(read, "company-amazon", "product-rekognition", "offers")
    assert offer["confidence"] == 0.9
    assert offer["fact"] == FACT + "offers-1"
    tricky = _edge_data(read, "company-societe-vision-labs-co", "product-rekognition", "uses")
    assert tricky["evidence"] == TRICKY_EVIDENCE.replace("\x0c", "")


def test_graphml_edge_ids_are_unique(graph: nx.MultiDiGraph) -> None:
    root = ET.fromstring(get_export("graphml").render(graph))
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(EDGES) == len(set(ids))


def test_gexf_reads_back_with_networkx(graph: nx.MultiDiGraph) -> None:
    read = nx.read_gexf(io.BytesIO(get_export("gexf").render(graph)))
    _assert_same_graph(read)
    restriction = _edge_data(read, "company-amazon", "product-rekognition", "restricts")
    assert (restriction["start"], restriction["end"]) == ("2020-06-10", "2021-06-10")
    assert restriction["kind"] == "moratorium"
    assert restriction["confidence"] == 0.8
    partial = _edge_data(read, "company-societe-vision-labs-co", "product-rekognition", "uses")
    assert partial["startDate"] == "2020-06" and "start" not in partial


def test_gexf_dates_are_a_dynamic_interval_for_gephi(graph: nx.MultiDiGraph) -> None:
    root = ET.fromstring(get_export("gexf").render(graph))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    graph_element = root.find("g:graph", ns)
    assert root.get("version") == "1.2"
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    intervals = {
        e.get("label"): (e.get("start"), e.get("end"))
        for e in graph_element.iterfind("g:edges/g:edge", ns)
        if e.get("start") or e.get("end")
    }
    assert intervals == {
        "restricts": ("2020-06-10", "2021-06-10"),
        "uses": ("2019-01-01", None),
    }
    ids = [e.get("id") for e in graph_element.iterfind("g:edges/g:edge", ns)]
    assert len(ids) == len(set(ids)) == len(EDGES)


def test_cytoscape_json_has_the_elements_cytoscape_js_loads(graph: nx.MultiDiGraph) -> None:
    doc = json.loads(get_export("cytoscape").render(graph))
    assert isinstance(doc["data"], dict)
    nodes = [element["data"] for element in doc["elements"]["nodes"]]
    edges = [element["data"] for element in doc["elements"]["edges"]]
    node_ids = {data["id"] for data in nodes}
    assert node_ids == set(EXPECTED_NODES)
    edge_ids = [data["id"] for data in edges]
    assert len(edge_ids) == len(set(edge_ids)) == len(EDGES)
    assert not node_ids & set(edge_ids)  # one id space for nodes and edges in Cytoscape.js
    assert all({data["source"], data["target"]} <= node_ids for data in edges)
    tricky = next(data for data in nodes if data["id"] == "company-societe-vision-labs-co")
    assert tricky["label"] == TRICKY_LABEL

    _assert_same_graph(nx.cytoscape_graph(doc, name="label"))


def test_d3_node_link_json_round_trips(graph: nx.MultiDiGraph) -> None:
    doc = json.loads(get_export("d3").render(graph))
    assert {node["id"] for node in doc["nodes"]} == set(EXPECTED_NODES)
    assert Counter((link["source"], link["target"], link["relation"]) for link in doc["links"]) == (
        EXPECTED_EDGES
    )
    _assert_same_graph(nx.node_link_graph(doc, edges="links"))


_DOT_STRING = r'"(?:[^"\\]|\\.)*"'
_DOT_NODE = re.compile(rf"^  ({_DOT_STRING})(?: \[(.*)\])?;$")
_DOT_EDGE = re.compile(rf"^  ({_DOT_STRING}) -> ({_DOT_STRING})(?: \[(.*)\])?;$")
_DOT_ATTR = re.compile(rf"(\w+|{_DOT_STRING})=({_DOT_STRING})")


def _dot_unquote(token: str) -> str:
    """What Graphviz makes of a quoted label: ``\\"`` is a quote, ``\\\\`` a backslash."""
    if not token.startswith('"'):
        return token
    escapes = {'"': '"', "\\": "\\", "n": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], token[1:-1])


def _read_dot(text: str) -> nx.MultiDiGraph:
    """A reader for the one-statement-per-line subset of DOT the writer emits."""
    lines = text.splitlines()
    assert lines[0] == "digraph techkg {" and lines[-1] == "}"
    read = nx.MultiDiGraph()
    for line in lines[1:-1]:
        if edge := _DOT_EDGE.match(line):
            attrs = {_dot_unquote(k): _dot_unquote(v) for k, v in _DOT_ATTR.findall(edge[3] or "")}
            read.add_edge(_dot_unquote(edge[1]), _dot_unquote(edge[2]), **attrs)
        elif node := _DOT_NODE.match(line):
            attrs = {_dot_unquote(k): _dot_unquote(v) for k, v in _DOT_ATTR.findall(node[2] or "")}
            read.add_node(_dot_unquote(node[1]), **attrs)
        else:
            pytest.fail(f"not a DOT statement: {line!r}")
    return read


def test_dot_is_balanced_and_escaped(graph: nx.MultiDiGraph) -> None:
    text = get_export("dot").render(graph).decode("utf-8")
    outside_strings = re.sub(_DOT_STRING, "", text)
    assert '"' not in outside_strings  # every quote is closed
    assert outside_strings.count("{") == outside_strings.count("}") == 1
    assert outside_strings.count("[") == outside_strings.count("]")
    assert r'"Société \"Vision\" <Labs> & Co"' in text
    assert r"\\ for <all> & more,\nacross Zürich." in text
    # a line break inside a value is written as \n, so every statement stays on one line
    assert all(line.endswith(("{", ";", "}")) for line in text.splitlines())


def test_dot_reads_back_with_every_node_and_edge(graph: nx.MultiDiGraph) -> None:
    read = _read_dot(get_export("dot").render(graph).decode("utf-8"))
    _assert_same_graph(read)
    tricky = _edge_data(read, "company-societe-vision-labs-co", "product-rekognition", "uses")
    assert tricky["evidence"] == TRICKY_EVIDENCE.replace("\x0c", "")
    ids = [data["id"] for _, _, data in read.edges(data=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_is_accepted_by_graphviz(graph: nx.MultiDiGraph) -> None:
    result = subprocess.run(
        ["dot", "-Tsvg"],
        input=get_export("dot").render(graph),
        capture_output=True,
        check=True,
        timeout=60,
    )
    svg = result.stdout.decode("utf-8")
    # Graphviz escapes for XML itself; the label arrives whole
    assert "Société &quot;Vision&quot; &lt;Labs&gt; &amp; Co" in svg
    assert b"Warning" not in result.stderr and b"Error" not in result.stderr


# --- uses table -------------------------------------------------------------------------

USE_ROWS = [
    {
        "user": "Thorn",
        "user_type": "NonProfit",
        "technology": "Rekognition",
        "vendor": "Amazon",
        "purpose": "finding missing children",
        "start": "2019-01-01",
        "article": ARTICLE + "a1",
        "article_url": "https://example.org/news?id=1&lang=en",
        "evidence": 'Thorn said "it helps", again,\nand again.',
    },
    {
        "user": TRICKY_LABEL,
        "user_type": "Company",
        "technology": "Rekognition",
        "vendor": None,
        "purpose": None,
        "start": None,
        "article": ARTICLE + "a2",
        "article_url": None,
        "evidence": None,
    },
]


def test_csv_reads_back_row_for_row() -> None:
    text = get_export("csv").render(USE_ROWS).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == list(USE_ROWS[0])
    assert list(reader) == [{k: v or "" for k, v in row.items()} for row in USE_ROWS]


def test_csv_ignores_extra_fields_and_fills_missing_ones() -> None:
    text = get_export("csv").render([{"user": "Thorn", "unexpected": "x"}]).decode("utf-8")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["user"] == "Thorn" and row["vendor"] == "" and "unexpected" not in row


def test_csv_of_no_rows_is_just_the_header() -> None:
    assert get_export("csv").render([]) == (",".join(USE_ROWS[0]) + "\r\n").encode()


# --- RDF formats ------------------------------------------------------------------------


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_A1, _A2 = _nn(ARTICLE + "a1"), _nn(ARTICLE + "a2")
_AMAZON, _REKOGNITION = _nn(ID + "company-amazon"), _nn(ID + "product-rekognition")
_RESTRICTION = _nn(FACT + "restricts-1")

QUADS = [
    # vocabulary labels in the default graph, with a language tag and escaping to carry
    ox.Quad(_AMAZON, _nn(RDFS_LABEL), ox.Literal("Amazon")),
    ox.Quad(_nn(ID + "company-societe"), _nn(RDFS_LABEL), ox.Literal(TRICKY_LABEL, language="fr")),
    # the same direct edge stated by two articles: two quads, one triple
    ox.Quad(_AMAZON, _nn(TK + "offers"), _REKOGNITION, _A1),
    ox.Quad(_AMAZON, _nn(TK + "offers"), _REKOGNITION, _A2),
    ox.Quad(_RESTRICTION, _nn(TK + "authority"), _AMAZON, _A1),
    ox.Quad(_RESTRICTION, _nn(TK + "technology"), _REKOGNITION, _A1),
    ox.Quad(
        _RESTRICTION,
        _nn(TK + "startDate"),
        ox.Literal("2020-06-10", datatype=_nn(XSD + "date")),
        _A1,
    ),
    ox.Quad(_RESTRICTION, _nn(TK + "confidence"), ox.Literal("0.8", datatype=_nn(XSD + "decimal")), _A1),
    ox.Quad(_RESTRICTION, _nn(TK + "evidence"), ox.Literal(TRICKY_EVIDENCE), _A1),
]


def _to_rdflib(term: ox.NamedNode | ox.Literal) -> rdflib.term.Node:
    """The rdflib term equal to a pyoxigraph term (plain strings carry no datatype in rdflib)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _expected_quads() -> set[tuple]:
    return {
        (
            _to_rdflib(q.subject),
            _to_rdflib(q.predicate),
            _to_rdflib(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else _to_rdflib(q.graph_name),
        )
        for q in QUADS
    }


# rdflib 7.6 parses datasets through its own deprecated ``default_context`` and
# ``ConjunctiveGraph``; those warnings are raised by rdflib on rdflib (the filter's module
# field is where the call is), not on this code, so only they are let through.
_RDFLIB_INTERNAL = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\.")


def _read_quads(data: bytes, rdf_format: str) -> set[tuple]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=rdf_format)
    return {
        (s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g)
        for s, p, o, g in dataset.quads((None, None, None, None))
    }


def _expected_triples() -> rdflib.Graph:
    expected = rdflib.Graph()
    for s, p, o, _ in _expected_quads():
        expected.add((s, p, o))
    return expected


@_RDFLIB_INTERNAL
def test_nquads_keeps_every_quad_and_its_graph() -> None:
    assert _read_quads(get_export("nquads").render(QUADS), "nquads") == _expected_quads()


@_RDFLIB_INTERNAL
def test_jsonld_keeps_every_quad_and_its_graph() -> None:
    # pyoxigraph writes named graphs into JSON-LD, so it is read as a dataset: an
    # rdflib Graph would only see the default graph.
    assert _read_quads(get_export("jsonld").render(QUADS), "json-ld") == _expected_quads()


def test_turtle_holds_the_merged_triples() -> None:
    data = get_export("turtle").render(QUADS)
    read = rdflib.Graph().parse(data=data, format="turtle")
    assert len(read) == len(QUADS) - 1  # the offer stated by two articles is one triple
    assert isomorphic(read, _expected_triples())
    assert b"@prefix tk: <https://techkg.org/ontology#>" in data


def test_rdf_output_does_not_depend_on_input_order() -> None:
    for name in ("turtle", "nquads", "jsonld"):
        render = get_export(name).render
        assert render(QUADS) == render(reversed(QUADS)), name

"""The export formats, as a registry of data: a name maps to how the export is rendered.

Each :class:`ExportFormat` says what it is rendered from (``source``): the networkx
view (``"graph"``), the RDF quads of the store (``"rdf"``) or the rows of the uses
query (``"uses"``). The service picks the input by that field and never branches on
the format name, so adding a format is adding one entry to :data:`EXPORTS`.
Every writer returns bytes (UTF-8 where the format is text) and touches no files.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import pyoxigraph as ox

from ontology.namespaces import (
    ARTICLE_BASE,
    ENTITY_BASE,
    FACT_BASE,
    KIND_BASE,
    ORG,
    SCHEMA,
    TK,
    WD,
)
from queries.graph_view import edge_id

Source = Literal["graph", "rdf", "uses"]


@dataclass(frozen=True)
class ExportFormat:
    """One downloadable format: its file extension, media type, input and writer."""

    name: str
    extension: str
    media_type: str
    source: Source
    render: Callable[[Any], bytes]


class UnknownExportFormat(ValueError):
    """Asked for a format that is not in :data:`EXPORTS`."""


# --- graph formats --------------------------------------------------------------------


def _with_unique_edge_ids(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose edge keys are unique in the whole graph, not only per node pair.

    networkx writes the key as the GraphML edge id, and GraphML wants edge ids unique in
    the document; a restriction scoped to two places would otherwise repeat one, and a
    reader that trusts ids could merge the two edges.
    """
    copy = nx.MultiDiGraph()
    copy.add_nodes_from(graph.nodes(data=True))
    for source, target, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(source, target, key=edge_id(source, target, key), **data)
    return copy


def render_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML, for yEd, Gephi and networkx itself."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(_with_unique_edge_ids(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _is_date(text: Any) -> bool:
    """Whether a value is a full ``YYYY-MM-DD`` date, the only kind GEXF ``date`` allows.

    >>> _is_date("2020-06-10"), _is_date("2020-06"), _is_date("2020-02-30")
    (True, False, False)
    """
    if not isinstance(text, str) or len(text) != 10:
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _gexf_edge(data: Mapping[str, Any]) -> dict[str, Any]:
    """Edge attributes for GEXF, with the dates made a time interval when they can be one.

    networkx writes ``start``/``end`` as the edge's own interval and switches the file to
    ``mode="dynamic" timeformat="date"``, so Gephi's timeline shows a moratorium only while
    it lasts. In that mode GEXF 1.2 wants ``xsd:date`` values and an interval that does not
    end before it starts, so a partial date (``2020-06``) or a reversed pair is kept as plain
    ``startDate``/``endDate`` attributes instead, in the data table but not on the timeline.
    """
    attrs = dict(data)
    start, end = attrs.get("start"), attrs.get("end")
    dates = [value for value in (start, end) if value is not None]
    in_order = start is None or end is None or start <= end
    if not (all(_is_date(value) for value in dates) and in_order):
        for name, plain in (("start", "startDate"), ("end", "endDate")):
            if name in attrs:
                attrs[plain] = attrs.pop(name)
    return attrs


def render_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, with dated edges as intervals on Gephi's timeline."""
    gexf = nx.MultiDiGraph()
    gexf.add_nodes_from(graph.nodes(data=True))
    for source, target, key, data in graph.edges(keys=True, data=True):
        unique = edge_id(source, target, key)
        # ``id`` becomes the edge element's id; the key survives as ``networkx_key``.
        gexf.add_edge(source, target, key=unique, id=unique, **_gexf_edge(data))
    buffer = io.BytesIO()
    nx.write_gexf(gexf, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def _json_bytes(document: Any) -> bytes:
    """Compact UTF-8 JSON, keeping non-ASCII names readable rather than ``\\u`` escaped.

    >>> _json_bytes({"label": "Société"})
    b'{"label":"Soci\\xc3\\xa9t\\xc3\\xa9"}'
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js elements JSON: ``cy.json(doc)`` or ``cytoscape({elements: doc.elements})``.

    Built on ``nx.cytoscape_data`` so ``nx.cytoscape_graph(doc, name="label")`` reads it
    back, with two repairs Cytoscape needs: the top-level ``data`` is an object, not
    networkx's list of pairs, and every edge has an ``id`` (Cytoscape.js would otherwise
    invent random ones, so a reloaded graph could not be matched to the previous one).
    """
    document = nx.cytoscape_data(graph, name="label")
    document["data"] = dict(graph.graph)
    for edge in document["elements"]["edges"]:
        data = edge["data"]
        data["id"] = edge_id(data["source"], data["target"], data["key"])
    return _json_bytes(document)


def render_d3(graph: nx.MultiDiGraph) -> bytes:
    """Node-link JSON for d3-force: ``nodes`` with ``id``, ``links`` by node id."""
    return _json_bytes(nx.node_link_data(graph, edges="links"))


def dot_quote(text: Any) -> str:
    r"""A DOT double-quoted string that Graphviz reads back as ``text``.

    Inside quotes DOT itself only unescapes ``\"``; labels then treat a backslash as the
    start of an escape (``\n``, ``\l``, ``\N``), so a literal backslash is doubled and a
    line break becomes ``\n``. ``<``, ``>`` and ``&`` need nothing: only an unquoted
    ``<...>`` is an HTML label.

    >>> print(dot_quote('Say "hi" & <bye>\\'))
    "Say \"hi\" & <bye>\\"
    >>> print(dot_quote("two\nlines"))
    "two\nlines"
    """
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


_DOT_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def dot_id(text: str) -> str:
    """A DOT ID: bare when it is a plain identifier (for readable attribute names), else quoted.

    >>> dot_id("label"), dot_id("node"), dot_id("company-amazon")
    ('label', '"node"', '"company-amazon"')
    """
    if text.isascii() and text.isidentifier() and text.lower() not in _DOT_KEYWORDS:
        return text
    return dot_quote(text)


def _dot_attrs(attrs: Mapping[str, Any]) -> str:
    """A DOT attribute list such as ``[label="Amazon", type="Company"]``, or nothing."""
    if not attrs:
        return ""
    return " [" + ", ".join(f"{dot_id(k)}={dot_quote(v)}" for k, v in attrs.items()) + "]"


def render_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT, written here so that neither pygraphviz nor pydot is needed.

    One statement per line, every id and value quoted, UTF-8 (Graphviz's default charset).
    Each edge carries ``id`` (Graphviz puts it on the SVG element), so parallel edges stay
    distinguishable in rendered output.
    """
    lines = ["digraph techkg {"]
    lines += [f"  {dot_quote(node)}{_dot_attrs(data)};" for node, data in graph.nodes(data=True)]
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {"id": edge_id(source, target, key), **data}
        lines.append(f"  {dot_quote(source)} -> {dot_quote(target)}{_dot_attrs(attrs)};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- use-tracker table ----------------------------------------------------------------

#: columns of the uses CSV, one row per user x technology x vendor as trackers publish them
USE_COLUMNS: tuple[str, ...] = (
    "user",
    "user_type",
    "technology",
    "vendor",
    "purpose",
    "start",
    "article",
    "article_url",
    "evidence",
)


def render_uses_csv(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The uses table as RFC 4180 CSV with a header row; a missing value is an empty cell.

    Fields other than :data:`USE_COLUMNS` are ignored, so a query that selects an extra
    variable does not break the download.
    """
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=USE_COLUMNS, restval="", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# --- RDF formats ----------------------------------------------------------------------

#: prefixes for Turtle, so that the file reads as ``tk:uses`` rather than full IRIs
TURTLE_PREFIXES: dict[str, str] = {
    "tk": str(TK._NS),
    "id": ENTITY_BASE,
    "fact": FACT_BASE,
    "article": ARTICLE_BASE,
    "kind": KIND_BASE,
    "schema": str(SCHEMA),
    "org": str(ORG),
    "wd": str(WD),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def _sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads grouped by graph and sorted, so that equal stores give equal files.

    Grouping also keeps JSON-LD compact: each named graph becomes one ``@graph`` object.
    """
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def render_turtle(quads: Iterable[ox.Quad]) -> bytes:
    """Turtle of the merged triples, for reading and for tools that know no datasets.

    Turtle has no named graphs, so which article a statement came from is dropped (and
    a statement made by two articles appears once); ``nquads`` and ``jsonld`` keep it.
    """
    triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in _sorted_quads(quads))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def render_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads: one statement per line with the article graph it was read from."""
    return ox.serialize(_sorted_quads(quads), format=ox.RdfFormat.N_QUADS)


def render_jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """Expanded JSON-LD; named graphs become ``{"@id": article, "@graph": [...]}`` objects."""
    return ox.serialize(_sorted_quads(quads), format=ox.RdfFormat.JSON_LD)


# --- registry -------------------------------------------------------------------------

EXPORTS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("graphml", "graphml", "application/graphml+xml", "graph", render_graphml),
        ExportFormat("gexf", "gexf", "application/gexf+xml", "graph", render_gexf),
        ExportFormat("cytoscape", "cyjs", "application/json", "graph", render_cytoscape),
        ExportFormat("d3", "json", "application/json", "graph", render_d3),
        ExportFormat("dot", "dot", "text/vnd.graphviz", "graph", render_dot),
        ExportFormat("csv", "csv", "text/csv", "uses", render_uses_csv),
        ExportFormat("turtle", "ttl", "text/turtle", "rdf", render_turtle),
        ExportFormat("nquads", "nq", "application/n-quads", "rdf", render_nquads),
        ExportFormat("jsonld", "jsonld", "application/ld+json", "rdf", render_jsonld),
    )
}


def get_export(name: str) -> ExportFormat:
    """The export format called ``name``; an unknown name says which ones exist.

    >>> get_export("turtle").media_type
    'text/turtle'
    >>> try:
    ...     get_export("pdf")
    ... except UnknownExportFormat as err:
    ...     print(err)
    unknown export format 'pdf'; known formats: csv, cytoscape, d3, dot, gexf, graphml,
    jsonld, nquads, turtle
    """
    try:
        return EXPORTS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTS))
        raise UnknownExportFormat(f"unknown export format {name!r}; known formats: {known}") from None

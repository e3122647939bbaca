"""The store interface over any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Neptune).

Everything goes through SPARQL query and update (:mod:`app.sparql_http`), never a
server's own graph store or bulk loader, so one code path fits every server. Answers
come back as the objects the embedded store gives (``QuerySolutions``,
``QueryBoolean``, ``QueryTriples``), so lookups, exports and the service do not know
which store they talk to.

Semantics kept from the embedded store: a query's default graph is the union of all
graphs (the server's own default on Virtuoso and Neptune; Fuseki needs
``tdb2:unionDefaultGraph true``); ``SERVICE`` and ``LOAD`` are refused; a bad query
is a :class:`~app.store.QueryError` with Oxigraph's message, found before anything is
sent. Differences a remote server imposes:

* techkg's statements live in named graphs only. The server's default graph is the
  union of them (plus whatever else the server holds), so it cannot be read or written
  as a graph of its own: the graph methods refuse ``None``.
* ``quads`` and ``stats`` cover techkg's graphs (IRIs under ``https://techkg.org/``),
  not the rest of a shared server (Virtuoso keeps its own system graphs).
* Replacing a graph is one request of ``DROP SILENT GRAPH; INSERT DATA …``. Virtuoso
  applies the operations of a request one after another, each committed on its own
  (measured on 7.2.5: an error in the third operation left the first two applied), so
  a reader may see an article's graph briefly empty, and a failure halfway leaves it
  partial until the article is ingested again. Fuseki and GraphDB document one
  transaction per update request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox

from app.literal_guard import PROBE, DurationGuard
from app.sparql_http import N_TRIPLES, RESULTS_JSON, SparqlEndpoint
from app.store import (
    META_GRAPH,
    ONTOLOGY_GRAPH,
    OxigraphStore,
    QueryError,
    QueryResult,
    StoreError,
    StoreReadOnly,
    _refuse_remote,
)
from ontology import ontology_path
from ontology.namespaces import BASE
from queries.sparql_text import keywords, values_last, without_dataset
from queries.terms import serialize

if TYPE_CHECKING:
    from app.settings import Settings

#: Virtuoso's SPARQL parser runs out of stack near 5,000 triples in one INSERT DATA
TRIPLES_PER_INSERT = 1000
#: Virtuoso refuses request bodies over 10 MB ("string session is longer than 10Mb"); form
#: encoding can triple the UTF-8 size of a text, so a request carries at most 2 MB of it
BYTES_PER_REQUEST = 2_000_000
#: a graph techkg never writes: naming it is how to ask for an empty part of a dataset
EMPTY_GRAPH = "urn:x-techkg:empty"
#: Virtuoso answers ASK as a one-column SELECT of this variable (1 when true, no row when false)
VIRTUOSO_ASK = "__ASK_RETVAL"

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class RemoteStore:
    """A SPARQL 1.1 server used as techkg's store."""

    def __init__(self, endpoint: SparqlEndpoint, *, read_only: bool = False) -> None:
        self.endpoint = endpoint
        self.read_only = read_only
        self._parser = OxigraphStore(None)  # learns a query's form and checks its syntax locally
        self._durations = DurationGuard(active=not self._keeps_durations())
        if not read_only and not self.has_graph(str(ONTOLOGY_GRAPH.value)):
            ontology = ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
            self.replace_graph(ONTOLOGY_GRAPH.value, [q.triple for q in ontology])

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query on the server; the answer as Oxigraph's result objects."""
        _refuse_remote(sparql)
        form = self._form(sparql, base_iri)
        graph = form is ox.QueryTriples
        if default_graphs is not None or named_graphs is not None:
            # the protocol's dataset replaces the query's own, wholly: what it leaves out is
            # empty (Virtuoso would keep FROM, and all graphs for the part not given)
            sparql = without_dataset(sparql)
            default_graphs = default_graphs or [EMPTY_GRAPH]
            named_graphs = named_graphs or [EMPTY_GRAPH]
        response = self.endpoint.query(
            _with_base(values_last(sparql), base_iri),
            N_TRIPLES if graph else RESULTS_JSON,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        )
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if graph:
            return _as_query_triples(self._durations.decode_triples(response.content), media)
        return _as_results(self._durations.decode_results(response.content), media, form)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send an update as it is (``LOAD`` and ``SERVICE`` refused); see the module
        docstring for what atomicity the server gives."""
        self._check_writable()
        _refuse_remote(sparql)
        self.endpoint.update(_with_base(sparql, base_iri))

    def replace_graph(self, graph: str | None, triples: Iterable[ox.Triple]) -> None:
        """Swap a graph's statements for ``triples``: one request when it fits."""
        self._check_writable()
        name = _named(graph)
        self._send([f"DROP SILENT GRAPH {name}", *self._inserts(name, triples)])

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Swap several graphs, one request each: each article's graph is replaced as
        :meth:`replace_graph` does (a server applies a request's operations one by one
        anyway, see the module's note on atomicity)."""
        for graph, triples in graphs.items():
            self.replace_graph(graph, triples)

    def add_triples(self, graph: str | None, triples: Iterable[ox.Triple]) -> None:
        """Add statements to a graph."""
        self._check_writable()
        self._send(self._inserts(_named(graph), triples))

    def graph_triples(self, graph: str | None) -> list[ox.Triple]:
        """The statements of one named graph, all of them or an error.

        Servers cap the rows of an answer (Virtuoso's ``ResultSetMaxRows``, 10,000 in
        Debian's configuration) without saying so; the graph is counted first so a cut
        answer is an error rather than a graph silently smaller."""
        name = _named(graph)
        count = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        size = int(next(iter(count))["n"].value)  # type: ignore[arg-type, index]
        triples = list(self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"))
        if len(triples) < size:
            raise StoreError(
                f"the server sent {len(triples)} of the {size} statements of graph {graph}: raise "
                "its cap on result rows (Virtuoso: ResultSetMaxRows in virtuoso.ini)"
            )
        return triples  # type: ignore[return-value]

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a named graph; whether it existed."""
        self._check_writable()
        name = _named(graph)
        existed = self.has_graph(graph)
        if existed:
            self.endpoint.update(f"DROP SILENT GRAPH {name}")
        return existed

    def has_graph(self, graph: str | None) -> bool:
        """Whether a named graph holds statements (servers keep no empty graphs)."""
        if graph is None:
            return True
        return bool(self.query(f"ASK {{ GRAPH {_named(graph)} {{ ?s ?p ?o }} }}"))

    def quads(self) -> Iterator[ox.Quad]:
        """Every statement of techkg's graphs but the store's records about itself
        (:data:`~app.store.META_GRAPH`)."""
        return (q for q in self.all_quads() if q.graph_name != META_GRAPH)

    def all_quads(self) -> Iterator[ox.Quad]:
        """Every statement of techkg's graphs, the store's own records included (what a
        backup holds), fetched graph by graph so each answer stays under the server's cap
        on result rows."""
        for graph, _ in self._graph_sizes():
            node = ox.NamedNode(graph)
            yield from (ox.Quad(t.subject, t.predicate, t.object, node) for t in self.graph_triples(graph))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add statements to their graphs, graph by graph (a server applies each request's
        operations one by one: see the module's note on atomicity)."""
        self._check_writable()
        by_graph: dict[str, list[ox.Triple]] = {}
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise StoreError("a SPARQL server's default graph is the union of its graphs: name a graph")
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        for graph, triples in by_graph.items():
            self._send(self._inserts(_named(graph), triples))

    def stats(self) -> dict[str, int]:
        """Sizes for ``/health``: statements in techkg's graphs, and article graphs."""
        sizes = self._graph_sizes()
        articles = sum(1 for graph, _ in sizes if graph not in (ONTOLOGY_GRAPH.value, META_GRAPH.value))
        return {"quads": sum(size for graph, size in sizes if graph != META_GRAPH.value), "graphs": articles}

    def flush(self) -> None:
        """Nothing to do: the server made each update durable when it answered."""

    def close(self) -> None:
        """Close the connection pool."""
        self.endpoint.close()

    def _graph_sizes(self) -> list[tuple[str, int]]:
        prefix = serialize(ox.Literal(BASE))
        text = (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {prefix})) }} GROUP BY ?g ORDER BY ?g"
        )
        return [(row["g"].value, int(row["n"].value)) for row in self.query(text)]  # type: ignore[union-attr]

    def _form(self, sparql: str, base_iri: str | None) -> type:
        """The kind of result a query gives, found by handing it to an in-memory Oxigraph
        that holds only the ontology (results are lazy, so next to nothing is evaluated);
        a query that does not parse fails here, with the embedded store's message."""
        result = self._parser.query(sparql, base_iri=base_iri)
        form = type(result)
        del result
        return form

    def _keeps_durations(self) -> bool:
        """Whether the server gives back an ``xsd:duration`` as it was written."""
        try:
            response = self.endpoint.query(PROBE, RESULTS_JSON)
        except QueryError:
            return False
        rows = list(_as_results(response.content, "application/sparql-results+json", ox.QuerySolutions))  # type: ignore[arg-type]
        return bool(rows) and rows[0]["d"] is not None and rows[0]["d"].value == "P1Y"

    def _inserts(self, name: str, triples: Iterable[ox.Triple]) -> list[str]:
        """``INSERT DATA`` operations of at most :data:`TRIPLES_PER_INSERT` statements.

        Virtuoso refuses blank nodes in ``INSERT DATA``; statements with blank nodes go in
        one ``INSERT … WHERE {}`` so each blank node stays one node."""
        plain: list[str] = []
        blank: list[str] = []
        for triple in map(self._durations.encode, triples):
            text = f"{serialize(triple.subject)} {serialize(triple.predicate)} {serialize(triple.object)} ."
            has_blank = isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)
            (blank if has_blank else plain).append(text)
        operations = [
            f"INSERT DATA {{ GRAPH {name} {{ {' '.join(plain[i : i + TRIPLES_PER_INSERT])} }} }}"
            for i in range(0, len(plain), TRIPLES_PER_INSERT)
        ]
        if blank:
            operations.append(f"INSERT {{ GRAPH {name} {{ {' '.join(blank)} }} }} WHERE {{}}")
        return operations

    def _send(self, operations: list[str]) -> None:
        """Operations in as few requests as the server's size limit allows."""
        batch: list[str] = []
        size = 0
        for operation in operations:
            length = len(operation.encode("utf-8"))
            if batch and size + length > BYTES_PER_REQUEST:
                self.endpoint.update(" ;\n".join(batch))
                batch, size = [], 0
            batch.append(operation)
            size += length
        if batch:
            self.endpoint.update(" ;\n".join(batch))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreReadOnly("this store is open read-only")


def _named(graph: str | None) -> str:
    """A graph name as SPARQL text; the default graph is refused (see the module docstring)."""
    if graph is None:
        raise StoreReadOnly(
            "a remote SPARQL store keeps techkg's statements in named graphs and its default "
            "graph is their union, which cannot be read or written as one graph: name a graph"
        )
    return serialize(ox.NamedNode(graph))


def _with_base(sparql: str, base_iri: str | None) -> str:
    """The text with the base IRI the protocol has no parameter for, as a ``BASE`` line
    (a query's own ``BASE`` wins, as it does in Oxigraph)."""
    if base_iri is None or "BASE" in keywords(sparql):  # Virtuoso allows one BASE only
        return sparql
    return f"BASE {serialize(ox.NamedNode(base_iri))}\n{sparql}"


def _as_results(body: bytes, media: str, form: type) -> ox.QuerySolutions | ox.QueryBoolean:
    """SELECT or ASK results; Virtuoso's SELECT-shaped ASK answer becomes a boolean."""
    results_format = _RESULT_FORMATS.get(media)
    if results_format is None:
        raise QueryError(f"the SPARQL server answered {media or 'an untyped body'}, not SPARQL results")
    parsed = ox.parse_query_results(body, format=results_format)
    if form is ox.QueryBoolean and isinstance(parsed, ox.QuerySolutions):
        names = [v.value for v in parsed.variables]
        if names != [VIRTUOSO_ASK]:
            raise QueryError(f"the SPARQL server answered an ASK with the columns {names}")
        truth = any(row[0] is not None and row[0].value not in ("0", "false") for row in parsed)
        return _boolean(truth)
    return parsed


def _boolean(value: bool) -> ox.QueryBoolean:
    """A ``QueryBoolean`` (pyoxigraph makes them only by parsing)."""
    text = '{"head": {}, "boolean": %s}' % ("true" if value else "false")
    return ox.parse_query_results(text, format=ox.QueryResultsFormat.JSON)  # type: ignore[return-value]


def _as_query_triples(body: bytes, media: str) -> ox.QueryTriples:
    """A graph answer as ``QueryTriples``, the type callers check for: pyoxigraph makes
    them only by querying, so the triples go through a scratch in-memory store."""
    rdf_format = _GRAPH_FORMATS.get(media)
    if rdf_format is None:
        raise QueryError(f"the SPARQL server answered {media or 'an untyped body'}, not an RDF graph")
    scratch = ox.Store()
    try:
        scratch.load(body, format=rdf_format)
    except SyntaxError as exc:
        raise QueryError(f"the SPARQL server sent a graph that does not parse: {exc}") from exc
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")  # type: ignore[return-value]


def open_remote(url: str, settings: Settings | None = None, *, read_only: bool = False) -> RemoteStore:
    """The store at a SPARQL server's URL, with the credentials, update URL and timeout
    the settings give (none of them needed for a server open to us)."""
    from app.settings import Settings

    settings = settings or Settings(store=url)
    password = settings.store_password.get_secret_value() if settings.store_password else None
    endpoint = SparqlEndpoint(
        url,
        settings.store_update_url,
        user=settings.store_user,
        password=password,
        timeout=settings.store_timeout,
    )
    try:
        return RemoteStore(endpoint, read_only=read_only)
    except BaseException:
        endpoint.close()
        raise

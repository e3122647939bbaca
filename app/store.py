"""The store behind one small interface; the embedded default is Oxigraph on disk.

Who may write: Oxigraph lets one process open a store for writing. ``techkg serve``
owns the store while it runs; ``techkg ingest`` against a store in use fails with
:class:`StoreBusy` (send articles to the server's ``POST /articles`` instead), while
``techkg query`` and ``techkg export`` fall back to a read-only view.

Every query and update goes to Oxigraph itself, never to rdflib's own evaluator.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from ontology import ontology_path
from ontology.namespaces import BASE
from queries.sparql_text import keywords, names_dataset
from queries.terms import serialize

if TYPE_CHECKING:
    from app.settings import Settings

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
ONTOLOGY_GRAPH = ox.NamedNode(BASE + "ontology")
#: the store's records about itself (the last ingest, see app/metadata.py); no article's
META_GRAPH = ox.NamedNode(BASE + "meta")
#: keywords that make the server reach other hosts, refused unless allowed
REMOTE_KEYWORDS = frozenset({"SERVICE", "LOAD"})


class StoreError(Exception):
    """Something went wrong in the store; the message says what a person can do."""


class StoreBusy(StoreError):
    """Another process has the store open for writing."""


class StoreReadOnly(StoreError):
    """A write was tried on a store opened read-only."""


class QueryError(StoreError):
    """A SPARQL query or update that does not parse or cannot run."""


class GraphStore(Protocol):
    """What the rest of techkg needs of a store."""

    read_only: bool

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult: ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None: ...

    def replace_graph(self, graph: str | None, triples: Iterable[ox.Triple]) -> None: ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None: ...

    def graph_triples(self, graph: str | None) -> list[ox.Triple]: ...

    def add_triples(self, graph: str | None, triples: Iterable[ox.Triple]) -> None: ...

    def delete_graph(self, graph: str | None) -> bool: ...

    def has_graph(self, graph: str | None) -> bool: ...

    def quads(self) -> Iterator[ox.Quad]: ...

    def stats(self) -> dict[str, int]: ...

    def close(self) -> None: ...


def _refuse_remote(sparql: str, allowed: frozenset[str] = frozenset()) -> None:
    refused = sorted((REMOTE_KEYWORDS - allowed) & keywords(sparql))
    if refused:
        setting = " and ".join(f"TECHKG_ALLOW_{word}" for word in refused)
        raise QueryError(
            f"{' and '.join(refused)} {'is' if len(refused) == 1 else 'are'} disabled: this server does "
            f"not fetch data from other hosts unless {setting} is set"
        )


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


class OxigraphStore:
    """An Oxigraph store in a directory (or in memory when ``path`` is None, for tests).

    The default graph of a query is the union of all graphs, so the statements of every
    article are visible without ``GRAPH`` clauses; ``default_graphs`` narrows it.
    """

    def __init__(
        self, path: Path | None, *, read_only: bool = False, allow_remote: frozenset[str] = frozenset()
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.allow_remote = allow_remote  # which of REMOTE_KEYWORDS queries and updates may use
        self._store = self._open(path, read_only)
        self._generation_lock = threading.Lock()
        #: bumped after every write through this object (see :meth:`_written`); caches of
        #: answers key on it, so a write makes them all stale at once
        self.generation = 0
        if not read_only and not self._store.contains_named_graph(ONTOLOGY_GRAPH):
            self._store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)

    @staticmethod
    def _open(path: Path | None, read_only: bool) -> ox.Store:
        if path is None:
            return ox.Store()
        try:
            if read_only:
                return ox.Store.read_only(str(path))
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"the store at {path} is in use by another process (is `techkg serve` "
                    "running?); stop it, or send articles to the server with POST /articles"
                ) from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query in Oxigraph; a syntax error is a :class:`QueryError`.

        The default graph is the union of all graphs unless the request names graphs or
        the query its own dataset (``FROM``). ``SERVICE`` is refused: the server must not
        be made to call other hosts."""
        _refuse_remote(sparql, self.allow_remote)
        union = default_graphs is None and not names_dataset(sparql)
        options: dict = {"use_default_graph_as_union": union, "base_iri": base_iri}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update as one transaction (``LOAD`` and ``SERVICE`` refused)."""
        self._check_writable()
        _refuse_remote(sparql, self.allow_remote)
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"the update failed: {exc}") from exc
        finally:
            self._written()

    def replace_graph(self, graph: str | None, triples: Iterable[ox.Triple]) -> None:
        """Swap a graph's statements for ``triples`` in one atomic update
        (``None``: the store's own default graph)."""
        body = " ".join(
            f"{serialize(t.subject)} {serialize(t.predicate)} {serialize(t.object)} ." for t in triples
        )
        if graph is None:
            self.update(f"DROP SILENT DEFAULT ; INSERT DATA {{ {body} }}")
        else:
            name = serialize(ox.NamedNode(graph))
            self.update(f"DROP SILENT GRAPH {name} ; INSERT DATA {{ GRAPH {name} {{ {body} }} }}")

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Swap the statements of several named graphs in one transaction: whatever
        happens, either every graph of the batch holds its new statements or none changed.

        Graphs new to the store go in through one ``extend`` (a transaction, and the fast
        path of a first ingest); when any of them exists already, one SPARQL update drops
        and refills them all, so a re-ingest never leaves an article absent."""
        self._check_writable()
        names = {graph: ox.NamedNode(graph) for graph in graphs}
        if any(self._store.contains_named_graph(name) for name in names.values()):
            self.update(replace_graphs_update(graphs))
            return
        quads = (
            ox.Quad(t.subject, t.predicate, t.object, names[graph])
            for graph, triples in graphs.items()
            for t in triples
        )
        try:
            self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"the write failed: {exc}") from exc
        finally:
            self._written()

    def graph_triples(self, graph: str | None) -> list[ox.Triple]:
        """The statements of one graph (``None``: the store's own default graph)."""
        return [q.triple for q in self._store.quads_for_pattern(None, None, None, _graph_name(graph))]

    def add_triples(self, graph: str | None, triples: Iterable[ox.Triple]) -> None:
        """Add statements to a graph in one transaction."""
        self._check_writable()
        target = _graph_name(graph)
        try:
            self._store.extend([ox.Quad(t.subject, t.predicate, t.object, target) for t in triples])
        finally:
            self._written()

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a graph; whether it existed."""
        self._check_writable()
        existed = self.has_graph(graph)
        try:
            if graph is None:
                self._store.clear_graph(ox.DefaultGraph())
            elif existed:
                self._store.remove_graph(ox.NamedNode(graph))
        finally:
            self._written()
        return existed

    def has_graph(self, graph: str | None) -> bool:
        """Whether a named graph exists (the default graph always does)."""
        return graph is None or self._store.contains_named_graph(ox.NamedNode(graph))

    def quads(self) -> Iterator[ox.Quad]:
        """Every statement of every graph but the store's records about itself (:data:`META_GRAPH`)."""
        return (
            q for q in self._store.quads_for_pattern(None, None, None, None) if q.graph_name != META_GRAPH
        )

    def all_quads(self) -> Iterator[ox.Quad]:
        """Every statement, the store's own records included (what a backup holds)."""
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add statements to their graphs in one transaction: all of them or none."""
        self._check_writable()
        try:
            self._store.extend(quads)
        finally:
            self._written()

    def stats(self) -> dict[str, int]:
        """Sizes for ``/health``: statements and article graphs."""
        graphs = sum(1 for g in self._store.named_graphs() if g not in (ONTOLOGY_GRAPH, META_GRAPH))
        own_records = sum(1 for _ in self._store.quads_for_pattern(None, None, None, META_GRAPH))
        return {"quads": len(self._store) - own_records, "graphs": graphs}  # as quads() counts them

    def flush(self) -> None:
        """Make what was written durable now."""
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Flush and let the store go (Oxigraph closes it when the object is freed)."""
        self.flush()
        del self._store

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreReadOnly("this store is open read-only; writes go through its owner")

    def _written(self) -> None:
        """A new generation, after a write is done (also after one that failed half way):
        an answer computed from the old data can never be served as the new one's. Under a
        lock: two writers on two threads must not both write back the same number."""
        with self._generation_lock:
            self.generation += 1


def replace_graphs_update(graphs: Mapping[str, Iterable[ox.Triple]]) -> str:
    """One SPARQL update that empties each named graph and fills it with its triples
    (any SPARQL 1.1 store runs an update as a unit).

    >>> t = ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"))
    >>> replace_graphs_update({"http://x/g": [t]})
    'DROP SILENT GRAPH <http://x/g> ; INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> "o" . } }'
    """
    names = {graph: serialize(ox.NamedNode(graph)) for graph in graphs}
    drops = " ; ".join(f"DROP SILENT GRAPH {name}" for name in names.values())
    bodies = " ".join(f"GRAPH {names[name]} {{ {_statements(triples)} }}" for name, triples in graphs.items())
    return f"{drops} ; INSERT DATA {{ {bodies} }}"


def _statements(triples: Iterable[ox.Triple]) -> str:
    return " ".join(f"{serialize(s)} {serialize(p)} {serialize(o)} ." for s, p, o in triples)


def open_store(
    location: str,
    *,
    read_only: bool = False,
    fallback_read_only: bool = False,
    settings: Settings | None = None,
    allow_remote: frozenset[str] | None = None,
) -> GraphStore:
    """Open the store a setting names: a directory, or the URL of a SPARQL server (whose
    credentials, update URL and timeout come from ``settings``). With
    ``fallback_read_only``, a directory another process holds is opened read-only
    instead of failing; ``allow_remote`` (by default from ``settings``) lets queries use
    those of :data:`REMOTE_KEYWORDS` it names."""
    if allow_remote is None:
        allow_remote = settings.remote_allowed() if settings is not None else frozenset()
    if location.startswith(("http://", "https://")):
        from app.remote_store import open_remote

        return open_remote(location, settings, read_only=read_only)
    path = Path(location)
    try:
        return OxigraphStore(path, read_only=read_only, allow_remote=allow_remote)
    except StoreBusy:
        if not fallback_read_only:
            raise
        return OxigraphStore(path, read_only=True, allow_remote=allow_remote)

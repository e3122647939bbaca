"""The store's records about itself: when the last ingest ended and how many articles it stored.

They live in the store, in the graph :data:`~app.store.META_GRAPH`, so they survive restarts,
travel with backups and are there for whichever process opens the store next (``techkg
ingest`` writes them, ``techkg serve`` reports them at ``/health``). The graph is replaced
whole at each record, in one atomic update, and is not part of exports or article counts.
"""

from __future__ import annotations

import datetime
from typing import Any

import pyoxigraph as ox

from app.store import META_GRAPH, GraphStore
from ontology.namespaces import BASE

META = BASE + "meta#"
XSD = "http://www.w3.org/2001/XMLSchema#"
LAST_INGEST = ox.NamedNode(BASE + "meta/last-ingest")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PROV_ACTIVITY = ox.NamedNode("http://www.w3.org/ns/prov#Activity")
ENDED = ox.NamedNode("http://www.w3.org/ns/prov#endedAtTime")
ARTICLES = ox.NamedNode(META + "articles")
FAILURES = ox.NamedNode(META + "failures")


def record_ingest(
    store: GraphStore, articles: int, failures: int, now: datetime.datetime | None = None
) -> None:
    """Note that an ingest stored ``articles`` articles (and skipped ``failures``) just now.
    A run that stored nothing changes nothing, this record included."""
    if not articles:
        return
    ended = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0)

    def number(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    stamp = ox.Literal(ended.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime"))
    store.replace_graph(
        META_GRAPH.value,
        [
            ox.Triple(LAST_INGEST, RDF_TYPE, PROV_ACTIVITY),
            ox.Triple(LAST_INGEST, ENDED, stamp),
            ox.Triple(LAST_INGEST, ARTICLES, number(articles)),
            ox.Triple(LAST_INGEST, FAILURES, number(failures)),
        ],
    )


def last_ingest(store: GraphStore) -> dict[str, Any] | None:
    """``{"at", "articles", "failures"}`` of the last recorded ingest; None when there was none."""
    values = {
        t.predicate: t.object.value for t in store.graph_triples(META_GRAPH.value) if t.subject == LAST_INGEST
    }
    if ENDED not in values:
        return None
    return {
        "at": values[ENDED],
        "articles": int(values.get(ARTICLES, 0)),
        "failures": int(values.get(FAILURES, 0)),
    }

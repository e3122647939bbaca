"""Content negotiation: which of the media types we can write a client's ``Accept`` prefers."""

from __future__ import annotations

import pyoxigraph as ox

#: media type -> SPARQL results format (SELECT and ASK)
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: media type -> RDF format (CONSTRUCT, DESCRIBE, graph store)
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q values, most preferred first; no header means ``*/*``.

    >>> parse_accept("text/csv;q=0.5, application/json")
    [('application/json', 1.0), ('text/csv', 0.5)]
    """
    ranges = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0]


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (first offered breaks ties); None if none fits.

    >>> choose("text/*", ["application/json", "text/csv"])
    'text/csv'
    >>> choose("image/png", ["application/json"]) is None
    True
    """
    for media, _ in parse_accept(header):
        if media in ("*/*", "*"):
            return offered[0]
        if media.endswith("/*"):
            found = next((o for o in offered if o.startswith(media[:-1])), None)
        else:
            found = media if media in offered else None
        if found:
            return found
    return None

"""Content negotiation: which of the media types we can write a client's ``Accept`` prefers.

The media types are data: one table for SPARQL results (SELECT, ASK), one for RDF
(CONSTRUCT, DESCRIBE, the graph store, the service description), each with the W3C
format IRI the service description advertises.
"""

from __future__ import annotations

import pyoxigraph as ox

FORMATS = "http://www.w3.org/ns/formats/"

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
#: the RDF types that carry graph names; a single graph is written in them as quads
DATASET_TYPES = ("application/n-quads", "application/trig")
#: the RDF types that carry one graph
TRIPLE_TYPES = [m for m in GRAPH_TYPES if m not in DATASET_TYPES]
#: every RDF type, the one-graph ones first so that ``*/*`` gets Turtle
RDF_TYPES = [*TRIPLE_TYPES, *DATASET_TYPES]

#: media type -> W3C format IRI (https://www.w3.org/ns/formats/), for ``sd:resultFormat``
FORMAT_IRIS: dict[str, str] = {
    "application/sparql-results+json": FORMATS + "SPARQL_Results_JSON",
    "application/sparql-results+xml": FORMATS + "SPARQL_Results_XML",
    "text/csv": FORMATS + "SPARQL_Results_CSV",
    "text/tab-separated-values": FORMATS + "SPARQL_Results_TSV",
    "text/turtle": FORMATS + "Turtle",
    "application/n-triples": FORMATS + "N-Triples",
    "application/ld+json": FORMATS + "JSON-LD",
    "application/rdf+xml": FORMATS + "RDF_XML",
    "application/n-quads": FORMATS + "N-Quads",
    "application/trig": FORMATS + "TriG",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q values, most preferred first; no header means ``*/*``.

    Ranges a client refuses (``q=0``) are kept, last, so that :func:`choose` can honour them.

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
    return [(m, q) for m, q, _ in ranges]


def _matches(media_range: str, media: str) -> bool:
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return media.startswith(media_range[:-1])
    return media_range == media


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (first offered breaks ties); None if none fits.

    A type the client names with ``q=0`` is never chosen, even through a wildcard.

    >>> choose("text/*", ["application/json", "text/csv"])
    'text/csv'
    >>> choose("text/csv;q=0, */*", ["text/csv", "application/json"])
    'application/json'
    >>> choose("image/png", ["application/json"]) is None
    True
    """
    ranges = parse_accept(header)
    refused = {media for media, q in ranges if q <= 0}
    for media_range, q in ranges:
        if q <= 0:
            break
        found = next((o for o in offered if o not in refused and _matches(media_range, o)), None)
        if found:
            return found
    return None

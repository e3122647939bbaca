"""Keeping ``xsd:duration`` literals intact on servers that mangle them.

Virtuoso 7.2 (Debian's 7.2.5 included) refuses ``"P1Y"^^xsd:duration`` in ``INSERT
DATA`` (error SR553) and turns it into ``"12"^^xsd:duration`` when loaded otherwise
(openlink/virtuoso-opensource issues #224 and #936). techkg states how long a
restriction lasts as an ``xsd:duration``, so on such a server the remote store writes
durations with a datatype of its own, which servers keep as they are, and turns them
back on the way out: what techkg reads is what it wrote. A SPARQL query sent straight to
the server sees the stand-in datatype.

Whether a server needs this is asked of the server itself (:data:`PROBE`), not of its
version string.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"
STAND_IN = "https://techkg.org/datatype/xsd-duration"

#: a query whose answer is ``P1Y`` on a server that keeps durations as written
PROBE = f'SELECT (STR("P1Y"^^<{XSD_DURATION}>) AS ?d) WHERE {{}}'

_JSON_DATATYPE = re.compile(rb'("datatype"\s*:\s*")' + re.escape(STAND_IN.encode()) + rb'"')
_NT_DATATYPE = re.compile(rb"\^\^<" + re.escape(STAND_IN.encode()) + rb">")


class DurationGuard:
    """Writes durations with the stand-in datatype and reads them back (when ``active``)."""

    def __init__(self, active: bool) -> None:
        self.active = active

    def encode(self, triple: ox.Triple) -> ox.Triple:
        """The triple as it is sent to the server."""
        value = triple.object
        if not self.active or not isinstance(value, ox.Literal) or value.datatype.value != XSD_DURATION:
            return triple
        stand_in = ox.Literal(value.value, datatype=ox.NamedNode(STAND_IN))
        return ox.Triple(triple.subject, triple.predicate, stand_in)

    def decode_results(self, body: bytes) -> bytes:
        """SPARQL JSON results as techkg wrote them.

        >>> DurationGuard(True).decode_results(b'{"datatype": "https://techkg.org/datatype/xsd-duration"}')
        b'{"datatype": "http://www.w3.org/2001/XMLSchema#duration"}'
        """
        return _JSON_DATATYPE.sub(rb"\g<1>" + XSD_DURATION.encode() + b'"', body) if self.active else body

    def decode_triples(self, body: bytes) -> bytes:
        """N-Triples as techkg wrote them.

        >>> DurationGuard(True).decode_triples(b'<s> <p> "P1Y"^^<https://techkg.org/datatype/xsd-duration> .')
        b'<s> <p> "P1Y"^^<http://www.w3.org/2001/XMLSchema#duration> .'
        """
        return _NT_DATATYPE.sub(b"^^<" + XSD_DURATION.encode() + b">", body) if self.active else body

"""The limits a public query endpoint needs: a time budget, a row cap, an export size cap.

Each is a named setting (:class:`~app.settings.Settings`) and each has its own error, so
the HTTP layer can answer with its own problem and the CLI with its own line.

**What the time budget bounds, and what it does not.** Oxigraph cannot interrupt a
query in-process: once ``Store.query`` is evaluating, only Oxigraph decides when it
returns. Two things are still in our hands, and the budget uses both:

- pyoxigraph's solutions are *lazy*: rows are computed as they are read. Every row read
  while writing an answer checks the budget (:meth:`QueryLimits.check_time`), so a query
  that streams many rows stops at the first row past its deadline, and frees its thread.
- the service runs each query on a worker thread and *stops waiting* for it at the
  deadline (:func:`app.service.results.within_budget`): the client gets its 503 on time
  even when Oxigraph is busy before the first row.

What it does not bound: work Oxigraph must finish before it can yield any row (a
``COUNT``, ``ORDER BY`` or ``GROUP BY`` over a huge join) keeps its worker thread busy
until that row exists; then the row check stops it. The budget protects clients and the
event loop, not the CPU, from such a query.

The export cap bounds what is written or sent; the export is built in memory first.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

T = TypeVar("T")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class LimitExceeded(Exception):
    """A request asked for more than a limit allows; the message says which and what to do."""


class QueryTimeout(LimitExceeded):
    """A query ran past its time budget."""


class TooManyResults(LimitExceeded):
    """A query yields more rows (or triples) than one answer may hold."""


class ExportTooLarge(LimitExceeded):
    """An export is bigger than the export size cap."""


@dataclass(frozen=True)
class QueryLimits:
    """The budget of one query, started when the request arrived, and its row cap."""

    seconds: float
    max_rows: int
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        """Seconds left before the deadline (never below zero)."""
        return max(0.0, self.started + self.seconds - time.monotonic())

    def check_time(self) -> None:
        """Raise :class:`QueryTimeout` once the deadline has passed."""
        if time.monotonic() > self.started + self.seconds:
            raise QueryTimeout(self.timeout_message())

    def timeout_message(self) -> str:
        return (
            f"the query ran past its time budget of {self.seconds:g}s; make it more selective "
            "(or raise TECHKG_QUERY_TIME_LIMIT_MS)"
        )

    def capped(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` as they come, checking the deadline and the row cap at every one.

        >>> list(QueryLimits(60, 3).capped("abc"))
        ['a', 'b', 'c']
        >>> list(QueryLimits(60, 2).capped("abc"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        app.limits.TooManyResults: the query gives more than 2 results: add LIMIT ...
        """
        for count, item in enumerate(items, 1):
            self.check_time()
            if count > self.max_rows:
                raise TooManyResults(
                    f"the query gives more than {self.max_rows} results: add LIMIT (and OFFSET to page), "
                    "or raise TECHKG_MAX_QUERY_ROWS"
                )
            yield item


def write_solutions(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, limits: QueryLimits) -> bytes:
    """SELECT results in ``fmt``, read row by row under ``limits``.

    pyoxigraph cannot serialize a list of solutions, only a whole ``QuerySolutions``; so
    the rows are read under the limits into SPARQL JSON, which Oxigraph parses back and
    writes in the asked format (its own writers, byte for byte what clients got before).
    """
    names = [v.value for v in solutions.variables]
    rows = [
        {name: term_json(row[name]) for name in names if row[name] is not None}
        for row in limits.capped(solutions)
    ]
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}).encode("utf-8")
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=fmt) or b""


def write_triples(triples: ox.QueryTriples, fmt: ox.RdfFormat, limits: QueryLimits) -> bytes:
    """CONSTRUCT/DESCRIBE results in ``fmt``, read triple by triple under ``limits``."""
    return ox.serialize(limits.capped(triples), format=fmt) or b""


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    """One RDF term as SPARQL 1.1 JSON results write it (RDF 1.2 triple terms included).

    >>> term_json(ox.Literal("Amazon", language="en"))
    {'type': 'literal', 'value': 'Amazon', 'xml:lang': 'en'}
    >>> term_json(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    {'type': 'literal', 'value': '3', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: term_json(v) for k, v in parts.items()}}
    literal: dict = {"type": "literal", "value": term.value}
    if term.language:
        literal["xml:lang"] = term.language
        if term.direction is not None:
            literal["its:dir"] = str(term.direction)
    elif term.datatype.value != XSD_STRING:
        literal["datatype"] = term.datatype.value
    return literal


def check_export_size(data: bytes, limit: int) -> bytes:
    """``data`` when it is within the export cap; :class:`ExportTooLarge` when it is not.

    >>> check_export_size(b"abc", 3)
    b'abc'
    """
    if len(data) > limit:
        raise ExportTooLarge(
            f"the export is {len(data)} bytes, more than the {limit} allowed: narrow it "
            "(entity, technology, type, active_on) or raise TECHKG_MAX_EXPORT_BYTES"
        )
    return data

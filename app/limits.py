"""The limits a public query endpoint needs: a time budget, a row cap, an export size cap.

Each is a named setting (:class:`~app.settings.Settings`) and each has its own error, so
the HTTP layer can answer with its own problem and the CLI with its own line.

**What the time budget bounds, and what it does not.** Oxigraph cannot interrupt a
query in-process: once ``Store.query`` is evaluating, only Oxigraph decides when it
returns. Two things are still in our hands, and the budget uses both:

- pyoxigraph's solutions are *lazy*: rows are computed as they are read. Rows read while
  counting, and every chunk Oxigraph writes, check the budget (:meth:`QueryLimits.check_time`),
  so a query that streams many rows stops soon after its deadline, and frees its thread.
- the service runs each query on a worker thread and *stops waiting* for it at the
  deadline (:func:`app.service.results.within_budget`): the client gets its 503 on time
  even when Oxigraph is busy before the first row.

What it does not bound: work Oxigraph must finish before it can yield any row (a
``COUNT``, ``ORDER BY`` or ``GROUP BY`` over a huge join) keeps its worker thread busy
until that row exists; then the row check stops it. The budget protects clients and the
event loop, not the CPU, from such a query: each one abandoned still holds a thread, and
several at once slow every other request down.

The export cap bounds what is written or sent; the export is built in memory first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

T = TypeVar("T")


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
        """``items`` as they come, checking the row cap at every one and the deadline every
        :data:`CHECK_EVERY` (a clock read per row costs more than writing the row).

        >>> list(QueryLimits(60, 3).capped("abc"))
        ['a', 'b', 'c']
        >>> list(QueryLimits(60, 2).capped("abc"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        app.limits.TooManyResults: the query gives more than 2 results: add LIMIT ...
        """
        self.check_time()
        for count, item in enumerate(items, 1):
            if count > self.max_rows:
                raise TooManyResults(
                    f"the query gives more than {self.max_rows} results: add LIMIT (and OFFSET to page), "
                    "or raise TECHKG_MAX_QUERY_ROWS"
                )
            if count % CHECK_EVERY == 0:
                self.check_time()
            yield item


CHECK_EVERY = 256


class DeadlineWriter:
    """A binary sink for Oxigraph's writers that checks the deadline at every chunk (~8 KB)."""

    def __init__(self, limits: QueryLimits) -> None:
        self.limits = limits
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.limits.check_time()
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def write_solutions(
    run: Callable[[], ox.QuerySolutions], fmt: ox.QueryResultsFormat, limits: QueryLimits
) -> bytes:
    """SELECT results in ``fmt``, under ``limits``; ``run`` evaluates the query.

    pyoxigraph writes only a whole ``QuerySolutions``, and writing rows one by one in
    Python was measured 7-13x slower than its writers (50,000 rows). So the query runs
    twice: a first pass counts its rows lazily (it stops at the cap, so a streaming query
    pays little; a sorted or grouped one is evaluated in full), then Oxigraph writes the
    second run itself, checking the deadline at every chunk it writes.
    """
    for _ in limits.capped(run()):
        pass
    sink = DeadlineWriter(limits)
    run().serialize(output=sink, format=fmt)
    return sink.getvalue()


def write_triples(triples: ox.QueryTriples, fmt: ox.RdfFormat, limits: QueryLimits) -> bytes:
    """CONSTRUCT/DESCRIBE results in ``fmt``, read triple by triple under ``limits``."""
    return ox.serialize(limits.capped(triples), format=fmt) or b""


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

"""Progress of a long ingest on stderr: articles done, articles per second, time left;
and Ctrl-C, which stops it between batches.

On a terminal a bar is redrawn in place (at most a few times a second, so drawing costs
nothing next to extraction); anywhere else (a log file, a pipe, CI) a plain line is
written every so often instead, since carriage returns make a mess of logs. Plain
text, no dependency: a bar is one formatted line.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from typing import TextIO

from app.ingest import IngestReport

BAR_WIDTH = 24
#: seconds between redraws of the bar / between plain lines when stderr is not a terminal
TTY_INTERVAL, LOG_INTERVAL = 0.2, 10.0


def duration(seconds: float) -> str:
    """A short human duration.

    >>> duration(5.2), duration(192), duration(7322)
    ('5s', '3m12s', '2h02m')
    """
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def status(done: int, total: int | None, seconds: float, failures: int) -> str:
    """Counts, rate and time left, the part of the line shared by bar and log.

    >>> status(250, 1000, 10.0, 3)
    '250/1000 articles (25%), 25.0 articles/s, ETA 30s, 3 failed'
    >>> status(10, None, 0.0, 0)
    '10 articles, 0.0 articles/s, 0 failed'
    """
    rate = done / seconds if seconds > 0 else 0.0
    if not total:
        return f"{done} articles, {rate:.1f} articles/s, {failures} failed"
    left = max(total - done, 0)
    eta = duration(left / rate) if rate > 0 else "?"
    percent = min(100 * done // total, 100)
    return f"{done}/{total} articles ({percent}%), {rate:.1f} articles/s, ETA {eta}, {failures} failed"


def bar(done: int, total: int | None, width: int = BAR_WIDTH) -> str:
    """The bar itself.

    >>> bar(1, 4, 8), bar(5, 4, 8), bar(3, None, 8)
    ('[##------]', '[########]', '')
    """
    if not total:
        return ""
    filled = min(width * done // total, width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


class ProgressDisplay:
    """The ``progress`` callback of :func:`app.ingest.ingest` that writes to a stream."""

    def __init__(
        self,
        total: int | None,
        stream: TextIO = sys.stderr,
        *,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.stream, self.clock = total, stream, clock
        self.tty = stream.isatty() if tty is None else tty
        self.interval = TTY_INTERVAL if self.tty else LOG_INTERVAL
        self.started = clock()
        self._last_shown = self.started
        #: the last state seen, for a message when the run is cut short
        self.report: IngestReport | None = None

    def __call__(self, report: IngestReport) -> None:
        self.report = report
        now = self.clock()
        if now - self._last_shown >= self.interval:
            self._last_shown = now
            self._show(report, now)

    def finish(self, report: IngestReport) -> None:
        """The last state, and the bar's line ended so the summary starts on its own."""
        self._show(report, self.clock())
        self.stop()

    def stop(self) -> None:
        """End the bar's line when the run is cut short, so a message starts on its own."""
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def _show(self, report: IngestReport, now: float) -> None:
        text = status(report.done, self.total, now - self.started, len(report.failures))
        if self.tty:
            self.stream.write(f"\r{bar(report.done, self.total)} {text}\x1b[K")
        else:
            self.stream.write(f"ingest: {text}\n")
        self.stream.flush()


class StopBetweenBatches:
    """Ctrl-C during an ingest: the first press stops the run at the next progress call,
    which comes after a batch is written and counted, so the count a message gives is
    exactly what the store holds; a second press stops at once. Main thread only (Python
    runs signal handlers there)."""

    def __init__(self) -> None:
        self.asked = self.forced = False
        self._previous: object = None

    def __enter__(self) -> StopBetweenBatches:
        self._previous = signal.signal(signal.SIGINT, self._ask)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]

    def _ask(self, signum: int, frame: object) -> None:
        if self.asked:
            self.forced = True
            raise KeyboardInterrupt
        self.asked = True

    def check(self) -> None:
        """Raise :class:`KeyboardInterrupt` if Ctrl-C was pressed since the run began."""
        if self.asked:
            raise KeyboardInterrupt

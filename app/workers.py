"""Extraction in worker processes, for ``techkg ingest --workers N``.

Only extraction and the RDF mapping run in the workers; the store keeps one writer, the
main process (Oxigraph lets one process write). Chunks of articles go out and prepared
graphs come back in corpus order, with a bounded number of chunks in flight, so memory
stays flat however long the corpus is (``Pool.imap`` would read the whole corpus ahead).

Workers are *spawned*, not forked: the main process may already hold the open store,
whose threads and locks a fork would copy. Each worker builds its own pipeline from an
:class:`~app.prepare.ExtractorRecipe` (a few seconds), and ignores Ctrl-C, which the
main process handles. A worker that dies (killed, out of memory) fails the articles then
in flight, with that reason, and a fresh pool takes the rest.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from app.prepare import ExtractorRecipe, PreparedArticle, chunks, prepare_chunk
from extract.article import Article, ArticleError
from extract.pipeline import Extractor

#: chunks waiting or running per worker: enough to keep every worker busy
CHUNKS_PER_WORKER = 2

_extractor: Extractor | None = None


def _start_worker(recipe: ExtractorRecipe) -> None:
    global _extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _extractor = recipe.build()


def _work(chunk: list[Article]) -> list[PreparedArticle | ArticleError]:
    assert _extractor is not None, "the worker was not started with a recipe"
    return prepare_chunk(chunk, _extractor)


class WorkerPool:
    """Worker processes that prepare chunks of articles, started again if one dies."""

    def __init__(self, recipe: ExtractorRecipe, workers: int) -> None:
        self.recipe, self.workers = recipe, workers
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(self.recipe,)
        )

    def submit(self, chunk: list[Article]) -> Future:
        try:
            return self._pool.submit(_work, chunk)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return self._pool.submit(_work, chunk)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def prepare_in_workers(
    articles: Iterable[Article], recipe: ExtractorRecipe, workers: int, chunk_size: int
) -> Iterator[PreparedArticle | ArticleError]:
    """Every article prepared by ``workers`` processes, in corpus order."""
    pool = WorkerPool(recipe, workers)
    in_flight: deque[tuple[list[Article], Future]] = deque()
    try:
        for chunk in chunks(articles, chunk_size):
            in_flight.append((chunk, pool.submit(chunk)))
            if len(in_flight) >= CHUNKS_PER_WORKER * workers:
                yield from _results(*in_flight.popleft())
        while in_flight:
            yield from _results(*in_flight.popleft())
    finally:
        pool.close()


def _results(chunk: list[Article], future: Future) -> list[PreparedArticle | ArticleError]:
    try:
        return future.result()
    except BrokenProcessPool:
        reason = "a worker process died while extracting it (out of memory, or killed)"
        return [ArticleError(f"{article.id}: {reason}") for article in chunk]

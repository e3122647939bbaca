"""Ingest: articles through the extractor into the store, one named graph each.

A corpus streams through: articles are read lazily, extracted through ``nlp.pipe`` (here
or in worker processes, :mod:`app.workers`) and written in batches, several articles'
graphs per transaction (``replace_graphs``). Each article is whole or absent: a batch is
one transaction, and a batch the store refuses is written again article by article, so
one bad article never costs the others. Ingesting an article again replaces exactly its
statements. A broken article is reported and skipped; it never stops the run. Memory
stays flat: at most a batch of graphs and the pipeline's own batch are held at once.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from app.metadata import record_ingest
from app.prepare import ExtractorRecipe, PreparedArticle, chunks, prepare_all
from app.store import GraphStore, StoreError
from extract.article import Article, ArticleError
from extract.facts import ArticleFacts
from extract.pipeline import Extractor
from extract.to_rdf import article_graph

#: articles whose graphs are written in one transaction (bench/ingest_scaling.py)
DEFAULT_BATCH_SIZE = 32
MAX_REASON = 500
#: Oxigraph holds what was written in memory until it is flushed: ~1 KB a statement, so
#: 10k articles grew the process to 1.5 GB; flushing this often keeps it flat (~200 MB)
FLUSH_EVERY_QUADS = 50_000
Progress = Callable[["IngestReport"], None]


@dataclass
class IngestReport:
    """What a run did: articles stored, facts by kind, failures with their reasons."""

    articles: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        """Items finished either way: stored or failed."""
        return self.articles + len(self.failures)

    def fail(self, reason: str) -> None:
        """Record a failure; a reason quoting a huge input is cut short."""
        self.failures.append(reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…")

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        """One line for a person."""
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.facts.items())) or "none"
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        return (
            f"ingested {self.articles} article(s) in {self.seconds:.1f}s ({rate:.1f}/s); "
            f"facts: {kinds}; failures: {len(self.failures)}"
        )


def rdf_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph as Oxigraph triples (through N-Triples, which both sides speak exactly)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def store_article(store: GraphStore, facts: ArticleFacts) -> None:
    """Replace the article's named graph with what was extracted from it."""
    graph = article_graph(facts)
    store.replace_graph(str(graph.identifier), rdf_triples(graph))


def ingest(
    store: GraphStore,
    items: Iterable[Article | ArticleError],
    extractor: Extractor | ExtractorRecipe,
    progress: Progress | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 0,
) -> IngestReport:
    """Extract and store every article; errors are collected in the report.

    ``workers`` > 0 extracts in that many processes (``extractor`` must then be a
    recipe, which each worker builds); this process stays the store's one writer."""
    report = IngestReport()
    articles = _articles_only(items, report, progress)
    unflushed = 0
    for batch in chunks(_prepared(articles, extractor, workers, batch_size), batch_size):
        unflushed += _store_batch(store, batch, report)
        if unflushed >= FLUSH_EVERY_QUADS:
            _flush(store)
            unflushed = 0
        if progress:
            progress(report)
    record_ingest(store, report.articles, len(report.failures))
    _flush(store)
    return report


def _flush(store: GraphStore) -> None:
    if hasattr(store, "flush"):
        store.flush()


def _prepared(
    articles: Iterable[Article], extractor: Extractor | ExtractorRecipe, workers: int, chunk_size: int
) -> Iterator[PreparedArticle | ArticleError]:
    if workers <= 0:
        built = extractor.build() if isinstance(extractor, ExtractorRecipe) else extractor
        return prepare_all(articles, built)
    if not isinstance(extractor, ExtractorRecipe):
        raise TypeError("worker processes build their own extractor: pass an ExtractorRecipe")
    from app.workers import prepare_in_workers  # only a run with workers pays for it

    return prepare_in_workers(articles, extractor, workers, chunk_size)


def _store_batch(
    store: GraphStore, batch: Sequence[PreparedArticle | ArticleError], report: IngestReport
) -> int:
    """Write a batch in one transaction; if the store refuses it, article by article.
    Returns the number of statements written. (An id twice in a batch is written once,
    its later version, as sequential writes would leave it.)"""
    parsed: list[tuple[PreparedArticle, list[ox.Triple]]] = []
    for item in batch:
        if isinstance(item, ArticleError):
            report.fail(str(item))
            continue
        try:
            parsed.append((item, item.triples()))
        except SyntaxError as exc:
            report.fail(f"{item.article_id}: not stored (its RDF does not parse: {exc})")
    try:
        store.replace_graphs({item.graph: triples for item, triples in parsed})
    except _WRITE_ERRORS:
        for item, triples in parsed:
            _store_one(store, item, triples, report)
    else:
        for item, _ in parsed:
            _count(report, item)
    return sum(len(triples) for _, triples in parsed)


def _store_one(
    store: GraphStore, item: PreparedArticle, triples: list[ox.Triple], report: IngestReport
) -> None:
    try:
        store.replace_graphs({item.graph: triples})
    except _WRITE_ERRORS as exc:
        report.fail(f"{item.article_id}: not stored ({type(exc).__name__}: {exc})")
        return
    _count(report, item)


def _count(report: IngestReport, item: PreparedArticle) -> None:
    report.articles += 1
    report.facts.update(item.relations)


#: what a store raises for a write it refuses (anything else is a bug and stops the run)
_WRITE_ERRORS = (StoreError, OSError, ValueError, KeyError)


def _articles_only(
    items: Iterable[Article | ArticleError],
    report: IngestReport,
    progress: Progress | None,
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ArticleError):
            report.fail(str(item))
            if progress:
                progress(report)
        else:
            yield item

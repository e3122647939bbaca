"""Ingest: articles through the extractor into the store, one named graph each.

Each article's graph is replaced in one atomic update, so an article is either fully
stored or absent, and ingesting it again replaces exactly its statements. A broken
article is reported and skipped; it never stops the run.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from app.metadata import record_ingest
from app.store import GraphStore, StoreError
from extract.article import Article, ArticleError
from extract.facts import ArticleFacts
from extract.pipeline import Extractor
from extract.to_rdf import article_graph


@dataclass
class IngestReport:
    """What a run did: articles stored, facts by kind, failures with their reasons."""

    articles: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

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
    extractor: Extractor,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract and store every article; errors are collected in the report."""
    report = IngestReport()
    for facts in extractor.extract_many(_articles_only(items, report, progress)):
        if isinstance(facts, ArticleError):
            report.failures.append(str(facts))
            continue
        try:
            store_article(store, facts)
        except (KeyError, ValueError, StoreError) as exc:  # one bad article never stops a corpus
            report.failures.append(f"{facts.article.id}: not stored ({type(exc).__name__}: {exc})")
            continue
        report.articles += 1
        report.facts.update(f.relation for f in facts.facts)
        if progress:
            progress(report)
    record_ingest(store, report.articles, len(report.failures))
    if hasattr(store, "flush"):
        store.flush()
    return report


def _articles_only(
    items: Iterable[Article | ArticleError],
    report: IngestReport,
    progress: Callable[[IngestReport], None] | None,
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ArticleError):
            report.failures.append(str(item))
            if progress:
                progress(report)
        else:
            yield item

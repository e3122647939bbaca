"""Articles made ready to store: extracted, mapped to RDF and serialized, one at a time.

A :class:`PreparedArticle` is what crosses from extraction to the store's one writer: the
article's graph as N-Triples bytes (small, picklable, so a worker process can make it)
and the relation of each fact for the report. Extraction may run here or in worker
processes (:mod:`app.workers`); either way every article that cannot be prepared
becomes an :class:`ArticleError` in the stream and the others go on.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from extract.article import Article, ArticleError
from extract.facts import ArticleFacts
from extract.pipeline import DEFAULT_MIN_CONFIDENCE, Extractor, build_pipeline
from extract.to_rdf import article_graph

T = TypeVar("T")
#: articles extracted in one spaCy memory zone
ZONE_ARTICLES = 256


@dataclass(frozen=True)
class ExtractorRecipe:
    """How to build an :class:`Extractor`; unlike a built one it can be sent to a
    worker process, which builds its own."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    spacy_model: str | None = None

    def build(self) -> Extractor:
        return Extractor(build_pipeline(self.min_confidence, self.spacy_model))


@dataclass(frozen=True)
class PreparedArticle:
    """One article's named graph, ready for the store."""

    article_id: str
    graph: str
    relations: tuple[str, ...]
    ntriples: bytes

    def triples(self) -> list[ox.Triple]:
        """The graph's statements (a :class:`SyntaxError` if the bytes are not N-Triples)."""
        return [q.triple for q in ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES)]


def prepare(facts: ArticleFacts) -> PreparedArticle:
    """The article's graph, serialized; a fact the RDF mapping rejects is an :class:`ArticleError`."""
    try:
        graph = article_graph(facts)
        data = graph.serialize(format="nt", encoding="utf-8")
    except (KeyError, ValueError) as exc:
        raise ArticleError(f"{facts.article.id}: not stored ({type(exc).__name__}: {exc})") from exc
    relations = tuple(f.relation for f in facts.facts)
    return PreparedArticle(facts.article.id, str(graph.identifier), relations, data)


def prepare_all(
    articles: Iterable[Article], extractor: Extractor
) -> Iterator[PreparedArticle | ArticleError]:
    """Every article prepared in this process, in order (``nlp.pipe`` batches them).

    Each run of :data:`ZONE_ARTICLES` articles goes through a spaCy memory zone: the
    strings its words added to the vocabulary are freed at the end of the run, which
    keeps memory flat over a corpus of ever new words (measured: 300k new words grew
    the vocabulary by ~130 MB outside a zone). Nothing made inside a zone outlives it:
    prepared articles hold plain bytes and strings."""
    remaining = iter(articles)
    while (first := next(remaining, None)) is not None:
        run = itertools.chain([first], itertools.islice(remaining, ZONE_ARTICLES - 1))
        with extractor.nlp.memory_zone():
            yield from _prepare_run(run, extractor)


def _prepare_run(
    articles: Iterable[Article], extractor: Extractor
) -> Iterator[PreparedArticle | ArticleError]:
    for facts in extractor.extract_many(articles):
        if isinstance(facts, ArticleError):
            yield facts
            continue
        try:
            yield prepare(facts)
        except ArticleError as exc:
            yield exc


def prepare_chunk(articles: list[Article], extractor: Extractor) -> list[PreparedArticle | ArticleError]:
    """A chunk of articles prepared at once (the unit of work of a worker process)."""
    return list(prepare_all(articles, extractor))


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter).

    >>> [len(c) for c in chunks(range(5), 2)]
    [2, 2, 1]
    """
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk

"""Preparing articles for the store: extraction, the RDF mapping, spaCy memory zones."""

from __future__ import annotations

from app.prepare import ZONE_ARTICLES, PreparedArticle, prepare_all
from extract.article import Article, ArticleError
from extract.pipeline import Extractor


def _articles(n: int, word: str) -> list[Article]:
    return [Article(f"{word}-{i}", f"Flock Safety sells {word}{i}x cameras to police.") for i in range(n)]


def test_words_new_to_the_vocabulary_are_freed_after_each_run(extractor: Extractor) -> None:
    strings = extractor.nlp.vocab.strings
    before = len(strings)
    prepared = list(prepare_all(_articles(ZONE_ARTICLES + 3, "zqvx"), extractor))
    assert len(prepared) == ZONE_ARTICLES + 3
    assert all(isinstance(p, PreparedArticle) for p in prepared)
    assert len(strings) == before and "zqvx7x" not in strings
    assert any(b"zqvx7x" in p.ntriples for p in prepared)  # the article text itself is kept


def test_prepared_graphs_outlive_their_memory_zone(extractor: Extractor) -> None:
    inside = [p for p in prepare_all(_articles(3, "wkjh"), extractor) if isinstance(p, PreparedArticle)]
    outside = [extractor.extract(a) for a in _articles(3, "wkjh")]
    assert [sorted(p.relations) for p in inside] == [sorted(f.relation for f in o.facts) for o in outside]
    assert all(p.triples() for p in inside)


def test_an_article_spacy_cannot_take_is_an_error_in_the_stream(extractor: Extractor) -> None:
    long = Article("long", "word " * (extractor.nlp.max_length // 5 + 1))
    results = list(prepare_all([long, *_articles(1, "ok")], extractor))
    assert isinstance(results[0], ArticleError) and "split the article" in str(results[0])
    assert isinstance(results[1], PreparedArticle)

"""A corpus goes through the extractor whole: one failing article is reported as failed
and every other article keeps its own facts."""

from __future__ import annotations

import datetime

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from extract.article import Article, ArticleError
from extract.pipeline import Extractor, build_pipeline


@Language.component("techkg_test_fails_on_marker")
def _fails_on_marker(doc: Doc) -> Doc:
    if "KABOOM" in doc.text:
        raise RuntimeError("a component broke on this article")
    return doc


def test_a_failing_article_does_not_hand_its_facts_to_the_next() -> None:
    nlp = build_pipeline()
    nlp.add_pipe("techkg_test_fails_on_marker", before="techkg_relations")
    articles = [
        Article("first", "The Boston City Council banned facial recognition."),
        Article("broken", "KABOOM. The Portland City Council banned facial recognition."),
        Article("third", "The Somerville City Council banned facial recognition."),
        Article("broken-last", "KABOOM again."),
    ]
    results = list(Extractor(nlp, batch_size=2).extract_many(articles))
    assert len(results) == 4
    assert isinstance(results[1], ArticleError) and "broken" in str(results[1])
    assert "a component broke" in str(results[1])
    assert isinstance(results[3], ArticleError) and "broken-last" in str(results[3])
    authorities = {
        r.article.id: {f.values["authority"] for f in r.facts}
        for r in results
        if not isinstance(r, ArticleError)
    }
    assert authorities == {"first": {"Boston City Council"}, "third": {"Somerville City Council"}}


def test_an_iso_date_string_is_taken_as_the_date() -> None:
    assert Article("a", "text", "2021-06-10").date == datetime.date(2021, 6, 10)  # type: ignore[arg-type]


def test_a_date_that_is_no_date_is_an_article_error() -> None:
    with pytest.raises(ArticleError, match="June 10"):
        Article("a", "text", "June 10")  # type: ignore[arg-type]

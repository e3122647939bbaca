"""Readers turn file contents into articles, or say clearly why they cannot."""

from __future__ import annotations

import datetime

import pytest

from extract.article import Article, ArticleError
from extract.readers import read_html, read_jsonl, read_text


def test_text_with_date_line_on_its_own_line() -> None:
    article = read_text("a", "date 2021-03-04\n\nThe city banned drones.\n")
    assert article.date == datetime.date(2021, 3, 4)
    assert article.text == "The city banned drones."


def test_text_without_date_keeps_everything() -> None:
    article = read_text("b", "Nothing dated here.")
    assert article.date is None and article.text == "Nothing dated here."


def test_impossible_date_is_an_error() -> None:
    with pytest.raises(ArticleError, match="2021-02-30"):
        read_text("c", "date 2021-02-30\nText.")


def test_empty_text_is_an_error() -> None:
    with pytest.raises(ArticleError, match="no text"):
        read_text("d", "date 2021-01-01\n   \n")


def test_html_drops_scripts_and_keeps_meta_date_and_title() -> None:
    page = """<html><head><title>Council vote</title>
    <meta property="article:published_time" content="2019-05-14T18:00:00Z">
    <script>document.write('ban')</script></head>
    <body><p>The board voted <b>8-1</b>.</p><style>p{}</style><p>Second.</p></body></html>"""
    article = read_html("e", page)
    assert article.title == "Council vote"
    assert article.date == datetime.date(2019, 5, 14)
    assert article.text == "The board voted 8-1.\nSecond."
    assert "document.write" not in article.text


def test_jsonl_reports_broken_lines_and_goes_on() -> None:
    lines = [
        '{"id": "one", "date": "2020-01-02", "text": "First."}',
        "{not json",
        '{"id": "three", "text": ""}',
        '{"id": "four", "date": "2020-13-01", "text": "Bad month."}',
        '{"id": "five", "title": "T", "url": "https://example.org/5", "text": "Fifth."}',
    ]
    results = list(read_jsonl(lines, "corpus.jsonl"))
    assert [type(r) for r in results] == [Article, ArticleError, ArticleError, ArticleError, Article]
    assert "corpus.jsonl:2" in str(results[1])
    assert results[4].title == "T" and results[4].url == "https://example.org/5"

"""Fuzzing the readers and the extractor with Hypothesis: whatever comes in, what comes out
is an article, its facts and RDF, or an :class:`ArticleError` saying why not; no other
exception escapes."""

from __future__ import annotations

import contextlib
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.article import Article, ArticleError
from extract.facts import ArticleFacts
from extract.pipeline import Extractor
from extract.readers import article_from_json, read_html, read_jsonl_line, read_text
from extract.to_rdf import article_graph

#: words the rules react to, so random sentences reach them (and their edge cases)
WORDS = (
    "Amazon IBM Clearview AI Rekognition police Police Department city council San Francisco "
    "sells sold supplies bought uses used banned ban bans moratorium pause paused for one year "
    "until 2021 since June 1 , 2020 , last week next month not never proposed would could "
    "facial recognition drones license plate readers to from with by the a its it they "
    "except exempt including . , ; : ( ) \" ' — - 'll n't 2019-05-14 days years 18 months"
).split()
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)
texts = st.one_of(st.text(max_size=400), st.lists(sentences, min_size=1, max_size=6).map(". ".join))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
html_bits = st.sampled_from(
    ["<p>", "</p>", "<script>", "</script>", "<style>", "<title>", "</title>", "<br>", "&amp;", "&#0;",
     '<meta name="date" content="', '">', "<!--", "-->", "<![CDATA[", "]]>", "<head>", "</html>"]
)  # fmt: skip
html_pages = st.lists(st.one_of(html_bits, sentences, st.text(max_size=20)), max_size=30).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(doc_id=st.text(min_size=0, max_size=12), text=st.one_of(texts, st.from_regex(r"\s*date[: ]\S*\n.*")))
def test_read_text_gives_an_article_or_an_article_error(doc_id: str, text: str) -> None:
    try:
        article = read_text(doc_id, text)
    except ArticleError:
        return
    assert isinstance(article, Article) and article.text.strip()


@FUZZ
@given(page=html_pages)
def test_read_html_gives_an_article_or_an_article_error(page: str) -> None:
    try:
        article = read_html("page", page)
    except ArticleError:
        return
    # (no claim about markup in the text: broken HTML such as an unclosed attribute is
    # flushed as text by the parser, and "&lt;script&gt;" is an article's own words)
    assert article.text.strip()


@FUZZ
@given(value=json_values)
def test_json_lines_never_raise(value: object) -> None:
    line = json.dumps(value)
    assert isinstance(read_jsonl_line(line, "c.jsonl:1"), Article | ArticleError)
    assert isinstance(read_jsonl_line(line[: len(line) // 2], "c.jsonl:1"), Article | ArticleError)
    with contextlib.suppress(ArticleError):
        article_from_json(value, "c.jsonl:1")


@FUZZ
@given(
    obj=st.fixed_dictionaries(
        {"id": st.text(alphabet=string.printable, max_size=10), "text": texts},
        optional={"date": st.text(max_size=12), "title": json_values, "url": json_values},
    )
)
def test_article_objects_with_odd_fields(obj: dict) -> None:
    result = read_jsonl_line(json.dumps(obj), "c.jsonl:1")
    assert isinstance(result, Article | ArticleError)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(texts, min_size=1, max_size=4))
def test_the_extractor_yields_facts_or_article_errors(extractor: Extractor, bodies: list[str]) -> None:
    articles = []
    for number, body in enumerate(bodies):
        try:
            articles.append(read_text(f"fuzz-{number}", body))
        except ArticleError:
            continue
    results = list(extractor.extract_many(articles))
    assert len(results) == len(articles)
    for result in results:
        assert isinstance(result, ArticleFacts | ArticleError)
        if isinstance(result, ArticleFacts):
            graph = article_graph(result)  # what ingest stores: must build for any text
            assert len(graph) > 0

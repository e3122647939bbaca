"""Real news the rules were not written from: the extractor must get through all of it.

The dev texts stay in ../shared (they are verbatim excerpts); this test reads them when
they are there and skips otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from extract.article import Article
from extract.pipeline import Extractor
from extract.to_rdf import article_graph


def test_every_dev_text_extracts_and_maps_to_rdf(shared: Path, extractor: Extractor) -> None:
    documents = [json.loads(p.read_text()) for p in sorted((shared / "corpus" / "dev").glob("*.json"))]
    assert len(documents) >= 20
    articles = [Article(d["doc"], d["text"]) for d in documents]
    results = list(extractor.extract_many(articles))
    assert all(not isinstance(r, Exception) for r in results), [
        str(r) for r in results if isinstance(r, Exception)
    ]
    for facts in results:
        names = {e.name for e in facts.entities}
        for fact in facts.facts:
            assert fact.evidence.sentence
        assert len(article_graph(facts)) > 3, facts.article.id
        assert names

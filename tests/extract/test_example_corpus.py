"""The project's own example corpus: well-formed gold, and the extractor measured on it.

The figures are printed (``pytest -s``) and guarded by floors a little under what the
extractor reached when they were set, so that a regression fails loudly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.evaluation import load_documents
from app.sources import read_articles
from extract.evaluation import KEYS, Names, evaluate
from extract.pipeline import Extractor

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RESTRICTION_KINDS = {"moratorium", "ban", "discontinuation", "pause", "regulation", "limit", "proposed-ban"}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_documents(EXAMPLES / "gold")


def test_every_article_has_gold_and_the_corpus_is_big_enough(gold: list[dict]) -> None:
    articles = {p.stem for p in (EXAMPLES / "articles").glob("*.txt")}
    assert articles == {d["doc"] for d in gold}
    assert len(articles) >= 20
    assert sum(1 for d in gold if not d["facts"]) >= 4, "trap articles with nothing to find"


def test_gold_facts_name_their_entities(gold: list[dict]) -> None:
    for doc in gold:
        names = Names(doc["entities"])
        known = set().union(*(names.of(e["name"]) for e in doc["entities"])) if doc["entities"] else set()
        for fact in doc["facts"]:
            assert fact["relation"] in KEYS, (doc["doc"], fact)
            for field in KEYS[fact["relation"]]:
                assert names.of(fact[field]) & known, (doc["doc"], field, fact[field])
            if fact["relation"] == "restricts":
                assert fact["kind"] in RESTRICTION_KINDS, (doc["doc"], fact["kind"])


def test_extractor_on_the_example_corpus(gold: list[dict], extractor: Extractor) -> None:
    predicted = [f.to_json() for f in extractor.extract_many(read_articles([EXAMPLES / "articles"]))]
    report = evaluate(gold, predicted)
    print("\n" + report.render())
    micro = report.micro()
    precision, _recall, f1 = micro.prf()
    assert precision is not None and precision >= 0.45
    assert f1 >= 0.25
    traps = [d for d in predicted if d["doc"].startswith("trap-")]
    assert traps and not [f for d in traps for f in d["facts"] if f["relation"] == "restricts"]

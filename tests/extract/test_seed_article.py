"""The seed article: what a perfect extractor gets from it, checked with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluation import evaluate
from extract.pipeline import Extractor
from extract.readers import read_text


@pytest.fixture(scope="module")
def predicted(extractor: Extractor, seed_article: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``techkg extract --format jsonl`` prints for the seed article."""
    out = tmp_path_factory.mktemp("seed") / "pred.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "extract", str(seed_article), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    out.write_text(done.stdout)
    return out


def test_reference_scorer_gives_at_least_0_9(shared: Path, seed_gold: Path, predicted: Path) -> None:
    scorer = shared / "tools" / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), str(seed_gold), str(predicted), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    print(json.dumps(report["per_kind"], indent=1))
    assert report["overall"]["f1"] >= 0.9
    attributes = report["restricts_attributes"]
    assert attributes["matched"] == 2
    for name in ("kind", "scope", "start", "duration", "end", "exempt"):
        assert attributes[name]["accuracy_strict"] == 1.0, name


def test_the_moratorium(predicted: Path) -> None:
    doc = json.loads(predicted.read_text().splitlines()[0])
    (moratorium,) = [f for f in doc["facts"] if f["relation"] == "restricts" and f["kind"] == "moratorium"]
    assert (moratorium["authority"], moratorium["technology"], moratorium["scope"]) == (
        "Amazon",
        "Rekognition",
        "police",
    )
    assert (moratorium["start"], moratorium["duration"], moratorium["end"]) == (
        "2020-06-10",
        "P1Y",
        "2021-06-10",
    )
    assert set(moratorium["exempt"]) == {
        "Thorn",
        "International Center for Missing and Exploited Children",
        "Marinus Analytics",
    }
    assert "one-year moratorium" in moratorium["evidence"]


def test_own_scorer_agrees_with_the_reference(shared: Path, seed_gold: Path, predicted: Path) -> None:
    scorer = shared / "tools" / "score.py"
    reference = json.loads(
        subprocess.run(
            [sys.executable, str(scorer), str(seed_gold), str(predicted), "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    gold = json.loads(seed_gold.read_text())
    ours = evaluate([gold], [json.loads(line) for line in predicted.read_text().splitlines()])
    assert ours.micro().tp == reference["overall"]["tp"]
    assert ours.micro().fp == reference["overall"]["fp"]
    assert ours.micro().fn == reference["overall"]["fn"]


def test_extract_is_deterministic(extractor: Extractor, seed_article: Path) -> None:
    article = read_text("seed-article", seed_article.read_text())
    assert extractor.extract(article).to_json() == extractor.extract(article).to_json()

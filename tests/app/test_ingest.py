"""Bulk ingest: a corpus with bad items in it, batches, worker processes, a killed run.

Every check reads the real on-disk store back and compares each article's graph with the
graph the extractor makes of that article alone: a stored article must be whole.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from app.ingest import ingest
from app.prepare import ExtractorRecipe, PreparedArticle, prepare_all
from app.sources import count_articles, read_articles
from app.store import ONTOLOGY_GRAPH, OxigraphStore, StoreError
from extract.article import Article
from extract.pipeline import Extractor
from ontology.namespaces import article_iri

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
GOOD_TEXTS = sorted(EXAMPLES.glob("*.txt"))[:6]
#: bad item -> a few words of the reason the report must give
BAD = {
    "binary.txt": "binary",
    "latin1.txt": "not UTF-8",
    "empty.md": "has no text",
    "impossible-date.txt": "not a valid date",
    "huge.txt": "larger than",
    "too-long:": "split the article",  # the extractor knows the article by its id
    "corpus.jsonl.gz:3": "not valid JSON",
    "corpus.jsonl.gz:4": "not a valid date",
    "corpus.jsonl.gz:5": "has no text",
    "corpus.jsonl.gz:6": "not UTF-8",
    "lone-surrogate:": "not valid Unicode",
    "long-line.jsonl:1": "longer than",
}
GOOD_JSONL_IDS = ("jsonl-good-1", "jsonl-good-2", "after-long-line")


def _jsonl_line(doc_id: str, text: str, date: str = "2020-06-10") -> bytes:
    return json.dumps({"id": doc_id, "date": date, "text": text}).encode() + b"\n"


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of good articles and every kind of bad one, .txt, .md, .jsonl and .gz mixed."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in GOOD_TEXTS:
        shutil.copy(path, folder / path.name)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff binary, not an article")
    (folder / "latin1.txt").write_bytes(
        "Le caf\xe9 de la gare utilise la reconnaissance faciale.".encode("latin-1")
    )
    (folder / "empty.md").write_text("")
    (folder / "impossible-date.txt").write_text("date 2021-02-30\n\nAmazon sells Rekognition to police.")
    with (folder / "huge.txt").open("wb") as huge:  # 50 MB, sparse: refused before it is read
        huge.truncate(50_000_000)
    (folder / "too-long.txt").write_text("Flock Safety sells cameras. " * 40_000)  # 1.1M characters
    lines = [
        _jsonl_line("jsonl-good-1", "Flock Safety sells license plate readers to police departments."),
        _jsonl_line("jsonl-good-2", "The Oakland City Council voted to ban facial recognition."),
        b'{"id": "broken", "text": "no closing brace"\n',
        _jsonl_line("bad-date", "Axon sells body cameras.", date="2021-02-30"),
        _jsonl_line("empty", "   "),
        b'{"id": "mojibake", "text": "caf\xe9"}\n',
        b'{"id": "lone-surrogate", "text": "Amazon sells Rekognition \\ud800 to police."}\n',
    ]
    (folder / "corpus.jsonl.gz").write_bytes(gzip.compress(b"".join(lines)))
    with (folder / "long-line.jsonl").open("wb") as out:  # one 21 MB line, then a good one
        out.write(b'{"id": "long", "text": "' + b"a" * 21_000_000 + b'"}\n')
        out.write(_jsonl_line("after-long-line", "Clearview AI sells face search to police."))
    return folder


def expected_graphs(articles: Iterable[Article], extractor: Extractor) -> dict[str, set[str]]:
    """Each article's graph as the extractor makes it alone: graph name -> N-Triples lines
    (articles the extractor refuses have none)."""
    prepared = prepare_all(articles, extractor)
    return {p.graph: {str(t) for t in p.triples()} for p in prepared if isinstance(p, PreparedArticle)}


def stored_graphs(store: OxigraphStore) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for quad in store.quads():
        if quad.graph_name != ONTOLOGY_GRAPH:
            graphs.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    return graphs


def good_articles(corpus: Path) -> list[Article]:
    return [item for item in read_articles([corpus]) if isinstance(item, Article)]


def assert_reported(failures: list[str]) -> None:
    """Every bad item is reported once, with its reason."""
    assert len(failures) == len(BAD), failures
    for where, reason in BAD.items():
        assert any(where in f and reason in f for f in failures), (where, reason, failures)


def test_a_mixed_corpus_stores_the_good_articles_whole_and_reports_the_bad(
    mixed_corpus: Path, store: OxigraphStore, extractor: Extractor
) -> None:
    report = ingest(store, read_articles([mixed_corpus]), extractor, batch_size=3)
    assert_reported(report.failures)
    assert stored_graphs(store) == expected_graphs(good_articles(mixed_corpus), extractor)
    assert report.articles == len(GOOD_TEXTS) + len(GOOD_JSONL_IDS)
    assert sum(report.facts.values()) > 0


def test_the_count_for_the_progress_bar_matches_what_is_read(mixed_corpus: Path) -> None:
    assert count_articles([mixed_corpus]) == sum(1 for _ in read_articles([mixed_corpus]))


class RefusingStore:
    """A real on-disk store that refuses any write touching certain graphs, as a store
    refuses a statement it cannot hold (it implements the interface; nothing is patched)."""

    def __init__(self, store: OxigraphStore, refused: set[str]) -> None:
        self.store, self.refused, self.writes = store, refused, 0

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        self.writes += 1
        if self.refused & set(graphs):
            raise StoreError("the store refused a statement")
        self.store.replace_graphs(graphs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.store, name)


def test_a_refused_batch_is_written_again_article_by_article(
    store: OxigraphStore, extractor: Extractor
) -> None:
    articles = good_articles(EXAMPLES)[:8]
    refused = str(article_iri(articles[2].id))
    refusing = RefusingStore(store, {refused})
    report = ingest(refusing, articles, extractor, batch_size=4)
    expected = expected_graphs(articles, extractor)
    expected.pop(refused)
    assert stored_graphs(store) == expected
    assert report.articles == 7 and len(report.failures) == 1 and articles[2].id in report.failures[0]
    assert refusing.writes == 2 + 4  # two batches; the refused one again as four single writes


def test_worker_processes_store_the_same_graphs(
    mixed_corpus: Path, tmp_path: Path, extractor: Extractor
) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        report = ingest(store, read_articles([mixed_corpus]), ExtractorRecipe(), batch_size=2, workers=2)
        assert_reported(report.failures)
        assert stored_graphs(store) == expected_graphs(good_articles(mixed_corpus), extractor)
    finally:
        store.close()


def test_workers_need_a_recipe(store: OxigraphStore, extractor: Extractor) -> None:
    with pytest.raises(TypeError, match="ExtractorRecipe"):
        ingest(store, good_articles(EXAMPLES)[:1], extractor, workers=1)


def _graph_count(location: Path) -> int:
    try:
        reader = OxigraphStore(location, read_only=True)
    except (StoreError, RuntimeError):  # not created yet, or being created (RocksDB says so)
        return 0
    return reader.stats()["graphs"]


@pytest.mark.slow
def test_a_killed_ingest_leaves_every_article_whole_or_absent(tmp_path: Path, extractor: Extractor) -> None:
    """SIGKILL in the middle of a run: whatever was stored is whole, the rest absent."""
    texts = [a for a in good_articles(EXAMPLES) if a.text]
    articles = [Article(f"{a.id}-{copy}", a.text, a.date, a.title) for copy in range(6) for a in texts]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"".join(_jsonl_line(a.id, a.text, str(a.date or "")) for a in articles))
    location = tmp_path / "store"
    env = {**os.environ, "TECHKG_STORE": str(location)}
    run = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", str(corpus), "--batch-size", "8"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while _graph_count(location) < 16 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    store = OxigraphStore(location)
    try:
        stored = stored_graphs(store)
    finally:
        store.close()
    expected = expected_graphs(
        (Article(a.id, a.text, a.date, None) for a in read_articles([corpus]) if isinstance(a, Article)),
        extractor,
    )
    assert 16 <= len(stored) < len(articles), "the run was not killed in the middle"
    for graph, triples in stored.items():
        assert triples == expected[graph], f"{graph} is not whole"


def test_ingest_options_are_checked_and_documented() -> None:
    from app.ingest import DEFAULT_BATCH_SIZE

    def techkg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, timeout=60
        )

    assert f"(default {DEFAULT_BATCH_SIZE})" in techkg("ingest", "--help").stdout
    for option, value in (("--workers", "-1"), ("--batch-size", "0"), ("--workers", "two")):
        done = techkg("ingest", option, value, str(EXAMPLES))
        assert done.returncode == 2 and f"argument {option}: invalid whole number" in done.stderr


@pytest.mark.slow
def test_ctrl_c_stops_with_one_line_saying_what_was_stored(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    articles = [a for a in good_articles(EXAMPLES) for _ in range(4)]
    corpus.write_bytes(b"".join(_jsonl_line(f"{a.id}-{i}", a.text) for i, a in enumerate(articles)))
    location = tmp_path / "store"
    env = {**os.environ, "TECHKG_STORE": str(location)}
    run = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", str(corpus), "--batch-size", "4"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while _graph_count(location) < 4 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 1 and "Traceback" not in stderr
    line = stderr.splitlines()[-1]
    assert line.startswith("techkg ingest: error: interrupted; ") and "run the same command again" in line
    stored = int(line.split("; ")[1].split()[0])
    assert 4 <= stored < len(articles) and stored == _graph_count(location)


@pytest.mark.slow
def test_a_dead_worker_fails_its_articles_and_a_fresh_one_takes_the_rest(
    store: OxigraphStore, extractor: Extractor
) -> None:
    import multiprocessing

    articles = [Article(f"{a.id}-{i}", a.text, a.date) for i in range(3) for a in good_articles(EXAMPLES)]
    killed: list[int] = []

    def kill_the_worker_once(report) -> None:  # type: ignore[no-untyped-def]
        if not killed and report.articles:
            for child in multiprocessing.active_children():  # the pool's worker, started by this test
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
                killed.append(child.pid)  # type: ignore[arg-type]

    report = ingest(store, articles, ExtractorRecipe(), kill_the_worker_once, batch_size=5, workers=1)
    assert killed
    died = [f for f in report.failures if "worker process died" in f]
    assert died and len(died) == len(report.failures)
    assert report.articles + len(died) == len(articles) and report.articles > len(died)
    expected = expected_graphs(articles, extractor)
    stored = stored_graphs(store)
    assert all(triples == expected[graph] for graph, triples in stored.items())
    assert len(stored) == report.articles

"""Crashes and concurrency lose nothing: ``techkg ingest`` killed with SIGKILL at random
points leaves every article either whole or absent; queries during an ingest see each
article whole or not at all; a second writer gets a clear error; ``techkg serve`` stops
cleanly on SIGTERM. Real processes, real signals, a real store on disk."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from app.ingest import ingest
from app.sources import read_articles
from app.store import META_GRAPH, ONTOLOGY_GRAPH, OxigraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
KILLS = int(os.environ.get("TECHKG_TEST_KILLS", "21"))
SYSTEM = {ONTOLOGY_GRAPH, META_GRAPH}


def command(*args: str, store: Path, **env: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", "--store", str(store), *args]


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


COPIES = 3  # the example corpus three times over: several batches, a write phase worth hitting


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles, :data:`COPIES` times under distinct ids, as one JSON Lines file."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(COPIES * len(texts)):
            out.write(json.dumps({"id": f"copy-{number}", "text": texts[number % len(texts)]}) + "\n")
    return path


def extracted(path: Path) -> dict[str, frozenset[str]]:
    """Each article graph as ``techkg extract`` prints it: graph IRI -> its statements."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "extract", str(path), "--format", "nquads"],
        capture_output=True, timeout=600, env=environment(TECHKG_STORE="/nonexistent"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    graphs: dict[str, set[str]] = defaultdict(set)
    for quad in ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].add(str(quad.triple))
    return {g: frozenset(t) for g, t in graphs.items()}


@pytest.fixture(scope="module")
def expected() -> dict[str, frozenset[str]]:
    graphs = extracted(EXAMPLES)
    assert len(graphs) == 50
    return graphs


def stored_graphs(location: Path) -> dict[str, frozenset[str]]:
    """The article graphs of the store at ``location`` (opened as the next run would)."""
    store = OxigraphStore(location)
    try:
        graphs: dict[str, set[str]] = defaultdict(set)
        for quad in store.all_quads():
            if quad.graph_name not in SYSTEM:
                graphs[quad.graph_name.value].add(str(quad.triple))
        return {g: frozenset(t) for g, t in graphs.items()}
    finally:
        store.close()


def ingest_process(store: Path, source: Path = EXAMPLES) -> subprocess.Popen:
    return subprocess.Popen(command("ingest", str(source), store=store), stderr=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, env=environment())  # fmt: skip


def finish(process: subprocess.Popen) -> int:
    return process.wait(timeout=600)


def wait_for_the_lock(process: subprocess.Popen, location: Path) -> None:
    """Block until the ingest has opened its store (the directory has files): it is the writer now."""
    deadline = time.monotonic() + 120
    while not (location.is_dir() and any(location.iterdir())):
        assert process.poll() is None and time.monotonic() < deadline, "the ingest never opened its store"
        time.sleep(0.05)


@pytest.mark.slow
def test_sigkill_during_ingest_leaves_each_article_whole_or_absent(tmp_path: Path, corpus: Path) -> None:
    whole = extracted(corpus)
    started = time.monotonic()
    assert finish(ingest_process(tmp_path / "timing", corpus)) == 0
    run = time.monotonic() - started  # start-up, extraction and writing, uninterrupted
    rng = random.Random(20261126)
    present_after_kill: list[int] = []
    fresh: list[int] = []  # the same, for the runs into a new store
    reused = tmp_path / "reused"  # killed again and again, as a user who retries would
    for kill in range(KILLS):
        location = reused if kill % 3 == 2 else tmp_path / f"store-{kill}"
        process = ingest_process(location, corpus)
        time.sleep(rng.uniform(0.0, run) if kill % 7 == 0 else rng.uniform(0.45 * run, run))
        process.send_signal(signal.SIGKILL)
        finish(process)
        stored = stored_graphs(location) if location.exists() else {}
        assert set(stored) <= set(whole), set(stored) - set(whole)
        for graph, triples in stored.items():
            assert triples == whole[graph], f"kill {kill}: {graph} is torn"
        present_after_kill.append(len(stored))
        if location != reused:
            fresh.append(len(stored))
    partial = sum(0 < n < len(whole) for n in fresh)
    print(f"\n{KILLS} SIGKILLs over {len(whole)} articles in {run:.1f}s runs; present after each: "
          f"{present_after_kill}; {partial} mid-corpus")  # fmt: skip
    assert partial >= 1, fresh  # kills did land while articles were being written
    done = subprocess.run(command("ingest", str(corpus), store=reused), capture_output=True, timeout=600)
    assert done.returncode == 0 and stored_graphs(reused) == whole  # a killed store takes a new run


def test_queries_during_an_ingest_see_each_article_whole_or_not_at_all(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    reference = OxigraphStore(None)
    ingest(reference, read_articles([EXAMPLES]), extractor)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    whole = {row["g"].value: int(row["n"].value) for row in reference.query(per_graph)}
    store = OxigraphStore(tmp_path / "store")
    seen, done = Counter(), threading.Event()

    def writer() -> None:
        try:
            for _ in range(2):  # the second run replaces every article in place
                ingest(store, read_articles([EXAMPLES]), extractor)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    torn = []
    while not done.is_set():
        counts = {row["g"].value: int(row["n"].value) for row in store.query(per_graph)}
        torn += [(g, n, whole.get(g)) for g, n in counts.items() if n != whole.get(g)]
        seen[sum(1 for g in counts if g not in (ONTOLOGY_GRAPH.value, META_GRAPH.value))] += 1
    thread.join()
    store.close()
    print(f"\n{sum(seen.values())} queries during the ingest saw {len(seen)} different article counts")
    assert not torn, torn[:5]
    assert sum(seen.values()) >= 5


def test_a_second_writer_gets_store_busy_and_the_first_finishes(tmp_path: Path, corpus: Path) -> None:
    location = tmp_path / "store"
    first = ingest_process(location, corpus)
    wait_for_the_lock(first, location)
    second = subprocess.run(command("ingest", str(EXAMPLES), store=location), capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    still_writing = first.poll() is None
    assert finish(first) == 0
    assert still_writing, "the first ingest ended before the second tried: make the corpus longer"
    assert second.returncode == 1
    assert "in use by another process" in second.stderr and "Traceback" not in second.stderr
    assert len(stored_graphs(location)) == COPIES * 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_stops_cleanly_on_sigterm_and_logs_json_lines(
    tmp_path: Path, expected: dict[str, frozenset[str]]
) -> None:
    location = tmp_path / "store"
    assert subprocess.run(command("ingest", str(EXAMPLES), store=location), timeout=600).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        command("serve", "--port", str(port), store=location), stderr=subprocess.PIPE, text=True,
        env=environment(TECHKG_TOKEN="s3cret", TECHKG_LOG_FORMAT="json"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            health = httpx.get(url + "/health").json()
            break
        except httpx.TransportError:
            assert server.poll() is None and time.monotonic() < deadline, "techkg serve did not start"
            time.sleep(0.2)
    assert health["last_ingest"]["articles"] == 50 and health["store"]["graphs"] == 50
    assert health["store"]["bytes"] > 0
    answer = httpx.get(url + "/entities", params={"q": "amazon"}, headers={"X-Request-ID": "trace-me-42"})
    assert answer.headers["x-request-id"] == "trace-me-42"
    assert httpx.get(url + "/entities/nope").status_code == 404
    article = {"id": "late-news", "date": "2024-01-02", "text": "IBM sells facial recognition."}
    posted = httpx.post(
        url + "/articles", json=article, headers={"Authorization": "Bearer s3cret"}, timeout=60
    )
    assert posted.status_code == 201
    server.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then ends by the signal it caught (143 in a shell),
    # which service managers count as a clean stop
    assert server.wait(timeout=60) == -signal.SIGTERM
    assert server.stderr is not None
    lines = [json.loads(line) for line in server.stderr.read().splitlines() if line.strip()]
    server.stderr.close()
    messages = [line["message"] for line in lines]
    assert "Application shutdown complete." in messages and messages[-1].startswith("Finished server process")
    requests = [line for line in lines if line["logger"] == "techkg.access"]
    traced = next(line for line in requests if line["request_id"] == "trace-me-42")
    assert traced["method"] == "GET" and traced["path"] == "/entities" and traced["status"] == 200
    assert isinstance(traced["ms"], float)
    assert any(line["path"] == "/entities/nope" and line["status"] == 404 for line in requests)
    assert all(len(line["request_id"]) >= 8 for line in requests)
    after = stored_graphs(location)  # the store reopens for writing, with everything in it
    late = after.pop("https://techkg.org/article/late-news")
    assert after == expected and late

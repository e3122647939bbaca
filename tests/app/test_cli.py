"""The ``techkg`` command, run as a user runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def techkg(*args: str, store: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "TECHKG_STORE": str(store) if store else "/nonexistent/never-used"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    done = techkg("ingest", str(EXAMPLES), store=store)
    assert done.returncode == 0, done.stderr
    assert "ingested" in done.stderr and "failures: 0" in done.stderr
    return store


def test_extract_formats(tmp_path: Path) -> None:
    article = tmp_path / "ban.txt"
    article.write_text(
        "date 2019-05-14\n\nThe San Francisco Board of Supervisors voted to ban facial recognition."
    )
    line = json.loads(techkg("extract", str(article)).stdout)
    assert line["doc"] == "ban" and line["date"] == "2019-05-14"
    assert {(f["relation"], f["authority"]) for f in line["facts"]} == {
        ("restricts", "San Francisco Board of Supervisors")
    }
    turtle = techkg("extract", str(article), "--format", "turtle").stdout
    nquads = techkg("extract", str(article), "--format", "nquads").stdout
    assert len(Graph().parse(data=turtle, format="turtle")) == len(
        Dataset().parse(data=nquads, format="nquads")
    )


def test_query_formats(ingested: Path) -> None:
    query = (
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <https://techkg.org/ontology#Article> } }"
    )
    table = techkg("query", query, store=ingested)
    assert table.returncode == 0 and table.stdout.splitlines()[0].strip() == "n"
    assert table.stdout.splitlines()[2].strip() == str(len(list(EXAMPLES.glob("*.txt"))))
    as_json = json.loads(techkg("query", "-", "--format", "json", store=ingested, stdin=query).stdout)
    assert as_json["head"]["vars"] == ["n"]
    assert techkg("query", query, "--format", "csv", store=ingested).stdout.splitlines()[:1] == ["n"]


def test_export_to_a_file(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    done = techkg("export", "--format", "graphml", "-o", str(out), store=ingested)
    assert done.returncode == 0
    assert nx.read_graphml(out).number_of_nodes() > 20
    near = techkg(
        "export", "--format", "d3", "--entity", "company-flock-safety", "--depth", "1", store=ingested
    )
    assert "company-flock-safety" in {n["id"] for n in json.loads(near.stdout)["nodes"]}


def test_reingest_keeps_the_same_number_of_statements(ingested: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = techkg("query", count, "--format", "csv", store=ingested).stdout
    assert techkg("ingest", str(EXAMPLES), store=ingested).returncode == 0
    assert techkg("query", count, "--format", "csv", store=ingested).stdout == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "/no/such/file.txt"], "no such file"),
        (["extract", "README.md.pdf"], "no such file"),
        (["query", "SELEC nonsense"], "SPARQL syntax error"),
        (["export", "--format", "gexf", "--entity", "company-nobody"], "no entity"),
    ],
)
def test_errors_are_one_line_and_exit_non_zero(ingested: Path, args: list[str], message: str) -> None:
    done = techkg(*args, store=ingested)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_format_is_a_usage_error() -> None:
    done = techkg("export", "--format", "pdf")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_broken_articles_are_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Flock Safety sells license plate readers to police.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "corpus.jsonl").write_text('{"id": "j1", "text": "Fine."}\n{broken\n')
    store = tmp_path / "store"
    done = techkg("ingest", str(tmp_path / "good.txt"), str(tmp_path / "binary.txt"),
                  str(tmp_path / "latin1.txt"), str(tmp_path / "corpus.jsonl"), store=store)  # fmt: skip
    assert done.returncode == 0
    assert "ingested 2 article(s)" in done.stderr and "failures: 3" in done.stderr
    assert "binary" in done.stderr and "not UTF-8" in done.stderr and "corpus.jsonl:2" in done.stderr


def test_ingest_refuses_a_store_the_server_holds(tmp_path: Path) -> None:
    from app.store import OxigraphStore

    store = tmp_path / "store"
    owner = OxigraphStore(store)
    done = techkg("ingest", str(EXAMPLES), store=store)
    assert done.returncode == 1 and "in use by another process" in done.stderr
    reading = techkg("query", "ASK { ?s ?p ?o }", store=store)
    assert reading.returncode == 0
    owner.close()


def test_export_filters(ingested: Path) -> None:
    whole = json.loads(techkg("export", "--format", "d3", store=ingested).stdout)
    drones = json.loads(
        techkg("export", "--format", "d3", "--technology", "technology-drone", store=ingested).stdout
    )
    assert 0 < len(drones["links"]) < len(whole["links"])
    bad = techkg("export", "--format", "d3", "--active-on", "2021-02-30", store=ingested)
    assert bad.returncode == 1 and "2021-02-30" in bad.stderr

"""Bad input on the command line: every kind of broken article file gets a clear line that
names it, the run goes on past it, and the store does not change."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

#: file name -> (contents, what the error line must say)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "no text"),
    "blank.md": (b"  \n\t\n", "no text"),
    "dated-only.txt": (b"date 2021-03-01\n\n", "no text"),
    "impossible-date.txt": (b"date 2021-02-30\nIBM sells facial recognition.", "2021-02-30"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "binary.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "binary"),
    "latin1.txt": ("Caf\xe9 cam\xe9ras de reconnaissance faciale".encode("latin-1"), "not UTF-8"),
    "script-only.html": (b"<html><script>Clearview AI sells facial recognition.</script></html>", "no text"),
    "bad-meta-date.html": (
        b'<meta name="date" content="2021-02-30"><p>IBM sells facial recognition.</p>',
        "2021-02-30",
    ),
    "not-gzip.txt.gz": (b"this is not gzip data at all", "cannot read"),
    "truncated.txt.gz": (gzip.compress(b"IBM sells facial recognition. " * 200)[:40], "cannot read"),
    "broken.jsonl": (
        b'{not json\n[1, 2]\n{"id": 5}\n{"id": "a", "text": "x", "date": "2021-02-30"}\n'
        b'\xff\xfe\n{"id": "b", "text": "  "}\n',
        "broken.jsonl:1",
    ),
    "long.txt": (b"IBM sells facial recognition. " * 40_000, "split"),
    "nothing.jsonl": (b"\n  \n", "no articles"),
}


def techkg(*args: str, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TECHKG_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          env=env, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as huge:  # 50 MB of real words
        huge.write(b"Clearview AI sells facial recognition to the police. " * 1_000_000)
    return folder


def test_a_folder_of_broken_articles_changes_nothing(
    bad_folder: Path, tmp_path: Path, store_fingerprint
) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    assert techkg("ingest", str(EXAMPLES / "sf-facial-recognition-ban.txt"), store=store).returncode == 0
    before = store_fingerprint(store)
    done = techkg("ingest", str(bad_folder), store=store)
    assert done.returncode == 1, done.stderr  # nothing could be stored
    assert "Traceback" not in done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped: ")]
    for name, (_, says) in BAD_FILES.items():
        stem = name.split(".")[0]  # a message names the file, or the article (the file's stem)
        line = next((s for s in skipped if stem in s), None)
        assert line is not None and says in line, (name, skipped)
    assert any("huge.txt" in s and "larger than" in s for s in skipped)
    assert len(skipped) == len(BAD_FILES) + 1 + 5  # the other five lines of broken.jsonl
    assert store_fingerprint(store) == before


def test_extract_reports_each_broken_article_and_prints_the_good_ones(
    bad_folder: Path, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text("IBM sells facial recognition.")
    html = "<p>The council met.</p><script>Clearview AI sells facial recognition to police.</script>"
    (tmp_path / "scripted.html").write_text(html)
    done = techkg("extract", str(bad_folder), str(tmp_path / "good.txt"), str(tmp_path / "scripted.html"),
                  store=tmp_path / "unused")  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    printed = {line["doc"]: line for line in map(json.loads, done.stdout.splitlines())}
    assert set(printed) == {"good", "scripted"}
    assert printed["scripted"]["facts"] == []  # a script's text is not the article's
    assert done.stderr.count("skipped: ") == len(BAD_FILES) + 1 + 5


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["query", ""], "SPARQL syntax error"),
        (["query", "SELECT * WHERE { ?s ?p }"], "SPARQL syntax error"),
        (["query", "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"], "TECHKG_ALLOW_SERVICE"),
        (["export", "--format", "csv", "--active-on", "2021-02-30"], "2021-02-30"),
        (["export", "--format", "gexf", "--entity", "} ; DROP ALL ; {"], "no entity"),
        (["restore", "/no/such/backup.nq"], "no such file"),
        (["ingest", "/no/such/folder"], "no such file"),
    ],
)
def test_bad_arguments_are_one_line(args: list[str], says: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = techkg(*args, store=store)
    assert done.returncode == 1 and says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr

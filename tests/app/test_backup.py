"""``techkg backup`` / ``techkg restore``: a round trip gives the same store back, and a
damaged backup is refused before anything is touched."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from app.store import OxigraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def techkg(*args: str, store: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "app.cli", "--store", str(store), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env={**os.environ})


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("original") / "store"
    assert techkg("ingest", str(EXAMPLES), store=location).returncode == 0
    return location


@pytest.fixture(scope="module")
def dumps(original: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dumps")
    made = {}
    for name in ("store.nq", "store.nq.gz"):
        done = techkg("backup", str(folder / name), store=original)
        assert done.returncode == 0 and "backed up" in done.stderr, done.stderr
        made[name] = folder / name
    return made


@pytest.mark.parametrize("name", ["store.nq", "store.nq.gz"])
def test_round_trip_gives_the_same_store(original, dumps, name, tmp_path, store_fingerprint) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy"
    done = techkg("restore", str(dumps[name]), store=copy)
    assert done.returncode == 0, done.stderr
    assert store_fingerprint(copy) == store_fingerprint(original)
    health_like = techkg("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g {} }", "--format", "csv",
                         store=copy)  # fmt: skip
    assert health_like.returncode == 0


def test_the_backup_is_plain_n_quads_with_a_trailer(original, dumps, store_fingerprint) -> None:  # type: ignore[no-untyped-def]
    data = dumps["store.nq"].read_bytes()
    body, trailer = data[: data.rindex(b"# techkg-backup")], data[data.rindex(b"# techkg-backup") :]
    count, _ = store_fingerprint(original)
    assert trailer.decode() == f"# techkg-backup sha256={hashlib.sha256(body).hexdigest()} quads={count}\n"
    assert gzip.decompress(dumps["store.nq.gz"].read_bytes()) == data
    parsed = Dataset().parse(data=data, format="nquads")
    assert sum(1 for _ in parsed.quads((None, None, None, None))) == count  # any N-Quads reader takes it


def trailer(body: bytes, count: int) -> bytes:
    return f"# techkg-backup sha256={hashlib.sha256(body).hexdigest()} quads={count}\n".encode()


def damaged(dumps: dict[str, Path], folder: Path) -> dict[str, tuple[Path, str]]:
    """Backups broken in each way a file can break: name -> (file, what the refusal says)."""
    data = dumps["store.nq"].read_bytes()
    middle = len(data) // 2
    body = data[: data.rindex(b"# techkg-backup")]
    cases = {
        "truncated.nq": (data[: len(data) - 30], "trailer"),
        "half.nq": (data[:middle], "trailer"),
        "altered.nq": (data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :], "checksum"),
        "line-dropped.nq": (data.replace(data.splitlines(keepends=True)[3], b"", 1), "checksum"),
        "no-trailer.nq": (body, "trailer"),
        "empty.nq": (b"", "trailer"),
        "wrong-count.nq": (body + trailer(body, 7), "trailer says 7"),
        "not-nquads.nq": (b"hello\n" + trailer(b"hello", 1), "checksum"),
        "garbage.nq": (os.urandom(4096), "trailer"),
    }  # fmt: skip
    made = {}
    for name, (content, says) in cases.items():
        (folder / name).write_bytes(content)
        made[name] = (folder / name, says)
    gz = gzip.compress(data)
    (folder / "truncated.nq.gz").write_bytes(gz[: len(gz) // 2])
    made["truncated.nq.gz"] = (folder / "truncated.nq.gz", "truncated")
    return made


def test_a_damaged_backup_is_refused_and_changes_nothing(
    dumps, tmp_path, original, store_fingerprint
) -> None:  # type: ignore[no-untyped-def]
    before = store_fingerprint(original)
    for name, (path, says) in damaged(dumps, tmp_path).items():
        fresh = tmp_path / f"into-{name}"
        done = techkg("restore", str(path), store=fresh)
        assert done.returncode == 1 and says in done.stderr, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert not fresh.exists(), f"{name}: the store was created before the backup was checked"
    into_existing = techkg("restore", str(tmp_path / "altered.nq"), store=original)
    assert into_existing.returncode == 1 and "checksum" in into_existing.stderr
    assert store_fingerprint(original) == before


def test_restore_refuses_a_store_that_holds_articles(dumps, original, store_fingerprint) -> None:  # type: ignore[no-untyped-def]
    before = store_fingerprint(original)
    done = techkg("restore", str(dumps["store.nq"]), store=original)
    assert done.returncode == 1 and "not empty" in done.stderr
    assert store_fingerprint(original) == before


def test_backup_while_another_process_holds_the_store(original, tmp_path) -> None:  # type: ignore[no-untyped-def]
    owner = OxigraphStore(original)  # as `techkg serve` would
    try:
        done = techkg("backup", str(tmp_path / "live.nq.gz"), store=original)
        assert done.returncode == 0, done.stderr
    finally:
        owner.close()
    assert techkg("restore", str(tmp_path / "live.nq.gz"), store=tmp_path / "copy").returncode == 0


def test_a_well_sealed_file_that_is_not_n_quads_restores_nothing(dumps, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = dumps["store.nq"].read_bytes()
    lines = data[: data.rindex(b"# techkg-backup")].splitlines(keepends=True)
    body = b"".join(lines[:100]) + b"<urn:broken> <urn:p> .\n" + b"".join(lines[100:200])
    (tmp_path / "sealed.nq").write_bytes(body + trailer(body, 201))
    done = techkg("restore", str(tmp_path / "sealed.nq"), store=tmp_path / "copy")
    assert done.returncode == 1 and "not N-Quads" in done.stderr and "nothing was restored" in done.stderr
    store = OxigraphStore(tmp_path / "copy")
    try:  # the 100 good statements before the broken line were not kept either: one transaction
        assert store.stats()["graphs"] == 0 and not store.graph_triples(None)
    finally:
        store.close()

"""Backups of a store as one N-Quads file, checked before anything is restored.

A backup is every statement of every graph (articles, ontology, the store's own records)
as N-Quads, gzipped when the file name ends in ``.gz``, closed by a trailer comment::

    # techkg-backup sha256=<hex digest of every byte before this line> quads=<count>

N-Quads parsers skip comments, so the file loads anywhere (``riot``, rdflib, Oxigraph); the
trailer lets :func:`restore` refuse a truncated or altered file before it touches the
store. A backup is written to a temporary name and renamed when complete, so a crash never
leaves a half file under the name asked for.

Restore goes into an *empty* store only (one holding no article graph): replacing a store's
contents could not be one transaction, and merging two stores would hide what came from
where. To roll a store back, move it aside and restore into a new directory. The restore
itself is one transaction: all the statements or none.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from app.store import OxigraphStore, StoreError

TRAILER = re.compile(rb"^# techkg-backup sha256=([0-9a-f]{64}) quads=(\d+)\n?$")
CHUNK = 10_000


class BackupError(StoreError):
    """A backup file that cannot be restored: missing, truncated, altered or not a backup."""


def _open(path: Path, mode: str, named: Path | None = None) -> IO[bytes]:
    """``path`` opened, gzipped when the name it goes by (``named``, else its own) ends in .gz."""
    gzipped = (named or path).name.lower().endswith(".gz")
    return gzip.open(path, mode) if gzipped else path.open(mode)  # type: ignore[return-value]


def backup(store: OxigraphStore, target: Path) -> int:
    """Write every statement of ``store`` to ``target``; the number of statements written."""
    digest, count = hashlib.sha256(), 0
    partial = target.with_name(target.name + ".partial")
    with _open(partial, "wb", named=target) as out:
        for chunk in _chunks(store.all_quads()):
            data = ox.serialize(chunk, format=ox.RdfFormat.N_QUADS) or b""
            digest.update(data)
            out.write(data)
            count += len(chunk)
        out.write(f"# techkg-backup sha256={digest.hexdigest()} quads={count}\n".encode())
    os.replace(partial, target)
    return count


def _chunks(quads: Iterator[ox.Quad]) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for quad in quads:
        chunk.append(quad)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def verify(source: Path) -> int:
    """The number of statements in a backup whose checksum and count hold; else :class:`BackupError`."""
    digest, lines, last = hashlib.sha256(), 0, None
    try:
        with _open(source, "rb") as data:
            for line in data:
                if last is not None:
                    digest.update(last)
                    lines += bool(last.strip()) and not last.startswith(b"#")
                last = line
    except FileNotFoundError as exc:
        raise BackupError(f"{source}: no such file") from exc
    except (OSError, EOFError) as exc:
        raise BackupError(f"{source}: cannot read the backup ({exc}); it may be truncated") from exc
    trailer = TRAILER.match(last or b"")
    if trailer is None:
        raise BackupError(f"{source}: no techkg-backup trailer at the end: not a backup, or truncated")
    if digest.hexdigest() != trailer.group(1).decode():
        raise BackupError(f"{source}: the checksum does not match: the file was altered or damaged")
    if lines != int(trailer.group(2)):
        raise BackupError(f"{source}: {lines} statement(s) where the trailer says {int(trailer.group(2))}")
    return lines


def restore(store: OxigraphStore, source: Path) -> int:
    """Load a verified backup into an empty store, in one transaction; the statements loaded."""
    expected = verify(source)
    if store.stats()["graphs"] or store.graph_triples(None):
        raise BackupError(
            "the store is not empty: restore into a new directory (--store), or move this store aside"
        )
    with _open(source, "rb") as data:
        try:
            store.add_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        except SyntaxError as exc:
            raise BackupError(f"{source}: not N-Quads ({exc}); nothing was restored") from exc
    store.flush()
    return expected

"""Liveness and store statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request

from app.metadata import last_ingest
from app.service.deps import StoreDep

router = APIRouter(tags=["Service"])


@router.get("/health")
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up, how big the store is (statements, article graphs, bytes on
    disk), when the last ingest ended and how many articles it stored, and whether writes
    are enabled."""
    settings = request.app.state.settings
    return {
        "status": "ok",
        "store": {
            "location": settings.store,
            **store.stats(),
            "bytes": disk_bytes(getattr(store, "path", None)),
            "read_only": store.read_only,
        },
        "last_ingest": last_ingest(store),
        "writable": settings.token is not None and not store.read_only,
    }


def disk_bytes(path: Path | None) -> int | None:
    """What the store's files take on disk; None for a store with no directory."""
    if path is None or not path.is_dir():
        return None
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())

"""Liveness and store statistics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from app.service.deps import StoreDep

router = APIRouter(tags=["Service"])


@router.get("/health")
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up, how big the store is, and whether writes are enabled."""
    settings = request.app.state.settings
    return {
        "status": "ok",
        "store": {"location": settings.store, **store.stats(), "read_only": store.read_only},
        "writable": settings.token is not None and not store.read_only,
    }

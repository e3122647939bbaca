"""Typed dependencies, so route signatures read like prose."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from app.service.problems import Problem
from app.settings import Settings
from app.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def require_token(request: Request) -> None:
    """Writes need the configured bearer token: 401 without one, 403 with a wrong one
    or when the service is read-only. Compared in constant time."""
    token = request.app.state.settings.token
    if token is None:
        raise Problem(403, "Read-only service", "writes are disabled: set TECHKG_TOKEN to enable them")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Problem(
            401, "Unauthorized", "send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(given.strip().encode(), token.get_secret_value().encode()):
        raise Problem(403, "Forbidden", "the bearer token is not valid")


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
WriterDep = Annotated[None, Depends(require_token)]

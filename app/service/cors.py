"""Cross-origin requests (CORS): off unless ``TECHKG_CORS_ORIGINS`` lists the web origins
whose pages may call the service from a browser.

Off by default because the service may run beside other things on a user's machine: a page
from anywhere must not read it through the user's browser. Curl, SPARQL clients and the
service's own page never need CORS. Credentials (cookies) are never allowed: writes carry
their bearer token in a header, which a page must set itself.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from app.settings import Settings

ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"]
ALLOWED_HEADERS = ["Accept", "Authorization", "Content-Type", "X-Request-ID"]
EXPOSED_HEADERS = ["Content-Disposition", "X-Request-ID"]


def install(app: FastAPI, settings: Settings) -> None:
    """Answer CORS preflights and tag responses for the configured origins; nothing without any."""
    if not settings.cors_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=600,
    )

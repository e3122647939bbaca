"""One settings object for the CLI and the service, read from ``TECHKG_*`` variables.

Nothing else in techkg reads the environment. Every field carries a description: the
README's settings table is checked against them by the test suite.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """How techkg is configured (environment variables ``TECHKG_<FIELD>``)."""

    model_config = SettingsConfigDict(env_prefix="TECHKG_", extra="ignore")

    store: str = Field(
        "./techkg-data",
        description="Where the graph lives: a directory for the embedded Oxigraph store, "
        "or the URL of a SPARQL 1.1 server (http://host:8890/sparql).",
    )
    token: SecretStr | None = Field(
        None,
        description="Bearer token that enables writes over HTTP (SPARQL Update, Graph Store "
        "writes, POST /articles). Unset: the service is read-only.",
    )
    host: str = Field("127.0.0.1", description="Address `techkg serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `techkg serve` listens on.")
    min_confidence: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Facts the extractor is less sure of than this are not kept.",
    )
    spacy_model: str | None = Field(
        None,
        description="Name or path of an installed trained spaCy pipeline whose parser and "
        "entities the extractor uses as well (off by default; the default needs no model).",
    )
    max_body_bytes: int = Field(
        10_000_000,
        ge=1,
        description="Largest request body the service accepts (queries, updates, articles), in bytes.",
    )
    max_rows: int = Field(
        10_000,
        ge=1,
        description="Most rows or entities one REST list or search returns.",
    )
    query_time_limit_ms: int = Field(
        30_000,
        ge=1,
        description="Time budget of one SPARQL query over HTTP, in milliseconds: past it the client "
        "gets 503 and the query stops at its next result row (see app/limits.py for what it bounds).",
    )
    max_query_rows: int = Field(
        100_000,
        ge=1,
        description="Most result rows (or triples) one /sparql or /queries/{name} answer may hold; "
        "a query that yields more is refused with 400: add LIMIT.",
    )
    max_export_bytes: int = Field(
        200_000_000,
        ge=1,
        description="Largest export /export and `techkg export` write, in bytes; a bigger one is "
        "refused: narrow it with entity, technology, type or active_on.",
    )
    allow_service: bool = Field(
        False,
        description="Let SPARQL queries use SERVICE, which makes the server call other hosts "
        "(off: refused with 400).",
    )
    allow_load: bool = Field(
        False,
        description="Let SPARQL updates use LOAD, which makes the server fetch a URL "
        "(off: refused with 400).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Web origins allowed to call the service from a browser (CORS), comma-separated, "
        "or * for any; empty (the default): no CORS headers, browsers keep other sites out.",
    )
    log_format: Literal["json", "text"] = Field(
        "json",
        description="How `techkg serve` logs to stderr: json (one object a line: request id, method, "
        "path, status, ms) or text.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Least severe log level `techkg serve` writes (info logs every request)."
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """``TECHKG_CORS_ORIGINS=https://a.org,https://b.org`` as well as a list."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    def remote_allowed(self) -> frozenset[str]:
        """The SPARQL keywords that reach other hosts which this configuration allows."""
        return frozenset(
            word for word, on in (("SERVICE", self.allow_service), ("LOAD", self.allow_load)) if on
        )

    store_update_url: str | None = Field(
        None,
        description="With a SPARQL server as the store: the URL updates go to, when it is not "
        "the query URL (Fuseki: http://host:3030/ds/update; GraphDB: .../repositories/R/statements).",
    )
    store_user: str | None = Field(
        None,
        description="With a SPARQL server as the store: the user name for its Basic or Digest "
        "authentication (Virtuoso: with /sparql-auth as the URL).",
    )
    store_password: SecretStr | None = Field(
        None, description="With a SPARQL server as the store: the password of `TECHKG_STORE_USER`."
    )
    store_timeout: float = Field(
        60.0,
        gt=0,
        description="With a SPARQL server as the store: seconds to wait for an answer before giving up.",
    )
    cache_entries: int = Field(
        4096,
        ge=0,
        description="Entity answers (GET /entities, /entities/{id}) the service keeps ready "
        "until the next write; 0 turns the cache off.",
    )

    def store_is_remote(self) -> bool:
        """Whether ``store`` names a SPARQL server rather than a directory."""
        return self.store.startswith(("http://", "https://"))

"""One settings object for the CLI and the service, read from ``TECHKG_*`` variables.

Nothing else in techkg reads the environment. Every field carries a description: the
README's settings table is checked against them by the test suite.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    cache_entries: int = Field(
        4096,
        ge=0,
        description="Entity answers (GET /entities, /entities/{id}) the service keeps ready "
        "until the next write; 0 turns the cache off.",
    )

    def store_is_remote(self) -> bool:
        """Whether ``store`` names a SPARQL server rather than a directory."""
        return self.store.startswith(("http://", "https://"))

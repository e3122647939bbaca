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

    def store_is_remote(self) -> bool:
        """Whether ``store`` names a SPARQL server rather than a directory."""
        return self.store.startswith(("http://", "https://"))

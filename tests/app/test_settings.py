"""Settings: one object, every field described and documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_described_and_documented(name: str) -> None:
    field = Settings.model_fields[name]
    assert field.description and len(field.description) > 15
    assert f"TECHKG_{name.upper()}" in README.read_text(encoding="utf-8")


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHKG_STORE", "/tmp/elsewhere")
    monkeypatch.setenv("TECHKG_TOKEN", "s3cret")
    settings = Settings()
    assert settings.store == "/tmp/elsewhere"
    assert settings.token is not None and settings.token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("TECHKG_PORT", "99999")
    with pytest.raises(ValidationError):
        Settings()

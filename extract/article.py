"""The article: the unit that goes into the extractor and the unit a named graph holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class ArticleError(ValueError):
    """An article could not be read: the message says which one and why."""


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` becomes the facts' ``doc`` and the article's graph name."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise ArticleError("an article needs a non-empty id")
        if not self.text or not self.text.strip():
            raise ArticleError(f"article {self.id!r} has no text")
        if isinstance(self.date, str):  # callers from JSON hand over the ISO text
            try:
                object.__setattr__(self, "date", date.fromisoformat(self.date))
            except ValueError:
                raise ArticleError(f"article {self.id!r}: {self.date!r} is not a date (YYYY-MM-DD)") from None

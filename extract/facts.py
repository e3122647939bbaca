"""The facts of one article: entities and relations, each relation with its evidence.

These objects are the extractor's output and the input of the RDF mapping; the facts
JSON of DESIGN.md is read back *from the RDF* (see :mod:`extract.from_rdf`), so what
``extract`` prints and what ``ingest`` stores cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extract.article import Article
from ontology.namespaces import entity_id

#: the fields of every relation, in the contract's order
RELATION_FIELDS: dict[str, tuple[str, ...]] = {
    "offers": ("vendor", "technology"),
    "category": ("technology", "category"),
    "supplies": ("vendor", "customer", "technology"),
    "uses": ("user", "technology", "vendor", "purpose"),
    "restricts": (
        "authority", "kind", "technology", "scope", "start", "duration", "end", "exempt",
    ),
}  # fmt: skip

#: the fields that identify a fact within an article (two facts with equal keys are one)
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "offers": ("vendor", "technology"),
    "category": ("technology", "category"),
    "supplies": ("vendor", "customer", "technology"),
    "uses": ("user", "technology"),
    "restricts": ("authority", "technology", "kind"),
}

#: fields whose values are entity names (the rest are literals)
ENTITY_FIELDS = frozenset({"vendor", "technology", "category", "customer", "user", "authority", "scope"})


@dataclass
class Entity:
    """A real-world thing under its one canonical name."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None

    @property
    def id(self) -> str:
        """The stable public id (the last segment of the entity IRI)."""
        return entity_id(self.name, self.type)

    def add_alias(self, alias: str) -> None:
        """Remember another surface form, once, never the name itself."""
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass
class Evidence:
    """The sentence that supports a fact, and where it stands in the article text."""

    sentence: str
    start: int
    end: int


@dataclass
class Fact:
    """One relation. ``values`` holds the contract's fields (names of entities, dates
    as ISO strings, the exempt list); ``confidence`` is in [0, 1]."""

    relation: str
    values: dict[str, Any]
    evidence: Evidence
    confidence: float
    #: a restriction stated as an extension ("extended its moratorium until ...") revises
    #: the dates of the same restriction stated earlier in the article
    extends: bool = False
    #: a discontinuation of the authority's own use ("stopped using it"), not of an
    #: offering: it says nothing about what the authority sells
    own_use: bool = False

    def key(self) -> tuple[str, ...]:
        """What makes this fact the same as another in one article."""
        return (self.relation, *(str(self.values.get(f)) for f in KEY_FIELDS[self.relation]))

    def to_json(self) -> dict[str, Any]:
        """The fact in the contract's shape, with confidence and evidence added."""
        out: dict[str, Any] = {"relation": self.relation}
        for name in RELATION_FIELDS[self.relation]:
            value = self.values.get(name)
            out[name] = list(value or []) if name == "exempt" else value
        out["confidence"] = round(self.confidence, 3)
        out["evidence"] = self.evidence.sentence
        return out


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity]
    facts: list[Fact]

    def entity(self, name: str) -> Entity | None:
        """The entity with this canonical name, if the article mentions it."""
        return next((e for e in self.entities if e.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The facts JSON of DESIGN.md for this article."""
        article = self.article
        return {
            "doc": article.id,
            "date": article.date.isoformat() if article.date else None,
            "title": article.title,
            "url": article.url,
            "entities": [
                {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
                | ({"wikidata": e.wikidata} if e.wikidata else {})
                for e in self.entities
            ],
            "facts": [f.to_json() for f in self.facts],
        }

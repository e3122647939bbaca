"""The gazetteer: known entities, their canonical names, aliases and Wikidata ids.

The data lives in ``extract/data/gazetteer.jsonl`` (one entity a line), reviewed like
code. A product entry may name its ``vendor`` and ``category``: that knowledge is used
to *read* the text (to see that "Amazon Rekognition" names a vendor and its product),
never to invent facts the text does not state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files

#: entity types matched regardless of case ("Facial recognition", "POLICE")
CASELESS_TYPES = frozenset({"Technology", "Sector"})


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    vendor: str | None = None
    category: str | None = None
    #: for places: "country", "region" (a state, province or nation of a union) or "city"
    #: (towns and counties too); a city's bodies are named after cities, not states
    scale: str | None = None

    def surface_forms(self) -> list[str]:
        """Every form the matcher looks for: the name, the aliases and, for kinds of
        technology, their plurals ("license plate readers")."""
        forms = [self.name, *self.aliases]
        if self.type == "Technology":
            forms += [f + "s" for f in forms if not f.endswith("s")]
        return list(dict.fromkeys(forms))


@dataclass
class Gazetteer:
    """All known entities, by canonical name."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    _kinds: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _forms: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Gazetteer:
        """Parse JSON lines; a malformed line is an error naming the line."""
        gazetteer = cls()
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    gazetteer.add(_entry(json.loads(line)))
                except (ValueError, KeyError, TypeError) as exc:
                    raise ValueError(f"gazetteer line {number}: {exc}") from exc
        return gazetteer

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer shipped with techkg."""
        text = files("extract").joinpath("data/gazetteer.jsonl").read_text(encoding="utf-8")
        return cls.from_lines(text.splitlines())

    def add(self, entry: GazetteerEntry) -> None:
        """Add one entry; a second entry under the same name is refused."""
        if entry.name in self.entries:
            raise ValueError(f"{entry.name!r} is listed twice")
        self.entries[entry.name] = entry
        self._kinds = self._forms = None

    def get(self, name: str) -> GazetteerEntry | None:
        """The entry with this canonical name."""
        return self.entries.get(name)

    def maker_of(self, product: str) -> GazetteerEntry | None:
        """The listed maker of a listed product ("Rekognition" -> Amazon), or None."""
        entry = self.entries.get(product)
        return self.entries.get(entry.vendor) if entry is not None and entry.vendor else None

    def named(self, surface: str) -> GazetteerEntry | None:
        """The entry one of whose forms is ``surface``, case aside ("Italy's data protection
        authority" -> Garante), or None."""
        if self._forms is None:
            self._forms = {}
            for entry in self.entries.values():
                for form in entry.surface_forms():
                    self._forms.setdefault(form.lower().replace("’", "'"), entry.name)
        name = self._forms.get(surface.lower().replace("’", "'"))
        return self.entries[name] if name else None

    def kind_named(self, surface: str) -> str | None:
        """The kind of technology a lower-case phrase names ("license plate cameras" ->
        "license plate reader"), or None."""
        if self._kinds is None:
            self._kinds = {
                form.lower(): entry.name
                for entry in self.entries.values()
                if entry.type == "Technology"
                for form in entry.surface_forms()
            }
        return self._kinds.get(surface.lower())

    def wider_than_cities(self) -> frozenset[str]:
        """The places listed as countries or regions: no city council is named after them."""
        return frozenset(e.name for e in self.entries.values() if e.scale in {"country", "region"})

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries.values())


def _entry(obj: dict) -> GazetteerEntry:
    aliases = obj.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError("aliases must be a list of strings")
    return GazetteerEntry(
        name=str(obj["name"]),
        type=str(obj["type"]),
        aliases=tuple(aliases),
        wikidata=obj.get("wikidata") or None,
        vendor=obj.get("vendor") or None,
        category=obj.get("category") or None,
        scale=_scale(obj),
    )


PLACE_SCALES = frozenset({"country", "region", "city"})


def _scale(obj: dict) -> str | None:
    scale = obj.get("scale") or None
    if scale is not None and (scale not in PLACE_SCALES or obj["type"] != "Place"):
        raise ValueError(f"scale must be one of {sorted(PLACE_SCALES)}, and only for a Place")
    return scale

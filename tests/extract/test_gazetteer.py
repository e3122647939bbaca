"""The gazetteer shipped with techkg is data reviewed like code: these checks hold every
entry to the rules the extractor relies on, and the loader to refusing bad lines."""

from __future__ import annotations

import re

import pytest

from extract.gazetteer import PLACE_SCALES, Gazetteer
from extract.mentions import AGENT_TYPES, TECH_TYPES

GAZETTEER = Gazetteer.default()


def test_it_lists_at_least_500_entities_of_known_types() -> None:
    assert len(GAZETTEER) >= 500
    unknown = {e.type for e in GAZETTEER} - (AGENT_TYPES | TECH_TYPES)
    assert unknown == set()


def test_wikidata_ids_are_item_ids() -> None:
    malformed = [e.name for e in GAZETTEER if e.wikidata and not re.fullmatch(r"Q[1-9][0-9]*", e.wikidata)]
    assert malformed == []


def test_vendors_and_categories_name_listed_entries() -> None:
    dangling = [
        (e.name, ref)
        for e in GAZETTEER
        for ref in (e.vendor, e.category)
        if ref is not None and GAZETTEER.get(ref) is None
    ]
    assert dangling == []


def test_every_place_has_a_scale_and_nothing_else_does() -> None:
    assert {e.name for e in GAZETTEER if e.type == "Place" and e.scale not in PLACE_SCALES} == set()
    assert {e.name for e in GAZETTEER if e.type != "Place" and e.scale is not None} == set()
    regions = GAZETTEER.wider_than_cities()
    assert {"California", "Spain", "Ontario"} <= regions
    assert not {"San Francisco", "King County", "Toronto"} & regions


def test_no_form_names_two_entries() -> None:
    owners: dict[str, set[str]] = {}
    for entry in GAZETTEER:
        for form in entry.surface_forms():
            owners.setdefault(form.lower(), set()).add(entry.name)
    assert {form: names for form, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"name": "Acme", "type": "Company"}', "{not json"], "line 2"),
        (['{"type": "Company"}'], "line 1"),
        (['{"name": "Acme", "type": "Company", "aliases": "Acme Inc"}'], "aliases"),
        (['{"name": "Acme", "type": "Company", "scale": "city"}'], "scale"),
        (['{"name": "Elsewhere", "type": "Place", "scale": "galaxy"}'], "scale"),
        (['{"name": "Acme", "type": "Company"}', '{"name": "Acme", "type": "Company"}'], "twice"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Gazetteer.from_lines(lines)

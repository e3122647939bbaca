"""Names no gazetteer lists, typed by the words around them; sentences written for these
tests (none from the seed article, the dev texts or the sentences the rules were tried on)."""

from __future__ import annotations

import datetime

import pytest

from extract.article import Article
from extract.pipeline import Extractor

DAY = datetime.date(2023, 5, 10)


def entities(extractor: Extractor, text: str) -> dict[str, str]:
    found = extractor.extract(Article("t", text, DAY)).to_json()["entities"]
    return {e["name"]: e["type"] for e in found}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Oshkosh police said the cameras went live in March.", "Oshkosh Police", "LawEnforcementAgency"),
        ("Members of Eugene's city council asked for an audit.", "Eugene City Council", "Legislature"),
        ("Residents of the city of Kenosha were not consulted.", "Kenosha", "Place"),
        ("The deal went to Vantiq, a Texas startup with forty staff.", "Vantiq", "Company"),
        ("Analytics vendor Zencity declined to comment.", "Zencity", "Company"),
        ("Ubicquia also makes streetlight sensors.", "Ubicquia", "Company"),
        ("A drone dubbed Sentinel circled the stadium.", "Sentinel", "Product"),
        ("Officers tested the Orion app for six weeks.", "Orion", "Product"),
    ],
)
def test_the_words_around_a_name_give_its_type(extractor: Extractor, text: str, name: str, kind: str) -> None:
    assert entities(extractor, text).get(name) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Local police said the cameras went live in March.",  # an adjective, not a place
        "Russian drones were seen near the border.",  # a nationality before a kind
        "On Tuesday, a company official declined to comment.",  # a weekday
    ],
)
def test_descriptions_do_not_name_what_is_no_name(extractor: Extractor, text: str) -> None:
    found = entities(extractor, text)
    assert not {"Local Police", "Russian", "Tuesday"} & set(found)


def test_an_office_of_a_place_is_the_listed_body_when_there_is_one(extractor: Extractor) -> None:
    found = entities(extractor, "Italy's data protection authority opened an inquiry into the app.")
    assert found.get("Garante") == "GovernmentAgency"
    assert "Italy Data Protection Authority" not in found

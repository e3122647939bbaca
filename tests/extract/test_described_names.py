"""Names no gazetteer lists, typed by the words around them; sentences written for these
tests (none from the seed article, the dev texts or the sentences the rules were tried on)."""

from __future__ import annotations

import datetime

import pytest

from extract.article import Article
from extract.pipeline import Extractor, build_pipeline

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
        ("Mayor Lori Lightfoot signed the order.", "Lori Lightfoot", "Person"),
        ("The bill now goes to Gov. Tony Evers for signature.", "Tony Evers", "Person"),
        (
            "Staff at the University of Michigan at Dearborn objected.",
            "University of Michigan at Dearborn",
            "GovernmentAgency",
        ),
        (
            "The Ohio Bureau of Criminal Investigation ran the search.",
            "Ohio Bureau of Criminal Investigation",
            "GovernmentAgency",
        ),
        (
            "The North Las Vegas Police Department bought drones.",
            "North Las Vegas Police Department",
            "LawEnforcementAgency",
        ),
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


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The contract went to Lumora, a Denver start-up with a dozen staff.", "Lumora", "Company"),
        ("Kestrel, the Ohio firm that builds the sensors, would not comment.", "Kestrel", "Company"),
        ("Retailers such as Kroger and Safeway have tried the cameras.", "Safeway", "Company"),
        ("Zentry counts Fenway Park and Soldier Field among its clients.", "Soldier Field", "Company"),
        ("Corvant's chief executive said the audit was fair.", "Corvant", "Company"),
        ("Deputies used Tracelight to follow the car.", "Tracelight", "Product"),
        ("The county lifted its ban on Snapnest last week.", "Snapnest", "Product"),
        ("Police in Denver and Tulsa tested the app last year.", "Tulsa Police", "LawEnforcementAgency"),
        ("The audit found that police in Tulsa kept the images.", "Tulsa Police", "LawEnforcementAgency"),
    ],
)
def test_roles_and_lists_give_a_names_type(extractor: Extractor, text: str, name: str, kind: str) -> None:
    assert entities(extractor, text).get(name) == kind


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Rekor, the company said, will appeal.", "Rekor"),  # what was said about, no apposition
        ("Officers used Mr. Alvarez as an informant.", "Mr. Alvarez"),  # a title opens a person
        ("The county used Tulsa's cameras for a month.", "Tulsa"),  # an owner, not the thing used
    ],
)
def test_roles_do_not_type_what_they_do_not_describe(extractor: Extractor, text: str, absent: str) -> None:
    found = entities(extractor, text)
    assert found.get(absent) not in {"Company", "Product"}


def test_a_name_recognised_once_is_recognised_everywhere_in_the_article(extractor: Extractor) -> None:
    text = (
        "Lumora wins city deal\n\nThe deal went to Lumora, a Denver start-up. "
        "Lumora will install the sensors."
    )
    result = extractor.extract(Article("t", text, DAY)).to_json()
    lumora = next(e for e in result["entities"] if e["name"] == "Lumora")
    assert lumora["type"] == "Company"
    doc = build_pipeline()(text)
    assert [e.text for e in doc.ents if e.label_ == "Company"].count("Lumora") == 3
